; The exception layer's per-thread words (Programs/DotNet/Runtime/x86_64/exceptions.asm) for the
; single-threaded host harness. On VeridianOS they live in each thread's block behind FS; on
; Linux FS belongs to glibc, so the harness keeps one pair here. Touches only rax.
bits 64
default rel
section .bss
alignb 8
slots: resq 2
section .text
global veridian_eh_thread_slots
veridian_eh_thread_slots:
    lea rax, [slots]
    ret
section .note.GNU-stack noalloc noexec nowrite progbits
