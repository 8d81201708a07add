using System;
using System.Runtime.InteropServices;
using Veridian.DotNetRuntime;
using Xunit;

namespace Veridian.DotNetRuntimeTests
{
    /// <summary>
    /// Programs/DotNetRuntime/x86_64/DivideDecoder.cs (how the fault handler tells
    /// int.MinValue / -1 from a division by zero) on byte sequences GNU as assembles for the
    /// forms it must read: register and memory operands, REX, the 8-bit and 16-bit forms,
    /// SIB, rip-relative; and what it must refuse.
    /// </summary>
    public sealed unsafe class DivideDecoderTests : IDisposable
    {
        // The encoding's register numbers.
        const int Rax = 0, Rcx = 1, Rbx = 3, Rsp = 4, Rbp = 5, Rsi = 6, Rdi = 7, R8 = 8, R9 = 9, R11 = 11, R12 = 12, R13 = 13;

        readonly ulong[] _registers = new ulong[16];
        readonly byte* _memory = (byte*)NativeMemory.AllocZeroed(0x2000);   // code and data for the memory forms

        public void Dispose() => NativeMemory.Free(_memory);

        ulong? Divisor(params byte[] instruction)
        {
            byte* code = _memory;                       // at the start, so rip-relative data can follow it
            for (int i = 0; i < instruction.Length; i++) code[i] = instruction[i];
            fixed (ulong* r = _registers)
                return DivideDecoder.TryDivisor(code, r, out ulong d) ? d : null;
        }

        ulong Data(int offset, ulong value) { *(ulong*)(_memory + offset) = value; return (ulong)(_memory + offset); }

        [Fact]
        public void Register_operands_at_their_width()
        {
            _registers[Rsi] = 0xFFFF_FFFF_FFFF_FFFF;
            Assert.Equal(0xFFFF_FFFFUL, Divisor(0xF7, 0xFE));                  // idiv esi (int / -1)
            Assert.Equal(0xFFFF_FFFF_FFFF_FFFFUL, Divisor(0x48, 0xF7, 0xFE));  // idiv rsi (long / -1)
            _registers[Rsi] = 0x1_0000_0000;
            Assert.Equal(0UL, Divisor(0xF7, 0xFE));                            // only the low half counts
            _registers[Rcx] = 3;
            Assert.Equal(3UL, Divisor(0xF7, 0xF1));                            // div ecx
            _registers[R9] = 0x7_0000_0005;
            Assert.Equal(5UL, Divisor(0x41, 0xF7, 0xF9));                      // idiv r9d
            _registers[R11] = 0x7_0000_0005;
            Assert.Equal(0x7_0000_0005UL, Divisor(0x49, 0xF7, 0xFB));          // idiv r11
            _registers[Rcx] = 0xABCD_FFFF;
            Assert.Equal(0xFFFFUL, Divisor(0x66, 0xF7, 0xF9));                 // idiv cx
        }

        [Fact]
        public void Eight_bit_registers_with_and_without_rex()
        {
            _registers[Rbx] = 0x12_34;
            _registers[Rsi] = 0x56_78;
            _registers[R8] = 0x9A_BC;
            Assert.Equal(0x34UL, Divisor(0xF6, 0xFB));                         // idiv bl
            Assert.Equal(0x12UL, Divisor(0xF6, 0xFF));                         // idiv bh (rm 7 without REX)
            Assert.Equal(0x78UL, Divisor(0x40, 0xF6, 0xFE));                   // idiv sil (rm 6 with REX)
            Assert.Equal(0xBCUL, Divisor(0x41, 0xF6, 0xF8));                   // idiv r8b
        }

        [Fact]
        public void Memory_operands_base_displacement_and_sib()
        {
            _registers[Rbp] = Data(0x1014, 0xFFFF_FFFF) + 0x14;
            Assert.Equal(0xFFFF_FFFFUL, Divisor(0xF7, 0x7D, 0xEC));                       // idiv dword [rbp-0x14]
            _registers[Rsp] = Data(0x1100, 0xFFFF_FFFF_FFFF_FFFF) - 0x28;
            Assert.Equal(0xFFFF_FFFF_FFFF_FFFFUL, Divisor(0x48, 0xF7, 0x7C, 0x24, 0x28)); // idiv qword [rsp+0x28]
            _registers[Rax] = Data(0x1200, 7) - 0x10 - 3 * 8;
            _registers[Rcx] = 3;
            Assert.Equal(7UL, Divisor(0x48, 0xF7, 0x7C, 0xC8, 0x10));                     // idiv qword [rax+rcx*8+0x10]
            _registers[R12] = Data(0x1300, 9) + 0x200 - 2 * 4;
            _registers[R13] = 2;
            Assert.Equal(9UL, Divisor(0x43, 0xF7, 0xBC, 0xAC, 0x00, 0xFE, 0xFF, 0xFF));   // idiv dword [r12+r13*4-0x200]
            _registers[Rbx] = Data(0x1400, 0);
            Assert.Equal(0UL, Divisor(0x48, 0xF7, 0x3B));                                 // idiv qword [rbx]: zero
            _registers[R13] = Data(0x1500, 11);
            Assert.Equal(11UL, Divisor(0x41, 0xF7, 0x7D, 0x00));                          // idiv dword [r13+0]
            ulong target = Data(0x1600, 13);
            _registers[Rcx] = (target - 0x1000) / 4;
            Assert.Equal(13UL, Divisor(0x48, 0xF7, 0x3C, 0x8D, 0x00, 0x10, 0x00, 0x00));  // idiv qword [rcx*4+0x1000]: no base
            _registers[Rdi] = Data(0x1700, 0xAAAA_0000_0000_0005);
            Assert.Equal(5UL, Divisor(0x66, 0xF7, 0x3F));                                 // idiv word [rdi]
        }

        [Fact]
        public void Rip_relative_from_the_end_of_the_instruction()
        {
            Data(6 + 0x100, 0xFFFF_FFFF);
            Assert.Equal(0xFFFF_FFFFUL, Divisor(0xF7, 0x3D, 0x00, 0x01, 0x00, 0x00));     // idiv dword [rip+0x100]
        }

        [Fact]
        public void Not_a_divide_or_not_decodable()
        {
            _registers[Rsi] = 5;
            Assert.Null(Divisor(0xF7, 0xEE));                                  // imul esi (F7 /5)
            Assert.Null(Divisor(0xF7, 0xDE));                                  // neg esi (F7 /3)
            Assert.Null(Divisor(0x0F, 0xAF, 0xC6));                            // imul eax, esi
            _registers[Rax] = 0x1000;
            Assert.Null(Divisor(0x64, 0xF7, 0x38));                            // idiv dword fs:[rax]: the base is not known
            Assert.Null(Divisor(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xF7, 0xFE)); // too long
        }
    }
}
