; IDT, TSS and the common trap entry. Every vector saves the general registers and the SSE
; state (C# uses xmm registers) and calls veridian_trap(TrapFrame*), defined in C#.
bits 64

; The general registers in TrapFrame order (TrapFrame.cs: r15 at the lowest address).
%macro PUSH_GENERAL_REGISTERS 0
    push rax
    push rbx
    push rcx
    push rdx
    push rsi
    push rdi
    push rbp
    push r8
    push r9
    push r10
    push r11
    push r12
    push r13
    push r14
    push r15
%endmacro
%macro POP_GENERAL_REGISTERS 0
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
%endmacro

%macro TRAP_NOERR 1
trap_stub_%1:
    push 0
    push %1
    jmp trap_common
%endmacro
%macro TRAP_ERR 1
trap_stub_%1:
    push %1
    jmp trap_common
%endmacro

section .text
%assign v 0
%rep 256
  %if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
    TRAP_ERR v
  %else
    TRAP_NOERR v
  %endif
  %assign v v+1
%endrep

extern veridian_trap
; Every trap and interrupt, from ring 3 or ring 0. From ring 3 the CPU has switched to
; TSS.RSP0 (the running thread's kernel stack), so the frame lands at the top of that stack.
; veridian_trap returns the frame to resume: the same one, or another thread's.
trap_common:
    test byte [rsp + 24], 3     ; CS of the interrupted context (above vector, error, rip)
    jz .from_kernel
    swapgs                      ; GS base -> this CPU's area
    pushfq                      ; interrupt gates keep the user's AC flag, which would switch
    and qword [rsp], ~(1 << 18) ; SMAP off while the kernel runs: clear it (syscall's SFMASK does)
    popfq
.from_kernel:
    PUSH_GENERAL_REGISTERS
    mov rdi, rsp                ; TrapFrame* (r15 first)
    sub rsp, 512                ; stack is 16-byte aligned here (see TrapFrame.cs)
    fxsave64 [rsp]
    cld
    call veridian_trap
    mov rdi, rax
    jmp resume_frame

; Never returns: restores the TrapFrame at rdi (its SSE state in the 512 bytes below it) and
; returns to it, with sysretq for a frame that entered through `syscall` and iretq otherwise.
global resume_frame
resume_frame:
    fxrstor64 [rdi - 512]
    mov rsp, rdi
    POP_GENERAL_REGISTERS
    cmp qword [rsp], SYSCALL_VECTOR
    je .sysret
    test byte [rsp + 24], 3
    jz .iret
    swapgs                      ; back to the user's GS base
.iret:
    add rsp, 16                 ; vector and error code
    iretq
.sysret:
    ; SYSRET to a non-canonical RIP faults in ring 0 with the user's stack (the SYSRET
    ; pitfall): such a return goes through iretq, which faults in ring 3 instead.
    mov rcx, [rsp + 16]
    shr rcx, 47
    jnz .sysret_noncanonical
    mov rcx, [rsp + 16]         ; user RIP
    mov r11, [rsp + 32]         ; user RFLAGS
    mov rsp, [rsp + 40]         ; user RSP
    swapgs
    o64 sysret
.sysret_noncanonical:
    mov rcx, [rsp + 16 + 0]     ; rcx/r11 are clobbered by the syscall ABI anyway
    swapgs
    add rsp, 16
    iretq

SYSCALL_VECTOR equ 0x100        ; the "vector" of a frame built by syscall_entry (not a CPU vector)
PERCPU_KERNEL_RSP equ 0
PERCPU_USER_RSP equ 8

; The `syscall` instruction lands here (LSTAR): rcx = user RIP, r11 = user RFLAGS, IF clear
; (SFMASK), still on the user's stack. Build the same frame an interrupt from ring 3 would,
; at the top of the running thread's kernel stack, and hand it to veridian_syscall.
extern veridian_syscall
global syscall_entry
syscall_entry:
    swapgs
    mov [gs:PERCPU_USER_RSP], rsp
    mov rsp, [gs:PERCPU_KERNEL_RSP]
    push qword 0x1b             ; user SS
    push qword [gs:PERCPU_USER_RSP]
    push r11                    ; RFLAGS
    push qword 0x23             ; user CS
    push rcx                    ; RIP
    push qword 0                ; error code
    push qword SYSCALL_VECTOR
    PUSH_GENERAL_REGISTERS
    mov rdi, rsp
    sub rsp, 512
    fxsave64 [rsp]
    cld
    call veridian_syscall
    mov rdi, rax
    jmp resume_frame

; The idle thread: halts with interrupts on until the timer (or a device) has work.
global idle_loop
idle_loop:
    sti
    hlt
    jmp idle_loop

global syscall_entry_address
syscall_entry_address:
    lea rax, [rel syscall_entry]
    ret

; The address of idle_loop, for building the idle thread's first frame.
global idle_loop_address
idle_loop_address:
    lea rax, [rel idle_loop]
    ret

; This CPU's area, reached through GS in the kernel: the running thread's kernel stack top
; (also TSS.RSP0) and a scratch word for the user RSP during syscall entry.
global percpu_area
percpu_area:
    lea rax, [rel percpu]
    ret

; Builds the 256 gate descriptors and loads the IDT. #DF, NMI and #MC get their own stacks.
global idt_install
idt_install:
    xor ecx, ecx
.next:
    mov rax, [trap_stub_table + rcx*8]
    mov rdx, rcx
    shl rdx, 4
    lea rdi, [idt + rdx]
    mov word [rdi], ax          ; offset 15..0
    mov word [rdi + 2], 0x08    ; kernel code selector
    xor r8d, r8d
    cmp ecx, 2
    jne .not_nmi
    mov r8d, 2
.not_nmi:
    cmp ecx, 8
    jne .not_df
    mov r8d, 1
.not_df:
    cmp ecx, 18
    jne .not_mc
    mov r8d, 3
.not_mc:
    mov byte [rdi + 4], r8b     ; IST index
    mov byte [rdi + 5], 0x8E    ; present, DPL 0, interrupt gate
    cmp ecx, 3
    jne .not_bp
    mov byte [rdi + 5], 0xEE    ; int3 is allowed from ring 3 (reported as a breakpoint fault)
.not_bp:
    shr rax, 16
    mov word [rdi + 6], ax      ; offset 31..16
    shr rax, 16
    mov dword [rdi + 8], eax    ; offset 63..32
    mov dword [rdi + 12], 0
    inc ecx
    cmp ecx, 256
    jb .next
    lidt [idt_pointer]
    ; Mask the legacy PICs: no device interrupts until drivers ask for them.
    mov al, 0xFF
    out 0x21, al
    out 0xA1, al
    ret

; Fills the TSS descriptor in the GDT, sets the IST stacks and RSP0, loads TR.
extern gdt64_tss
global gdt_load_tss
gdt_load_tss:
    lea rax, [rel ist_df_top]
    mov [tss + 36], rax         ; IST1
    lea rax, [rel ist_nmi_top]
    mov [tss + 44], rax         ; IST2
    lea rax, [rel ist_mc_top]
    mov [tss + 52], rax         ; IST3
    lea rax, [rel ist_df_top]
    mov [tss + 4], rax          ; RSP0 until ring 3 sets per-thread kernel stacks
    mov word [tss + 102], 104   ; I/O map base beyond the limit: no I/O bitmap

    lea rdi, [rel gdt64_tss]
    lea rax, [rel tss]
    mov word [rdi], 103         ; limit
    mov word [rdi + 2], ax      ; base 15..0
    shr rax, 16
    mov byte [rdi + 4], al      ; base 23..16
    mov byte [rdi + 5], 0x89    ; present, 64-bit TSS (available)
    mov byte [rdi + 6], 0
    mov byte [rdi + 7], ah      ; base 31..24
    shr rax, 16
    mov dword [rdi + 8], eax    ; base 63..32
    mov dword [rdi + 12], 0
    mov ax, 0x28
    ltr ax
    ret

; Sets TSS.RSP0: the stack the CPU switches to on a trap from ring 3.
global tss_set_rsp0
tss_set_rsp0:
    mov [tss + 4], rdi
    ret

section .data
align 8
trap_stub_table:
%assign v 0
%rep 256
    dq trap_stub_ %+ v
  %assign v v+1
%endrep

idt_pointer:
    dw 256 * 16 - 1
    dq idt

section .bss
alignb 16
percpu:     resq 2
alignb 4096
idt:        resb 256 * 16
alignb 16
tss:        resb 104
alignb 16
            resb 16384
ist_df_top:
            resb 16384
ist_nmi_top:
            resb 16384
ist_mc_top:
