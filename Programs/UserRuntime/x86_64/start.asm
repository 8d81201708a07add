; The small runtime's process and thread entries. The syscall instruction and the other pieces
; both user runtimes share are in abi.asm. Linked into every small-runtime program.
bits 64
default rel
section .text

; Process entry. The kernel starts the first thread here with rdi = StartInfo*, rsp 16-byte
; aligned (docs/abi.md section 10), every other register 0. The call re-creates the SysV
; alignment (rsp = 8 mod 16 at a function's first instruction) and ends the frame-pointer chain.
extern veridian_user_start
global _start
_start:
    xor ebp, ebp
    call veridian_user_start        ; C# (Programs/UserRuntime/Start.cs); ends with SYS_EXIT
    ud2                             ; never reached

; Entry of every thread made by Veridian.UserRuntime.Threads: rdi = the thread's start block,
; rsp = the 16-byte aligned top of its stack. Same alignment fix as _start.
extern veridian_thread_start
global veridian_thread_trampoline
veridian_thread_trampoline:
    xor ebp, ebp
    call veridian_thread_start      ; C#; ends with SYS_THREAD_EXIT
    ud2

; ulong veridian_thread_trampoline_address(void): the entry C# passes to SYS_THREAD_CREATE.
global veridian_thread_trampoline_address
veridian_thread_trampoline_address:
    lea rax, [rel veridian_thread_trampoline]
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
