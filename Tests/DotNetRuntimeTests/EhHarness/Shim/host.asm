; What the exception layer (Programs/DotNetRuntime/x86_64/exceptions.asm, Exceptions/*.cs) takes
; from the rest of the VeridianOS runtime layer, for the single-threaded host harness on Linux.
bits 64
default rel

; The exception layer's per-thread words. On VeridianOS they live in each thread's block behind
; FS; on Linux FS belongs to glibc, so the harness keeps one pair here. Touches only rax.
section .bss
alignb 8
slots: resq 2
section .text
global veridian_eh_thread_slots
veridian_eh_thread_slots:
    lea rax, [slots]
    ret

; Fatal.Die: on VeridianOS it first removes the process's fault handler; here the ud2 is enough.
global veridian_eh_die
veridian_eh_die:
    ud2

section .note.GNU-stack noalloc noexec nowrite progbits
