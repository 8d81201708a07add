namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// One code range's unwind description, found through the linker's .eh_frame_hdr (ld
    /// --eh-frame-hdr: a table of every FDE sorted by start address, so a lookup is a binary
    /// search with no set-up and no allocation). What ILC writes is narrow and checked: CIE
    /// augmentation "zLR" (pc-relative sdata4 pointers), one FDE per method body or funclet
    /// with an LSDA pointer; a header encoded other than ld's usual way is refused (Find
    /// returns false) rather than misread.
    /// </summary>
    internal unsafe struct Fde
    {
        public ulong Start, End;            // code range [Start, End)
        public byte* Lsda;                  // ILC's per-method blob (MethodLookup), null if none
        public byte* Instructions, InstructionsEnd;       // the FDE's CFA program
        public byte* CieInstructions, CieInstructionsEnd; // the CIE's initial program
        public ulong CodeAlign;
        public long DataAlign;
        public uint ReturnAddressRegister;

        const byte DW_EH_PE_udata4 = 0x03, DW_EH_PE_sdata4 = 0x0b, DW_EH_PE_pcrel = 0x10, DW_EH_PE_datarel = 0x30;
        const byte DW_EH_PE_omit = 0xff;

        /// <summary>Finds the FDE covering <paramref name="pc"/> in the table at <paramref name="hdr"/> (.eh_frame_hdr).</summary>
        public static bool Find(byte* hdr, ulong pc, out Fde fde)
        {
            fde = default;
            if (hdr == null || hdr[0] != 1 || hdr[2] != DW_EH_PE_udata4 || hdr[3] != (DW_EH_PE_datarel | DW_EH_PE_sdata4))
                return false;
            byte* p = hdr + 4;
            ReadEncoded(ref p, hdr[1]);                 // eh_frame_ptr: not needed, the table points at each FDE
            uint count = *(uint*)p;
            int* table = (int*)(p + 4);                 // pairs (start, fde), each relative to hdr
            long lo = 0, hi = (long)count - 1, found = -1;
            while (lo <= hi)
            {
                long mid = (lo + hi) >> 1;
                ulong start = (ulong)(hdr + table[mid * 2]);
                if (start <= pc) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            if (found < 0 || !Parse(hdr + table[found * 2 + 1], ref fde))
                return false;
            return pc >= fde.Start && pc < fde.End;
        }

        /// <summary>Decodes the FDE at <paramref name="f"/> and its CIE.</summary>
        public static bool Parse(byte* f, ref Fde fde)
        {
            uint length = *(uint*)f;
            if (length == 0 || length == 0xffffffff)    // terminator, or 64-bit DWARF (never from ld for x86_64 code)
                return false;
            byte* end = f + 4 + length;
            byte* cie = f + 4 - *(int*)(f + 4);         // the CIE pointer counts back from its own field
            byte lsdaEncoding = DW_EH_PE_omit, fdeEncoding = 0;
            bool augmented = false;
            if (!ParseCie(cie, ref fde, ref lsdaEncoding, ref fdeEncoding, ref augmented))
                return false;
            byte* p = f + 8;
            fde.Start = ReadEncoded(ref p, fdeEncoding);
            fde.End = fde.Start + ReadEncoded(ref p, (byte)(fdeEncoding & 0x0f));   // the range: same format, absolute
            fde.Lsda = null;
            if (augmented)
            {
                ulong augLength = ReadUleb(ref p);
                byte* augEnd = p + augLength;
                if (lsdaEncoding != DW_EH_PE_omit)
                    fde.Lsda = (byte*)ReadEncoded(ref p, lsdaEncoding);
                p = augEnd;
            }
            fde.Instructions = p;
            fde.InstructionsEnd = end;
            return true;
        }

        static bool ParseCie(byte* c, ref Fde fde, ref byte lsdaEncoding, ref byte fdeEncoding, ref bool augmented)
        {
            uint length = *(uint*)c;
            if (length == 0 || length == 0xffffffff || *(uint*)(c + 4) != 0)
                return false;
            byte* end = c + 4 + length;
            byte* p = c + 8;
            byte version = *p++;
            byte* aug = p;
            while (*p != 0) p++;
            p++;
            fde.CodeAlign = ReadUleb(ref p);
            fde.DataAlign = ReadSleb(ref p);
            fde.ReturnAddressRegister = version == 1 ? *p++ : (uint)ReadUleb(ref p);
            if (aug[0] == (byte)'z')
            {
                augmented = true;
                ulong augLength = ReadUleb(ref p);
                byte* augEnd = p + augLength;
                for (byte* a = aug + 1; *a != 0; a++)
                {
                    if (*a == (byte)'L') lsdaEncoding = *p++;
                    else if (*a == (byte)'R') fdeEncoding = *p++;
                    else if (*a == (byte)'P') { byte e = *p++; ReadEncoded(ref p, e); }
                    else if (*a != (byte)'S') return false;     // unknown augmentation: its data cannot be skipped safely
                }
                p = augEnd;
            }
            else if (aug[0] != 0)
                return false;
            fde.CieInstructions = p;
            fde.CieInstructionsEnd = end;
            return true;
        }

        /// <summary>A pointer in one of the encodings ld and ILC use (absolute or pc-relative; 4 or 8 bytes).</summary>
        public static ulong ReadEncoded(ref byte* p, byte encoding)
        {
            byte* at = p;
            ulong value;
            switch (encoding & 0x0f)
            {
                case 0x00: value = *(ulong*)p; p += 8; break;                 // absptr
                case 0x01: value = ReadUleb(ref p); break;
                case 0x02: value = *(ushort*)p; p += 2; break;
                case DW_EH_PE_udata4: value = *(uint*)p; p += 4; break;
                case 0x04: value = *(ulong*)p; p += 8; break;
                case 0x09: value = (ulong)ReadSleb(ref p); break;
                case 0x0a: value = (ulong)(long)*(short*)p; p += 2; break;
                case DW_EH_PE_sdata4: value = (ulong)(long)*(int*)p; p += 4; break;
                case 0x0c: value = *(ulong*)p; p += 8; break;
                default: return 0;
            }
            if ((encoding & 0x70) == DW_EH_PE_pcrel)
                value += (ulong)at;
            return value;
        }

        public static ulong ReadUleb(ref byte* p)
        {
            ulong result = 0;
            int shift = 0;
            byte b;
            do { b = *p++; result |= (ulong)(b & 0x7f) << shift; shift += 7; } while ((b & 0x80) != 0);
            return result;
        }

        public static long ReadSleb(ref byte* p)
        {
            long result = 0;
            int shift = 0;
            byte b;
            do { b = *p++; result |= (long)(b & 0x7f) << shift; shift += 7; } while ((b & 0x80) != 0);
            if (shift < 64 && (b & 0x40) != 0)
                result |= -1L << shift;
            return result;
        }
    }
}
