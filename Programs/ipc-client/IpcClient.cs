using System;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// ipc-client: the IPC demo. Makes two endpoints and a channel between them, starts
    /// ipc-server (through the file service) with the capability of one end, and calls it
    /// (SYS_IPC_CALL, answered with SYS_IPC_REPLY): three pings, then "print" with a
    /// capability passed along — a console capability derived with only Write|Grant, which the
    /// server writes a line through — then "quit". Waits for the server and reports its end.
    /// </summary>
    public static unsafe class IpcClient
    {
        public static int Main(string[] args)
        {
            FileClient files = FileClient.FromEnvironment();
            if (!files.IsConnected)
            {
                Console.WriteLine("ipc-client: no file service to find ipc-server (run me from the shell)");
                return 1;
            }
            SysResult<EndpointCreateResult> ra = Sys.IpcEndpointCreate(), rb = Sys.IpcEndpointCreate();
            if (!ra.IsOk || !rb.IsOk) return Fail("endpoint create", ra.IsOk ? rb.Error : ra.Error);
            EndpointCreateResult mine = ra.Value, theirs = rb.Value;
            SysResult<ChannelId> ch = Sys.IpcChannelCreate(mine.Endpoint, theirs.Endpoint, mine.Capability, theirs.Capability);
            if (!ch.IsOk) return Fail("channel create", ch.Error);
            Console.WriteLine("ipc-client: made two endpoints and a channel; starting ipc-server with one end");
            SysResult run = files.Run("ipc-server", new[] { "ipc-server", Text.Decimal(theirs.Endpoint.Raw) },
                new[] { Process.ConsoleCapability, theirs.Capability });
            if (!run.IsOk) return Fail("starting ipc-server", run.Error);
            var server = new ProcessId(run.Value);

            byte[] response = new byte[256];
            int failures = 0;
            for (int i = 1; i <= 3; i++)
            {
                string request = Text.Concat("ping ", Text.Decimal((ulong)i));
                if (!Call(ch.Value, mine.Capability, request, Capability.Null, response, Text.Concat("pong ", Text.Decimal((ulong)i)))) failures++;
            }
            SysResult<Capability> gift = Sys.CapabilityDerive(Process.ConsoleCapability, Rights.Write.Union(Rights.Grant));
            if (!gift.IsOk) return Fail("derive", gift.Error);
            Console.WriteLine("ipc-client: derived a console capability with Write|Grant and passing it along with \"print\"");
            if (!Call(ch.Value, mine.Capability, "print", gift.Value, response, "printed")) failures++;
            if (!Call(ch.Value, mine.Capability, "quit", Capability.Null, response, "bye")) failures++;
            Sys.CapabilityRevoke(gift.Value);

            SysResult w = Spawn.Wait(server, 10_000_000_000, out ProcessExitInfo info);
            if (!w.IsOk) return Fail("waiting for ipc-server", w.Error);
            Console.Write("ipc-client: ipc-server ended: ");
            Console.Write(info.Reason == ExitReason.Exited ? "exited " : "killed ");
            Console.WriteDecimal(info.ExitCode);
            Console.WriteLine();
            if (info.Reason != ExitReason.Exited || info.ExitCode != 0) failures++;
            Console.Write("ipc-client: ");
            Console.WriteLine(failures == 0 ? "all calls answered as expected" : "some calls went wrong");
            return failures == 0 ? 0 : 1;
        }

        private static bool Call(ChannelId channel, Capability end, string request, Capability give, byte[] response, string expected)
        {
            byte[] req = Text.ToBytes(request);
            SysResult<IpcCallResult> r = Sys.IpcCall(channel, req, response, 10_000_000_000, give, end);
            if (!r.IsOk)
            {
                Fail(Text.Concat("call ", request), r.Error);
                return false;
            }
            var answer = new ReadOnlySpan<byte>(response, 0, (int)r.Value.ResponseLength);
            Console.Write("ipc-client: called \"");
            Console.Write(request);
            Console.Write("\", process ");
            Console.WriteDecimal(r.Value.Responder.Index);
            Console.Write(" replied \"");
            Console.WriteBytes(answer);
            Console.WriteLine("\"");
            if (answer.Length != expected.Length) return false;
            for (int i = 0; i < answer.Length; i++) if (answer[i] != expected[i]) return false;
            return true;
        }

        private static int Fail(string what, SyscallError e)
        {
            Console.Write("ipc-client: ");
            Console.Write(what);
            Console.Write(" failed: ");
            Console.WriteLine(Names.Of(e));
            return 1;
        }
    }
}
