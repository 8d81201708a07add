; Runtime helpers ILC-compiled code calls with special conventions.
; There is no garbage collector, so write barriers are plain stores; they must clobber
; nothing but what the JIT allows (it assumes almost nothing is touched).
bits 64
section .text

; void RhpAssignRef(object* dst /*rdi*/, object value /*rsi*/)
global RhpAssignRef, RhpCheckedAssignRef
RhpAssignRef:
RhpCheckedAssignRef:
    mov [rdi], rsi
    ret

; Copies one reference from [rsi] to [rdi] and advances both by 8, using no scratch register.
global RhpByRefAssignRef
RhpByRefAssignRef:
    push qword [rsi]
    pop qword [rdi]
    add rdi, 8
    add rsi, 8
    ret

; The C library's block moves, for every image ILC compiles here (the kernel, small-runtime programs
; and the .NET layer, whose CoreLib calls them by these names); the C# runtime's SpanHelpers use
; them too. 8 bytes per step, then the rest.
; void* memmove(void* destination /*rdi*/, void* source /*rsi*/, ulong bytes /*rdx*/), memcpy alike:
; forward unless the destination overlaps above the source, then backwards byte by byte.
global memmove, memcpy
memmove:
memcpy:
    mov rax, rdi
    mov r8, rdi
    sub r8, rsi
    cmp r8, rdx
    jb .backward                ; 0 <= destination - source < bytes
    mov rcx, rdx
    shr rcx, 3
    rep movsq
    mov rcx, rdx
    and ecx, 7
    rep movsb
    ret
.backward:
    test r8, r8
    jz .done                    ; the same place
    lea rsi, [rsi + rdx - 1]
    lea rdi, [rdi + rdx - 1]
    mov rcx, rdx
    std
    rep movsb
    cld                         ; the ABI's direction flag is clear
.done:
    ret

; void* memset(void* destination /*rdi*/, int value /*esi*/, ulong bytes /*rdx*/)
global memset
memset:
    mov r8, rdi
    movzx eax, sil
    mov r9, 0x0101010101010101
    imul rax, r9
    mov rcx, rdx
    shr rcx, 3
    rep stosq
    mov rcx, rdx
    and ecx, 7
    rep stosb
    mov rax, r8
    ret

; Interface call through a dispatch cell the compiler could not devirtualise.
; Entered with r11 = the cell and the call's arguments still in registers (this in rdi).
; Saves every argument register (and xmm0-7), asks C# for the target, and tail-jumps to it.
; No cache yet: each call resolves again (docs/runtime.md).
extern veridian_resolve_interface
global RhpInitialDynamicInterfaceDispatch
RhpInitialDynamicInterfaceDispatch:
    push rdi
    push rsi
    push rdx
    push rcx
    push r8
    push r9
    push r11                    ; 7 pushes + return address: rsp is 16-byte aligned
    sub rsp, 128
    movdqu [rsp + 0], xmm0
    movdqu [rsp + 16], xmm1
    movdqu [rsp + 32], xmm2
    movdqu [rsp + 48], xmm3
    movdqu [rsp + 64], xmm4
    movdqu [rsp + 80], xmm5
    movdqu [rsp + 96], xmm6
    movdqu [rsp + 112], xmm7
    mov rsi, r11                ; (object this, cell*)
    call veridian_resolve_interface
    movdqu xmm0, [rsp + 0]
    movdqu xmm1, [rsp + 16]
    movdqu xmm2, [rsp + 32]
    movdqu xmm3, [rsp + 48]
    movdqu xmm4, [rsp + 64]
    movdqu xmm5, [rsp + 80]
    movdqu xmm6, [rsp + 96]
    movdqu xmm7, [rsp + 112]
    add rsp, 128
    pop r11
    pop r9
    pop r8
    pop rcx
    pop rdx
    pop rsi
    pop rdi
    jmp rax
