using System;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// ipc-server ENDPOINT: the server half of the IPC demo, started by ipc-client with
    /// capabilities [console, its end of the channel]. Answers each call (SYS_IPC_RECEIVE, then
    /// SYS_IPC_REPLY with the reply token): "ping N" → "pong N"; "print" with a capability beside
    /// the message → writes a line through that capability; "quit" → "bye", and exits 0.
    /// </summary>
    public static unsafe class IpcServer
    {
        public static int Main(string[] args)
        {
            if (args.Length < 2 || Process.CapabilityCount < 2)
            {
                Console.WriteLine("ipc-server: I am the server half of the IPC demo: run ipc-client, which starts me");
                return 2;
            }
            var endpoint = new EndpointId((ulong)Text.ParseDecimal(args[1], 0, args[1].Length));
            Capability cap = Process.GrantedCapability(1);
            byte[] message = new byte[256];
            byte[] reply = new byte[256];
            for (;;)
            {
                SysResult<IpcReceiveResult> r = Sys.IpcReceive(endpoint, message, 30_000_000_000, cap);
                if (!r.IsOk)
                {
                    Console.Write("ipc-server: receive failed: ");
                    Console.WriteLine(Names.Of(r.Error));
                    return 1;
                }
                int len = (int)r.Value.MessageLength;
                var text = new ReadOnlySpan<byte>(message, 0, len);
                Console.Write("ipc-server: received \"");
                Console.WriteBytes(text);
                Console.Write("\" from process ");
                Console.WriteDecimal(r.Value.Sender.Index);
                Console.WriteLine(r.Value.Capability.IsNull ? ", no capability" : ", with a capability");
                int n;
                bool quit = false;
                if (len > 5 && Is(text, "ping "))
                {
                    Put(reply, 0, "pong ");
                    for (int i = 5; i < len; i++) reply[i] = message[i];
                    n = len;
                }
                else if (Is(text, "print") && len == 5)
                {
                    Capability gift = r.Value.Capability;
                    if (gift.IsNull) n = Put(reply, 0, "no capability came with the message");
                    else
                    {
                        byte[] line = Text.ToBytes("ipc-server: this line is written through the console capability that came with the message\n");
                        SysResult w = Sys.Write(gift, line, 0);
                        n = Put(reply, 0, w.IsOk ? "printed" : "the capability did not work");
                        Sys.CapabilityRevoke(gift);
                    }
                }
                else if (Is(text, "quit") && len == 4)
                {
                    n = Put(reply, 0, "bye");
                    quit = true;
                }
                else n = Put(reply, 0, "unknown request");
                SysResult rep = Sys.IpcReply(r.Value.ReplyToken, new ReadOnlySpan<byte>(reply, 0, n), Capability.Null);
                if (!rep.IsOk)
                {
                    Console.Write("ipc-server: reply failed: ");
                    Console.WriteLine(Names.Of(rep.Error));
                }
                if (quit)
                {
                    Console.WriteLine("ipc-server: quitting");
                    return 0;
                }
            }
        }

        private static bool Is(ReadOnlySpan<byte> text, string prefix)
        {
            if (text.Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++) if (text[i] != prefix[i]) return false;
            return true;
        }

        private static int Put(byte[] into, int at, string s)
        {
            for (int i = 0; i < s.Length; i++) into[at + i] = (byte)s[i];
            return at + s.Length;
        }
    }
}
