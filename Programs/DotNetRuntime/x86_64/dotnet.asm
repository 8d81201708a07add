; The .NET runtime layer's assembly (docs/dotnet.md): the process entry, a bigger stack for
; managed code, the helpers compiled code calls with conventions C# cannot express, and the
; table of CoreLib functions the runtime hands back to CoreLib. Write barriers, the interface
; dispatch stub and memmove/memset are Plugs/x86_64/runtime.asm (shared with the kernel); the syscall instruction
; is Programs/UserRuntime/x86_64/abi.asm (shared with the small runtime).
bits 64
default rel
section .text

; Process entry: rdi = StartInfo*, rsp 16-byte aligned (docs/abi.md section 10). The kernel's
; 64 KiB stack is small for CoreLib (number formatting, LINQ), so C# maps a larger one and we move
; to it; then the managed start, which ends with SYS_EXIT.
extern veridian_dotnet_stack, veridian_dotnet_main
global _start
_start:
    xor ebp, ebp
    mov rbx, rdi
    call veridian_dotnet_stack      ; rax = top of the new stack (16-byte aligned), or 0
    test rax, rax
    jz .keep
    mov rsp, rax
.keep:
    mov rdi, rbx
    mov rsi, rsp                    ; the stack's top: where the collector's scan of it ends
    call veridian_dotnet_main
    ud2

; void RhSpinWait(int iterations /*edi*/): Thread.SpinWait's body, `pause` that many times (in C# it
; would have to call Thread.SpinWait, which calls this).
global RhSpinWait
RhSpinWait:
    test edi, edi
    jle .done
.spin:
    pause
    dec edi
    jnz .spin
.done:
    ret

; ulong veridian_fault_entry_address(void): what FaultHandler.Install registers with
; SYS_EXCEPTION_HANDLER_SET; the kernel enters it as if called, rdi = the FaultContext.
extern veridian_on_fault
global veridian_fault_entry_address
veridian_fault_entry_address:
    lea rax, [rel veridian_on_fault]
    ret

; void veridian_trap(void): an invalid instruction, for a death the kernel reports as a fault.
global veridian_trap
veridian_trap:
    ud2

; A thread made by SystemNative_CreateThread (Threads.cs) starts here: rdi = its ThreadBlock*,
; rsp = its stack top (16-byte aligned). A call makes the frame a C# function expects; the zero
; rbp ends frame-pointer walks (gdb) here.
extern veridian_thread_run
global veridian_thread_entry
veridian_thread_entry:
    xor ebp, ebp
    call veridian_thread_run        ; ends the thread with SYS_THREAD_EXIT
    ud2

global veridian_thread_entry_address
veridian_thread_entry_address:
    lea rax, [rel veridian_thread_entry]
    ret

; void* veridian_thread_entry_point(void): CoreLib's [UnmanagedCallersOnly] ThreadEntryPoint, the
; start routine Thread.Start hands to SystemNative_CreateThread (always generated: ILC is told to
; emit CoreLib's unmanaged entry points).
extern ThreadEntryPoint
global veridian_thread_entry_point
veridian_thread_entry_point:
    lea rax, [rel ThreadEntryPoint]
    ret

; void* veridian_finalizer_entry_point(void): CoreLib's [UnmanagedCallersOnly] ProcessFinalizers, the
; finalizer thread's loop (it takes no argument; the start routine's rdi is ignored, and it never returns).
extern ProcessFinalizers
global veridian_finalizer_entry_point
veridian_finalizer_entry_point:
    lea rax, [rel ProcessFinalizers]
    ret

; ThreadBlock* veridian_current_thread(void): the calling thread's block, whose first word
; points at itself (SYS_THREAD_SET_TLS made FS point at it).
global veridian_current_thread
veridian_current_thread:
    mov rax, [fs:0]
    ret

; void** veridian_eh_thread_slots(void): the exception layer's per-thread words (exceptions.asm),
; ThreadBlock.ExInfoHead and .StackTraceContext. Touches only rax.
global veridian_eh_thread_slots
veridian_eh_thread_slots:
    mov rax, [fs:0]
    add rax, 8
    ret

; The interface dispatch stub of runtime.asm asks veridian_resolve_interface(object, cell);
; CoreLib's own resolver has exactly that signature.
extern RhpResolveInterfaceMethod
global veridian_resolve_interface
veridian_resolve_interface:
    jmp RhpResolveInterfaceMethod

; void* veridian_image_base(void): the program's ELF header, where its image starts (the linker
; defines __ehdr_start because user.ld loads the headers with the text segment).
extern __ehdr_start
global veridian_image_base
veridian_image_base:
    lea rax, [rel __ehdr_start]
    ret

; The stub a new dispatch cell starts with (RhNewInterfaceDispatchCell).
extern RhpInitialDynamicInterfaceDispatch
global veridian_initial_dispatch_stub
veridian_initial_dispatch_stub:
    lea rax, [rel RhpInitialDynamicInterfaceDispatch]
    ret

; GC-reference stores and exchanges (compiled code's helpers). The collector does not move
; objects and has no generations, so no card marking: plain atomic operations.
; object RhpCheckedLockCmpXchg(object* location /*rdi*/, object value /*rsi*/, object comparand /*rdx*/)
global RhpCheckedLockCmpXchg
RhpCheckedLockCmpXchg:
    mov rax, rdx
    lock cmpxchg [rdi], rsi
    ret
; object RhpCheckedXchg(object* location /*rdi*/, object value /*rsi*/)
global RhpCheckedXchg
RhpCheckedXchg:
    mov rax, rsi
    xchg [rdi], rax
    ret

; The C library's math that CoreLib calls for Math.Sqrt/Ceiling/Floor (SSE4.1 is in x86-64-v2).
global sqrt, ceil, floor, trunc, sqrtf, ceilf, floorf, truncf
sqrt:
    sqrtsd xmm0, xmm0
    ret
ceil:
    roundsd xmm0, xmm0, 2
    ret
floor:
    roundsd xmm0, xmm0, 1
    ret
trunc:
    roundsd xmm0, xmm0, 3
    ret
sqrtf:
    sqrtss xmm0, xmm0
    ret
ceilf:
    roundss xmm0, xmm0, 2
    ret
floorf:
    roundss xmm0, xmm0, 1
    ret
truncf:
    roundss xmm0, xmm0, 3
    ret

; The rest of the math CoreLib calls (Math.Sin, Exp, Pow, ...), on the x87 unit: its 64-bit
; mantissa leaves results within an ulp or so of the correctly rounded double. xmm0/xmm1 in,
; xmm0 out (SysV); the x87 stack is empty on entry and on return.
%macro X87_IN 1            ; push xmm%1 onto the x87 stack
    movsd [rsp - 8], xmm%1
    fld qword [rsp - 8]
%endmacro
%macro X87_OUT 0           ; pop st0 into xmm0
    fstp qword [rsp - 8]
    movsd xmm0, [rsp - 8]
%endmacro

global sin, cos, tan, atan, atan2, exp, log, log2, log10, fmod, asin, acos
sin:
    X87_IN 0
    fsin
    X87_OUT
    ret
cos:
    X87_IN 0
    fcos
    X87_OUT
    ret
tan:
    X87_IN 0
    fptan
    fstp st0                ; fptan pushes 1.0 after the result
    X87_OUT
    ret
atan:
    X87_IN 0
    fld1
    fpatan                  ; atan(st1 / st0)
    X87_OUT
    ret
atan2:                      ; atan2(y = xmm0, x = xmm1)
    X87_IN 0
    X87_IN 1
    fpatan
    X87_OUT
    ret
asin:                       ; asin(x) = atan2(x, sqrt(1 - x*x))
    X87_IN 0
    fld st0
    fmul st0, st0
    fld1
    fsubrp st1, st0
    fsqrt
    fpatan
    X87_OUT
    ret
acos:                       ; acos(x) = atan2(sqrt(1 - x*x), x)
    X87_IN 0
    fld st0
    fmul st0, st0
    fld1
    fsubrp st1, st0
    fsqrt
    fxch st1
    fpatan
    X87_OUT
    ret
log:
    fldln2
    X87_IN 0
    fyl2x                   ; ln2 * log2(x)
    X87_OUT
    ret
log2:
    fld1
    X87_IN 0
    fyl2x
    X87_OUT
    ret
log10:
    fldlg2
    X87_IN 0
    fyl2x
    X87_OUT
    ret
exp:                        ; e^x = 2^(x * log2 e)
    X87_IN 0
    fldl2e
    fmulp st1, st0
    jmp pow2_st0
; double veridian_x87_pow(x > 0 finite, y finite): 2^(y * log2 x). pow itself is C# (Pal/MathPal.cs),
; which takes the special cases of C99 Annex F first.
global veridian_x87_pow
veridian_x87_pow:
    X87_IN 1
    X87_IN 0
    fyl2x                   ; y * log2 x
    jmp pow2_st0
; st0 = t -> 2^t (split into integer and fraction: f2xm1 wants |f| <= 1), result in xmm0
pow2_st0:
    fld st0
    frndint                 ; n
    fsub st1, st0           ; st1 = f = t - n
    fxch st1
    f2xm1                   ; 2^f - 1
    fld1
    faddp st1, st0          ; 2^f
    fscale                  ; 2^f * 2^n
    fstp st1
    X87_OUT
    ret
fmod:                       ; x - trunc(x / y) * y, exact (fprem)
    X87_IN 1
    X87_IN 0
.again:
    fprem
    fnstsw ax
    test ah, 4              ; C2: reduction incomplete
    jnz .again
    fstp st1
    X87_OUT
    ret

; float versions: widen, call the double one, narrow.
%macro FLOAT_OF 2
global %1
%1:
    cvtss2sd xmm0, xmm0
    cvtss2sd xmm1, xmm1
    sub rsp, 8
    call %2
    add rsp, 8
    cvtsd2ss xmm0, xmm0
    ret
%endmacro
FLOAT_OF sinf, sin
FLOAT_OF cosf, cos
FLOAT_OF tanf, tan
FLOAT_OF atanf, atan
FLOAT_OF atan2f, atan2
FLOAT_OF asinf, asin
FLOAT_OF acosf, acos
FLOAT_OF expf, exp
FLOAT_OF logf, log
FLOAT_OF log2f, log2
FLOAT_OF log10f, log10
extern pow
FLOAT_OF powf, pow
FLOAT_OF fmodf, fmod

; RhpStackProbe: called by prologs of frames larger than a few pages with r11 = the lowest
; address the frame will use; reads one word in every page from below rsp down to it, so pages
; are touched in order (a guard page is hit first). Preserves every register but r11's meaning.
global RhpStackProbe
RhpStackProbe:
    push rax
    mov rax, rsp
    and rax, -4096
.probe:
    sub rax, 4096
    test [rax], eax
    cmp rax, r11
    ja .probe
    pop rax
    ret

; P/Invoke and reverse P/Invoke transitions: there is no preemptive GC mode to switch (the
; collector scans stacks conservatively and only at allocation), so they do nothing.
global RhpPInvoke, RhpPInvokeReturn, RhpReversePInvoke, RhpReversePInvokeReturn, RhpGcPoll
RhpPInvoke:
RhpPInvokeReturn:
RhpReversePInvoke:
RhpReversePInvokeReturn:
RhpGcPoll:
    ret

; void veridian_gc_with_registers(callback /*rdi*/): pushes the callee-saved registers (where a
; caller's only reference to an object may live), then calls callback(rsp) so the collector
; scans them with the stack. Entry rsp = 8 mod 16; six pushes and the sub make it 0 mod 16 at
; the call, as the SysV ABI requires.
global veridian_gc_with_registers
veridian_gc_with_registers:
    push rbp
    mov rbp, rsp
    push rbx
    push r12
    push r13
    push r14
    push r15
    sub rsp, 8
    mov rax, rdi
    mov rdi, rsp
    call rax
    add rsp, 8
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret

; The program image's writable data (.data, __modules, .tdata/.tbss, .bss: Programs/UserRuntime/user.ld),
; which the collector scans as roots: GC statics bases, CoreLib's statics, thread-statics storage.
extern __data_start, __program_end
global veridian_data_start, veridian_data_end
veridian_data_start:
    lea rax, [rel __data_start]
    ret
veridian_data_end:
    lea rax, [rel __program_end]
    ret

; ulong veridian_current_rsp(void)
global veridian_current_rsp
veridian_current_rsp:
    lea rax, [rsp + 8]
    ret

; The class library's functions the runtime looks up (order fixed by NativeAOT's bootstrapper:
; ClassLibFunctionId). Unused entries are 0.
extern GetRuntimeException, RuntimeFailFast, AppendExceptionStackFrame, GetSystemArrayEEType
extern OnFirstChanceException, OnUnhandledException
global veridian_classlib_functions
veridian_classlib_functions:
    lea rax, [rel classlib_table]
    ret

section .data
align 8
classlib_table:
    dq GetRuntimeException
    dq RuntimeFailFast
    dq 0                            ; UnhandledExceptionHandler
    dq AppendExceptionStackFrame
    dq 0                            ; CheckStaticClassConstruction
    dq GetSystemArrayEEType
    dq OnFirstChanceException
    dq OnUnhandledException
    dq 0, 0                         ; IDynamicCastable
    dq 0, 0, 0, 0                   ; Objective-C
global veridian_classlib_function_count
veridian_classlib_function_count equ ($ - classlib_table) / 8

; Compiled code polls this before returning from P/Invokes; never set (no suspension).
global RhpTrapThreads
RhpTrapThreads: dd 0

section .note.GNU-stack noalloc noexec nowrite progbits
