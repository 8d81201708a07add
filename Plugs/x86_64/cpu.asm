; Small CPU primitives the C# plugs call (SysV ABI: args in rdi, rsi; result in rax).
bits 64
section .text

global outb, inb, outw, inw, outd, ind
outb:   mov dx, di
        mov al, sil
        out dx, al
        ret
inb:    mov dx, di
        in al, dx
        movzx eax, al
        ret
outw:   mov dx, di
        mov ax, si
        out dx, ax
        ret
inw:    mov dx, di
        in ax, dx
        movzx eax, ax
        ret
outd:   mov dx, di
        mov eax, esi
        out dx, eax
        ret
ind:    mov dx, di
        in eax, dx
        ret

global read_cr0, read_cr2, read_cr3, read_cr4, read_rflags, read_tsc, read_rbp
read_cr0:    mov rax, cr0
             ret
read_cr2:    mov rax, cr2
             ret
read_cr3:    mov rax, cr3
             ret
read_cr4:    mov rax, cr4
             ret
read_rflags: pushfq
             pop rax
             ret
read_tsc:    rdtsc
             shl rdx, 32
             or rax, rdx
             ret
read_rbp:    mov rax, rbp       ; the caller's frame pointer, for backtraces
             ret

global cpu_halt, cpu_halt_forever, cpu_pause
cpu_halt:    hlt
             ret
cpu_pause:   pause
             ret
cpu_halt_forever:
             cli
.again:      hlt
             jmp .again

; void capture_registers(ulong* out16): rax..r15 in TrapFrame order, for software panics.
global capture_registers
capture_registers:
    mov [rdi + 0*8], r15
    mov [rdi + 1*8], r14
    mov [rdi + 2*8], r13
    mov [rdi + 3*8], r12
    mov [rdi + 4*8], r11
    mov [rdi + 5*8], r10
    mov [rdi + 6*8], r9
    mov [rdi + 7*8], r8
    mov [rdi + 8*8], rbp
    mov [rdi + 9*8], rdi
    mov [rdi + 10*8], rsi
    mov [rdi + 11*8], rdx
    mov [rdi + 12*8], rcx
    mov [rdi + 13*8], rbx
    mov [rdi + 14*8], rax
    mov rax, [rsp]              ; return address = where the panic was raised
    mov [rdi + 17*8], rax
    lea rax, [rsp + 8]
    mov [rdi + 20*8], rax
    mov [rdi + 18*8], cs
    mov [rdi + 21*8], ss
    pushfq
    pop qword [rdi + 19*8]
    ret

; Linker-placed symbols, as addresses.
global modules_start, modules_end, kernel_image_start, kernel_image_end
extern __modules_start, __modules_end, __kernel_start, __kernel_end
modules_start:      lea rax, [rel __modules_start]
                    ret
modules_end:        lea rax, [rel __modules_end]
                    ret
kernel_image_start: lea rax, [rel __kernel_start]
                    ret
kernel_image_end:   lea rax, [rel __kernel_end]
                    ret

section .data
align 8
; Stack-protector cookie ILC's frames with stackalloc compare against.
global __security_cookie
__security_cookie: dq 0x2B992DDFA232A5C1

section .text
global write_cr0, write_cr3, write_cr4, invlpg_page, read_msr, write_msr, cpuid_query
write_cr0:   mov cr0, rdi
             ret
write_cr3:   mov cr3, rdi
             ret
write_cr4:   mov cr4, rdi
             ret
invlpg_page: invlpg [rdi]
             ret
; ulong read_msr(uint msr)
read_msr:    mov ecx, edi
             rdmsr
             shl rdx, 32
             or rax, rdx
             ret
; void write_msr(uint msr, ulong value)
write_msr:   mov ecx, edi
             mov eax, esi
             mov rdx, rsi
             shr rdx, 32
             wrmsr
             ret
; void cpuid_query(uint leaf, uint subleaf, uint* out4): eax, ebx, ecx, edx
cpuid_query: push rbx
             mov r8, rdx
             mov eax, edi
             mov ecx, esi
             cpuid
             mov [r8], eax
             mov [r8 + 4], ebx
             mov [r8 + 8], ecx
             mov [r8 + 12], edx
             pop rbx
             ret
