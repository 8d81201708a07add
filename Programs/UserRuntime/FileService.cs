using System;
using Veridian.Runtime;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.UserRuntime
{
    /// <summary>Wire constants of the file service protocol (docs/fileservice.md).</summary>
    public static class FileProtocol
    {
        public const byte List = 1;
        public const byte Stat = 2;
        public const byte Open = 3;
        public const byte Read = 4;
        public const byte Add = 16;
        public const byte Seal = 17;

        public const byte Ok = 0;
        public const byte NotFound = 1;
        public const byte BadRequest = 2;
        public const byte Denied = 3;
        public const byte Full = 4;

        public const byte KindProgram = 1;
        public const byte KindFile = 2;

        public const int MaxName = 64;
        /// <summary>The most file bytes one READ answers (header + data stay within a 4 KiB message).</summary>
        public const int MaxRead = 4000;

        public static string StatusName(byte status)
        {
            switch (status)
            {
                case Ok: return "ok";
                case NotFound: return "not found";
                case BadRequest: return "bad request";
                case Denied: return "denied";
                case Full: return "full";
                default: return "unknown status";
            }
        }

        public static ulong ReadU64(ReadOnlySpan<byte> b, int at)
        {
            ulong v = 0;
            for (int i = 7; i >= 0; i--) v = (v << 8) | b[at + i];
            return v;
        }

        public static void WriteU64(Span<byte> b, int at, ulong v)
        {
            for (int i = 0; i < 8; i++) { b[at + i] = (byte)v; v >>= 8; }
        }

        public static uint ReadU32(ReadOnlySpan<byte> b, int at)
            => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);

        public static void WriteU32(Span<byte> b, int at, uint v)
        {
            for (int i = 0; i < 4; i++) { b[at + i] = (byte)v; v >>= 8; }
        }
    }

    /// <summary>What STAT and OPEN answer.</summary>
    public struct FileStat
    {
        public byte Status;
        public byte Kind;
        public ulong Size;
        /// <summary>OPEN only: a read-only Memory capability holding the file's bytes.</summary>
        public Capability Memory;
        /// <summary>Set when the call itself failed (the service is gone, …).</summary>
        public SyscallError CallError;
        public bool IsOk => CallError == SyscallError.Success && Status == FileProtocol.Ok;
    }

    /// <summary>
    /// A client of the file service (docs/fileservice.md): SYS_IPC_CALL through the channel whose
    /// id is the environment's <c>files</c> value, with the endpoint capability granted as caps[1].
    /// </summary>
    public unsafe struct FileClient
    {
        public const ulong CallTimeoutNs = 10_000_000_000;

        public ChannelId Channel;
        public Capability Endpoint;

        public bool IsConnected => !Endpoint.IsNull && Channel.Raw != 0;

        /// <summary>The file service this program was started with, if any (environment + caps[1]).</summary>
        public static FileClient FromEnvironment()
        {
            string id = Environment.Get("files");
            var c = new FileClient();
            if (id == null) return c;
            long raw = Text.ParseDecimal(id, 0, id.Length);
            if (raw <= 0) return c;
            c.Channel = new ChannelId((ulong)raw);
            c.Endpoint = Process.GrantedCapability(1);
            return c;
        }

        public SysResult<IpcCallResult> Call(ReadOnlySpan<byte> request, Span<byte> response)
            => Sys.IpcCall(Channel, request, response, CallTimeoutNs, Capability.Null, Endpoint);

        private static int PutName(Span<byte> request, int at, string name)
        {
            for (int i = 0; i < name.Length && at < request.Length; i++)
                request[at++] = name[i] < 128 ? (byte)name[i] : (byte)'?';
            return at;
        }

        /// <summary>STAT (or OPEN, which also hands over a Memory capability).</summary>
        public FileStat Stat(string name, bool open)
        {
            var s = new FileStat();
            if (name.Length == 0 || name.Length > FileProtocol.MaxName) { s.Status = FileProtocol.BadRequest; return s; }
            byte* req = stackalloc byte[1 + FileProtocol.MaxName];
            byte* resp = stackalloc byte[16];
            var request = new Span<byte>(req, 1 + FileProtocol.MaxName);
            request[0] = open ? FileProtocol.Open : FileProtocol.Stat;
            int len = PutName(request, 1, name);
            SysResult<IpcCallResult> r = Call(request.Slice(0, len), new Span<byte>(resp, 16));
            if (!r.IsOk) { s.CallError = r.Error; return s; }
            var response = new ReadOnlySpan<byte>(resp, 16);
            s.Status = response[0];
            s.Memory = r.Value.Capability;
            if (s.Status == FileProtocol.Ok && r.Value.ResponseLength >= 10)
            {
                s.Kind = response[1];
                s.Size = FileProtocol.ReadU64(response, 2);
            }
            return s;
        }

        /// <summary>READ up to <c>into.Length</c> (at most MaxRead) bytes at <paramref name="offset"/>; Value = bytes, 0 at the end; status in <paramref name="status"/>.</summary>
        public SysResult Read(string name, ulong offset, Span<byte> into, out byte status)
        {
            status = FileProtocol.BadRequest;
            if (name.Length == 0 || name.Length > FileProtocol.MaxName) return new SysResult(SyscallReturn.Ok(0));
            byte* req = stackalloc byte[13 + FileProtocol.MaxName];
            var request = new Span<byte>(req, 13 + FileProtocol.MaxName);
            request[0] = FileProtocol.Read;
            FileProtocol.WriteU64(request, 1, offset);
            int want = into.Length < FileProtocol.MaxRead ? into.Length : FileProtocol.MaxRead;
            FileProtocol.WriteU32(request, 9, (uint)want);
            int len = PutName(request, 13, name);
            byte[] resp = new byte[5 + FileProtocol.MaxRead];
            SysResult<IpcCallResult> r = Call(request.Slice(0, len), resp);
            SysResult result;
            if (!r.IsOk) result = r.Status;
            else
            {
                status = resp[0];
                uint n = status == FileProtocol.Ok && r.Value.ResponseLength >= 5 ? FileProtocol.ReadU32(resp, 1) : 0;
                if (n > (uint)want) n = (uint)want;
                for (int i = 0; i < (int)n; i++) into[i] = resp[5 + i];
                result = new SysResult(SyscallReturn.Ok(n));
            }
            Allocator.Free(resp);
            return result;
        }

        /// <summary>
        /// Starts program <paramref name="name"/> from the file service: OPEN (the reply carries
        /// the image's Memory capability), map it read-only, SYS_PROCESS_CREATE with
        /// <paramref name="args"/> and <paramref name="caps"/>, unmap, let the image capability go,
        /// SYS_PROCESS_START. Value = the ProcessId; NotFound if there is no such program.
        /// </summary>
        public SysResult Run(string name, string[] args, Capability[] caps)
        {
            FileStat st = Stat(name, open: true);
            if (st.CallError != SyscallError.Success) return new SysResult(SyscallReturn.Error(st.CallError));
            if (st.Status != FileProtocol.Ok || st.Kind != FileProtocol.KindProgram || st.Memory.IsNull)
            {
                if (!st.Memory.IsNull) Sys.CapabilityRevoke(st.Memory);
                return new SysResult(SyscallReturn.Error(SyscallError.NotFound));
            }
            SysResult map = Spawn.MapImage(st.Memory, st.Size);
            if (!map.IsOk)
            {
                Sys.CapabilityRevoke(st.Memory);
                return map;
            }
            SysResult r = Spawn.Create((byte*)map.Value, st.Size, args, caps);
            Sys.Munmap(map.Value, st.Size);
            Sys.CapabilityRevoke(st.Memory);
            if (!r.IsOk) return r;
            SysResult started = Sys.StartProcess(new ProcessId(r.Value));
            return started.IsOk ? r : started;
        }

        /// <summary>LIST from entry <paramref name="first"/>: the raw response (status, count, entries) in <paramref name="response"/>.</summary>
        public SysResult List(uint first, Span<byte> response)
        {
            byte* req = stackalloc byte[5];
            var request = new Span<byte>(req, 5);
            request[0] = FileProtocol.List;
            FileProtocol.WriteU32(request, 1, first);
            return Call(request, response).Status;
        }
    }
}
