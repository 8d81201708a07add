; IDT, TSS and the common trap entry. Every vector saves the general registers and the SSE
; state (C# uses xmm registers) and calls veridian_trap(TrapFrame*), defined in C#.
bits 64

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
trap_common:
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
    mov rdi, rsp                ; TrapFrame* (r15 first)
    sub rsp, 512                ; stack is 16-byte aligned here (see TrapFrame.cs)
    fxsave64 [rsp]
    cld
    call veridian_trap
    fxrstor64 [rsp]
    add rsp, 512
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
    add rsp, 16                 ; vector and error code
    iretq

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
