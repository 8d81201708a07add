using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Veridian.Kernel;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
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
            K = new KernelServices(Platform, config ?? KernelConfig.Default);
            Init = K.Tasks.CreateInitialProcess(out InitThread);
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

        /// <summary>Runs a UserLib call as <paramref name="t"/> that must block.</summary>
        public void UserBlocks(Thread t, Action call)
        {
            User(t);
            Assert.Throws<SyscallBlockedException>(call);
            Assert.Equal(ThreadState.Blocked, t.State);
        }

        // ---- raw syscalls ----

        public SyscallOutcome Invoke(Thread t, SyscallNumber n, out ulong ret, params ulong[] a)
        {
            var frame = new SyscallFrame((ulong)n, Arg(a, 0), Arg(a, 1), Arg(a, 2), Arg(a, 3), Arg(a, 4), Arg(a, 5));
            SyscallOutcome o = SyscallDispatcher.Dispatch(K, t, ref frame);
            ret = o == SyscallOutcome.Completed ? frame.Return : 0;
            return o;
        }

        private static ulong Arg(ulong[] a, int i) => i < a.Length ? a[i] : 0;

        /// <summary>A syscall that must complete; returns the raw return register.</summary>
        public ulong Raw(Thread t, SyscallNumber n, params ulong[] a)
        {
            SyscallOutcome o = Invoke(t, n, out ulong ret, a);
            Assert.Equal(SyscallOutcome.Completed, o);
            return ret;
        }

        /// <summary>A syscall that must succeed; returns the value.</summary>
        public ulong Ok(Thread t, SyscallNumber n, params ulong[] a)
        {
            ulong r = Raw(t, n, a);
            Assert.Equal(SyscallError.Success, SyscallReturn.GetError(r));
            return SyscallReturn.GetValue(r);
        }

        /// <summary>A syscall that must complete with an error; returns it.</summary>
        public SyscallError Err(Thread t, SyscallNumber n, params ulong[] a)
        {
            ulong r = Raw(t, n, a);
            Assert.True(SyscallReturn.IsError(r), $"{n} was expected to fail but returned {r:x}");
            return SyscallReturn.GetError(r);
        }

        /// <summary>A syscall that must block.</summary>
        public void Blocks(Thread t, SyscallNumber n, params ulong[] a)
        {
            Assert.Equal(SyscallOutcome.Blocked, Invoke(t, n, out _, a));
            Assert.Equal(ThreadState.Blocked, t.State);
        }

        /// <summary>A syscall after which the calling thread is gone (exit).</summary>
        public void Exits(Thread t, SyscallNumber n, params ulong[] a)
        {
            Assert.Equal(SyscallOutcome.Exited, Invoke(t, n, out _, a));
        }

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
            return Ok(t, SyscallNumber.Mmap, 0, length, (ulong)prot, (ulong)(MapFlags.Private | MapFlags.Anonymous | extra), 0, 0);
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
            ulong outp = Reserve(t.Process, 16);
            ulong id = Ok(t, SyscallNumber.IpcEndpointCreate, outp);
            var r = PeekStruct<EndpointCreateResult>(t.Process, outp);
            Assert.Equal(id, r.Endpoint.Raw);
            return (r.Endpoint, r.Capability);
        }

        public ChannelId NewChannel(Thread t, (EndpointId Id, Capability Cap) a, (EndpointId Id, Capability Cap) b)
        {
            return new ChannelId(Ok(t, SyscallNumber.IpcChannelCreate, a.Id.Raw, b.Id.Raw, a.Cap.Raw, b.Cap.Raw));
        }

        public Capability NewMemory(Thread t, ulong bytes, uint rights = Rights.ValidMask)
        {
            return new Capability(Ok(t, SyscallNumber.CapabilityCreate, (ulong)ObjectType.Memory, bytes, rights, RootResource.Raw));
        }

        public SyscallError Send(Thread t, ChannelId ch, Capability endpointCap, byte[] message, Capability transfer = default)
        {
            ulong buf = Put(t.Process, message);
            return SyscallReturn.GetError(Raw(t, SyscallNumber.IpcSend, ch.Raw, buf, (ulong)message.Length, transfer.Raw, endpointCap.Raw));
        }

        /// <summary>Receive that must complete; returns the error, the bytes and the result struct.</summary>
        public (SyscallError Error, byte[] Data, IpcReceiveResult Result) Receive(Thread t, (EndpointId Id, Capability Cap) ep,
            ulong bufferLength = 4096, ulong timeout = Abi.NoWait)
        {
            ulong buf = Reserve(t.Process, Math.Max(bufferLength, 1));
            ulong outp = Reserve(t.Process, 32);
            ulong r = Raw(t, SyscallNumber.IpcReceive, ep.Id.Raw, buf, bufferLength, timeout, ep.Cap.Raw, outp);
            var res = PeekStruct<IpcReceiveResult>(t.Process, outp);
            SyscallError e = SyscallReturn.GetError(r);
            byte[] data = e == SyscallError.Success ? Peek(t.Process, buf, (int)SyscallReturn.GetValue(r)) : Array.Empty<byte>();
            return (e, data, res);
        }

        // ---- processes ----

        public ulong LoadImage(Process into, byte[] image) => Put(into, image);

        /// <summary>SYS_PROCESS_CREATE from <paramref name="parent"/> with a minimal image; returns the raw return.</summary>
        public ulong CreateRaw(Thread parent, byte[] image, string[] args = null, Capability[] grants = null)
        {
            ulong bin = Put(parent.Process, image);
            args ??= Array.Empty<string>();
            grants ??= Array.Empty<Capability>();
            var strs = new UserString[args.Length];
            for (int i = 0; i < args.Length; i++)
            {
                byte[] s = System.Text.Encoding.UTF8.GetBytes(args[i]);
                strs[i] = new UserString(s.Length == 0 ? 0 : Put(parent.Process, s), (ulong)s.Length);
            }
            ulong argv = args.Length == 0 ? 0 : Put(parent.Process, MemoryMarshal.AsBytes(strs.AsSpan()));
            ulong caps = grants.Length == 0 ? 0 : Put(parent.Process, MemoryMarshal.AsBytes(grants.AsSpan()));
            return Raw(parent, SyscallNumber.ProcessCreate, bin, (ulong)image.Length, argv, (ulong)args.Length, caps, (ulong)grants.Length);
        }

        /// <summary>Creates and starts a child of <paramref name="parent"/> (init by default) with a minimal image.</summary>
        public (Process Process, Thread Main) Spawn(Thread parent = null, params Capability[] grants)
        {
            parent ??= InitThread;
            ulong r = CreateRaw(parent, ElfBuilder.Minimal().Build(), null, grants);
            Assert.False(SyscallReturn.IsError(r), $"create failed: {SyscallReturn.GetError(r)}");
            var pid = new ProcessId(r);
            Ok(parent, SyscallNumber.ProcessStart, pid.Raw);
            Process p = K.LookupProcess(pid);
            return (p, p.MainThread);
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
            ulong tid = Ok(creator, SyscallNumber.ThreadCreate, code, stack, 16384, 7);
            return K.LookupThread(new ThreadId(tid));
        }
    }
}
