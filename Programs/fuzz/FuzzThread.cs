using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// One fuzzing thread: its random stream, its private buffers and its record in the control
    /// page. <see cref="Run"/> makes its share of the calls; every call goes through
    /// <see cref="Call"/>, which records it before it enters the kernel (so init can name the
    /// call a process died or hung in) and checks the return register's encoding after.
    /// </summary>
    internal sealed unsafe partial class FuzzThread
    {
        public const int OutBytes = 8192, BuildBytes = 1024;
        // In the private out block: the message / response buffer, then the result structs.
        private const int ResultOffset = 4096, ContextOffset = 4352;

        public int Process, Index;
        public ulong Share;
        public ulong* Record;
        public ulong SelfTid;
        /// <summary>Kernel writes the fuzzer reads back; no other call writes here (see <see cref="Space"/>).</summary>
        public byte* Out;
        /// <summary>Structs the kernel reads (IpcCallArgs, Timespec, UserString and capability arrays), built per call.</summary>
        public byte* Build;
        private ulong _lastMonotonic;

        public void Run()
        {
            ulong* a = stackalloc ulong[6];
            for (ulong done = 0; done < Share; done++)
            {
                if ((done & 63) == 0) Fuzz.Refill(ref R, this);
                if (R.OneIn(40)) Probe();
                for (int i = 0; i < 6; i++) a[i] = Anything();
                ulong n = Choose(a);
                ulong ret = Call(n, a);
                Learn(n, a, ret);
            }
            Record[FuzzControl.ThreadDone] = 1;
        }

        /// <summary>The syscall itself, recorded and checked.</summary>
        public ulong Call(ulong n, ulong* a)
        {
            Record[FuzzControl.Number] = n;
            for (int i = 0; i < 6; i++) Record[FuzzControl.Arg0 + i] = a[i];
            Record[FuzzControl.InCall] = 1;
            ulong ret = Syscall.Syscall6(n, a[0], a[1], a[2], a[3], a[4], a[5]);
            Record[FuzzControl.InCall] = 0;
            Record[FuzzControl.Calls]++;
            // docs/abi.md §2: an error is bit 63 and a SyscallError (1..14) in bits 0..31, nothing else.
            if (SyscallReturn.IsError(ret) && ((ret & 0x7FFF_FFFF_0000_0000UL) != 0 || (ret & 0xFFFF_FFFF) == 0 || (ret & 0xFFFF_FFFF) > 14))
                Anomaly("malformed error return", n, a, ret);
            return ret;
        }

        public ulong Call(ulong n, ulong a0, ulong a1 = 0, ulong a2 = 0)
        {
            ulong* a = stackalloc ulong[6];
            a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a[4] = a[5] = 0;
            return Call(n, a);
        }

        private static bool Ok(ulong ret) => !SyscallReturn.IsError(ret);

        public void Anomaly(string what, ulong n, ulong* a, ulong ret)
        {
            ulong* p = FuzzControl.Process(Fuzz.Control, Process);
            p[FuzzControl.Anomalies]++;
            Console.Write("fuzz: anomaly: ");
            Console.Write(what);
            Console.Write(": process ");
            Console.WriteDecimal((ulong)Process);
            Console.Write(" thread ");
            Console.WriteDecimal((ulong)Index);
            Console.Write(" call ");
            Console.WriteDecimal(Record[FuzzControl.Calls]);
            Console.Write(": ");
            FuzzControl.WriteCall(n, a);
            Console.Write(" -> ");
            Console.WriteHex(ret);
            Console.WriteLine();
        }

        // What a successful call taught us: new names for the pool, mappings to undo, threads to resume.
        private void Learn(ulong n, ulong* a, ulong ret)
        {
            if (n == (ulong)SyscallNumber.Yield && ret != 0)
                Anomaly("SYS_YIELD failed", n, a, ret);
            if (n == (ulong)SyscallNumber.ThreadSelf && ret != SelfTid)
                Anomaly("SYS_THREAD_SELF is not the caller", n, a, ret);
            // Names that can never work again leave the pools: a used or given-up reply token, a reaped child, a joined thread.
            ulong error = ret & 0xFFFF_FFFF;
            bool gone = Ok(ret) || error == (ulong)SyscallError.NotFound || error == (ulong)SyscallError.Interrupted;
            if (n == (ulong)SyscallNumber.IpcReply && gone) Pool.Remove(Pool.Replies, a[0]);
            if (n == (ulong)SyscallNumber.ProcessWait && gone) Pool.Remove(Pool.Pids, a[0]);
            if (n == (ulong)SyscallNumber.ThreadJoin && gone) Pool.Remove(Fuzz.StubTids, a[0]);
            if (!Ok(ret)) return;
            bool mine = a[1] == (ulong)(Out + ResultOffset) || a[0] == (ulong)(Out + ResultOffset) || a[5] == (ulong)(Out + ResultOffset);
            switch ((SyscallNumber)n)
            {
                case SyscallNumber.Mmap:
                    Fuzz.Track(ref R, ret, a[1], this);
                    break;
                case SyscallNumber.Munmap:
                    Fuzz.Untrack(a[0], a[1]);
                    break;
                case SyscallNumber.IpcEndpointCreate:
                    if (a[0] != (ulong)(Out + ResultOffset)) break;
                    var ep = *(EndpointCreateResult*)(Out + ResultOffset);
                    KeepCap(ep.Capability.Raw);
                    int slot = R.Below(Pool.EndpointIds.Length);
                    ulong evicted = Pool.EndpointCaps[slot];
                    Pool.EndpointIds[slot] = ep.Endpoint.Raw;
                    Pool.EndpointCaps[slot] = ep.Capability.Raw;
                    if (evicted != 0) Call((ulong)SyscallNumber.CapabilityRevoke, Pool.Safe(evicted));
                    break;
                case SyscallNumber.IpcChannelCreate:
                    Pool.PutPair(Pool.Channels, Pool.ChannelCaps, ret, R.OneIn(2) ? a[2] : a[3], ref R);
                    break;
                case SyscallNumber.IpcReceive:
                    if (a[5] != (ulong)(Out + ResultOffset)) break;
                    var rr = *(IpcReceiveResult*)(Out + ResultOffset);
                    KeepCap(rr.Capability.Raw);
                    KeepReply(rr.ReplyToken.Raw);
                    break;
                case SyscallNumber.IpcCall:
                    if (a[1] == (ulong)(Out + ResultOffset)) KeepCap(((IpcCallResult*)(Out + ResultOffset))->Capability.Raw);
                    break;
                case SyscallNumber.IpcReply:
                    Pool.Remove(Pool.Replies, a[0]);
                    break;
                case SyscallNumber.ProcessCreate:
                    Fuzz.PutFree(Pool.Pids, ret);
                    break;
                case SyscallNumber.ProcessWait:
                    Pool.Remove(Pool.Pids, a[0]);
                    break;
                case SyscallNumber.ThreadCreate:
                    Fuzz.PutFree(Fuzz.StubTids, ret);
                    break;
                case SyscallNumber.ThreadJoin:
                    Pool.Remove(Fuzz.StubTids, a[0]);
                    break;
                case SyscallNumber.ThreadSuspend:
                    // Resumed at once: a sibling left suspended could hold the console or heap lock.
                    ulong resumed = Call((ulong)SyscallNumber.ThreadResume, a[0]);
                    if (!Ok(resumed)) Anomaly("cannot resume a thread it suspended", (ulong)SyscallNumber.ThreadResume, a, resumed);
                    break;
                case SyscallNumber.CapabilityCreate:
                case SyscallNumber.CapabilityDerive:
                    KeepCap(ret);
                    break;
                case SyscallNumber.ClockGet:
                    if (a[0] == 0 && mine)
                    {
                        var t = *(Timespec*)(Out + ResultOffset);
                        ulong now = t.ToNanosecondsSaturating();
                        if (now < _lastMonotonic) Anomaly("the monotonic clock went back", n, a, ret);
                        _lastMonotonic = now;
                    }
                    break;
            }
        }

        /// <summary>A capability this process now holds; the one it pushes out of the pool is revoked, so the space does not fill.</summary>
        public void KeepCap(ulong token)
        {
            if (token == 0) return;
            int slot = R.Below(Pool.Caps.Length);
            ulong evicted = Pool.Caps[slot];
            Pool.Caps[slot] = token;
            if (evicted != 0 && R.OneIn(4) && !Held(Pool.EndpointCaps, evicted) && !Held(Pool.ChannelCaps, evicted))
                Call((ulong)SyscallNumber.CapabilityRevoke, Pool.Safe(evicted));
        }

        private static bool Held(ulong[] pool, ulong token)
        {
            for (int i = 0; i < pool.Length; i++)
                if (pool[i] == token) return true;
            return false;
        }

        // A reply token is answered soon, by whoever picks it: an unanswered call holds a reply object until this process ends.
        private void KeepReply(ulong token)
        {
            if (token == 0) return;
            if (R.OneIn(2) || !Fuzz.PutFree(Pool.Replies, token))
                Call((ulong)SyscallNumber.IpcReply, token, Space.In(ref R), (ulong)R.Below(65));
        }
    }
}
