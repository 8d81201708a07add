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

; Where the kernel lives (linker.ld uses the same numbers): the image is linked at
; KERNEL_VMA + its physical address (the top 2 GiB, which the small code model ILC emits
; reaches), and all physical memory is mapped from DIRECT_MAP (the bottom of the upper half).
; The lower half belongs to user processes.
KERNEL_VMA equ 0xFFFFFFFF80000000
DIRECT_MAP equ 0xFFFF800000000000
NX_HIGH    equ 0x80000000           ; bit 63 of an entry, as the high dword

extern __kernel_start_phys, __kernel_end_phys, __text_end_phys, __rodata_end_phys, boot_stack_guard_phys

section .boot.text progbits alloc exec
bits 32
global _start
_start:
    cli
    mov edi, eax                ; keep magic and info pointer for kmain (rdi, rsi)
    mov esi, ebx
    ; The 32-bit code runs at its physical address with paging off and uses no stack.

    ; CPU check before anything 64-bit: long mode, NX and the instruction set ILC compiles
    ; for (x86-64-v2: SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, CX16). A CPU without them gets a
    ; message on the serial port and the screen instead of a silent triple fault.
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no_long_mode
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29           ; long mode
    jz .no_long_mode
    test edx, 1 << 20           ; NX
    jz .no_nx
    mov eax, 1
    cpuid
    mov eax, ecx
    and eax, (1 << 0) | (1 << 9) | (1 << 19) | (1 << 20) | (1 << 23) | (1 << 13)
    cmp eax, (1 << 0) | (1 << 9) | (1 << 19) | (1 << 20) | (1 << 23) | (1 << 13)
    jne .no_v2
    jmp .cpu_ok
.no_long_mode:
    mov ebx, msg_no_long_mode
    jmp boot_fail32
.no_nx:
    mov ebx, msg_no_nx
    jmp boot_fail32
.no_v2:
    mov ebx, msg_no_v2
    jmp boot_fail32
.cpu_ok:

    ; Page tables (all in .boot.bss, at their physical addresses):
    ;  PML4[0]   -> identity map of the first 2 MiB, executable: only for the jump to the
    ;               upper half; removed right after it.
    ;  PML4[256] -> the direct map: physical 0..4 GiB in 2 MiB pages, writable, no-execute.
    ;               The kernel maps RAM above 4 GiB itself (Plugs/x86_64/DirectMap.cs).
    ;  PML4[511] -> the kernel image at KERNEL_VMA in 4 KiB pages with the image's own
    ;               protections: code read+execute, rodata read-only, data no-execute;
    ;               nothing else, and an unmapped guard page under the boot stack.
    mov dword [pml4], pdpt_ident + 3
    mov dword [pdpt_ident], pd_ident + 3
    mov dword [pd_ident], 0x83                  ; 2 MiB page at 0, present + writable
    mov dword [pml4 + 256 * 8], pdpt_direct + 3
    mov dword [pml4 + 511 * 8], pdpt_kernel + 3
    mov dword [pdpt_kernel + 510 * 8], pd_kernel + 3

    mov ecx, 0
.fill_direct_pdpt:
    mov eax, ecx
    shl eax, 12
    add eax, direct_pds
    or eax, 3
    mov [pdpt_direct + ecx*8], eax
    inc ecx
    cmp ecx, 4
    jb .fill_direct_pdpt

    mov ecx, 0                  ; 2048 entries of 2 MiB across the four page directories
.fill_direct_pd:
    mov eax, ecx
    shl eax, 21
    or eax, 0x83                ; present, writable, 2 MiB page
    mov edx, ecx
    shr edx, 11                 ; bits 32+ of the physical address (ecx * 2 MiB >> 32)
    or edx, NX_HIGH
    mov [direct_pds + ecx*8], eax
    mov [direct_pds + ecx*8 + 4], edx
    inc ecx
    cmp ecx, 2048
    jb .fill_direct_pd

    mov ecx, 0
.fill_kernel_pd:
    mov eax, ecx
    shl eax, 12
    add eax, kernel_pts
    or eax, 3
    mov [pd_kernel + ecx*8], eax
    inc ecx
    cmp ecx, KERNEL_PT_COUNT
    jb .fill_kernel_pd

    mov ecx, 0                  ; one 4 KiB page at a time over the image's physical range
.fill_kernel_pt:
    mov eax, ecx
    shl eax, 12                 ; physical address of this page
    xor edx, edx                ; high dword (NX)
    xor ebx, ebx                ; low flags; 0 = not present
    cmp eax, __kernel_start_phys
    jb .store_pte
    cmp eax, __kernel_end_phys
    jae .store_pte
    cmp eax, boot_stack_guard_phys
    je .store_pte
    mov ebx, 1                  ; present, read-only
    cmp eax, __text_end_phys
    jb .store_pte               ; code: executable
    mov edx, NX_HIGH
    cmp eax, __rodata_end_phys
    jb .store_pte               ; read-only data
    mov ebx, 3                  ; writable data, not executable
.store_pte:
    or eax, ebx
    test ebx, ebx
    jnz .keep
    xor eax, eax
    xor edx, edx
.keep:
    mov [kernel_pts + ecx*8], eax
    mov [kernel_pts + ecx*8 + 4], edx
    inc ecx
    cmp ecx, KERNEL_PT_COUNT * 512
    jb .fill_kernel_pt

    mov eax, pml4
    mov cr3, eax
    mov eax, cr4
    or eax, (1 << 5)            ; PAE
    mov cr4, eax
    mov ecx, 0xC0000080         ; EFER
    rdmsr
    or eax, (1 << 8) | (1 << 11) ; long mode enable, no-execute pages
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 16) | 1 ; paging, write-protect (ring 0 honours read-only pages), protected mode
    mov cr0, eax

    lgdt [boot_gdt_pointer]
    jmp 0x08:long_mode_low

; Prints the NUL-terminated message at ebx on COM1 and on the VGA text screen, then halts.
; The serial port is used at the firmware's settings (GRUB set 115200 8N1).
boot_fail32:
    mov edi, 0xB8000
.next:
    mov al, [ebx]
    test al, al
    jz .halt
    mov ah, al
    mov dx, 0x3FD
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov al, ah
    mov dx, 0x3F8
    out dx, al
    mov [edi], al
    mov byte [edi + 1], 0x4F    ; white on red
    add edi, 2
    inc ebx
    jmp .next
.halt:
    cli
    hlt
    jmp .halt

bits 64
long_mode_low:
    mov rax, long_mode_high
    jmp rax                     ; into the upper half

section .boot.data progbits alloc write
align 8
boot_gdt:
    dq 0
    dq 0x00AF9A000000FFFF       ; 0x08 kernel code (64-bit)
    dq 0x00CF92000000FFFF       ; 0x10 kernel data
boot_gdt_end:
boot_gdt_pointer:
    dw boot_gdt_end - boot_gdt - 1
    dd boot_gdt
msg_no_long_mode: db "veridian: this CPU has no 64-bit long mode; VeridianOS needs an x86_64 CPU", 13, 10, 0
msg_no_nx:        db "veridian: this CPU has no NX (no-execute) pages; VeridianOS needs them", 13, 10, 0
msg_no_v2:        db "veridian: this CPU lacks x86-64-v2 (SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, CMPXCHG16B), which the kernel is compiled for", 13, 10, 0

KERNEL_PT_COUNT equ 4           ; the image may span physical 0..8 MiB

section .boot.bss nobits alloc write
alignb 4096
global pml4
pml4:           resb 4096
pdpt_ident:     resb 4096
pd_ident:       resb 4096
pdpt_direct:    resb 4096
direct_pds:     resb 4096 * 4
pdpt_kernel:    resb 4096
pd_kernel:      resb 4096
kernel_pts:     resb 4096 * KERNEL_PT_COUNT

section .text
bits 64
long_mode_high:
    lgdt [rel gdt64_pointer]    ; the GDT in the upper half, with the user and TSS entries
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    lea rsp, [rel boot_stack_top]
    mov edi, edi                ; upper halves are undefined after the mode switch
    mov esi, esi

    ; The identity map is no longer needed: the lower half now belongs to user space.
    mov rax, DIRECT_MAP + pml4
    mov qword [rax], 0
    mov rax, cr3
    mov cr3, rax

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

; The physical address of the kernel's PML4 (the root every address space shares the upper half of).
global kernel_pml4_phys
kernel_pml4_phys:
    mov rax, pml4
    ret

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
global boot_stack_guard
boot_stack_guard: resb 4096
boot_stack:     resb 64 * 1024
global boot_stack_top
boot_stack_top:
