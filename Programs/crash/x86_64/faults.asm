; What `crash` does that C# cannot say: privileged and faulting instructions (Crash.cs).
bits 64
section .text

global crash_cli, crash_divide_by_zero
crash_cli:
    cli                     ; IOPL 0 in ring 3: #GP, reported as ProtectionFault
    ret
crash_divide_by_zero:
    mov eax, 1
    xor edx, edx
    xor ecx, ecx
    div ecx                 ; #DE, reported as DivideError
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
