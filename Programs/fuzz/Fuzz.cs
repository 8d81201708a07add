using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// The ring-3 syscall fuzzer (docs/testing.md "The ring-3 syscall fuzzer"). init starts
    /// PROCESSES copies with args [fuzz, worker, seed, calls, index, image size, ring endpoint,
    /// next channel, previous channel] and capabilities [console, its image, a resource, the
    /// control page, the kernel log, SystemInfo, its ring endpoint]; each runs <see cref="Threads"/>
    /// threads making random calls until the process has made its share, then exits with the
    /// number of anomalies it saw (0: none). Anything else started from this image — the children
    /// the fuzz calls create, with whatever args — yields a little and exits.
    /// </summary>
    public static unsafe class Fuzz
    {
        public const int Threads = FuzzControl.Threads;
        private const int ConsoleSlot = 0, ImageSlot = 1, ResourceSlot = 2, ControlSlot = 3, LogSlot = 4, InfoSlot = 5, RingSlot = 6;

        internal static byte* Control;
        internal static readonly ulong[] StubTids = new ulong[12];
        private static readonly ulong[] s_originals = new ulong[7];
        private static readonly FuzzThread[] s_threads = new FuzzThread[Threads];

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "fuzz_exit_thread_address")]
        private static extern ulong StubAddress();

        public static int Main(string[] args)
        {
            if (args.Length != 9 || args[1] != "worker" || Process.CapabilityCount != 7) return Child();
            ulong seed = Number(args[2]), calls = Number(args[3]), size = Number(args[5]);
            int index = (int)Number(args[4]);
            if (index >= FuzzControl.MaxProcesses) return 2;
            if (!SetUp(size)) return 3;
            for (int i = 0; i < 7; i++)
            {
                s_originals[i] = Process.GrantedCapability(i).Raw;
                Pool.Protect(s_originals[i]);
            }
            Pool.EndpointIds[0] = Number(args[6]);
            Pool.Channels[0] = Number(args[7]);
            Pool.Channels[1] = Number(args[8]);

            SysResult blocks = Sys.Mmap(0, Threads * (FuzzThread.OutBytes + FuzzThread.BuildBytes), ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous | MapFlags.Populate, Capability.Null, 0);
            if (!blocks.IsOk) return 4;
            for (int t = 0; t < Threads; t++)
            {
                var f = new FuzzThread
                {
                    Process = index,
                    Index = t,
                    R = new Rng(seed, (ulong)index, (ulong)t),
                    Share = calls / Threads + (t == 0 ? calls % Threads : 0),
                    Record = FuzzControl.Thread(Control, index, t),
                    Out = (byte*)blocks.Value + t * (FuzzThread.OutBytes + FuzzThread.BuildBytes),
                };
                f.Build = f.Out + FuzzThread.OutBytes;
                s_threads[t] = f;
                Refill(ref f.R, f, all: true);
            }
            // The small runtime runs a class's static constructor on first use without a lock: run them
            // here, before a second thread could race to the same first use and read a null array.
            FuzzThread.RunStaticConstructors();
            var others = new UserThread[Threads];
            for (int t = 1; t < Threads; t++)
                if (!Veridian.UserRuntime.Threads.Start(&ThreadMain, (ulong)t, Veridian.UserRuntime.Threads.DefaultStackSize, out others[t]).IsOk)
                    return 5;
            ThreadMain(0);
            for (int t = 1; t < Threads; t++)
                Veridian.UserRuntime.Threads.Join(ref others[t], Abi.WaitForever);   // NotFound if a fuzz call joined it first
            // The children still known: ended at once (exit would do it too; this reaps them).
            for (int i = 0; i < Pool.Pids.Length; i++)
            {
                if (Pool.Pids[i] == 0) continue;
                Sys.KillProcess(new ProcessId(Pool.Pids[i]));
                Sys.WaitProcess(new ProcessId(Pool.Pids[i]), 100_000_000);
            }
            ulong* p = FuzzControl.Process(Control, index);
            p[FuzzControl.Done] = 1;
            return p[FuzzControl.Anomalies] > 100 ? 100 : (int)p[FuzzControl.Anomalies];
        }

        private static int ThreadMain(ulong index)
        {
            FuzzThread f = s_threads[index];
            TouchStack(12);
            f.SelfTid = Sys.ThreadSelf().Value.Raw;
            Pool.Tids[index] = f.SelfTid;
            f.Run();
            return 0;
        }

        // Every page of the stack this thread will use is touched now: once the fuzz calls have used
        // up the process's frame quota, a first touch of a stack page would kill it.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ulong TouchStack(int pages)
        {
            byte* page = stackalloc byte[3072];
            page[0] = (byte)pages;
            return pages == 0 ? page[0] : TouchStack(pages - 1) + page[0];
        }

        private static bool SetUp(ulong imageSize)
        {
            SysResult control = Sys.Mmap(0, FuzzControl.Size, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Shared,
                Process.GrantedCapability(ControlSlot), 0);
            SysResult image = Spawn.MapImage(Process.GrantedCapability(ImageSlot), imageSize);
            MapFlags fixedAnon = MapFlags.Private | MapFlags.Anonymous | MapFlags.Fixed;
            SysResult arena = Sys.Mmap(Space.ArenaBase, Space.ArenaSize, ProtectionFlags.Read | ProtectionFlags.Write, fixedAnon, Capability.Null, 0);
            SysResult guard = Sys.Mmap(Space.ArenaEnd, Abi.PageSize, ProtectionFlags.None, fixedAnon, Capability.Null, 0);
            SysResult data = Sys.Mmap(0, 2 * Abi.PageSize, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous | MapFlags.Populate, Capability.Null, 0);
            if (!control.IsOk || !image.IsOk || !arena.IsOk || !guard.IsOk || !data.IsOk) return false;
            Control = (byte*)control.Value;
            Space.ImageAddr = image.Value;
            Space.ImageSize = imageSize;
            Space.DataAddr = data.Value;
            string texts = "fuzzchild";
            for (int i = 0; i < texts.Length; i++) ((byte*)data.Value)[i] = (byte)texts[i];
            Space.StubEntry = StubAddress();
            return true;
        }

        // Started by a fuzz call: be a short-lived process (so waits, kills and starts find one alive or ended).
        // Started by hand (no arguments): say how it is meant to run.
        private static int Child()
        {
            if (Process.RawArgumentCount == 1 && Process.CapabilityCount == 2)
            {
                Console.WriteLine("fuzz: init runs it, with the kernel command line `fuzz SEED COUNT [PROCESSES]` (docs/testing.md)");
                return 2;
            }
            for (int i = 0; i < 3; i++) Sys.Yield();
            return 7;
        }

        /// <summary>Fresh derivatives of what the process was started with, so revokes never empty the pool for good.</summary>
        internal static void Refill(ref Rng r, FuzzThread f, bool all = false)
        {
            if (!all && r.OneIn(4)) f.RestoreArena();
            for (int i = 1; i < 7; i++)
            {
                // The control page is init's record, not a fuzz target; the ring endpoint is renewed every time.
                if (i == ControlSlot || (!all && i != RingSlot && !r.OneIn(8))) continue;
                ulong rights = i == ImageSlot ? Rights.ReadBit | Rights.GrantBit | Rights.DeriveBit
                    : (r.Next() & Rights.ValidMask) | Rights.GrantBit | Rights.DeriveBit;
                ulong ret = f.Call((ulong)SyscallNumber.CapabilityDerive, s_originals[i], rights);
                if (SyscallReturn.IsError(ret)) continue;
                f.KeepCap(ret);
                if (i == RingSlot)
                {
                    Pool.EndpointCaps[0] = ret;
                    Pool.ChannelCaps[0] = Pool.ChannelCaps[1] = ret;
                }
            }
            // The console only without Read and Write: nothing typed is taken, nothing is printed.
            if (all || r.OneIn(8))
            {
                ulong c = f.Call((ulong)SyscallNumber.CapabilityDerive, s_originals[ConsoleSlot], Rights.GrantBit | Rights.DeriveBit);
                if (!SyscallReturn.IsError(c)) f.KeepCap(c);
            }
        }

        internal static void Track(ref Rng r, ulong address, ulong length, FuzzThread f)
        {
            for (int i = 0; i < Pool.MapAddr.Length; i++)
            {
                if (Pool.MapAddr[i] != 0) continue;
                Pool.MapLen[i] = length;
                Pool.MapAddr[i] = address;
                return;
            }
            // Full: give this one back now (64 regions is the whole address space's limit).
            f.Call((ulong)SyscallNumber.Munmap, address, length);
        }

        internal static void Untrack(ulong address, ulong length)
        {
            for (int i = 0; i < Pool.MapAddr.Length; i++)
                if (Pool.MapAddr[i] == address && Pool.MapLen[i] <= length) Pool.MapAddr[i] = 0;
        }

        /// <summary>Puts <paramref name="value"/> in a free slot; false if there is none.</summary>
        internal static bool PutFree(ulong[] into, ulong value)
        {
            for (int i = 0; i < into.Length; i++)
            {
                if (into[i] != 0) continue;
                into[i] = value;
                return true;
            }
            return false;
        }

        private static ulong Number(string s)
        {
            long v = Text.ParseDecimal(s, 0, s.Length);
            return v < 0 ? 0 : (ulong)v;
        }
    }
}
