; Reads through the FS segment for the TLS test (TlsTests.cs): C# has no way to say "fs:".
bits 64
section .text

global tls_read_fs0, tls_read_fs8
tls_read_fs0:
    mov rax, [fs:0]
    ret
tls_read_fs8:
    mov rax, [fs:8]
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
