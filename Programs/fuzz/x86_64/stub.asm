; The entry of every thread the fuzzer creates with SYS_THREAD_CREATE: it ends at once with its
; argument as the exit code, touching neither memory nor its stack, so any writable range the
; kernel accepted as its stack is good enough and nothing of the fuzzer's own can be hurt.
bits 64
default rel
section .text

global fuzz_exit_thread_address

fuzz_exit_thread:
    mov eax, 26                     ; SYS_THREAD_EXIT(rdi = the thread's argument)
    syscall
    ud2                             ; never reached

; ulong fuzz_exit_thread_address(void)
fuzz_exit_thread_address:
    lea rax, [rel fuzz_exit_thread]
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
