; What C# cannot express in ring 3, shared by both user runtimes (the small one,
; Programs/UserRuntime, and the .NET one, Programs/DotNetRuntime): rdtsc, an atomic exchange,
; linker symbols, the stack cookie. The syscall stubs themselves are generated from the register
; convention (Syscalls/x86_64/SyscallConvention.cs) into UserLib/x86_64/syscall.asm.
bits 64
default rel
section .text

; ulong veridian_rdtsc(void): the time-stamp counter (edx:eax), for benchmarks.
global veridian_rdtsc
veridian_rdtsc:
    rdtsc
    shl rdx, 32
    or rax, rdx
    ret

; ulong veridian_atomic_exchange(ulong* location, ulong value): the old value; a full barrier.
global veridian_atomic_exchange
veridian_atomic_exchange:
    mov rax, rsi
    xchg [rdi], rax
    ret

; Linker-placed bounds of the module headers ILC emits (Veridian.Runtime.Startup walks them).
extern __modules_start, __modules_end
global veridian_modules_start, veridian_modules_end
veridian_modules_start:
    lea rax, [rel __modules_start]
    ret
veridian_modules_end:
    lea rax, [rel __modules_end]
    ret

section .data
align 8
; Stack-protector cookie ILC's frames with stackalloc compare against.
global __security_cookie
__security_cookie: dq 0x5A17C0DEB16B00B5

section .note.GNU-stack noalloc noexec nowrite progbits
