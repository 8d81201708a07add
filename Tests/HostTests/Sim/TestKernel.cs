using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Veridian.Kernel;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests.Sim
{
    /// <summary>
    /// A kernel over a simulated platform with an init process, and helpers that make
    /// syscalls the way user code would: through a register frame and the dispatcher, with
    /// arguments placed in the calling process's own memory.
    /// </summary>
    public sealed class TestKernel
    {
        public readonly SimulatedPlatform Platform;
        public readonly KernelServices K;
        public readonly Process Init;
        public readonly Thread InitThread;
        private readonly Dictionary<Process, (ulong Next, ulong End)> heaps = new();

        public const ulong HeapSize = 256 * 1024;

        public TestKernel(KernelConfig? config = null, int frames = 4096)
        {
            Platform = new SimulatedPlatform(frames);
            KernelConfig c = config ?? KernelConfig.Default;
            if (GeneralIpcOnly.Value)
                c.IpcFastPath = false;
            K = new KernelServices(Platform, c);
            Init = K.Tasks.CreateInitialProcess(out InitThread);
        }

        // While set (for the current test: an AsyncLocal flows from the test class's constructor
        // into its test method), every kernel made here runs IPC through the general path only.
        private static readonly System.Threading.AsyncLocal<bool> GeneralIpcOnly = new System.Threading.AsyncLocal<bool>();

        /// <summary>
        /// From a test class's field initialiser (which runs before its base class's constructor):
        /// the kernels of this test, the base's included, have the IPC fast path off, so a
        /// subclass runs a whole IPC test class again through the general path. Returns true.
        /// </summary>
        public static bool UseGeneralIpcOnly()
        {
            GeneralIpcOnly.Value = true;
            return true;
        }

        public Capability RootResource => Init.Capabilities.TokenOf(0);
        public Capability ConsoleCap => Init.Capabilities.TokenOf(1);
        public Capability LogCap => Init.Capabilities.TokenOf(2);

        // ---- UserLib on the host ----

        /// <summary>
        /// Makes <paramref name="t"/> the caller of this test thread's UserLib calls
        /// (<c>Veridian.UserLib.Sys.*</c>): they go through the real dispatcher, with their
        /// buffers in <paramref name="t"/>'s process memory.
        /// </summary>
        public KernelBackend User(Thread t)
        {
            var backend = new KernelBackend(this, t);
            Veridian.UserLib.Syscall.Backend = backend;
            return backend;
        }

        /// <summary>Runs UserLib calls as <paramref name="t"/>, then puts back whatever backend the test had selected.</summary>
        public T As<T>(Thread t, Func<T> calls)
        {
            ISyscallBackend previous = Veridian.UserLib.Syscall.Backend;
            User(t);
            try
            {
                return calls();
            }
            finally
            {
                Veridian.UserLib.Syscall.Backend = previous;
            }
        }

        /// <summary>Runs a UserLib call as <paramref name="t"/> that must block.</summary>
        public void UserBlocks(Thread t, Action call)
        {
            User(t);
            Assert.Throws<SyscallBlockedException>(call);
            Assert.Equal(ThreadState.Blocked, t.State);
        }

        // ---- syscalls as frames ----
        // Build the frame with the generated SyscallFrames.X(typed arguments), which follows the
        // one declaration (ISyscallApi), e.g. tk.Err(t, SyscallFrames.Read(cap, new UserOutBuffer(p, 4), 0)).

        public SyscallOutcome Invoke(Thread t, SyscallFrame frame, out ulong ret)
        {
            SyscallOutcome o = SyscallDispatcher.Dispatch(K, t, ref frame);
            ret = o == SyscallOutcome.Completed ? frame.Return : 0;
            ErrorLedger.Check(frame.Number, ret);
            return o;
        }

        /// <summary>A syscall that must complete; returns the raw return register.</summary>
        public ulong Raw(Thread t, SyscallFrame frame)
        {
            SyscallOutcome o = Invoke(t, frame, out ulong ret);
            Assert.Equal(SyscallOutcome.Completed, o);
            return ret;
        }

        /// <summary>A syscall that must succeed; returns the value.</summary>
        public ulong Ok(Thread t, SyscallFrame frame)
        {
            ulong r = Raw(t, frame);
            Assert.Equal(SyscallError.Success, SyscallReturn.GetError(r));
            return SyscallReturn.GetValue(r);
        }

        /// <summary>A syscall that must complete with an error; returns it.</summary>
        public SyscallError Err(Thread t, SyscallFrame frame)
        {
            ulong r = Raw(t, frame);
            Assert.True(SyscallReturn.IsError(r), $"{(SyscallNumber)frame.Number} was expected to fail but returned {r:x}");
            return SyscallReturn.GetError(r);
        }

        /// <summary>A syscall that must block.</summary>
        public void Blocks(Thread t, SyscallFrame frame)
        {
            Assert.Equal(SyscallOutcome.Blocked, Invoke(t, frame, out _));
            Assert.Equal(ThreadState.Blocked, t.State);
        }

        /// <summary>A syscall after which the calling thread is gone (exit).</summary>
        public void Exits(Thread t, SyscallFrame frame)
        {
            Assert.Equal(SyscallOutcome.Exited, Invoke(t, frame, out _));
        }

        // ---- raw registers: for tests of the register decoding itself (values that do not fit
        // the declared types). Every other test builds its frame with SyscallFrames; these
        // overloads also keep tests written before the declaration compiling until converted.

        public SyscallOutcome Invoke(Thread t, SyscallNumber n, out ulong ret, params ulong[] a)
            => Invoke(t, new SyscallFrame((ulong)n, Arg(a, 0), Arg(a, 1), Arg(a, 2), Arg(a, 3), Arg(a, 4), Arg(a, 5)), out ret);

        private static ulong Arg(ulong[] a, int i) => i < a.Length ? a[i] : 0;

        public ulong Raw(Thread t, SyscallNumber n, params ulong[] a)
            => Raw(t, new SyscallFrame((ulong)n, Arg(a, 0), Arg(a, 1), Arg(a, 2), Arg(a, 3), Arg(a, 4), Arg(a, 5)));

        public SyscallError Err(Thread t, SyscallNumber n, params ulong[] a)
            => Err(t, new SyscallFrame((ulong)n, Arg(a, 0), Arg(a, 1), Arg(a, 2), Arg(a, 3), Arg(a, 4), Arg(a, 5)));

        public ulong Ok(Thread t, SyscallNumber n, params ulong[] a)
            => Ok(t, new SyscallFrame((ulong)n, Arg(a, 0), Arg(a, 1), Arg(a, 2), Arg(a, 3), Arg(a, 4), Arg(a, 5)));

        public void Blocks(Thread t, SyscallNumber n, params ulong[] a)
            => Blocks(t, new SyscallFrame((ulong)n, Arg(a, 0), Arg(a, 1), Arg(a, 2), Arg(a, 3), Arg(a, 4), Arg(a, 5)));

        public void Exits(Thread t, SyscallNumber n, params ulong[] a)
            => Exits(t, new SyscallFrame((ulong)n, Arg(a, 0), Arg(a, 1), Arg(a, 2), Arg(a, 3), Arg(a, 4), Arg(a, 5)));

        /// <summary>The error a woken thread's syscall ended with (Success if none).</summary>
        public static SyscallError WokenWith(Thread t)
        {
            Assert.NotEqual(ThreadState.Blocked, t.State);
            return SyscallReturn.GetError(t.ReturnValue);
        }

        // ---- user memory ----

        public ulong MapAnon(Thread t, ulong length, ProtectionFlags prot = ProtectionFlags.Read | ProtectionFlags.Write,
            MapFlags extra = MapFlags.None)
        {
            SysResult r = As(t, () => Sys.Mmap(0, length, prot, MapFlags.Private | MapFlags.Anonymous | extra, Capability.Null, 0));
            Assert.Equal(SyscallError.Success, r.Error);
            return r.Value;
        }

        /// <summary>Bytes placed in <paramref name="p"/>'s memory (a per-process bump heap), returns the address.</summary>
        public ulong Put(Process p, ReadOnlySpan<byte> data)
        {
            ulong at = Reserve(p, (ulong)Math.Max(data.Length, 1));
            Assert.Equal(SyscallError.Success, UserMemory.CopyOut(p.Memory, at, data, true));
            return at;
        }

        public ulong PutStruct<T>(Process p, T value) where T : unmanaged
        {
            return Put(p, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(new[] { value })));
        }

        /// <summary>Zeroed, writable space in <paramref name="p"/>'s memory.</summary>
        public ulong Reserve(Process p, ulong length)
        {
            if (!heaps.TryGetValue(p, out var h) || h.End - h.Next < length)
            {
                Thread t = AnyThread(p);
                ulong size = Math.Max(HeapSize, (length + 4095) & ~4095UL);
                ulong start = MapAnon(t, size);
                h = (start, start + size);
            }
            ulong at = h.Next;
            heaps[p] = ((at + length + 15) & ~15UL, h.End);
            return at;
        }

        public byte[] Peek(Process p, ulong va, int length)
        {
            var b = new byte[length];
            Assert.Equal(SyscallError.Success, UserMemory.CopyIn(p.Memory, va, b));
            return b;
        }

        public T PeekStruct<T>(Process p, ulong va) where T : unmanaged
        {
            byte[] b = Peek(p, va, Marshal.SizeOf<T>());
            return MemoryMarshal.Read<T>(b);
        }

        public Thread AnyThread(Process p)
        {
            for (int i = 0; i < K.Config.MaxThreads; i++)
            {
                Thread t = K.Scheduler.At(i);
                if (t == null)
                    break;
                if (t.Process == p)
                    return t;
            }
            if (p.MainThread != null)
                return p.MainThread;
            throw new InvalidOperationException("process has no runnable thread");
        }

        // ---- objects ----

        public (EndpointId Id, Capability Cap) NewEndpoint(Thread t)
        {
            SysResult<EndpointCreateResult> r = As(t, () => Sys.IpcEndpointCreate());
            Assert.Equal(SyscallError.Success, r.Error);
            Assert.Equal(r.Status.Value, r.Value.Endpoint.Raw);
            return (r.Value.Endpoint, r.Value.Capability);
        }

        public ChannelId NewChannel(Thread t, (EndpointId Id, Capability Cap) a, (EndpointId Id, Capability Cap) b)
        {
            SysResult<ChannelId> r = As(t, () => Sys.IpcChannelCreate(a.Id, b.Id, a.Cap, b.Cap));
            Assert.Equal(SyscallError.Success, r.Error);
            return r.Value;
        }

        /// <summary>Init with endpoints a and b and a channel between them, and a child granted b's capability.</summary>
        public ServerAndClient ServerAndClient()
        {
            Thread server = InitThread;
            var a = NewEndpoint(server);
            var b = NewEndpoint(server);
            ChannelId ch = NewChannel(server, a, b);
            var (child, client) = Spawn(server, b.Cap);
            return new ServerAndClient(server, a, b, ch, child, client, Granted(client)[0]);
        }

        public Capability NewMemory(Thread t, ulong bytes, uint rights = Rights.ValidMask)
        {
            SysResult<Capability> r = As(t, () => Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(bytes), new Rights(rights), RootResource));
            Assert.Equal(SyscallError.Success, r.Error);
            return r.Value;
        }

        public SyscallError Send(Thread t, ChannelId ch, Capability endpointCap, byte[] message, Capability transfer = default)
        {
            return As(t, () => Sys.IpcSend(ch, message, transfer, endpointCap)).Error;
        }

        /// <summary>Receive that must complete; returns the error, the bytes and the result struct.</summary>
        public (SyscallError Error, byte[] Data, IpcReceiveResult Result) Receive(Thread t, (EndpointId Id, Capability Cap) ep,
            ulong bufferLength = 4096, ulong timeout = Abi.NoWait)
        {
            var buffer = new byte[bufferLength];
            SysResult<IpcReceiveResult> r = As(t, () => Sys.IpcReceive(ep.Id, buffer, timeout, ep.Cap));
            byte[] data = r.IsOk ? buffer.AsSpan(0, (int)r.Status.Value).ToArray() : Array.Empty<byte>();
            return (r.Error, data, r.Value);
        }

        // ---- processes ----

        public ulong LoadImage(Process into, byte[] image) => Put(into, image);

        /// <summary>SYS_PROCESS_CREATE from <paramref name="parent"/> with a minimal image; returns the raw return.</summary>
        public ulong CreateRaw(Thread parent, byte[] image, string[] args = null, Capability[] grants = null)
        {
            args ??= Array.Empty<string>();
            grants ??= Array.Empty<Capability>();
            var strs = new UserString[args.Length];
            for (int i = 0; i < args.Length; i++)
            {
                byte[] s = System.Text.Encoding.UTF8.GetBytes(args[i]);
                strs[i] = new UserString(s.Length == 0 ? 0 : Put(parent.Process, s), (ulong)s.Length);
            }
            return As(parent, () => Sys.CreateProcess(image, strs, grants)).Raw;
        }

        /// <summary>Creates and starts a child of <paramref name="parent"/> (init by default) with a minimal image.</summary>
        public (Process Process, Thread Main) Spawn(Thread parent = null, params Capability[] grants)
        {
            parent ??= InitThread;
            ulong r = CreateRaw(parent, ElfBuilder.Minimal().Build(), null, grants);
            Assert.False(SyscallReturn.IsError(r), $"create failed: {SyscallReturn.GetError(r)}");
            var pid = new ProcessId(r);
            Assert.Equal(SyscallError.Success, As(parent, () => Sys.StartProcess(pid)).Error);
            Process p = K.LookupProcess(pid);
            return (p, p.MainThread);
        }

        /// <summary>A started child of init whose quota is <paramref name="percent"/> of init's (a Resource share granted at creation).</summary>
        public (Process Process, Thread Main) SpawnWithShare(int percent)
        {
            var share = new Capability(Ok(InitThread, SyscallFrames.CapabilityCreate(ObjectType.Resource, new ObjectId((ulong)percent), Rights.All, RootResource)));
            return Spawn(InitThread, share);
        }

        /// <summary>The capabilities a new process found in its StartInfo.</summary>
        public Capability[] Granted(Thread main)
        {
            var info = PeekStruct<StartInfo>(main.Process, main.Argument);
            var caps = new Capability[info.CapabilityCount];
            for (int i = 0; i < caps.Length; i++)
                caps[i] = PeekStruct<Capability>(main.Process, info.Capabilities + (ulong)i * 8);
            return caps;
        }

        /// <summary>A second thread in <paramref name="p"/> (maps an executable page and a stack for it).</summary>
        public Thread NewThread(Thread creator)
        {
            ulong code = MapAnon(creator, 4096, ProtectionFlags.Read | ProtectionFlags.Exec);
            ulong stack = MapAnon(creator, 16384);
            SysResult<ThreadId> tid = As(creator, () => Sys.CreateThread(code, stack, 16384, 7));
            Assert.Equal(SyscallError.Success, tid.Error);
            return K.LookupThread(tid.Value);
        }
    }
}
