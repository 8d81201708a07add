using System;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// Just enough ACPI to switch the machine off and reset it, the way firmware expects on
    /// QEMU, VMware and real boards: the RSDP (from the boot loader) → RSDT/XSDT → FADT gives the
    /// PM1 control ports and the reset register; the DSDT's \_S5 package gives the sleep type
    /// that means "soft off". No AML interpreter: \_S5 is a plain package in every DSDT seen
    /// in practice, so a byte search for its name and a small package decode suffices.
    /// </summary>
    internal static unsafe class Acpi
    {
        private static ushort s_pm1aControl, s_pm1bControl;
        private static ushort s_sleepTypeA, s_sleepTypeB;
        private static bool s_canPowerOff;
        private static ulong s_resetAddress;
        private static byte s_resetSpace, s_resetValue;
        private static bool s_hasResetRegister;

        public static bool CanPowerOff => s_canPowerOff;

        /// <summary>Reads the tables once at boot. Without ACPI, power-off is unavailable and reset uses the legacy ports.</summary>
        public static void Initialize(byte[] rsdp)
        {
            if (rsdp == null || rsdp.Length < 20) return;
            ulong root = 0;
            bool extended = false;
            if (rsdp[15] >= 2 && rsdp.Length >= 36)
            {
                root = ReadU64(rsdp, 24);
                extended = root != 0;
            }
            if (!extended) root = ReadU32(rsdp, 16);
            byte* fadt = FindTable(root, extended, "FACP");
            if (fadt == null) return;
            uint fadtLength = *(uint*)(fadt + 4);

            s_pm1aControl = (ushort)*(uint*)(fadt + 64);
            s_pm1bControl = (ushort)*(uint*)(fadt + 68);
            if (fadtLength >= 129 && (*(uint*)(fadt + 112) & (1u << 10)) != 0)
            {
                s_resetSpace = fadt[116];
                s_resetAddress = *(ulong*)(fadt + 120);
                s_resetValue = fadt[128];
                s_hasResetRegister = s_resetAddress != 0;
            }
            ulong dsdt = *(uint*)(fadt + 40);
            if (fadtLength >= 148 && *(ulong*)(fadt + 140) != 0) dsdt = *(ulong*)(fadt + 140);
            if (dsdt != 0 && s_pm1aControl != 0)
                s_canPowerOff = FindS5((byte*)AddressMap.Virtual(dsdt));
        }

        /// <summary>ACPI soft-off (S5). Returns only if the machine did not switch off.</summary>
        public static void PowerOff()
        {
            if (!s_canPowerOff) return;
            const ushort SleepEnable = 1 << 13;
            Native.OutW(s_pm1aControl, (ushort)((s_sleepTypeA << 10) | SleepEnable));
            if (s_pm1bControl != 0)
                Native.OutW(s_pm1bControl, (ushort)((s_sleepTypeB << 10) | SleepEnable));
            for (int i = 0; i < 1000000; i++) Native.Pause();
        }

        /// <summary>Resets the machine: the FADT reset register, then port 0xCF9, then the keyboard controller.</summary>
        public static void Reset()
        {
            if (s_hasResetRegister)
            {
                if (s_resetSpace == 1) Native.OutB((ushort)s_resetAddress, s_resetValue);         // system I/O
                else if (s_resetSpace == 0) *(byte*)AddressMap.Virtual(s_resetAddress) = s_resetValue;  // memory
            }
            Native.OutB(0xCF9, 0x02);
            Native.OutB(0xCF9, 0x06);
            for (int i = 0; i < 100000 && (Native.InB(0x64) & 2) != 0; i++) Native.Pause();
            Native.OutB(0x64, 0xFE);
            for (int i = 0; i < 1000000; i++) Native.Pause();
        }

        private static byte* FindTable(ulong rootPhysical, bool extended, string signature)
        {
            if (rootPhysical == 0 || rootPhysical >= AddressMap.BootDirectMapBytes) return null;
            byte* root = (byte*)AddressMap.Virtual(rootPhysical);
            uint length = *(uint*)(root + 4);
            int entrySize = extended ? 8 : 4;
            for (uint at = 36; at + entrySize <= length; at += (uint)entrySize)
            {
                ulong table = extended ? *(ulong*)(root + at) : *(uint*)(root + at);
                if (table == 0 || table >= AddressMap.BootDirectMapBytes) continue;
                byte* t = (byte*)AddressMap.Virtual(table);
                if (t[0] == signature[0] && t[1] == signature[1] && t[2] == signature[2] && t[3] == signature[3])
                    return t;
            }
            return null;
        }

        // NameOp? "_S5_" PackageOp PkgLength NumElements then SLP_TYPa, SLP_TYPb as small integers.
        private static bool FindS5(byte* dsdt)
        {
            uint length = *(uint*)(dsdt + 4);
            for (uint i = 36; i + 8 < length; i++)
            {
                if (dsdt[i] != (byte)'_' || dsdt[i + 1] != (byte)'S' || dsdt[i + 2] != (byte)'5' || dsdt[i + 3] != (byte)'_') continue;
                byte* p = dsdt + i + 4;
                if (*p != 0x12) continue;                       // PackageOp
                p++;
                p += ((*p >> 6) & 3) + 1;                       // PkgLength: lead byte plus 0..3 more
                p++;                                            // NumElements
                if (!ReadSmallInteger(ref p, out ushort a)) continue;
                ReadSmallInteger(ref p, out ushort b);
                s_sleepTypeA = a;
                s_sleepTypeB = b;
                return true;
            }
            return false;
        }

        private static bool ReadSmallInteger(ref byte* p, out ushort value)
        {
            value = 0;
            if (*p == 0x0A) { value = p[1]; p += 2; return true; }       // BytePrefix
            if (*p == 0x00 || *p == 0x01) { value = *p; p += 1; return true; }  // ZeroOp, OneOp
            if (*p == 0x0B) { value = *(ushort*)(p + 1); p += 3; return true; } // WordPrefix
            return false;
        }

        private static uint ReadU32(byte[] b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
        private static ulong ReadU64(byte[] b, int at) => ReadU32(b, at) | (ulong)ReadU32(b, at + 4) << 32;
    }
}
