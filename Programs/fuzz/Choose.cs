using Veridian.Syscalls;

namespace Veridian.Programs
{
    /// <summary>
    /// Which call comes next: a syscall the kernel has (never SYS_EXIT or SYS_THREAD_EXIT: the
    /// fuzzer does not end itself), or one time in ten a number it does not have — anywhere in
    /// the 64-bit range, including a real number with high bits set, which the ABI says is
    /// InvalidSyscall too (docs/abi.md §1).
    /// </summary>
    internal sealed unsafe partial class FuzzThread
    {
        private static readonly SyscallNumber[] s_calls =
        {
            SyscallNumber.Read, SyscallNumber.Write, SyscallNumber.Mmap, SyscallNumber.Mmap, SyscallNumber.Munmap,
            SyscallNumber.Mprotect, SyscallNumber.IpcEndpointCreate, SyscallNumber.IpcChannelCreate,
            SyscallNumber.IpcSend, SyscallNumber.IpcSend, SyscallNumber.IpcReceive, SyscallNumber.IpcReceive,
            SyscallNumber.IpcCall, SyscallNumber.IpcReply, SyscallNumber.IpcReply, SyscallNumber.ProcessCreate,
            SyscallNumber.ProcessStart, SyscallNumber.ProcessWait, SyscallNumber.ThreadCreate, SyscallNumber.ThreadJoin,
            SyscallNumber.CapabilityCreate, SyscallNumber.CapabilityDerive, SyscallNumber.CapabilityRevoke,
            SyscallNumber.CapabilityValidate, SyscallNumber.ClockGet, SyscallNumber.Nanosleep, SyscallNumber.Yield,
            SyscallNumber.ProcessKill, SyscallNumber.FutexWait, SyscallNumber.FutexWake, SyscallNumber.FutexWake,
            SyscallNumber.ThreadSetTls, SyscallNumber.ExceptionHandlerSet, SyscallNumber.ExceptionReturn,
            SyscallNumber.ConsoleForeground, SyscallNumber.ThreadSuspend, SyscallNumber.ThreadResume, SyscallNumber.ThreadSelf,
        };

        private ulong Choose(ulong* a)
        {
            if (R.OneIn(10)) return Unknown();
            var n = s_calls[R.Below(s_calls.Length)];
            switch (n)
            {
                case SyscallNumber.Read: ReadCall(a); break;
                case SyscallNumber.Write: WriteCall(a); break;
                case SyscallNumber.Mmap: MmapCall(a); break;
                case SyscallNumber.Munmap: Range(a); break;
                case SyscallNumber.Mprotect: Range(a); a[2] = Prot(); break;
                case SyscallNumber.IpcEndpointCreate: a[0] = ResultOut(); break;
                case SyscallNumber.IpcChannelCreate: ChannelCreateCall(a); break;
                case SyscallNumber.IpcSend: SendCall(a); break;
                case SyscallNumber.IpcReceive: ReceiveCall(a); break;
                case SyscallNumber.IpcCall: IpcCallCall(a); break;
                case SyscallNumber.IpcReply: ReplyCall(a); break;
                case SyscallNumber.ProcessCreate: ProcessCreateCall(a); break;
                case SyscallNumber.ProcessStart:
                case SyscallNumber.ProcessKill: a[0] = Id(Pool.Pids); break;
                case SyscallNumber.ProcessWait: a[0] = Id(Pool.Pids); a[1] = Timeout(); a[2] = ResultOut(); break;
                case SyscallNumber.ThreadCreate: ThreadCreateCall(a); break;
                case SyscallNumber.ThreadJoin: a[0] = R.OneIn(3) ? Id(Pool.Tids) : Id(Fuzz.StubTids); a[1] = Timeout(); break;
                case SyscallNumber.CapabilityCreate: CapabilityCreateCall(a); break;
                case SyscallNumber.CapabilityDerive:
                case SyscallNumber.CapabilityValidate: a[0] = Cap(); a[1] = Rights(); break;
                case SyscallNumber.CapabilityRevoke: a[0] = Cap(); break;
                case SyscallNumber.ClockGet: a[0] = Hostile() ? Anything() : (ulong)R.Below(3); a[1] = ResultOut(); break;
                case SyscallNumber.Nanosleep: a[0] = SleepArgument(); break;
                case SyscallNumber.FutexWait: a[0] = FutexWord(); a[1] = R.OneIn(2) ? 0 : R.OneIn(8) ? R.Next() : R.Next() & 0xFFFF_FFFF; a[2] = Timeout(); break;
                case SyscallNumber.FutexWake: a[0] = FutexWord(); a[1] = R.OneIn(4) ? R.Next() : (ulong)R.Below(4); break;
                case SyscallNumber.ThreadSetTls: a[0] = R.OneIn(2) ? Space.Garbage(ref R) : R.Next() & (Abi.UserEnd - 1); break;
                case SyscallNumber.ExceptionHandlerSet: HandlerCall(a); break;
                case SyscallNumber.ExceptionReturn: a[0] = R.OneIn(2) ? (ulong)Build : Space.In(ref R); RandomBytes(Build, 168); break;
                case SyscallNumber.ConsoleForeground: a[0] = Cap(ObjectType.Console); a[1] = R.OneIn(3) ? 0 : Id(Pool.Pids); break;
                case SyscallNumber.ThreadSuspend: a[0] = Id(Pool.Tids); a[1] = R.OneIn(4) ? Space.Out(ref R) : (ulong)(Out + ContextOffset); break;
                case SyscallNumber.ThreadResume: a[0] = Id(Pool.Tids); break;
            }
            return (ulong)n;
        }

        private ulong Unknown()
        {
            while (true)
            {
                ulong n;
                switch (R.Below(6))
                {
                    case 0: n = (ulong)R.Below(120); break;
                    case 1: n = 110 + (ulong)R.Below(1 << 16); break;
                    case 2: n = (1UL << (32 + R.Below(32))) | (ulong)s_calls[R.Below(s_calls.Length)]; break;   // a real number, high bits set
                    case 3: n = (1UL << (32 + R.Below(32))) | (ulong)(R.OneIn(2) ? SyscallNumber.Exit : SyscallNumber.ThreadExit);
                        break;
                    case 4: n = 0xFFFF_FFFF - (ulong)R.Below(4); break;
                    default: n = R.Next(); break;
                }
                if (n == (ulong)SyscallNumber.Exit || n == (ulong)SyscallNumber.ThreadExit) continue;
                if (n <= 0xFFFF_FFFF && IsKnown((uint)n)) continue;
                return n;
            }
        }

        private static bool IsKnown(uint n)
        {
            if (n == (uint)SyscallNumber.Exit || n == (uint)SyscallNumber.ThreadExit) return true;
            for (int i = 0; i < s_calls.Length; i++)
                if ((uint)s_calls[i] == n) return true;
            return false;
        }
    }
}
