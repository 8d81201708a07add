namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The divisor of an x86_64 divide instruction, decoded from its bytes. x86 raises the same
    /// #DE for a zero divisor and for a quotient that does not fit (int.MinValue / -1), and .NET
    /// throws DivideByZeroException for the first, OverflowException for the second; like
    /// NativeAOT's own signal handler, the fault handler tells them apart by the divisor: not
    /// zero means overflow. Understood: legacy prefixes (operand size 0x66, address size 0x67,
    /// lock/rep, the cs/ds/es/ss overrides), a REX prefix, then F7 (or the 8-bit F6) with ModRM
    /// reg 7 (idiv) or 6 (div); the operand a register (the 8-bit ah/ch/dh/bh without REX
    /// included) or memory (base, index, scale, displacement, rip-relative). Anything else, and
    /// fs/gs-relative operands (their base is not in the register file), is not decoded.
    /// Pure pointer code with no calls, so the host tests compile it as it is.
    /// </summary>
    internal static unsafe class DivideDecoder
    {
        /// <summary>The longest x86 instruction.</summary>
        public const int MaxLength = 15;

        /// <summary>
        /// The divisor of the divide instruction at <paramref name="code"/>, given the general
        /// registers in the encoding's order (<paramref name="registers"/>[0..15]: rax, rcx, rdx,
        /// rbx, rsp, rbp, rsi, rdi, r8 .. r15) as they were when it ran. A memory operand is
        /// read (the instruction itself read it just before faulting, so it is mapped). False
        /// if the bytes are not a divide this decoder understands.
        /// </summary>
        public static bool TryDivisor(byte* code, ulong* registers, out ulong divisor)
        {
            divisor = 0;
            byte* p = code;
            bool operandSize16 = false, addressSize32 = false;
            for (; ; p++)
            {
                if (p - code >= MaxLength - 2) return false;
                byte b = *p;
                if (b == 0x66) operandSize16 = true;
                else if (b == 0x67) addressSize32 = true;
                else if (b == 0x64 || b == 0x65) return false;                  // fs:/gs: — base not known here
                else if (b != 0x26 && b != 0x2E && b != 0x36 && b != 0x3E && b != 0xF0 && b != 0xF2 && b != 0xF3) break;
            }
            byte rex = 0;
            if ((*p & 0xF0) == 0x40) rex = *p++;
            byte opcode = *p++;
            if (opcode != 0xF7 && opcode != 0xF6) return false;
            bool is8Bit = opcode == 0xF6;

            byte modrm = *p++;
            int mod = modrm >> 6, reg = (modrm >> 3) & 7, rm = modrm & 7;
            if (reg != 6 && reg != 7) return false;                            // not div / idiv
            bool rexW = (rex & 8) != 0, rexX = (rex & 2) != 0, rexB = (rex & 1) != 0;

            if (mod == 3)
            {
                ulong value;
                if (is8Bit && rex == 0 && rm >= 4)
                    value = registers[rm - 4] >> 8;                             // ah, ch, dh, bh
                else
                    value = registers[rm | (rexB ? 8 : 0)];
                divisor = Truncate(value, is8Bit, rexW, operandSize16);
                return true;
            }

            ulong address;
            if (rm == 4)
            {
                byte sib = *p++;
                int scale = sib >> 6, index = ((sib >> 3) & 7) | (rexX ? 8 : 0), sibBase = sib & 7;
                address = mod == 0 && sibBase == 5 ? 0 : registers[sibBase | (rexB ? 8 : 0)];
                if (index != 4) address += registers[index] << scale;          // index 4 (rsp) means none
                if (mod == 0 && sibBase == 5) address += (ulong)(long)*(int*)p;
            }
            else if (mod == 0 && rm == 5)
                address = (ulong)(p + 4) + (ulong)(long)*(int*)p;              // rip-relative: from the instruction's end (no immediate follows)
            else
                address = registers[rm | (rexB ? 8 : 0)];
            if (mod == 1) address += (ulong)(long)*(sbyte*)p;
            else if (mod == 2) address += (ulong)(long)*(int*)p;
            if (addressSize32) address &= 0xFFFF_FFFF;

            if (is8Bit) divisor = *(byte*)address;
            else if (rexW) divisor = *(ulong*)address;
            else if (operandSize16) divisor = *(ushort*)address;
            else divisor = *(uint*)address;
            return true;
        }

        static ulong Truncate(ulong value, bool is8Bit, bool rexW, bool operandSize16) =>
            is8Bit ? value & 0xFF : rexW ? value : operandSize16 ? value & 0xFFFF : value & 0xFFFF_FFFF;
    }
}
