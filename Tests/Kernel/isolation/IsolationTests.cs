using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// Isolation: each case does one thing ring 3 must not get away with. The process must be
    /// killed with the fault init expects (Programs/init/Ring3Tests.cs); if the forbidden
    /// operation returns, the program exits 1 and init reports the difference.
    /// </summary>
    public static unsafe class IsolationTests
    {
        public const ulong KernelAddress = 0xFFFF_FFFF_8010_0000;
        public const ulong ForeignAddress = 0x0000_5000_0000_0000;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "isolation_cli")] private static extern void Cli();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "isolation_hlt")] private static extern void Hlt();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "isolation_in")] private static extern void In();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "isolation_wrmsr")] private static extern void Wrmsr();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "isolation_mov_cr3")] private static extern void MovCr3();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "isolation_ud2")] private static extern void Ud2();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "isolation_int3")] private static extern void Int3();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "isolation_divide_by_zero")] private static extern void DivideByZero();

        private static ulong s_sink;

        public static int Main(string[] args)
        {
            Begin(args);
            if (Role == "mapper") return Mapper();
            Console.Write(Name);
            Console.WriteLine(": expecting to be killed");
            string c = Name;
            if (c == "test-isolation-kernel-read") s_sink = *(ulong*)KernelAddress;
            else if (c == "test-isolation-kernel-jump") ((delegate*<void>)KernelAddress)();
            else if (c == "test-isolation-code-write") *(byte*)CodeAddress() = 0xC3;
            else if (c == "test-isolation-stack-exec") ExecuteStack();
            else if (c == "test-isolation-heap-exec") ExecuteHeap();
            else if (c == "test-isolation-foreign-read") ReadForeign();
            else if (c == "test-isolation-cli") Cli();
            else if (c == "test-isolation-hlt") Hlt();
            else if (c == "test-isolation-in") In();
            else if (c == "test-isolation-wrmsr") Wrmsr();
            else if (c == "test-isolation-cr3") MovCr3();
            else if (c == "test-isolation-ud2") Ud2();
            else if (c == "test-isolation-divide") DivideByZero();
            else if (c == "test-isolation-int3") Int3();
            else if (c == "test-isolation-stack-overflow") s_sink = (ulong)Recurse(0);
            else
            {
                Note("unknown isolation case");
                return 2;
            }
            Note("still alive: the forbidden operation returned");
            return 1;
        }

        private static ulong CodeAddress() => (ulong)(delegate*<ulong>)&CodeAddress;

        private static void ExecuteStack()
        {
            byte* code = stackalloc byte[16];
            code[0] = 0xC3;     // ret
            ((delegate*<void>)code)();
        }

        private static void ExecuteHeap()
        {
            var bytes = new byte[64];
            bytes[0] = 0xC3;    // ret
            fixed (byte* code = bytes) ((delegate*<void>)code)();
        }

        private static int Recurse(int depth)
        {
            byte* frame = stackalloc byte[512];
            frame[0] = (byte)depth;
            frame[511] = (byte)(depth >> 8);
            return Recurse(depth + 1) + frame[0] + frame[511];
        }

        // A helper maps a page at ForeignAddress and says so; this process then reads the same
        // address, which is mapped only in the helper.
        private static void ReadForeign()
        {
            Link link = Link.Create();
            SysResult helper = SpawnSelf("mapper", link.HelperArgs(), new[] { link.ThereCap });
            if (!helper.IsOk)
            {
                Note("cannot start the mapper");
                return;
            }
            if (link.ReceiveByte(out _) != 1)
            {
                Note("mapper did not map its page");
                return;
            }
            s_sink = *(ulong*)ForeignAddress;
        }

        private static int Mapper()
        {
            Link link = Link.InHelper();
            SysResult m = Sys.Mmap(ForeignAddress, 4096, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous | MapFlags.Fixed, Capability.Null, 0);
            if (!m.IsOk) return 3;
            *(ulong*)ForeignAddress = 0x1234;
            link.SendByte(1, Capability.Null);
            // Wait until the reader is gone (its endpoint dies with it), then leave.
            link.ReceiveByte(out _);
            return 0;
        }
    }
}
