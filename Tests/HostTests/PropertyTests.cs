using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Veridian.Kernel.Caps;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// Random syscall sequences from init and three children against a small reference model:
    /// a capability derivation forest with rights, per-endpoint FIFO queues, and which process
    /// holds what. After every step the kernel's answer must be the model's; at the end every
    /// capability's rights are checked exactly, queues are drained in order, and everything is
    /// torn down to check nothing outlives its last holder.
    /// </summary>
    public class PropertyTests
    {
        private const int Children = 3;

        private sealed class MCap
        {
            public int Owner;          // 0 = init, 1..3 = children, -1 = inside a queued message
            public uint Rights;
            public MCap Parent;
            public readonly List<MCap> Kids = new();
            public bool Alive = true;
            public Capability Token;
        }

        private sealed class World
        {
            public readonly TestKernel Tk = new TestKernel();
            public readonly Thread[] Threads = new Thread[Children + 1];
            public readonly Process[] Procs = new Process[Children + 1];
            public readonly bool[] Dead = new bool[Children + 1];
            public readonly (EndpointId Id, Capability Cap)[] InitEnds = new (EndpointId, Capability)[Children];
            public readonly (EndpointId Id, Capability Cap)[] ChildEndsAtInit = new (EndpointId, Capability)[Children];
            public readonly (EndpointId Id, Capability Cap)[] ChildEnds = new (EndpointId, Capability)[Children];
            public readonly ChannelId[] Channels = new ChannelId[Children];
            public readonly List<MCap>[] Caps = Enumerable.Range(0, Children + 1).Select(_ => new List<MCap>()).ToArray();
            public readonly Queue<(byte[] Data, MCap Cap)>[] ToInit = Enumerable.Range(0, Children).Select(_ => new Queue<(byte[], MCap)>()).ToArray();
            public readonly Queue<(byte[] Data, MCap Cap)>[] ToChild = Enumerable.Range(0, Children).Select(_ => new Queue<(byte[], MCap)>()).ToArray();
            public long Counter;

            public World()
            {
                Threads[0] = Tk.InitThread;
                Procs[0] = Tk.Init;
                for (int i = 0; i < Children; i++)
                {
                    InitEnds[i] = Tk.NewEndpoint(Tk.InitThread);
                    ChildEndsAtInit[i] = Tk.NewEndpoint(Tk.InitThread);
                    Channels[i] = Tk.NewChannel(Tk.InitThread, InitEnds[i], ChildEndsAtInit[i]);
                    var (p, t) = Tk.Spawn(Tk.InitThread, ChildEndsAtInit[i].Cap);
                    Procs[i + 1] = p;
                    Threads[i + 1] = t;
                    ChildEnds[i] = (ChildEndsAtInit[i].Id, Tk.Granted(t)[0]);
                }
                Caps[0].Add(new MCap { Owner = 0, Rights = Rights.ReadBit | Rights.WriteBit | Rights.GrantBit | Rights.DeriveBit, Token = Tk.ConsoleCap });
                Caps[0].Add(new MCap { Owner = 0, Rights = Rights.ValidMask, Token = Tk.NewMemory(Tk.InitThread, 4096) });
            }

            public SyscallError Sys(int p, SyscallFrame frame) => SyscallReturn.GetError(Tk.Raw(Threads[p], frame));
        }

        private static void Kill(MCap c)
        {
            var stack = new Stack<MCap>();
            stack.Push(c);
            while (stack.Count > 0)
            {
                MCap x = stack.Pop();
                x.Alive = false;
                foreach (MCap k in x.Kids)
                    stack.Push(k);
            }
        }

        /// <summary>A deleted (not revoked) capability: its children move up to its parent, as in the kernel.</summary>
        private static void Delete(MCap c)
        {
            c.Alive = false;
            foreach (MCap k in c.Kids)
            {
                k.Parent = c.Parent;
                c.Parent?.Kids.Add(k);
            }
            c.Kids.Clear();
        }

        private static MCap Child(MCap parent, int owner, uint rights)
        {
            var m = new MCap { Owner = owner, Rights = rights, Parent = parent };
            parent.Kids.Add(m);
            return m;
        }

        private static void Step(World w, (int Kind, int A, int B, int C) op)
        {
            var tk = w.Tk;
            int p = op.A % (Children + 1);
            if (w.Dead[p])
                return;
            List<MCap> mine = w.Caps[p];
            MCap Pick(int x) => mine.Count == 0 ? null : mine[x % mine.Count];

            switch (op.Kind)
            {
                case 0: // derive
                {
                    MCap parent = Pick(op.B);
                    if (parent == null)
                        return;
                    uint rights = (uint)op.C & Rights.ValidMask;
                    ulong raw = tk.Raw(w.Threads[p], SyscallFrames.CapabilityDerive(parent.Token, new Rights(rights)));
                    SyscallError expect = !parent.Alive ? SyscallError.InvalidCapability
                        : (parent.Rights & Rights.DeriveBit) == 0 || (rights & ~parent.Rights) != 0 ? SyscallError.PermissionDenied
                        : SyscallError.Success;
                    Assert.Equal(expect, SyscallReturn.GetError(raw));
                    if (expect == SyscallError.Success)
                    {
                        MCap c = Child(parent, p, rights);
                        c.Token = new Capability(SyscallReturn.GetValue(raw));
                        mine.Add(c);
                    }
                    break;
                }
                case 1: // revoke
                {
                    MCap c = Pick(op.B);
                    if (c == null)
                        return;
                    SyscallError expect = c.Alive ? SyscallError.Success : SyscallError.InvalidCapability;
                    Assert.Equal(expect, w.Sys(p, SyscallFrames.CapabilityRevoke(c.Token)));
                    if (c.Alive)
                        Kill(c);
                    break;
                }
                case 2: // validate
                {
                    MCap c = Pick(op.B);
                    if (c == null)
                        return;
                    uint rights = (uint)op.C & Rights.ValidMask;
                    SyscallError expect = !c.Alive ? SyscallError.InvalidCapability
                        : (rights & ~c.Rights) == 0 ? SyscallError.Success : SyscallError.PermissionDenied;
                    Assert.Equal(expect, w.Sys(p, SyscallFrames.CapabilityValidate(c.Token, new Rights(rights))));
                    break;
                }
                case 3: // send, maybe with a capability
                {
                    int i = p == 0 ? op.B % Children : p - 1;
                    Capability endCap = p == 0 ? w.InitEnds[i].Cap : w.ChildEnds[i].Cap;
                    Queue<(byte[], MCap)> q = p == 0 ? w.ToChild[i] : w.ToInit[i];
                    MCap transfer = op.C % 3 == 0 ? Pick(op.C / 3) : null;
                    byte[] data = BitConverter.GetBytes(++w.Counter);
                    SyscallError got = tk.Send(w.Threads[p], w.Channels[i], endCap, data, transfer?.Token ?? default);
                    SyscallError expect = q.Count >= tk.K.Config.EndpointQueueDepth ? SyscallError.Busy
                        : transfer == null ? SyscallError.Success
                        : !transfer.Alive ? SyscallError.InvalidCapability
                        : (transfer.Rights & Rights.GrantBit) == 0 ? SyscallError.PermissionDenied
                        : SyscallError.Success;
                    Assert.Equal(expect, got);
                    if (got == SyscallError.Success)
                        q.Enqueue((data, transfer == null ? null : Child(transfer, -1, transfer.Rights)));
                    break;
                }
                case 4: // receive (poll)
                {
                    int i = p == 0 ? op.B % Children : p - 1;
                    var end = p == 0 ? w.InitEnds[i] : w.ChildEnds[i];
                    Queue<(byte[] Data, MCap Cap)> q = p == 0 ? w.ToInit[i] : w.ToChild[i];
                    var r = tk.Receive(w.Threads[p], end);
                    if (q.Count == 0)
                    {
                        Assert.Equal(SyscallError.Timeout, r.Error);
                        return;
                    }
                    var (data, cap) = q.Dequeue();
                    Assert.Equal(SyscallError.Success, r.Error);
                    Assert.Equal(data, r.Data);
                    Assert.Equal(w.Procs[p == 0 ? i + 1 : 0].Id.Raw, r.Result.Sender.Raw);
                    if (cap != null && cap.Alive)
                    {
                        Assert.False(r.Result.Capability.IsNull);
                        cap.Owner = p;
                        cap.Token = r.Result.Capability;
                        mine.Add(cap);
                    }
                    else
                    {
                        Assert.True(r.Result.Capability.IsNull);
                    }
                    break;
                }
                case 5: // a child exits
                {
                    if (p == 0 || op.B % 8 != 0)
                        return;
                    tk.Exits(w.Threads[p], SyscallFrames.Exit((int)((ulong)p)));
                    w.Dead[p] = true;
                    foreach (MCap c in mine.Where(c => c.Alive))
                        Delete(c);
                    break;
                }
            }
        }

        /// <summary>Every live capability has exactly its model rights; every dead one is invalid.</summary>
        private static void CheckAllRights(World w)
        {
            for (int p = 0; p <= Children; p++)
            {
                if (w.Dead[p])
                    continue;
                foreach (MCap c in w.Caps[p])
                {
                    if (!c.Alive)
                    {
                        Assert.Equal(SyscallError.InvalidCapability, w.Sys(p, SyscallFrames.CapabilityValidate(c.Token, new Rights(0))));
                        continue;
                    }
                    Assert.Equal(SyscallError.Success, w.Sys(p, SyscallFrames.CapabilityValidate(c.Token, new Rights(c.Rights))));
                    for (int bit = 0; bit < 6; bit++)
                    {
                        uint r = 1u << bit;
                        if ((c.Rights & r) == 0)
                            Assert.Equal(SyscallError.PermissionDenied, w.Sys(p, SyscallFrames.CapabilityValidate(c.Token, new Rights(r))));
                    }
                    // Rights never exceed any ancestor's.
                    for (MCap a = c.Parent; a != null; a = a.Parent)
                        Assert.Equal(0u, c.Rights & ~a.Rights);
                }
            }
        }

        private static void DrainAndTearDown(World w)
        {
            var tk = w.Tk;
            // No message lost or duplicated: whatever the model still holds arrives, in order, once.
            for (int i = 0; i < Children; i++)
            {
                while (w.ToInit[i].Count > 0)
                    Step(w, (4, 0, i, 0));
                Assert.Equal(SyscallError.Timeout, tk.Receive(w.Threads[0], w.InitEnds[i]).Error);
                if (!w.Dead[i + 1])
                {
                    while (w.ToChild[i].Count > 0)
                        Step(w, (4, i + 1, 0, 0));
                    Assert.Equal(SyscallError.Timeout, tk.Receive(w.Threads[i + 1], w.ChildEnds[i]).Error);
                }
            }
            CheckAllRights(w);

            // Every object is freed once its last holder is gone.
            for (int p = 1; p <= Children; p++)
            {
                if (!w.Dead[p])
                    tk.Exits(w.Threads[p], SyscallFrames.Exit(0));
                ulong outp = tk.Reserve(tk.Init, 24);
                Assert.Equal(SyscallError.Success, w.Sys(0, SyscallFrames.WaitProcess(w.Procs[p].Id, 0, new UserOutPtr<ProcessExitInfo>(outp))));
            }
            for (int i = 0; i < Children; i++)
            {
                w.Sys(0, SyscallFrames.CapabilityRevoke(w.InitEnds[i].Cap));
                w.Sys(0, SyscallFrames.CapabilityRevoke(w.ChildEndsAtInit[i].Cap));
            }
            MCap consoleRoot = w.Caps[0][0];
            foreach (MCap c in w.Caps[0].Skip(1))
            {
                if (!c.Alive)
                    continue;
                Assert.Equal(SyscallError.Success, w.Sys(0, SyscallFrames.CapabilityRevoke(c.Token)));
                Kill(c);
            }

            Assert.Equal(0, tk.K.LiveEndpointCount);
            Assert.Equal(0, tk.K.LiveChannelCount);
            Assert.Equal(0, tk.K.LiveMemoryObjectCount);
            Assert.Equal(0, tk.K.LiveReplyCount);
            Assert.Equal(tk.K.Config.MaxMessages, tk.K.FreeMessageCount);
            Assert.Equal(0, tk.K.Capabilities.Space(CapabilityTable.TransitSpace).Count);
            Assert.Equal(1, tk.K.LiveProcessCount);
            Assert.Equal(1, tk.K.LiveThreadCount);
            // Init keeps the root resource, the log, system information and power, and the console unless the run revoked it.
            Assert.Equal(4 + (consoleRoot.Alive ? 1 : 0), tk.Init.Capabilities.Count);
            Assert.Single(tk.Platform.PageTables);
            Assert.Equal(tk.Platform.SimFrames.Total, tk.Platform.SimFrames.FreeCount + tk.Platform.PageTables[0].Entries.Count + tk.Platform.KernelStackFramesInUse);
        }

        private static readonly Gen<(int, int, int, int)[]> Ops =
            Gen.Select(Gen.Int[0, 5], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000], (k, a, b, c) => (k, a, b, c)).Array[1, 150];

        [Fact]
        public void Random_syscall_sequences_match_the_model()
        {
            Ops.Sample(ops =>
            {
                var w = new World();
                foreach (var op in ops)
                    Step(w, op);
                CheckAllRights(w);
                DrainAndTearDown(w);
            }, iter: 1000, threads: 1);
        }

        // ---- memory: random mmap/munmap/mprotect against a page map ----

        private static readonly Gen<(int, int, int, int)[]> MemOps =
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 31], Gen.Int[1, 8], Gen.Int[0, 7], (k, a, b, c) => (k, a, b, c)).Array[1, 80];

        private static bool IsWriteExecute(ProtectionFlags p) => (p & ProtectionFlags.Write) != 0 && (p & ProtectionFlags.Exec) != 0;

        [Fact]
        public void Random_mappings_match_a_page_model_and_account_every_frame()
        {
            const ulong Base = 0x4000_0000;
            MemOps.Sample(ops =>
            {
                var tk = new TestKernel();
                Thread t = tk.InitThread;
                AddressSpace space = tk.Init.Memory;
                var model = new Dictionary<ulong, ProtectionFlags>();
                foreach (var (kind, page, pages, prot) in ops)
                {
                    ulong addr = Base + (ulong)page * 4096;
                    ulong len = (ulong)pages * 4096;
                    var pf = (ProtectionFlags)prot;
                    var range = Enumerable.Range(0, pages).Select(i => addr + (ulong)i * 4096).ToList();
                    switch (kind)
                    {
                        case 0: // fixed map
                        {
                            MapFlags flags = MapFlags.Private | MapFlags.Anonymous | MapFlags.Fixed | (prot % 2 == 0 ? MapFlags.Populate : MapFlags.None);
                            ulong r = tk.Raw(t, SyscallFrames.Mmap(addr, len, pf, flags, default(Capability), 0));
                            if (IsWriteExecute(pf))
                                Assert.Equal(SyscallError.PermissionDenied, SyscallReturn.GetError(r));
                            else if (range.Any(model.ContainsKey))
                                Assert.Equal(SyscallError.AlreadyExists, SyscallReturn.GetError(r));
                            else
                            {
                                Assert.Equal(addr, SyscallReturn.GetValue(r));
                                foreach (ulong a in range)
                                    model[a] = pf;
                            }
                            break;
                        }
                        case 1:
                            tk.Ok(t, SyscallFrames.Munmap(addr, len));
                            foreach (ulong a in range)
                                model.Remove(a);
                            break;
                        case 2:
                        {
                            SyscallError e = SyscallReturn.GetError(tk.Raw(t, SyscallFrames.Mprotect(addr, len, pf)));
                            if (IsWriteExecute(pf))
                                Assert.Equal(SyscallError.PermissionDenied, e);
                            else if (range.All(model.ContainsKey))
                            {
                                Assert.Equal(SyscallError.Success, e);
                                foreach (ulong a in range)
                                    model[a] = pf;
                            }
                            else
                                Assert.Equal(SyscallError.InvalidAddress, e);
                            break;
                        }
                        case 3: // touch a page through the user-copy path
                        {
                            SyscallError e = UserMemory.CopyOut(space, addr + 8, new byte[] { 1 });
                            bool ok = model.TryGetValue(addr, out var have) && (have & ProtectionFlags.Write) != 0;
                            Assert.Equal(ok ? SyscallError.Success : SyscallError.InvalidAddress, e);
                            break;
                        }
                    }
                    // The region list is sorted, non-overlapping, and covers exactly the model's pages.
                    ulong covered = 0;
                    for (int i = 0; i < space.RegionCount; i++)
                    {
                        Region reg = space.RegionAt(i);
                        if (i > 0)
                            Assert.True(space.RegionAt(i - 1).End <= reg.Start);
                        for (ulong a = reg.Start; a < reg.End; a += 4096)
                        {
                            Assert.True(model.TryGetValue(a, out var mp));
                            Assert.Equal(mp, reg.Protection);
                            covered++;
                        }
                    }
                    Assert.Equal((ulong)model.Count, covered);
                    var pt = (SimulatedPageTable)space.Table;
                    Assert.Equal(tk.Platform.SimFrames.Total, tk.Platform.SimFrames.FreeCount + pt.Entries.Count + tk.Platform.KernelStackFramesInUse);
                    foreach (var e in pt.Entries)
                        Assert.Equal(model[e.Key], e.Value.Protection);
                }
                tk.Exits(t, SyscallFrames.Exit(0));
                Assert.Equal(tk.Platform.SimFrames.Total, tk.Platform.SimFrames.FreeCount);
                Assert.Empty(tk.Platform.PageTables);
            }, iter: 1000, threads: 1);
        }
    }
}
