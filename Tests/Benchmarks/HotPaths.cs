using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Veridian.Kernel;
using Veridian.Kernel.Caps;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;

namespace Veridian.Benchmarks
{
    /// <summary>
    /// The paths that must be allocation-free and constant-time: capability lookup, validate
    /// through the dispatcher, and an IPC send + receive between two processes.
    /// </summary>
    [MemoryDiagnoser]
    public class HotPaths
    {
        private KernelServices kernel;
        private Thread server;
        private Thread client;
        private CapabilitySpace space;
        private Capability token;
        private SyscallFrame validate;
        private SyscallFrame send16;
        private SyscallFrame send4k;
        private SyscallFrame receive;

        [GlobalSetup]
        public void Setup()
        {
            var platform = new SimulatedPlatform(8192);
            kernel = new KernelServices(platform, KernelConfig.Default);
            Process init = kernel.Tasks.CreateInitialProcess(out server);
            space = init.Capabilities;
            token = space.TokenOf(1);

            ulong heap = Ok(server, SyscallFrames.Mmap(0, 64 * 1024, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Private | MapFlags.Anonymous | MapFlags.Populate, Capability.Null, 0));
            ulong cursor = heap;
            ulong Put(Process p, ReadOnlySpan<byte> bytes, ref ulong at)
            {
                ulong here = at;
                Check(UserMemory.CopyOut(p.Memory, here, bytes, true));
                at += ((ulong)bytes.Length + 15) & ~15UL;
                return here;
            }

            ulong epOut = Put(init, new byte[16], ref cursor);
            ulong a = Ok(server, SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(epOut)));
            Capability aCap = MemoryMarshal.Read<EndpointCreateResult>(Peek(init, epOut, 16)).Capability;
            ulong b = Ok(server, SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(epOut)));
            Capability bCap = MemoryMarshal.Read<EndpointCreateResult>(Peek(init, epOut, 16)).Capability;
            ulong channel = Ok(server, SyscallFrames.IpcChannelCreate(new EndpointId(a), new EndpointId(b), aCap, bCap));

            byte[] image = ElfBuilder.Minimal().Build();
            ulong bin = Put(init, image, ref cursor);
            ulong caps = Put(init, MemoryMarshal.AsBytes(new ReadOnlySpan<Capability>(new[] { bCap })), ref cursor);
            ulong pid = Ok(server, SyscallFrames.CreateProcess(new UserBuffer(bin, (ulong)image.Length), new UserArray<UserString>(0, 0), new UserArray<Capability>(caps, 1)));
            Ok(server, SyscallFrames.StartProcess(new ProcessId(pid)));
            Process child = kernel.LookupProcess(new ProcessId(pid));
            client = child.MainThread;
            var info = MemoryMarshal.Read<StartInfo>(Peek(child, client.Argument, 32));
            Capability bAtChild = MemoryMarshal.Read<Capability>(Peek(child, info.Capabilities, 8));

            ulong childHeap = Ok(client, SyscallFrames.Mmap(0, 16 * 1024, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Private | MapFlags.Anonymous | MapFlags.Populate, Capability.Null, 0));
            ulong msg = childHeap;
            ulong buffer = Put(init, new byte[4096], ref cursor);
            ulong result = Put(init, new byte[32], ref cursor);

            validate = SyscallFrames.CapabilityValidate(token, Rights.Write);
            send16 = SyscallFrames.IpcSend(new ChannelId(channel), new UserBuffer(msg, 16), Capability.Null, bAtChild);
            send4k = SyscallFrames.IpcSend(new ChannelId(channel), new UserBuffer(msg, 4096), Capability.Null, bAtChild);
            receive = SyscallFrames.IpcReceive(new EndpointId(a), new UserOutBuffer(buffer, 4096), 0, aCap, new UserOutPtr<IpcReceiveResult>(result));

            // Warm every path once (the simulated machine makes its frame arrays on first touch).
            CapabilityValidate();
            IpcSendReceiveSmall();
            IpcSendReceive4K();
        }

        [Benchmark]
        public SyscallError CapabilityLookup()
        {
            return space.Lookup(token, ObjectType.Console, Rights.Write, out int _);
        }

        [Benchmark]
        public ulong CapabilityValidate()
        {
            SyscallFrame f = validate;
            SyscallDispatcher.Dispatch(kernel, server, ref f);
            return f.Return;
        }

        [Benchmark]
        public ulong IpcSendReceiveSmall()
        {
            SyscallFrame s = send16;
            SyscallDispatcher.Dispatch(kernel, client, ref s);
            SyscallFrame r = receive;
            SyscallDispatcher.Dispatch(kernel, server, ref r);
            return r.Return;
        }

        [Benchmark]
        public ulong IpcSendReceive4K()
        {
            SyscallFrame s = send4k;
            SyscallDispatcher.Dispatch(kernel, client, ref s);
            SyscallFrame r = receive;
            SyscallDispatcher.Dispatch(kernel, server, ref r);
            return r.Return;
        }

        private ulong Ok(Thread t, SyscallFrame f)
        {
            SyscallNumber n = (SyscallNumber)f.Number;
            SyscallDispatcher.Dispatch(kernel, t, ref f);
            if (SyscallReturn.IsError(f.Return))
                throw new InvalidOperationException(n + " failed: " + SyscallReturn.GetError(f.Return));
            return SyscallReturn.GetValue(f.Return);
        }

        private static byte[] Peek(Process p, ulong at, int length)
        {
            var b = new byte[length];
            Check(UserMemory.CopyIn(p.Memory, at, b));
            return b;
        }

        private static void Check(SyscallError e)
        {
            if (e != SyscallError.Success)
                throw new InvalidOperationException(e.ToString());
        }

        /// <summary>Runs each path once and checks it succeeded: a smoke test for the setup.</summary>
        public void Verify()
        {
            Setup();
            if (CapabilityLookup() != SyscallError.Success || SyscallReturn.IsError(CapabilityValidate())
                || SyscallReturn.GetValue(IpcSendReceiveSmall()) != 16 || SyscallReturn.GetValue(IpcSendReceive4K()) != 4096)
                throw new InvalidOperationException("benchmark setup is broken");
        }
    }
}
