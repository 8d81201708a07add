using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// Random interleavings of calls (with random timeouts), receives, replies, time passing and
    /// server death, against a model of each call's fate. Every call ends exactly once — with its
    /// own reply, Timeout, or Interrupted — and every reply gets the answer the model predicts; a
    /// call to a full endpoint queue (EndpointQueueDepth messages nobody received) is Busy at once.
    /// </summary>
    public class CallPropertyTests
    {
        private enum Fate { Queued, Delivered, Answered, TimedOut, Interrupted }

        private sealed class Call
        {
            public int Id;
            public Thread Caller;
            public ulong Deadline;
            public Fate Fate;
            public ReplyToken Token;
            public bool TokenUsed;
            public ulong Response;
        }

        private static readonly ulong[] Timeouts = { Abi.WaitForever, 100, 1000, 10_000 };
        private static readonly ulong[] Steps = { 50, 500, 5000 };

        private static readonly Gen<(int, int, int)[]> Ops =
            Gen.Select(Gen.Int[0, 4], Gen.Int[0, 100], Gen.Int[0, 100], (k, a, b) => (k, a, b)).Array[1, 120];

        [Fact]
        public void Every_call_ends_exactly_once_as_the_model_says()
        {
            Ops.Sample(ops =>
            {
                var tk = new TestKernel();
                var init = tk.InitThread;
                var s = tk.NewEndpoint(init);
                var c = tk.NewEndpoint(init);
                var ch = tk.NewChannel(init, s, c);
                var (server, serverMain) = tk.Spawn(init, s.Cap);
                var sEnd = (s.Id, tk.Granted(serverMain)[0]);
                var (client, clientMain) = tk.Spawn(init, c.Cap);
                Capability cEnd = tk.Granted(clientMain)[0];
                var clients = new List<Thread> { clientMain, tk.NewThread(clientMain), tk.NewThread(clientMain) };

                var calls = new List<Call>();
                var queue = new Queue<Call>();
                bool serverDead = false;
                int nextId = 0;
                ulong now = 0;

                foreach (var (kind, a, b) in ops)
                {
                    switch (kind)
                    {
                        case 0: // a client thread calls
                        {
                            Thread t = clients[a % clients.Count];
                            if (t.State != ThreadState.Ready)
                                break;
                            ulong timeout = Timeouts[b % Timeouts.Length];
                            var call = new Call { Id = ++nextId, Caller = t, Deadline = timeout == Abi.WaitForever ? ulong.MaxValue : now + timeout };
                            ulong req = tk.Put(client, BitConverter.GetBytes(call.Id));
                            call.Response = tk.Reserve(client, 8);
                            ulong result = tk.Reserve(client, 24);
                            ulong args = tk.PutStruct(client, new IpcCallArgs(ch, req, 4, call.Response, 8, timeout, default, cEnd));
                            SyscallFrame frame = SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(args), new UserOutPtr<IpcCallResult>(result));
                            if (queue.Count >= tk.K.Config.EndpointQueueDepth)
                            {
                                // Nobody has received the earlier calls (timed out or not, their
                                // messages stay queued): the bounded queue refuses at once.
                                Assert.Equal(SyscallError.Busy, tk.Err(t, frame));
                                break;
                            }
                            tk.Blocks(t, frame);
                            calls.Add(call);
                            queue.Enqueue(call);
                            break;
                        }
                        case 1: // the server polls
                        {
                            if (serverDead)
                                break;
                            var r = tk.Receive(serverMain, sEnd);
                            if (queue.Count == 0)
                            {
                                Assert.Equal(SyscallError.Timeout, r.Error);
                                break;
                            }
                            Call call = queue.Dequeue();
                            Assert.Equal(SyscallError.Success, r.Error);
                            Assert.Equal(call.Id, BitConverter.ToInt32(r.Data));
                            Assert.False(r.Result.ReplyToken.IsNone);
                            call.Token = r.Result.ReplyToken;
                            if (call.Fate == Fate.Queued)
                                call.Fate = Fate.Delivered;
                            break;
                        }
                        case 2: // the server replies to something it received
                        {
                            if (serverDead)
                                break;
                            var received = calls.Where(x => !x.Token.IsNone).ToList();
                            if (received.Count == 0)
                                break;
                            Call call = received[a % received.Count];
                            ulong resp = tk.Put(server, BitConverter.GetBytes(call.Id * 10));
                            SyscallError e = SyscallReturn.GetError(tk.Raw(serverMain, SyscallFrames.IpcReply(call.Token, new UserBuffer(resp, 8), default(Capability))));
                            SyscallError expect = call.TokenUsed ? SyscallError.NotFound
                                : call.Fate == Fate.Delivered ? SyscallError.Success
                                : SyscallError.Interrupted;
                            Assert.Equal(expect, e);
                            if (!call.TokenUsed && call.Fate == Fate.Delivered)
                            {
                                call.Fate = Fate.Answered;
                                Assert.Equal(SyscallReturn.Ok(8), call.Caller.ReturnValue);
                                Assert.Equal(call.Id * 10, BitConverter.ToInt32(tk.Peek(client, call.Response, 4)));
                            }
                            call.TokenUsed = true;
                            break;
                        }
                        case 3: // time passes
                        {
                            ulong step = Steps[a % Steps.Length];
                            now += step;
                            tk.K.AdvanceTime(step);
                            foreach (Call call in calls.Where(x => (x.Fate == Fate.Queued || x.Fate == Fate.Delivered) && x.Deadline <= now))
                            {
                                call.Fate = Fate.TimedOut;
                                Assert.Equal(SyscallReturn.Error(SyscallError.Timeout), call.Caller.ReturnValue);
                            }
                            break;
                        }
                        case 4: // the server dies (rarely)
                        {
                            if (serverDead || a % 10 != 0)
                                break;
                            tk.Exits(serverMain, SyscallFrames.Exit(0));
                            serverDead = true;
                            foreach (Call call in calls.Where(x => x.Fate == Fate.Delivered))
                            {
                                call.Fate = Fate.Interrupted;
                                Assert.Equal(SyscallReturn.Error(SyscallError.Interrupted), call.Caller.ReturnValue);
                            }
                            break;
                        }
                    }
                    // A thread is blocked exactly when its latest call is still open.
                    foreach (Thread t in clients)
                    {
                        Call last = calls.LastOrDefault(x => x.Caller == t);
                        bool open = last != null && (last.Fate == Fate.Queued || last.Fate == Fate.Delivered);
                        Assert.Equal(open, t.State == ThreadState.Blocked);
                    }
                }

                // Teardown: the client goes, the endpoints go; nothing is left over.
                Thread runnable = clients.FirstOrDefault(t => t.State == ThreadState.Ready);
                if (runnable != null)
                    tk.Exits(runnable, SyscallFrames.Exit(0));
                else
                    tk.K.Tasks.ExitProcess(client, ExitReason.Killed, -1, FaultCode.None, 0); // every thread is blocked: kill it
                Assert.Equal(ProcessState.Zombie, client.State);
                if (!serverDead)
                    tk.Exits(serverMain, SyscallFrames.Exit(0));
                tk.Ok(init, SyscallFrames.CapabilityRevoke(s.Cap));
                tk.Ok(init, SyscallFrames.CapabilityRevoke(c.Cap));
                Assert.Equal(0, tk.K.LiveReplyCount);
                Assert.Equal(0, tk.K.LiveEndpointCount);
                Assert.Equal(tk.K.Config.MaxMessages, tk.K.FreeMessageCount);
                Assert.Equal(1, tk.K.LiveThreadCount);
            }, iter: 500, threads: 1);
        }
    }
}
