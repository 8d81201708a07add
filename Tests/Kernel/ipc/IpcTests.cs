using Veridian.Syscalls;
using Veridian.UserLib;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// IPC between two processes: this test (the client) starts its own image as a server,
    /// granted one end of a channel. Covered: call + reply with 64 and 4096 bytes, the
    /// responder's and sender's ids, a plain send answered by a send, messages in order,
    /// Busy on a full queue, and Interrupted for a receiver whose endpoint owner has died.
    /// </summary>
    public static unsafe class IpcTests
    {
        private const ulong Second = 1_000_000_000;

        public static int Main(string[] args)
        {
            Begin(args);
            if (Role == "server") return Server();
            if (Role == "owner") return Owner();
            Client();
            return End();
        }

        private static void Client()
        {
            Link link = Link.Create();
            SysResult spawned = SpawnSelf("server", link.HelperArgs(), new[] { link.ThereCap });
            ProcessId server = new ProcessId(Ok(spawned, "start the server"));
            if (!spawned.IsOk) return;

            // Call + reply, 64 bytes each way: the server answers each byte + 1.
            byte* request = stackalloc byte[64];
            byte* response = stackalloc byte[64];
            for (int i = 0; i < 64; i++) request[i] = (byte)i;
            IpcCallResult cr;
            Equal(64, Ok(link.Call(request, 64, response, 64, 10 * Second, &cr), "call 64 bytes"), "response length");
            Equal(server.Raw, cr.Responder.Raw, "the responder is the server");
            bool same = true;
            for (int i = 0; i < 64; i++) same &= response[i] == (byte)(i + 1);
            Check(same, "response is the request + 1");

            // The largest message, 4096 bytes.
            SysResult big = Sys.Mmap(0, 8192, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0);
            if (Ok(big, "mmap buffers") != 0)
            {
                byte* req = (byte*)big.Value;
                byte* resp = req + 4096;
                for (int i = 0; i < 4096; i++) req[i] = (byte)(i * 7);
                Equal(4096, Ok(link.Call(req, 4096, resp, 4096, 10 * Second, &cr), "call 4096 bytes"), "4 KiB response length");
                Equal((4095 * 7 + 1) & 0xFF, resp[4095], "4 KiB response content");
                // A response buffer too small for the answer: the server must shorten it.
                Equal(16, Ok(link.Call(req, 4096, resp, 16, 10 * Second, &cr), "call with a 16-byte response buffer"), "shortened response");
            }

            // Plain sends, in order, each answered by a send from the server.
            for (byte k = 10; k < 13; k++)
                Ok(link.SendByte(k, Capability.Null), "send");
            for (byte k = 10; k < 13; k++)
            {
                byte got = link.ReceiveByte(out IpcReceiveResult rr);
                Equal((ulong)(k + 100), got, "answers arrive in order");
                Equal(server.Raw, rr.Sender.Raw, "the sender is the server");
            }

            // Busy: the server stops receiving (byte 1 = "pause"); fill its queue (16 deep).
            Ok(link.SendByte(1, Capability.Null), "ask the server to pause");
            Equal(2, link.ReceiveByte(out _), "server paused");
            int sent = 0;
            SysResult s;
            while ((s = link.SendByte(50, Capability.Null)).IsOk && sent < 64) sent++;
            Fails(s, SyscallError.Busy, "send to a full queue");
            Check(sent >= 1 && sent <= 16, "queue depth within the documented 16");

            // An empty call = "quit": the server drains its queue, replies and exits 0. Until
            // the paused server has drained, the queue is full and the call is Busy too.
            SysResult quit;
            int tries = 0;
            while ((quit = link.Call(request, 0, response, 0, 10 * Second, &cr)).Error == SyscallError.Busy && tries++ < 200)
            {
                Timespec ms = new Timespec(0, 10_000_000);
                Sys.Nanosleep(ms);
            }
            Ok(quit, "final call (quit)");
            ExpectExit0(server, "the server exits 0");

            // Dead peer: a receiver whose endpoint's owner is gone. The helper "owner" makes an
            // endpoint, sends us its capability and then its id, and exits; our receive on it
            // is Interrupted.
            Link second = Link.Create();
            SysResult orphan = SpawnSelf("owner", second.HelperArgs(), new[] { second.ThereCap });
            if (Ok(orphan, "start the endpoint owner") != 0)
            {
                byte got = second.ReceiveByte(out IpcReceiveResult rr);
                Equal(9, got, "owner sent its endpoint");
                ExpectExit0(new ProcessId(orphan.Value), "the owner exits 0");
                byte b;
                IpcReceiveResult r2;
                ulong id = 0;
                SysResult idMessage = second.Receive((byte*)&id, 8, 10 * Second, &r2);
                Ok(idMessage, "owner sent its endpoint id");
                if (!rr.Capability.IsNull && idMessage.IsOk)
                    Fails(Sys.IpcReceive(new EndpointId(id), new System.Span<byte>(&b, 1), Second, rr.Capability), SyscallError.Interrupted,
                        "receive on an endpoint whose owner exited");
            }
        }

        private static int Owner()
        {
            Link link = Link.InHelper();
            SysResult<EndpointCreateResult> created = Sys.IpcEndpointCreate();
            if (!created.IsOk) return 20;
            EndpointCreateResult e = created.Value;
            if (!link.SendByte(9, e.Capability).IsOk) return 21;
            ulong id = e.Endpoint.Raw;
            if (!link.Send((byte*)&id, 8, Capability.Null).IsOk) return 22;
            return 0;
        }

        private static int Server()
        {
            Link link = Link.InHelper();
            byte* buffer = stackalloc byte[4096];
            IpcReceiveResult rr;
            for (;;)
            {
                SysResult got = link.Receive(buffer, 4096, 30 * Second, &rr);
                if (!got.IsOk) return 10;
                ulong n = got.Value;
                if (!rr.ReplyToken.IsNone)
                {
                    if (n == 0)
                    {
                        // quit: drain what is queued, reply and exit.
                        ReplyToken quit = rr.ReplyToken;
                        while (link.Receive(buffer, 4096, 0, &rr).IsOk) { }
                        Sys.IpcReply(quit, default, Capability.Null);
                        return 0;
                    }
                    for (ulong i = 0; i < n; i++) buffer[i]++;
                    SysResult reply = Sys.IpcReply(rr.ReplyToken, new System.ReadOnlySpan<byte>(buffer, (int)n), Capability.Null);
                    if (reply.Error == SyscallError.BufferTooSmall)
                        reply = Sys.IpcReply(rr.ReplyToken, new System.ReadOnlySpan<byte>(buffer, 16), Capability.Null);
                    if (!reply.IsOk) return 11;
                    continue;
                }
                if (n != 1) return 12;
                if (buffer[0] == 1)
                {
                    // pause: answer 2, then stop receiving until the client's quit call arrives.
                    link.SendByte(2, Capability.Null);
                    Timespec pause = new Timespec(0, 300_000_000);
                    Sys.Nanosleep(pause);
                    continue;
                }
                if (buffer[0] == 50) continue;       // queue filler
                if (!link.SendByte((byte)(buffer[0] + 100), Capability.Null).IsOk) return 13;
            }
        }
    }
}
