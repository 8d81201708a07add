using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// memdemo: SYS_MMAP of anonymous memory (pages appear on first touch), writing and reading
    /// it back, SYS_MPROTECT to read-only, reading still works, then a deliberate write: the
    /// kernel kills the process with a page fault at that address and the shell reports it.
    /// </summary>
    public static unsafe class MemDemo
    {
        private const ulong Size = 64 * 1024;

        public static int Main(string[] args)
        {
            SysResult map = Sys.Mmap(0, Size, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0);
            if (!map.IsOk) return Fail("mmap", map.Error);
            byte* p = (byte*)map.Value;
            Console.Write("memdemo: mapped 64 KiB read+write at ");
            Console.WriteHex(map.Value);
            Console.WriteLine();
            for (ulong i = 0; i < Size; i++) p[i] = (byte)(i * 7);
            ulong bad = 0;
            for (ulong i = 0; i < Size; i++) if (p[i] != (byte)(i * 7)) bad++;
            Console.Write("memdemo: wrote and read back 65536 bytes, ");
            Console.WriteDecimal(bad);
            Console.WriteLine(" differ");

            SysResult prot = Sys.Mprotect(map.Value, Abi.PageSize, ProtectionFlags.Read);
            if (!prot.IsOk) return Fail("mprotect", prot.Error);
            Console.Write("memdemo: mprotect made the first page read-only; reading it still works: byte 1 = ");
            Console.WriteDecimal(p[1]);
            Console.WriteLine();

            SysResult wx = Sys.Mprotect(map.Value, Abi.PageSize, ProtectionFlags.Write | ProtectionFlags.Exec);
            Console.Write("memdemo: asking for write+execute is refused: ");
            Console.WriteLine(Names.Of(wx.Error));

            Console.Write("memdemo: now writing to the read-only page at ");
            Console.WriteHex(map.Value + 16);
            Console.WriteLine(": the kernel ends this process with a page fault");
            Console.Flush();
            p[16] = 1;
            Console.WriteLine("memdemo: the write went through: this should not happen");
            return 1;
        }

        private static int Fail(string what, SyscallError e)
        {
            Console.Write("memdemo: ");
            Console.Write(what);
            Console.Write(" failed: ");
            Console.WriteLine(Names.Of(e));
            return 1;
        }
    }
}
