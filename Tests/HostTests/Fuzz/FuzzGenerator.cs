using System;
using System.Collections.Generic;
using Veridian.Syscalls;

namespace Veridian.Tests.Fuzz
{
    /// <summary>
    /// Random steps from a seed. Each syscall gets a template of plausible arguments (so calls
    /// get past decoding into the interesting paths), and every argument is replaced by a
    /// random kind one time in five: forged, stale and foreign tokens, wrong ids, addresses
    /// outside, across and beyond mappings, zero, huge and unaligned lengths.
    /// </summary>
    public static class FuzzGenerator
    {
        private static readonly ulong[] Lengths = { 0, 1, 7, 8, 16, 24, 32, 64, 100, 4095, 4096, 4097, 8192, 1 << 20, 1UL << 46, ulong.MaxValue };
        private static readonly ulong[] Timeouts = { 0, 0, 1, 1000, 1_000_000, 50_000_000, Abi.WaitForever, ulong.MaxValue - 1 };

        public static List<FuzzStep> Steps(int seed, int count)
        {
            var r = new Random(seed);
            var steps = new List<FuzzStep>(count);
            for (int i = 0; i < count; i++)
                steps.Add(Step(r));
            return steps;
        }

        private static FuzzStep Step(Random r)
        {
            var s = new FuzzStep { Thread = r.Next(64) };
            int roll = r.Next(100);
            if (roll < 6)
            {
                s.Kind = StepKind.AdvanceTime;
                s.Value = r.Next(10) == 0 ? ulong.MaxValue / (ulong)(1 + r.Next(4)) : (ulong)r.Next(100_000_000);
                return s;
            }
            if (roll < 8)
            {
                s.Kind = StepKind.PageFault;
                s.Value = Addresses[r.Next(Addresses.Length)] + (ulong)r.Next(1 << 20);
                return s;
            }
            if (roll < 9)
            {
                s.Kind = StepKind.Kill;
                return s;
            }
            s.Kind = StepKind.Syscall;
            SyscallNumber[] numbers = Numbers;
            s.Number = r.Next(50) == 0 ? (SyscallNumber)r.Next(256) : numbers[r.Next(numbers.Length)];
            if (s.Number == SyscallNumber.Exit && r.Next(4) != 0)
                s.Number = SyscallNumber.Yield;     // whole-process exits, but not so often that worlds die young
            ArgKind[] template = Template(s.Number);
            // One pick shared by the arguments that must agree (an id and the capability naming it).
            int shared = r.Next(1000);
            for (int i = 0; i < s.Args.Length; i++)
            {
                ArgKind k = i < template.Length ? template[i] : ArgKind.Raw;
                if (r.Next(12) == 0)
                    k = (ArgKind)r.Next(Enum.GetValues<ArgKind>().Length);
                bool agrees = k == ArgKind.EndpointToken || k == ArgKind.HeldEndpointId || k == ArgKind.ChannelOfHeld;
                s.Args[i] = new FuzzArg { Kind = k, Pick = agrees && r.Next(8) != 0 ? shared : r.Next(1000), Raw = RawFor(r, s.Number, i, k) };
            }
            if (s.Number == SyscallNumber.IpcChannelCreate && r.Next(2) == 0)
            {
                s.Args[1].Pick = s.Args[3].Pick = shared + 1;   // two different held endpoints
            }
            return s;
        }

        private static readonly ulong[] Addresses = { 0, 0x10000, 0x40_0000, 0x2000_0000, 0x10_0000_0000, 0x7FFF_FFFE_0000 };

        private static ulong RawFor(Random r, SyscallNumber n, int i, ArgKind k)
        {
            if (k != ArgKind.Raw)
                return r.Next(4) == 0 ? (ulong)r.Next(64) : 0;
            switch (r.Next(6))
            {
                case 0: return Lengths[r.Next(Lengths.Length)];
                case 1: return Timeouts[r.Next(Timeouts.Length)];
                case 2: return (ulong)r.Next(64);
                case 3: return (ulong)r.NextInt64();
                case 4: return ((ulong)(uint)r.Next(16) << 2) | (uint)r.Next(4);
                default: return Lengths[r.Next(5)];
            }
        }

        /// <summary>Weighted: IPC most, whole-process exit and revoke least (they end a world's interesting state).</summary>
        private static readonly SyscallNumber[] Numbers = Weighted(
            (SyscallNumber.Read, 2), (SyscallNumber.Write, 2), (SyscallNumber.Mmap, 3), (SyscallNumber.Munmap, 2),
            (SyscallNumber.Mprotect, 2), (SyscallNumber.IpcEndpointCreate, 2), (SyscallNumber.IpcChannelCreate, 2),
            (SyscallNumber.IpcSend, 8), (SyscallNumber.IpcReceive, 6), (SyscallNumber.IpcCall, 4), (SyscallNumber.IpcReply, 4),
            (SyscallNumber.ProcessCreate, 2), (SyscallNumber.ProcessStart, 2), (SyscallNumber.ProcessWait, 2),
            (SyscallNumber.ThreadCreate, 3), (SyscallNumber.ThreadExit, 1), (SyscallNumber.ThreadJoin, 2),
            (SyscallNumber.CapabilityCreate, 2), (SyscallNumber.CapabilityDerive, 2), (SyscallNumber.CapabilityRevoke, 1),
            (SyscallNumber.CapabilityValidate, 1), (SyscallNumber.ClockGet, 1), (SyscallNumber.Nanosleep, 1),
            (SyscallNumber.Yield, 1), (SyscallNumber.Exit, 1),
            (SyscallNumber.FutexWait, 2), (SyscallNumber.FutexWake, 2), (SyscallNumber.ThreadSetTls, 1),
            (SyscallNumber.ExceptionHandlerSet, 1), (SyscallNumber.ThreadSuspend, 1), (SyscallNumber.ThreadResume, 1),
            (SyscallNumber.ThreadSelf, 1));

        private static SyscallNumber[] Weighted(params (SyscallNumber N, int W)[] weights)
        {
            var list = new List<SyscallNumber>();
            foreach (var (n, w) in weights)
            {
                for (int i = 0; i < w; i++)
                    list.Add(n);
            }
            return list.ToArray();
        }

        /// <summary>The argument kinds a well-meaning caller would pass.</summary>
        private static ArgKind[] Template(SyscallNumber n)
        {
            const ArgKind R = ArgKind.Raw;
            switch (n)
            {
                case SyscallNumber.Read:
                case SyscallNumber.Write: return new[] { ArgKind.ValidToken, ArgKind.ReceiveArea, ArgKind.Length, R };
                case SyscallNumber.Mmap: return new[] { ArgKind.Zero, ArgKind.Length, ArgKind.Protection, ArgKind.MapFlags, ArgKind.Zero, ArgKind.Zero };
                case SyscallNumber.Munmap: return new[] { ArgKind.MappedAddress, ArgKind.Length };
                case SyscallNumber.Mprotect: return new[] { ArgKind.MappedAddress, ArgKind.Length, ArgKind.Protection };
                case SyscallNumber.IpcEndpointCreate: return new[] { ArgKind.OutArea };
                case SyscallNumber.IpcChannelCreate: return new[] { ArgKind.HeldEndpointId, ArgKind.HeldEndpointId, ArgKind.EndpointToken, ArgKind.EndpointToken };
                case SyscallNumber.IpcSend: return new[] { ArgKind.ChannelOfHeld, ArgKind.SendArea, ArgKind.Length, ArgKind.Zero, ArgKind.EndpointToken };
                case SyscallNumber.IpcReceive: return new[] { ArgKind.HeldEndpointId, ArgKind.ReceiveArea, ArgKind.Length, ArgKind.Timeout, ArgKind.EndpointToken, ArgKind.OutArea };
                // Call: the eight IpcCallArgs fields (the world writes them and passes their address and a result pointer).
                case SyscallNumber.IpcCall: return new[] { ArgKind.ChannelOfHeld, ArgKind.SendArea, ArgKind.Length, ArgKind.ReceiveArea, ArgKind.Length, ArgKind.Timeout, ArgKind.Zero, ArgKind.EndpointToken };
                case SyscallNumber.IpcReply: return new[] { ArgKind.ReplyToken, ArgKind.SendArea, ArgKind.Length, ArgKind.Zero };
                case SyscallNumber.ProcessCreate: return new[] { ArgKind.ValidImage, R, R, R, R, R };
                case SyscallNumber.ProcessStart: return new[] { ArgKind.ProcessId };
                case SyscallNumber.ProcessWait: return new[] { ArgKind.ProcessId, ArgKind.Timeout, ArgKind.OutArea };
                case SyscallNumber.ThreadCreate: return new[] { ArgKind.CodeAddress, ArgKind.StackAddress, R, R };
                case SyscallNumber.ThreadJoin: return new[] { ArgKind.ThreadId, ArgKind.Timeout };
                case SyscallNumber.CapabilityCreate: return new[] { ArgKind.ObjectKind, ArgKind.Length, ArgKind.RightsMask, ArgKind.ValidToken };
                case SyscallNumber.CapabilityDerive:
                case SyscallNumber.CapabilityValidate: return new[] { ArgKind.ValidToken, ArgKind.RightsMask };
                case SyscallNumber.CapabilityRevoke: return new[] { ArgKind.ValidToken };
                case SyscallNumber.ClockGet: return new[] { ArgKind.ObjectKind, ArgKind.OutArea };
                case SyscallNumber.Nanosleep: return new[] { ArgKind.OutArea };
                // Fresh pages are zero, so waiting for 0 on an out area usually blocks until a wake, a timeout or a kill.
                case SyscallNumber.FutexWait: return new[] { ArgKind.OutArea, ArgKind.Zero, ArgKind.Timeout };
                case SyscallNumber.FutexWake: return new[] { ArgKind.OutArea, ArgKind.Length };
                case SyscallNumber.ThreadSetTls: return new[] { ArgKind.MappedAddress };
                case SyscallNumber.ExceptionHandlerSet: return new[] { ArgKind.CodeAddress, ArgKind.Zero };
                case SyscallNumber.ThreadSuspend: return new[] { ArgKind.ThreadId, ArgKind.OutArea };
                case SyscallNumber.ThreadResume: return new[] { ArgKind.ThreadId };
                default: return Array.Empty<ArgKind>();
            }
        }
    }
}
