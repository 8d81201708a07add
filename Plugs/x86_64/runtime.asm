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
