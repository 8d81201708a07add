; The ring-3 side of the ABI in assembly, shared by both user runtimes (the small one,
; Programs/UserRuntime, and the .NET one, Programs/DotNetRuntime): the syscall instruction and the
; few things C# cannot express (rdtsc, an atomic exchange, linker symbols, the stack cookie).
bits 64
default rel
section .text

; ulong veridian_syscallN(ulong number, ulong a0, ..., ulong a5)   (SysV: rdi, rsi, rdx, rcx, r8, r9, [rsp+8])
; -> the kernel's registers: rax = number, rdi, rsi, rdx, r10, r8, r9. syscall clobbers rcx, r11.
global veridian_syscall0, veridian_syscall1, veridian_syscall2, veridian_syscall3
global veridian_syscall4, veridian_syscall5, veridian_syscall6
veridian_syscall0:
    mov rax, rdi
    syscall
    ret
veridian_syscall1:
    mov rax, rdi
    mov rdi, rsi
    syscall
    ret
veridian_syscall2:
    mov rax, rdi
    mov rdi, rsi
    mov rsi, rdx
    syscall
    ret
veridian_syscall3:
    mov rax, rdi
    mov rdi, rsi
    mov rsi, rdx
    mov rdx, rcx
    syscall
    ret
veridian_syscall4:
    mov rax, rdi
    mov rdi, rsi
    mov rsi, rdx
    mov rdx, rcx
    mov r10, r8
    syscall
    ret
veridian_syscall5:
    mov rax, rdi
    mov rdi, rsi
    mov rsi, rdx
    mov rdx, rcx
    mov r10, r8
    mov r8, r9
    syscall
    ret
veridian_syscall6:
    mov rax, rdi
    mov rdi, rsi
    mov rsi, rdx
    mov rdx, rcx
    mov r10, r8
    mov r8, r9
    mov r9, [rsp + 8]               ; the 7th C argument
    syscall
    ret

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
