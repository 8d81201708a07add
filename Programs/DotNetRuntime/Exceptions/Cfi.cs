namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// The DWARF call-frame program interpreter: runs an FDE's CIE and FDE instructions up to a
    /// code address and applies the resulting row to a REGDISPLAY, which then describes the
    /// caller. Registers are the architecture's DWARF numbers; which is the stack pointer, which
    /// the return address and where each lives in a REGDISPLAY is ArchUnwind's (Exceptions/&lt;arch&gt;/).
    /// Only the rules compilers emit for
    /// ordinary frames are supported (CFA = register + offset; a register saved at CFA + n, in
    /// another register, unchanged or undefined); a CFA expression makes Unwind fail.
    /// </summary>
    internal unsafe struct CfaRow
    {
        public const int RegisterCount = ArchUnwind.DwarfRegisterCount;
        public const byte SameValue = 0, Offset = 1, InRegister = 2, Undefined = 3;

        public int CfaRegister;
        public long CfaOffset;
        public fixed byte Rule[RegisterCount];
        public fixed long Value[RegisterCount];

        /// <summary>The row in effect at <paramref name="pc"/> (for a caller frame: the return address minus 1).</summary>
        public static bool Compute(ref Fde fde, ulong pc, out CfaRow row)
        {
            row = default;
            CfaRow initial = default, saved0 = default, saved1 = default;
            int depth = 0;
            if (!Run(ref fde, fde.CieInstructions, fde.CieInstructionsEnd, ulong.MaxValue, ref row, ref row, ref saved0, ref saved1, ref depth))
                return false;
            initial = row;
            return Run(ref fde, fde.Instructions, fde.InstructionsEnd, pc, ref row, ref initial, ref saved0, ref saved1, ref depth);
        }

        static bool Run(ref Fde fde, byte* p, byte* end, ulong pc, ref CfaRow row, ref CfaRow initial,
                        ref CfaRow saved0, ref CfaRow saved1, ref int depth)
        {
            ulong loc = fde.Start;
            while (p < end)
            {
                byte op = *p++;
                byte high = (byte)(op & 0xc0);
                uint low = (uint)(op & 0x3f);
                if (high == 0x40)                       // DW_CFA_advance_loc
                {
                    loc += low * fde.CodeAlign;
                    if (loc > pc) return true;
                    continue;
                }
                if (high == 0x80)                       // DW_CFA_offset
                {
                    if (!Set(ref row, low, Offset, (long)Fde.ReadUleb(ref p) * fde.DataAlign)) return false;
                    continue;
                }
                if (high == 0xc0)                       // DW_CFA_restore
                {
                    if (!Restore(ref row, ref initial, low)) return false;
                    continue;
                }
                ulong delta;
                switch (op)
                {
                    case 0x00: break;                                                   // nop
                    case 0x01: loc = Fde.ReadEncoded(ref p, 0x1b); if (loc > pc) return true; break;   // set_loc (ILC's pointer encoding)
                    case 0x02: delta = *p; p += 1; goto Advance;
                    case 0x03: delta = *(ushort*)p; p += 2; goto Advance;
                    case 0x04: delta = *(uint*)p; p += 4; goto Advance;
                    case 0x05: { uint r = (uint)Fde.ReadUleb(ref p); if (!Set(ref row, r, Offset, (long)Fde.ReadUleb(ref p) * fde.DataAlign)) return false; break; }
                    case 0x06: if (!Restore(ref row, ref initial, (uint)Fde.ReadUleb(ref p))) return false; break;
                    case 0x07: if (!Set(ref row, (uint)Fde.ReadUleb(ref p), Undefined, 0)) return false; break;
                    case 0x08: if (!Set(ref row, (uint)Fde.ReadUleb(ref p), SameValue, 0)) return false; break;
                    case 0x09: { uint r = (uint)Fde.ReadUleb(ref p); if (!Set(ref row, r, InRegister, (long)Fde.ReadUleb(ref p))) return false; break; }
                    case 0x0a:                                                          // remember_state
                        if (depth == 0) saved0 = row; else if (depth == 1) saved1 = row; else return false;
                        depth++;
                        break;
                    case 0x0b:                                                          // restore_state (the CFA is restored too, as GCC and LLVM do)
                        if (depth == 0) return false;
                        depth--;
                        row = depth == 0 ? saved0 : saved1;
                        break;
                    case 0x0c: row.CfaRegister = (int)Fde.ReadUleb(ref p); row.CfaOffset = (long)Fde.ReadUleb(ref p); break;
                    case 0x0d: row.CfaRegister = (int)Fde.ReadUleb(ref p); break;
                    case 0x0e: row.CfaOffset = (long)Fde.ReadUleb(ref p); break;
                    case 0x11: { uint r = (uint)Fde.ReadUleb(ref p); if (!Set(ref row, r, Offset, Fde.ReadSleb(ref p) * fde.DataAlign)) return false; break; }
                    case 0x12: row.CfaRegister = (int)Fde.ReadUleb(ref p); row.CfaOffset = Fde.ReadSleb(ref p) * fde.DataAlign; break;
                    case 0x13: row.CfaOffset = Fde.ReadSleb(ref p) * fde.DataAlign; break;
                    case 0x2e: Fde.ReadUleb(ref p); break;                              // GNU_args_size: nothing to undo for us
                    default: return false;                                              // expressions and the rest: unsupported
                }
                continue;
            Advance:
                loc += delta * fde.CodeAlign;
                if (loc > pc) return true;
            }
            return true;
        }

        static bool Set(ref CfaRow row, uint register, byte rule, long value)
        {
            if (register >= RegisterCount) return false;
            row.Rule[register] = rule;
            row.Value[register] = value;
            return true;
        }

        static bool Restore(ref CfaRow row, ref CfaRow initial, uint register)
        {
            if (register >= RegisterCount) return false;
            row.Rule[register] = initial.Rule[register];
            row.Value[register] = initial.Value[register];
            return true;
        }

        /// <summary>
        /// Moves <paramref name="regs"/> from the frame this row describes to its caller: SP =
        /// CFA, IP = the saved return address, and each saved register's pointer to its save
        /// slot. Registers the row leaves alone keep their pointers (still the callee's values,
        /// which is what "preserved" means).
        /// </summary>
        public bool Apply(ref RegDisplay regs)
        {
            ulong* cfaBase = ArchUnwind.Location(ref regs, CfaRegister);
            ulong cfaValue = CfaRegister == ArchUnwind.DwarfStackPointer ? regs.SP : (cfaBase == null ? 0 : *cfaBase);
            if (CfaRegister != ArchUnwind.DwarfStackPointer && cfaBase == null) return false;
            ulong cfa = (ulong)((long)cfaValue + CfaOffset);
            ulong* ra = null;
            for (int r = 0; r < RegisterCount; r++)
            {
                if (Rule[r] == Offset)
                {
                    ulong* slot = (ulong*)(cfa + (ulong)Value[r]);
                    if (r == ArchUnwind.DwarfReturnAddress) ra = slot;
                    else if (r != ArchUnwind.DwarfStackPointer) ArchUnwind.SetLocation(ref regs, r, slot);
                }
                else if (Rule[r] == InRegister && r != ArchUnwind.DwarfReturnAddress && r != ArchUnwind.DwarfStackPointer)
                    ArchUnwind.SetLocation(ref regs, r, ArchUnwind.Location(ref regs, (int)Value[r]));
            }
            if (ra == null) return false;
            regs.IP = *ra;
            regs.SP = cfa;
            return true;
        }
    }
}
