using System;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// The file service (docs/fileservice.md). init starts it with args ["files", endpoint id]
    /// and capabilities [console, the endpoint (Read)], then registers every boot module with an
    /// ADD call carrying the module's Memory capability, and SEALs the table. From then on the
    /// service answers LIST, STAT, OPEN (the reply carries the read-only Memory capability) and
    /// READ from anyone holding a capability to the channel's other end. The kernel knows nothing
    /// of files: to it these are memory objects and messages.
    /// </summary>
    public static unsafe class Files
    {
        private const int MaxFiles = 128;

        private static string[] s_names = new string[MaxFiles];
        private static byte[][] s_nameBytes = new byte[MaxFiles][];
        private static ulong[] s_sizes = new ulong[MaxFiles];
        private static byte[] s_kinds = new byte[MaxFiles];
        private static Capability[] s_caps = new Capability[MaxFiles];
        private static int s_count;
        private static bool s_sealed;

        public static int Main(string[] args)
        {
            if (args.Length < 2 || Process.CapabilityCount < 2)
            {
                Console.WriteLine("files: started without an endpoint (init starts the file service)");
                return 2;
            }
            var endpoint = new EndpointId((ulong)Text.ParseDecimal(args[1], 0, args[1].Length));
            Capability endpointCap = Process.GrantedCapability(1);
            byte[] request = new byte[(int)Abi.MaxMessageSize];
            byte[] response = new byte[(int)Abi.MaxMessageSize];
            for (;;)
            {
                SysResult<IpcReceiveResult> r = Sys.IpcReceive(endpoint, request, Abi.WaitForever, endpointCap);
                if (!r.IsOk)
                {
                    if (r.Error == SyscallError.BufferTooSmall || r.Error == SyscallError.Timeout) continue;
                    Console.Write("files: receive failed: ");
                    Console.WriteLine(Names.Of(r.Error));
                    return 1;
                }
                IpcReceiveResult m = r.Value;
                if (m.ReplyToken.Raw == 0)
                    continue;   // a plain send: nothing to answer
                Capability give = Capability.Null;
                int length = Handle(new ReadOnlySpan<byte>(request, 0, (int)m.MessageLength), response, m.Capability, ref give);
                Sys.IpcReply(m.ReplyToken, new ReadOnlySpan<byte>(response, 0, length), give);
            }
        }

        private static int Status(Span<byte> response, byte status)
        {
            response[0] = status;
            return 1;
        }

        private static int Handle(ReadOnlySpan<byte> request, Span<byte> response, Capability received, ref Capability give)
        {
            if (request.Length < 1) return Status(response, FileProtocol.BadRequest);
            switch (request[0])
            {
                case FileProtocol.Add: return Add(request, response, received);
                case FileProtocol.Seal:
                    s_sealed = true;
                    return Status(response, FileProtocol.Ok);
                case FileProtocol.List: return List(request, response);
                case FileProtocol.Stat:
                case FileProtocol.Open:
                {
                    int i = Find(request, 1);
                    if (i < 0) return Status(response, FileProtocol.NotFound);
                    response[0] = FileProtocol.Ok;
                    response[1] = s_kinds[i];
                    FileProtocol.WriteU64(response, 2, s_sizes[i]);
                    if (request[0] == FileProtocol.Open) give = s_caps[i];
                    return 10;
                }
                case FileProtocol.Read: return Read(request, response);
                default: return Status(response, FileProtocol.BadRequest);
            }
        }

        // ADD: [16][u64 size][name], the Memory capability beside the message. init only, before SEAL.
        private static int Add(ReadOnlySpan<byte> request, Span<byte> response, Capability received)
        {
            if (s_sealed) return Status(response, FileProtocol.Denied);
            if (request.Length < 10 || request.Length > 9 + FileProtocol.MaxName || received.IsNull)
                return Status(response, FileProtocol.BadRequest);
            if (s_count == MaxFiles) return Status(response, FileProtocol.Full);
            int n = request.Length - 9;
            var name = new byte[n];
            for (int k = 0; k < n; k++) name[k] = request[9 + k];
            s_nameBytes[s_count] = name;
            s_names[s_count] = Text.FromBytes(name);
            s_sizes[s_count] = FileProtocol.ReadU64(request, 1);
            s_caps[s_count] = received;
            // A program is an ELF image; anything else is a plain file.
            byte* magic = stackalloc byte[4];
            SysResult read = Sys.Read(received, new Span<byte>(magic, 4), 0);
            bool elf = read.IsOk && read.Value == 4 && magic[0] == 0x7F && magic[1] == (byte)'E' && magic[2] == (byte)'L' && magic[3] == (byte)'F';
            s_kinds[s_count] = elf ? FileProtocol.KindProgram : FileProtocol.KindFile;
            s_count++;
            return Status(response, FileProtocol.Ok);
        }

        // LIST: [1][u32 first] → [0][u16 count] then per entry [u8 kind][u64 size][u8 name length][name].
        private static int List(ReadOnlySpan<byte> request, Span<byte> response)
        {
            if (request.Length != 5) return Status(response, FileProtocol.BadRequest);
            uint first = FileProtocol.ReadU32(request, 1);
            int at = 3, count = 0;
            for (uint i = first; i < (uint)s_count; i++)
            {
                byte[] name = s_nameBytes[i];
                if (at + 10 + name.Length > response.Length) break;
                response[at] = s_kinds[i];
                FileProtocol.WriteU64(response, at + 1, s_sizes[i]);
                response[at + 9] = (byte)name.Length;
                for (int k = 0; k < name.Length; k++) response[at + 10 + k] = name[k];
                at += 10 + name.Length;
                count++;
            }
            response[0] = FileProtocol.Ok;
            response[1] = (byte)count;
            response[2] = (byte)(count >> 8);
            return at;
        }

        // READ: [4][u64 offset][u32 count][name] → [0][u32 n][n bytes], n ≤ MaxRead, 0 at the end.
        private static int Read(ReadOnlySpan<byte> request, Span<byte> response)
        {
            if (request.Length < 14) return Status(response, FileProtocol.BadRequest);
            int i = Find(request, 13);
            if (i < 0) return Status(response, FileProtocol.NotFound);
            ulong offset = FileProtocol.ReadU64(request, 1);
            uint want = FileProtocol.ReadU32(request, 9);
            if (want > FileProtocol.MaxRead) want = FileProtocol.MaxRead;
            uint n = 0;
            if (offset < s_sizes[i])
            {
                ulong left = s_sizes[i] - offset;
                if (want > left) want = (uint)left;
                SysResult r = Sys.Read(s_caps[i], response.Slice(5, (int)want), offset);
                if (!r.IsOk) return Status(response, FileProtocol.BadRequest);
                n = (uint)r.Value;
            }
            response[0] = FileProtocol.Ok;
            FileProtocol.WriteU32(response, 1, n);
            return 5 + (int)n;
        }

        private static int Find(ReadOnlySpan<byte> request, int nameStart)
        {
            int n = request.Length - nameStart;
            if (n <= 0 || n > FileProtocol.MaxName) return -1;
            for (int i = 0; i < s_count; i++)
            {
                byte[] name = s_nameBytes[i];
                if (name.Length != n) continue;
                bool same = true;
                for (int k = 0; k < n && same; k++) same = name[k] == request[nameStart + k];
                if (same) return i;
            }
            return -1;
        }
    }
}
