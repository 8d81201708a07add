using System;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Ipc;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Xunit;

namespace Veridian.Tests.Waits
{
    /// <summary>SYS_IPC_RECEIVE on an endpoint of init's (P holds a Read capability); init sends.</summary>
    public sealed class ReceiveScenario : WaitScenario
    {
        private (EndpointId Id, Capability Cap) a, b;
        private ChannelId ch;
        private Capability aAtP;
        private ulong buffer, result;

        public override WaitKind Kind => WaitKind.Receive;
        public override ulong Completed => Ok(3);
        public Endpoint Endpoint => Tk.K.LookupEndpoint(a.Id);

        protected override Capability[] Grants()
        {
            a = Tk.NewEndpoint(Init);
            b = Tk.NewEndpoint(Init);
            ch = Tk.NewChannel(Init, a, b);
            return new[] { a.Cap };
        }

        protected override void Prepare()
        {
            aAtP = Tk.Granted(M)[0];
            buffer = Tk.Reserve(P, 64);
            result = Tk.Reserve(P, 32);
        }

        private SyscallFrame ReceiveFrame(ulong timeout) =>
            SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(buffer, 64), timeout, aAtP, new UserOutPtr<IpcReceiveResult>(result));

        public override void Block(ulong timeout) => Tk.Blocks(B, ReceiveFrame(timeout));

        /// <summary>A receive by B that must complete at once; its return register.</summary>
        public ulong ReceiveNow() => Tk.Raw(B, ReceiveFrame(Abi.WaitForever));

        public override void Complete() => Assert.Equal(SyscallError.Success, Tk.Send(Init, ch, b.Cap, new byte[] { 1, 2, 3 }));

        public override void AssertWithdrawn()
        {
            base.AssertWithdrawn();
            Assert.Null(Endpoint.FirstReceiver);
        }
    }

    /// <summary>SYS_IPC_CALL to an endpoint init serves; init receives and replies.</summary>
    public sealed class ReplyScenario : WaitScenario
    {
        private (EndpointId Id, Capability Cap) a, b;
        private ChannelId ch;
        private ulong args;

        public override WaitKind Kind => WaitKind.Reply;
        public override ulong Completed => Ok(2);
        /// <summary>What init's reply to the last request returned.</summary>
        public SyscallError LastReply { get; private set; }

        protected override Capability[] Grants()
        {
            a = Tk.NewEndpoint(Init);
            b = Tk.NewEndpoint(Init);
            ch = Tk.NewChannel(Init, a, b);
            return new[] { b.Cap };
        }

        public override void Block(ulong timeout)
        {
            Capability bAtP = Tk.Granted(M)[0];
            ulong request = Tk.Put(P, new byte[] { 9 });
            ulong response = Tk.Reserve(P, 16);
            ulong callResult = Tk.Reserve(P, 24);
            args = Tk.PutStruct(P, new IpcCallArgs(ch, request, 1, response, 16, timeout, Capability.Null, bAtP));
            Tk.Blocks(B, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(args), new UserOutPtr<IpcCallResult>(callResult)));
        }

        /// <summary>Init takes the oldest request and answers it (Interrupted if its caller stopped waiting).</summary>
        public override void Complete()
        {
            var r = Tk.Receive(Init, a);
            if (r.Error != SyscallError.Success)
                return;
            ulong response = Tk.Put(Init.Process, new byte[] { 4, 5 });
            LastReply = SyscallReturn.GetError(Tk.Raw(Init, SyscallFrames.IpcReply(r.Result.ReplyToken, new UserBuffer(response, 2), Capability.Null)));
        }
    }

    /// <summary>SYS_THREAD_JOIN on a third thread C of P; C exits.</summary>
    public sealed class JoinScenario : WaitScenario
    {
        private Thread c;

        public override WaitKind Kind => WaitKind.Join;
        public override ulong Completed => Ok(7);

        protected override void Prepare() => c = Tk.NewThread(M);

        public override void Block(ulong timeout) => Tk.Blocks(B, SyscallFrames.JoinThread(c.Id, timeout));

        public override void Complete()
        {
            if (c.Live && c.State == ThreadState.Ready)
                Tk.Invoke(c, SyscallFrames.ExitThread(7), out _);
        }

        public override void AssertWithdrawn()
        {
            base.AssertWithdrawn();
            if (c.Live)
                Assert.Null(c.Joiner);
        }
    }

    /// <summary>SYS_PROCESS_WAIT on a child Q of P; Q exits by itself.</summary>
    public sealed class ProcessWaitScenario : WaitScenario
    {
        private Process q;
        private Thread qMain;
        private uint qGeneration;
        private ulong info;

        public override WaitKind Kind => WaitKind.ProcessWait;
        public override ulong Completed => Ok(0);

        protected override void Prepare()
        {
            (q, qMain) = Tk.Spawn(M);
            qGeneration = q.Generation;
            info = Tk.Reserve(P, 32);
        }

        public override void Block(ulong timeout) =>
            Tk.Blocks(B, SyscallFrames.WaitProcess(q.Id, timeout, new UserOutPtr<ProcessExitInfo>(info)));

        public override void Complete()
        {
            if (q.Generation == qGeneration && q.State == ProcessState.Running)
                Tk.Exits(qMain, SyscallFrames.Exit(3));
        }

        public override void AssertWithdrawn()
        {
            base.AssertWithdrawn();
            if (q.Generation == qGeneration)
                Assert.Null(q.Waiter);
        }
    }

    /// <summary>SYS_NANOSLEEP: its completion is its deadline.</summary>
    public sealed class SleepScenario : WaitScenario
    {
        public override WaitKind Kind => WaitKind.Sleep;
        public override ulong Completed => Ok(0);
        public override SyscallError TimeoutResult => SyscallError.Success;

        public override void Block(ulong timeout)
        {
            ulong ns = timeout == Abi.WaitForever ? 1_000_000_000 : timeout;
            ulong duration = Tk.PutStruct(P, Timespec.FromNanoseconds(ns));
            Tk.Blocks(B, SyscallFrames.Nanosleep(new UserPtr<Timespec>(duration)));
        }

        public override void Complete() => Tk.K.AdvanceTime(1_000_000_000);
    }

    /// <summary>SYS_FUTEX_WAIT on a word of P; M wakes it.</summary>
    public sealed class FutexScenario : WaitScenario
    {
        public ulong Word { get; private set; }

        public override WaitKind Kind => WaitKind.Futex;
        public override ulong Completed => Ok(0);

        protected override void Prepare() => Word = Tk.MapAnon(M, 4096);

        public override void Block(ulong timeout) => Tk.Blocks(B, SyscallFrames.FutexWait(new UserPtr<uint>(Word), 0, timeout));

        public override void Complete()
        {
            if (M.Live && M.State == ThreadState.Ready)
                Tk.Ok(M, SyscallFrames.FutexWake(new UserPtr<uint>(Word), 1));
        }
    }

    /// <summary>SYS_READ on the console (P holds a console capability); a key is typed.</summary>
    public sealed class ConsoleReadScenario : WaitScenario
    {
        private ulong buffer;

        public override WaitKind Kind => WaitKind.ConsoleRead;
        public override bool HasTimeout => false;
        public override ulong Completed => Ok(1);

        protected override Capability[] Grants() => new[] { Tk.ConsoleCap };

        protected override void Prepare() => buffer = Tk.Reserve(P, 16);

        public override void Block(ulong timeout) =>
            Tk.Blocks(B, SyscallFrames.Read(Tk.Granted(M)[0], new UserOutBuffer(buffer, 16), 0));

        public override void Complete()
        {
            Tk.K.Console.Input.Put((byte)'k');
            Tk.K.ConsoleInputArrived();
        }
    }

    public static class Scenarios
    {
        public static WaitScenario Make(string kind)
        {
            WaitScenario s = kind switch
            {
                "Receive" => new ReceiveScenario(),
                "Reply" => new ReplyScenario(),
                "Join" => new JoinScenario(),
                "ProcessWait" => new ProcessWaitScenario(),
                "Sleep" => new SleepScenario(),
                "Futex" => new FutexScenario(),
                "ConsoleRead" => new ConsoleReadScenario(),
                _ => throw new ArgumentException(kind),
            };
            s.Build();
            return s;
        }

        public static readonly string[] Names = { "Receive", "Reply", "Join", "ProcessWait", "Sleep", "Futex", "ConsoleRead" };

        public static TheoryData<string> All => new TheoryData<string>(Names);
    }
}
