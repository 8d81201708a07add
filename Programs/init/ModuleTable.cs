using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// The program images (the boot archive's entries, docs/boot.md), as init receives them:
    /// "name:size" strings and, in the same order, Memory capabilities holding the ELF images.
    /// Each image is mapped read-only once, on first use.
    /// </summary>
    internal sealed unsafe class ModuleTable
    {
        public string[] Names;
        public ulong[] Sizes;
        public string[] SizeTexts;
        private int _firstSlot;
        private ulong[] _mapped;

        public int Count => Names.Length;

        public static ModuleTable Parse(string[] args, int firstArg, int firstSlot)
        {
            int count = args.Length > firstArg ? args.Length - firstArg : 0;
            var t = new ModuleTable
            {
                Names = new string[count],
                Sizes = new ulong[count],
                SizeTexts = new string[count],
                _mapped = new ulong[count],
                _firstSlot = firstSlot,
            };
            for (int i = 0; i < count; i++)
            {
                string a = args[firstArg + i];
                int colon = a.Length;
                while (colon > 0 && a[colon - 1] != ':') colon--;
                if (colon == 0)
                {
                    t.Names[i] = a;
                    t.SizeTexts[i] = "0";
                    continue;
                }
                t.Names[i] = Text.Substring(a, 0, colon - 1);
                t.SizeTexts[i] = Text.Substring(a, colon, a.Length - colon);
                long size = Text.ParseDecimal(a, colon, a.Length);
                t.Sizes[i] = size < 0 ? 0 : (ulong)size;
            }
            return t;
        }

        public int Find(string name)
        {
            for (int i = 0; i < Names.Length; i++)
                if (Names[i] == name) return i;
            return -1;
        }

        public Capability ImageCapability(int index) => Process.GrantedCapability(_firstSlot + index);

        public string SizeText(int index) => SizeTexts[index];

        /// <summary>The image's address in init (mapped on first use); Value = address.</summary>
        public SysResult Map(int index)
        {
            if (_mapped[index] != 0) return new SysResult(SyscallReturn.Ok(_mapped[index]));
            SysResult r = Spawn.MapImage(ImageCapability(index), Sizes[index]);
            if (r.IsOk) _mapped[index] = r.Value;
            return r;
        }

        /// <summary>Creates and starts the module's program; Value = its ProcessId.</summary>
        public SysResult Run(int index, string[] args, Capability[] caps)
        {
            SysResult map = Map(index);
            if (!map.IsOk) return map;
            return Spawn.Run((byte*)map.Value, Sizes[index], args, caps);
        }
    }
}
