; The worker's spin loop for the suspend test (SuspendTests.cs), in assembly so the test knows
; the exact code range the suspended thread's rip must be in, and which registers hold what.
bits 64
section .text

global suspend_spin, suspend_spin_start_address, suspend_spin_end_address, suspend_read_fs0
global suspend_load, suspend_store

; void suspend_spin(ulong* counter, ulong* stop): increments *counter until *stop != 0,
; without a syscall (only the timer preempts it). rdi and rsi keep their values throughout.
suspend_spin:
    inc qword [rdi]
    cmp qword [rsi], 0
    je suspend_spin
suspend_spin_end:
    ret

suspend_spin_start_address:
    lea rax, [rel suspend_spin]
    ret

; The end of the loop proper (the ret is outside it).
suspend_spin_end_address:
    lea rax, [rel suspend_spin_end]
    ret

suspend_read_fs0:
    mov rax, [fs:0]
    ret

; A load and a store the compiler cannot keep in a register (the words are shared between threads).
suspend_load:
    mov rax, [rdi]
    ret

suspend_store:
    mov [rdi], rsi
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
