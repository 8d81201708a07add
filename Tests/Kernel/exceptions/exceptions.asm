; Faults on purpose, and a setjmp/longjmp pair to come back from them, for the fault-handler
; tests (ExceptionTests.cs). The handler resumes a thread either at exc_recover (what a managed
; runtime does: continue somewhere else) or just after the faulting instruction.
bits 64
section .text

global exc_try, exc_recover_address, exc_divide, exc_null_read, exc_ud2, exc_int3
global exc_divide_in_place, exc_divide_site_address, exc_clobber_xmm0

; ulong exc_try(void (*fn)(void)): calls fn; 0 if it returns, else the value the handler
; resumed exc_recover with (in rdi). Keeps what exc_recover needs: the callee-saved registers,
; the stack pointer and the return address of this call.
exc_try:
    mov [rel jmp_buffer + 0], rbx
    mov [rel jmp_buffer + 8], rbp
    mov [rel jmp_buffer + 16], r12
    mov [rel jmp_buffer + 24], r13
    mov [rel jmp_buffer + 32], r14
    mov [rel jmp_buffer + 40], r15
    lea rax, [rsp + 8]
    mov [rel jmp_buffer + 48], rax      ; rsp after exc_try returns
    mov rax, [rsp]
    mov [rel jmp_buffer + 56], rax      ; where exc_try returns to
    sub rsp, 8                          ; the call below must see a 16-byte aligned stack
    call rdi
    add rsp, 8
    xor eax, eax
    ret

; Continues as if the last exc_try returned rdi.
exc_recover:
    mov rbx, [rel jmp_buffer + 0]
    mov rbp, [rel jmp_buffer + 8]
    mov r12, [rel jmp_buffer + 16]
    mov r13, [rel jmp_buffer + 24]
    mov r14, [rel jmp_buffer + 32]
    mov r15, [rel jmp_buffer + 40]
    mov rsp, [rel jmp_buffer + 48]
    mov rax, rdi
    jmp [rel jmp_buffer + 56]

exc_recover_address:
    lea rax, [rel exc_recover]
    ret

exc_divide:
    mov eax, 1
    xor edx, edx
    xor ecx, ecx
    div ecx                             ; #DE
    ret

exc_null_read:
    xor eax, eax
    mov rax, [rax]                      ; #PF at 0
    ret

exc_ud2:
    ud2                                 ; #UD
    ret

exc_int3:
    int3                                ; #BP
    ret

; ulong exc_divide_in_place(void): loads marker values into registers (rcx and r11 among them:
; what sysretq would clobber) and xmm0, divides by zero, and expects the handler to resume it
; right after the div with rax = 77. Returns rax if every marker survived, else 0.
exc_divide_in_place:
    push rbx
    push r12
    push r13
    push r14
    push r15
    mov rbx, 0x0101010101010101
    mov rcx, 0x0202020202020202
    mov r8, 0x0303030303030303
    mov r9, 0x0404040404040404
    mov r10, 0x0505050505050505
    mov r11, 0x0606060606060606
    mov r12, 0x0707070707070707
    mov r13, 0x0808080808080808
    mov r14, 0x0909090909090909
    mov r15, 0x0A0A0A0A0A0A0A0A
    mov rax, 0x1234567890ABCDEF
    movq xmm0, rax
    mov eax, 1
    xor edx, edx
    xor esi, esi
exc_divide_site:
    div esi                             ; #DE, 2 bytes (F7 F6)
    mov rdx, 0x0101010101010101
    cmp rbx, rdx
    jne .bad
    mov rdx, 0x0202020202020202
    cmp rcx, rdx
    jne .bad
    mov rdx, 0x0303030303030303
    cmp r8, rdx
    jne .bad
    mov rdx, 0x0404040404040404
    cmp r9, rdx
    jne .bad
    mov rdx, 0x0505050505050505
    cmp r10, rdx
    jne .bad
    mov rdx, 0x0606060606060606
    cmp r11, rdx
    jne .bad
    mov rdx, 0x0707070707070707
    cmp r12, rdx
    jne .bad
    mov rdx, 0x0808080808080808
    cmp r13, rdx
    jne .bad
    mov rdx, 0x0909090909090909
    cmp r14, rdx
    jne .bad
    mov rdx, 0x0A0A0A0A0A0A0A0A
    cmp r15, rdx
    jne .bad
    movq rdx, xmm0
    mov rsi, 0x1234567890ABCDEF
    cmp rdx, rsi
    jne .bad
    jmp .done
.bad:
    xor eax, eax
.done:
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    ret

exc_divide_site_address:
    lea rax, [rel exc_divide_site]
    ret

; What a handler's own code may do to the SSE state: the kernel must give the resumed code the
; state of the fault back, not this.
exc_clobber_xmm0:
    pcmpeqd xmm0, xmm0
    ret

section .bss
alignb 8
jmp_buffer: resq 8

section .note.GNU-stack noalloc noexec nowrite progbits
