using System;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// capdemo: capabilities at work. Derives a Write-only console capability (validate: Write
    /// yes, Grant no; deriving from it again is refused) and writes through it; then derives a
    /// chain console → A (Write|Grant|Derive) → B (Write|Grant), starts a second copy of itself
    /// (the holder) with B, lets it write through B, revokes A — which takes B away too — and
    /// the holder's next write through B fails with InvalidCapability.
    /// </summary>
    public static unsafe class CapDemo
    {
        public static int Main(string[] args)
        {
            if (args.Length >= 4 && args[1] == "holder") return Holder(args);
            Capability console = Process.ConsoleCapability;
            int bad = 0;

            SysResult<Capability> w = Sys.CapabilityDerive(console, Rights.Write);
            if (!w.IsOk) return Fail("derive", w.Error);
            Console.WriteLine("capdemo: derived a console capability with Write only");
            bad += Expect("validate it for Write", Sys.CapabilityValidate(w.Value, Rights.Write), SyscallError.Success);
            bad += Expect("validate it for Grant", Sys.CapabilityValidate(w.Value, Rights.Grant), SyscallError.PermissionDenied);
            bad += Expect("derive from it (it lacks Derive)", Sys.CapabilityDerive(w.Value, Rights.Write).Status, SyscallError.PermissionDenied);
            Sys.Write(w.Value, Text.ToBytes("capdemo: this line is written through the Write-only capability\n"), 0);
            Sys.CapabilityRevoke(w.Value);

            SysResult<Capability> a = Sys.CapabilityDerive(console, Rights.Write.Union(Rights.Grant).Union(Rights.Derive));
            if (!a.IsOk) return Fail("derive A", a.Error);
            SysResult<Capability> b = Sys.CapabilityDerive(a.Value, Rights.Write.Union(Rights.Grant));
            if (!b.IsOk) return Fail("derive B", b.Error);
            Console.WriteLine("capdemo: derived A = console with Write|Grant|Derive, and B = A with Write|Grant");

            FileClient files = FileClient.FromEnvironment();
            if (!files.IsConnected)
            {
                Console.WriteLine("capdemo: no file service to start the holder (run me from the shell)");
                return 1;
            }
            SysResult<EndpointCreateResult> ra = Sys.IpcEndpointCreate(), rb = Sys.IpcEndpointCreate();
            if (!ra.IsOk || !rb.IsOk) return Fail("endpoint create", ra.IsOk ? rb.Error : ra.Error);
            EndpointCreateResult mine = ra.Value, theirs = rb.Value;
            SysResult<ChannelId> ch = Sys.IpcChannelCreate(mine.Endpoint, theirs.Endpoint, mine.Capability, theirs.Capability);
            if (!ch.IsOk) return Fail("channel create", ch.Error);
            SysResult run = files.Run("capdemo", new[] { "capdemo", "holder", Text.Decimal(theirs.Endpoint.Raw), Text.Decimal(ch.Value.Raw) },
                new[] { console, b.Value, theirs.Capability });
            if (!run.IsOk) return Fail("starting the holder", run.Error);
            Console.WriteLine("capdemo: started a holder process with a copy of B");

            byte[] message = new byte[64];
            SysResult<IpcReceiveResult> m = Sys.IpcReceive(mine.Endpoint, message, 10_000_000_000, mine.Capability);
            if (!m.IsOk) return Fail("waiting for the holder", m.Error);
            SysResult rv = Sys.CapabilityRevoke(a.Value);
            Console.Write("capdemo: revoked A (and with it every capability derived from it, the holder's copy of B included): ");
            Console.WriteLine(Names.Of(rv.Error));
            Sys.IpcReply(m.Value.ReplyToken, Text.ToBytes("revoked"), Capability.Null);

            SysResult wait = Spawn.Wait(new ProcessId(run.Value), 10_000_000_000, out ProcessExitInfo info);
            if (!wait.IsOk) return Fail("waiting for the holder to end", wait.Error);
            if (info.Reason != ExitReason.Exited || info.ExitCode != 0) bad++;
            Console.Write("capdemo: ");
            Console.WriteLine(bad == 0 ? "every check behaved as expected" : "something did not behave as expected");
            return bad == 0 ? 0 : 1;
        }

        // The second process: caps [console, B, its endpoint]; args [capdemo, holder, endpoint, channel].
        private static int Holder(string[] args)
        {
            Capability b = Process.GrantedCapability(1);
            Capability end = Process.GrantedCapability(2);
            var channel = new ChannelId((ulong)Text.ParseDecimal(args[3], 0, args[3].Length));
            SysResult first = Sys.Write(b, Text.ToBytes("capdemo (holder): this line is written through my copy of B\n"), 0);
            if (!first.IsOk) return Fail("holder's first write", first.Error);
            byte[] response = new byte[64];
            SysResult<IpcCallResult> r = Sys.IpcCall(channel, Text.ToBytes("written"), response, 10_000_000_000, Capability.Null, end);
            if (!r.IsOk) return Fail("holder's call", r.Error);
            SysResult second = Sys.Write(b, Text.ToBytes("capdemo (holder): still writing through B: revoke did not work\n"), 0);
            Console.Write("capdemo (holder): after the revoke, my next write through B fails: ");
            Console.WriteLine(second.IsOk ? "it did not fail" : Names.Of(second.Error));
            return second.Error == SyscallError.InvalidCapability ? 0 : 1;
        }

        private static int Expect(string what, SysResult r, SyscallError expected)
        {
            Console.Write("capdemo: ");
            Console.Write(what);
            Console.Write(": ");
            Console.Write(Names.Of(r.Error));
            bool ok = r.Error == expected;
            Console.WriteLine(ok ? " (as expected)" : " (NOT as expected)");
            return ok ? 0 : 1;
        }

        private static int Fail(string what, SyscallError e)
        {
            Console.Write("capdemo: ");
            Console.Write(what);
            Console.Write(" failed: ");
            Console.WriteLine(Names.Of(e));
            return 1;
        }
    }
}
