; Instructions ring 3 must not be able to use (or that must fault), one function each, for
; the isolation tests (IsolationTests.cs). None of them returns normally from ring 3.
bits 64
section .text

global isolation_cli, isolation_hlt, isolation_in, isolation_wrmsr, isolation_mov_cr3
global isolation_ud2, isolation_int3, isolation_divide_by_zero
isolation_cli:
    cli                     ; IOPL 0: #GP
    ret
isolation_hlt:
    hlt                     ; privileged: #GP
    ret
isolation_in:
    mov dx, 0x60
    in al, dx               ; IOPL 0, no I/O bitmap: #GP
    ret
isolation_wrmsr:
    mov ecx, 0xC0000082     ; LSTAR: the syscall entry
    xor eax, eax
    xor edx, edx
    wrmsr                   ; privileged: #GP
    ret
isolation_mov_cr3:
    xor eax, eax
    mov cr3, rax            ; privileged: #GP
    ret
isolation_ud2:
    ud2                     ; #UD
    ret
isolation_int3:
    int3                    ; #BP
    ret
isolation_divide_by_zero:
    mov eax, 1
    xor edx, edx
    xor ecx, ecx
    div ecx                 ; #DE
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
