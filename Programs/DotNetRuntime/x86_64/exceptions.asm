; The assembly half of exceptions for real .NET programs (Programs/DotNetRuntime/Exceptions/):
; the throw entry points ILC's code calls, the thunks through which CoreLib's managed dispatcher
; (System.Runtime.EH) runs catch, finally and filter funclets, and the entry of ring-3 faults.
; The stack shapes are a contract with two readers: CoreLib 10.0.12, which reads ExInfo and
; PAL_LIMITED_CONTEXT at fixed offsets, and StackFrameIterator.cs, which unwinds through these
; thunks by knowing exactly what they pushed (they have no CFI). Change both together.
bits 64
default rel

; Sizes and offsets of this CoreLib build (checked against its metadata: EH+ExInfo, REGDISPLAY).
%define EXINFO_SIZE           0x190     ; sizeof(EH.ExInfo), already a multiple of 16
%define EXINFO_PREV           0x00
%define EXINFO_CONTEXT        0x08
%define EXINFO_EXCEPTION      0x10
%define EXINFO_KIND           0x18
%define EXINFO_PASS           0x19
%define EXINFO_CUR_CLAUSE     0x1c
%define PAL_CONTEXT_SIZE      0x50      ; IP, Rsp, Rbp, Rax, Rbx, Rdx, R12, R13, R14, R15
%define RD_PRBX               0x18      ; REGDISPLAY: pointers to where each preserved register lives
%define RD_PRBP               0x20
%define RD_PR12               0x58
%define RD_PR13               0x60
%define RD_PR14               0x68
%define RD_PR15               0x70
%define RD_SP                 0x78

; Each thread has two words of its own here: the head of its chain of ExInfos (one per
; exception being dispatched, newest first, each on the stack of its throw thunk) and, while
; RhpGetCurrentThreadStackTrace runs, its context. veridian_eh_thread_slots returns their
; address and changes only rax (the runtime's: in the thread's block through FS, dotnet.asm; the
; host test harness has its own).
%define SLOT_EXINFO_HEAD        0
%define SLOT_STACKTRACE_CONTEXT 8
extern veridian_eh_thread_slots

section .text

extern RhThrowEx, RhThrowHwEx, RhRethrow

; Push a PAL_LIMITED_CONTEXT describing the throw site: rsi = its IP, rax = its RSP, rdx = 0.
; The preserved registers are the thrower's, untouched so far. Ends 16-byte aligned when the
; stack was 8 mod 16 before it (the caller's padding word restores that).
%macro PUSH_THROW_CONTEXT 0
    push r15
    push r14
    push r13
    push r12
    push rdx                        ; Rdx
    push rbx
    push rdx                        ; Rax
    push rbp
    push rax                        ; Rsp
    push rsi                        ; IP
%endmacro

; Fill the ExInfo at rsp (kind in r8b) and link it at the chain's head; rsi <- ExInfo*.
; Leaves the old head in rdi's place only for RhpRethrow (it reloads it).
%macro INIT_EXINFO 0
    mov rsi, rsp
    mov qword [rsi + EXINFO_EXCEPTION], 0
    mov byte [rsi + EXINFO_PASS], 1
    mov dword [rsi + EXINFO_CUR_CLAUSE], 0xFFFFFFFF
    mov byte [rsi + EXINFO_KIND], r8b
    call veridian_eh_thread_slots
    mov rdx, [rax + SLOT_EXINFO_HEAD]
    mov [rsi + EXINFO_PREV], rdx
    mov [rax + SLOT_EXINFO_HEAD], rsi
    lea rdx, [rsp + EXINFO_SIZE]
    mov [rsi + EXINFO_CONTEXT], rdx
%endmacro

; void RhpThrowEx(object exception /* rdi */): the `throw` of ILC's code. Never returns.
global RhpThrowEx, RhpThrowEx2
RhpThrowEx:
    lea rax, [rsp + 8]              ; the thrower's RSP after our return
    mov rsi, [rsp]                  ; the thrower's IP: our return address
    xor edx, edx
    push rdx                        ; alignment padding
    PUSH_THROW_CONTEXT
    sub rsp, EXINFO_SIZE
    mov r8d, 1                      ; ExKind.Throw
    INIT_EXINFO
    call RhThrowEx                  ; (rdi = exception, rsi = ExInfo*)
RhpThrowEx2:                        ; return address the stack walker recognises as a throw site
    int3

; void RhpRethrow(void): `throw;` inside a catch. Passes the active ExInfo along. Never returns.
global RhpRethrow, RhpRethrow2
RhpRethrow:
    lea rax, [rsp + 8]
    mov rsi, [rsp]
    xor edx, edx
    push rdx
    PUSH_THROW_CONTEXT
    sub rsp, EXINFO_SIZE
    call veridian_eh_thread_slots
    mov rdi, [rax + SLOT_EXINFO_HEAD] ; the exception being rethrown is the active one
    xor r8d, r8d                    ; ExKind.None until RhRethrow decides
    INIT_EXINFO
    call RhRethrow                  ; (rdi = active ExInfo*, rsi = new ExInfo*)
RhpRethrow2:
    int3

; RhpThrowHwEx: where the fault handler sends a faulting thread (FaultHandler.cs edits its
; context): rdi = exception code (EH.HwExceptionCode), rsi = faulting IP, rsp = faulting RSP,
; every preserved register as at the fault. Never returns.
global RhpThrowHwEx, RhpThrowHwEx2
RhpThrowHwEx:
    mov rax, rsp
    and rsp, -16
    xor edx, edx
    PUSH_THROW_CONTEXT
    sub rsp, EXINFO_SIZE
    mov r8d, 2                      ; ExKind.HardwareFault
    INIT_EXINFO
    call RhThrowHwEx                ; (edi = code, rsi = ExInfo*)
RhpThrowHwEx2:
    int3

; Loads rbx, rbp, r12..r15 from the REGDISPLAY in %1: the frame that owns the funclet.
%macro LOAD_PRESERVED 1
    mov rax, [%1 + RD_PRBX]
    mov rbx, [rax]
    mov rax, [%1 + RD_PRBP]
    mov rbp, [rax]
    mov rax, [%1 + RD_PR12]
    mov r12, [rax]
    mov rax, [%1 + RD_PR13]
    mov r13, [rax]
    mov rax, [%1 + RD_PR14]
    mov r14, [rax]
    mov rax, [%1 + RD_PR15]
    mov r15, [rax]
%endmacro

; The funclet thunks save the six preserved registers in this order (r15 deepest) under their
; locals; StackFrameIterator.UnwindFuncletThunk reads them back: catch 7 local words, finally 3,
; filter 1.
%macro FUNCLET_PROLOGUE 1
    push r15
    push r14
    push r13
    push r12
    push rbx
    push rbp
    sub rsp, %1 * 8
%endmacro

; void* RhpCallCatchFunclet(object exception /* rdi */, void* handler /* rsi */,
;                           REGDISPLAY* frame /* rdx */, ExInfo* exInfo /* rcx */)
; Runs the catch funclet in the frame described by `frame`, then continues that frame at the
; address the funclet returns, with its stack pointer, after dropping every ExInfo the catch
; ended (all below the frame's SP). Returns only into the resumed method.
global RhpCallCatchFunclet, RhpCallCatchFunclet2
RhpCallCatchFunclet:
    FUNCLET_PROLOGUE 7              ; [rsp+0x10] exception, +0x18 handler, +0x20 frame, +0x28 exInfo
    mov [rsp + 0x10], rdi
    mov [rsp + 0x18], rsi
    mov [rsp + 0x20], rdx
    mov [rsp + 0x28], rcx
    LOAD_PRESERVED rdx
    mov rdi, [rsp + 0x10]           ; the funclet's argument: the exception
    call [rsp + 0x18]
RhpCallCatchFunclet2:
    mov rdx, [rsp + 0x20]
    mov rdi, [rsp + 0x28]
    mov rdx, [rdx + RD_SP]          ; the resumed frame's SP
.pop:                               ; unlink ExInfos that live below it (their stacks are gone)
    mov rdi, [rdi + EXINFO_PREV]
    test rdi, rdi
    jz .popped
    cmp rdi, rdx
    jb .pop
.popped:
    mov r8, rax
    call veridian_eh_thread_slots
    mov [rax + SLOT_EXINFO_HEAD], rdi
    mov rax, r8
    mov rsp, rdx
    jmp rax                         ; the funclet returned the continuation address

; void RhpCallFinallyFunclet(void* handler /* rdi */, REGDISPLAY* frame /* rsi */)
global RhpCallFinallyFunclet, RhpCallFinallyFunclet2
RhpCallFinallyFunclet:
    FUNCLET_PROLOGUE 3
    mov [rsp + 0x08], rdi
    mov [rsp + 0x10], rsi
    LOAD_PRESERVED rsi
    call [rsp + 0x08]
RhpCallFinallyFunclet2:
    ; The finally may have changed the owner frame's preserved registers (they are its
    ; variables): write them back where the frame keeps them, so the dispatch goes on with them.
    mov rsi, [rsp + 0x10]
    mov rax, [rsi + RD_PRBX]
    mov [rax], rbx
    mov rax, [rsi + RD_PRBP]
    mov [rax], rbp
    mov rax, [rsi + RD_PR12]
    mov [rax], r12
    mov rax, [rsi + RD_PR13]
    mov [rax], r13
    mov rax, [rsi + RD_PR14]
    mov [rax], r14
    mov rax, [rsi + RD_PR15]
    mov [rax], r15
    add rsp, 3 * 8
    pop rbp
    pop rbx
    pop r12
    pop r13
    pop r14
    pop r15
    ret

; bool RhpCallFilterFunclet(object exception /* rdi */, void* filter /* rsi */, REGDISPLAY* frame /* rdx */)
; A filter only needs the owner frame's rbp (its locals); it returns the verdict in eax.
global RhpCallFilterFunclet, RhpCallFilterFunclet2
RhpCallFilterFunclet:
    FUNCLET_PROLOGUE 1
    mov rax, [rdx + RD_PRBP]
    mov rbp, [rax]
    call rsi
RhpCallFilterFunclet2:
    add rsp, 1 * 8
    pop rbp
    pop rbx
    pop r12
    pop r13
    pop r14
    pop r15
    ret

; The addresses StackFrameIterator.cs needs, in the order of EhAddresses (EhAddresses.cs).
extern __eh_frame_hdr_start
section .data
align 8
veridian_eh_address_table:
    dq RhpThrowEx2, RhpRethrow2, RhpThrowHwEx2
    dq RhpCallCatchFunclet2, RhpCallFinallyFunclet2, RhpCallFilterFunclet2
    dq __eh_frame_hdr_start

section .text
; EhAddresses* veridian_eh_addresses(void)
global veridian_eh_addresses
veridian_eh_addresses:
    lea rax, [veridian_eh_address_table]
    ret

; ulong veridian_eh_throw_hw_address(void): where FaultHandler sends a faulting thread.
global veridian_eh_throw_hw_address
veridian_eh_throw_hw_address:
    lea rax, [RhpThrowHwEx]
    ret

; int RhpGetCurrentThreadStackTrace(IntPtr* buffer /* rdi */, uint length /* esi */, UIntPtr frameAddress /* rdx */)
; Environment.StackTrace / new StackTrace(): CoreLib's own worker (RhpCalculateStackTraceWorker)
; walks the stack through RhpSfiInit(null), which starts from the context pushed here (the
; caller's IP, SP and preserved registers), published in the thread's slot meanwhile.
extern RhpCalculateStackTraceWorker
global RhpGetCurrentThreadStackTrace
RhpGetCurrentThreadStackTrace:
    lea rax, [rsp + 8]              ; the caller's RSP after our return
    mov r8, [rsp]                   ; the caller's IP
    xor r9d, r9d
    push r9                         ; alignment padding
    push r15
    push r14
    push r13
    push r12
    push r9                         ; Rdx
    push rbx
    push r9                         ; Rax
    push rbp
    push rax                        ; Rsp
    push r8                         ; IP
    call veridian_eh_thread_slots
    mov [rax + SLOT_STACKTRACE_CONTEXT], rsp
    call RhpCalculateStackTraceWorker   ; the arguments are still in rdi, rsi, rdx
    mov r8, rax
    call veridian_eh_thread_slots
    mov qword [rax + SLOT_STACKTRACE_CONTEXT], 0
    mov rax, r8
    add rsp, PAL_CONTEXT_SIZE + 8
    ret


section .note.GNU-stack noalloc noexec nowrite progbits
