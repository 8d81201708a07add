using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// SYS_THREAD_SET_TLS from ring 3: fs:0 reads the block set, at once after the call; two
    /// threads with different blocks each keep seeing their own while both spin (so across
    /// timer preemption, not only across syscalls); bad bases fail and leave the base alone.
    /// </summary>
    public static unsafe class TlsTests
    {
        private const ulong MagicA = 0x1111_2222_3333_4444, MagicB = 0x5555_6666_7777_0888;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "tls_read_fs0")] private static extern ulong ReadFs0();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "tls_read_fs8")] private static extern ulong ReadFs8();

        private static ulong* s_blocks;     // block A at [0..1], block B at [64..65]
        private static volatile int s_otherDone;
        private static volatile int s_otherWrong;
        private static volatile uint s_otherReads;

        public static int Main(string[] args)
        {
            Begin(args);
            SysResult m = Sys.Mmap(0, Abi.PageSize, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous, default, 0);
            if (Ok(m, "map the TLS blocks") == 0)
                return End();
            s_blocks = (ulong*)m.Value;
            s_blocks[0] = MagicA;
            s_blocks[1] = ~MagicA;
            s_blocks[64] = MagicB;
            s_blocks[65] = ~MagicB;

            Ok(Sys.ThreadSetTls((ulong)s_blocks), "set the main thread's TLS base");
            Equal(MagicA, ReadFs0(), "fs:0 right after the call");
            Equal(~MagicA, ReadFs8(), "fs:8");
            Fails(Sys.ThreadSetTls(0xFFFF_FFFF_8000_0000), SyscallError.InvalidAddress, "TLS base in the kernel half");
            Fails(Sys.ThreadSetTls(0x0000_8000_0000_0000), SyscallError.InvalidAddress, "non-canonical TLS base");
            Equal(MagicA, ReadFs0(), "a refused base leaves the old one");

            SysResult t = Threads.Start(&Other, 0, 16 * 1024, out UserThread other);
            if (!t.IsOk)
            {
                Ok(t, "start the second thread");
                return End();
            }
            // Spin (no syscalls) while the other thread spins too: only preemption switches.
            ulong wrong = 0, reads = 0;
            ulong deadline = Now() + 20UL * 1_000_000_000;
            while (s_otherDone == 0 && Now() < deadline)
            {
                for (int i = 0; i < 10000; i++)
                {
                    if (ReadFs0() != MagicA) wrong++;
                    reads++;
                }
            }
            Check(s_otherDone != 0, "the other thread finished its reads");
            Equal(0, wrong, "main thread: fs:0 always its own block while both spin");
            Equal(0, (ulong)s_otherWrong, "second thread: fs:0 always its own block");
            Check(reads > 0 && s_otherReads > 0, "both threads read");
            Equal(7, Ok(Threads.Join(ref other, 10UL * 1_000_000_000), "join the second thread"), "second thread exit code");
            Equal(MagicA, ReadFs0(), "fs:0 after the other thread ended");
            return End();
        }

        // Clock reads are syscalls, so main's loop makes one only every 10000 reads.
        private static ulong Now() => Sys.ClockGet(ClockId.Monotonic).Value.ToNanosecondsSaturating();

        private static int Other(ulong unused)
        {
            if (!Sys.ThreadSetTls((ulong)(s_blocks + 64)).IsOk)
            {
                s_otherWrong = 1;
                s_otherDone = 1;
                return 1;
            }
            int wrong = 0;
            // Enough reads to span many timer ticks under TCG.
            for (uint i = 0; i < 5_000_000; i++)
            {
                if (ReadFs0() != MagicB) wrong++;
                s_otherReads = i + 1;
            }
            s_otherWrong = wrong;
            s_otherDone = 1;
            return 7;
        }
    }
}
