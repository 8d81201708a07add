; Boot stub: multiboot2 header, 32-bit entry, page tables, long mode, SSE, then kmain.
; GRUB (BIOS or UEFI) enters _start in 32-bit protected mode with paging off,
; eax = multiboot2 magic, ebx = physical address of the boot information.

MB2_MAGIC    equ 0xE85250D6
MB2_ARCH_I386 equ 0

section .multiboot2
align 8
mb2_header:
    dd MB2_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header
    dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    ; Console flags tag (optional): the kernel can also drive an EGA text console, should a
    ; boot loader leave one.
    align 8
    dw 4, 1
    dd 12
    dd 2                        ; EGA text supported
    ; Framebuffer tag (optional flag set): ask for a linear framebuffer. GRUB then sets a
    ; graphics mode on BIOS too, and UEFI (which has no text mode) hands over its GOP mode,
    ; so the screen console works the same on both (drawn with the font module).
    align 8
    dw 5, 1
    dd 20
    dd 0, 0, 0
    align 8
    dw 0, 0          ; end tag
    dd 8
mb2_header_end:

section .boot.text progbits alloc exec
bits 32
global _start
_start:
    cli
    mov esp, boot_stack_top
    mov edi, eax                ; keep magic and info pointer for kmain (rdi, rsi)
    mov esi, ebx

    ; Identity-map the first 4 GiB. The first 2 MiB use 4 KiB pages so page 0 can stay
    ; unmapped (null-pointer dereferences fault); the rest use 2 MiB pages.
    mov eax, pdpt
    or eax, 3
    mov [pml4], eax
    mov ecx, 0
.fill_pdpt:
    mov eax, ecx
    shl eax, 12
    add eax, page_dirs
    or eax, 3
    mov [pdpt + ecx*8], eax
    inc ecx
    cmp ecx, 4
    jb .fill_pdpt

    mov ecx, 0                  ; 2048 entries of 2 MiB across the four page directories
.fill_pd:
    mov eax, ecx
    shl eax, 21
    or eax, 0x83                ; present, writable, 2 MiB page
    mov edx, ecx
    shr edx, 11                 ; bits 32+ of the physical address (ecx * 2 MiB >> 32)
    mov [page_dirs + ecx*8], eax
    mov [page_dirs + ecx*8 + 4], edx
    inc ecx
    cmp ecx, 2048
    jb .fill_pd

    mov ecx, 1                  ; first 2 MiB: 4 KiB pages, page 0 left not present
.fill_pt:
    mov eax, ecx
    shl eax, 12
    or eax, 3
    mov [low_page_table + ecx*8], eax
    inc ecx
    cmp ecx, 512
    jb .fill_pt
    ; Guard page below the boot stack: an overflow faults (and the #DF handler runs on its
    ; own IST stack) instead of silently overwriting whatever lies below.
    mov eax, boot_stack_guard
    shr eax, 12
    cmp eax, 512
    jae .no_guard
    mov dword [low_page_table + eax*8], 0
.no_guard:
    mov eax, low_page_table
    or eax, 3
    mov [page_dirs], eax
    mov dword [page_dirs + 4], 0

    mov eax, pml4
    mov cr3, eax
    mov eax, cr4
    or eax, (1 << 5)            ; PAE
    mov cr4, eax
    mov ecx, 0xC0000080         ; EFER
    rdmsr
    or eax, (1 << 8) | (1 << 11) ; long mode enable, no-execute pages (page tables use NX)
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | 1       ; paging, protected mode
    mov cr0, eax

    lgdt [gdt64_pointer]
    jmp 0x08:long_mode_entry

bits 64
long_mode_entry:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    mov rsp, boot_stack_top
    mov edi, edi                ; upper halves are undefined after the mode switch
    mov esi, esi

    ; SSE: compiled C# uses xmm registers freely.
    mov rax, cr0
    and ax, ~(1 << 2)           ; clear EM
    or ax, (1 << 1)             ; set MP
    mov cr0, rax
    mov rax, cr4
    or ax, (1 << 9) | (1 << 10) ; OSFXSR, OSXMMEXCPT
    mov cr4, rax

    push rdi
    push rsi
    extern gdt_load_tss
    call gdt_load_tss
    extern idt_install
    call idt_install
    pop rsi
    pop rdi

    extern kmain
    call kmain
.halt:
    cli
    hlt
    jmp .halt

section .data
align 16
global gdt64
gdt64:
    dq 0                        ; 0x00 null
    dq 0x00AF9A000000FFFF       ; 0x08 kernel code (64-bit)
    dq 0x00CF92000000FFFF       ; 0x10 kernel data
    dq 0x00CFF2000000FFFF       ; 0x18 user data (DPL 3)  -- order required by SYSRET
    dq 0x00AFFA000000FFFF       ; 0x20 user code (DPL 3)
global gdt64_tss
gdt64_tss:
    dq 0, 0                     ; 0x28 TSS (filled by gdt_load_tss)
gdt64_end:
gdt64_pointer:
    dw gdt64_end - gdt64 - 1
    dq gdt64

section .bss
alignb 4096
pml4:           resb 4096
pdpt:           resb 4096
page_dirs:      resb 4096 * 4
low_page_table: resb 4096
boot_stack_guard: resb 4096
boot_stack:     resb 64 * 1024
global boot_stack_top
boot_stack_top:
