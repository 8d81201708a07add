using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>
    /// SYS_FUTEX_WAIT and SYS_FUTEX_WAKE: the kernel half of user-space locks and condition
    /// variables. User code spins and compares-and-swaps on a 32-bit word; only when it has to
    /// sleep does it ask the kernel, which re-reads the word so a wake between the user's check
    /// and the wait is never lost (the word changed: Busy, try again). Keyed by (process,
    /// address): private to the caller's address space, no capability involved.
    /// </summary>
    public static class FutexSyscalls
    {
        /// <summary>futex_wait(address, expected, timeout_ns): blocks while *address == expected (docs/abi.md §12a).</summary>
        [SyscallHandler(SyscallNumber.FutexWait)]
        public static SyscallResult Wait(KernelServices k, Thread caller, UserPtr<uint> address, uint expected, ulong timeout)
        {
            if ((address.Address & 3) != 0)
                return SyscallError.InvalidParameter;
            SyscallError e = UserMemory.Read(caller.Process.Memory, address.Address, out uint current);
            if (e != SyscallError.Success)
                return e;
            if (current != expected)
                return SyscallError.Busy;
            if (timeout == Abi.NoWait)
                return SyscallError.Timeout;
            return SyscallResult.BlockedOn(k.Tasks.BeginFutexWait(caller, address.Address, k.Clock.DeadlineFor(timeout)));
        }

        /// <summary>futex_wake(address, count) → threads woken (0..count); the word itself is not read for its value, only checked.</summary>
        [SyscallHandler(SyscallNumber.FutexWake)]
        public static SyscallResult Wake(KernelServices k, Thread caller, UserPtr<uint> address, uint count)
        {
            if ((address.Address & 3) != 0)
                return SyscallError.InvalidParameter;
            SyscallError e = UserMemory.Read(caller.Process.Memory, address.Address, out uint _);
            if (e != SyscallError.Success)
                return e;
            return SyscallResult.Done(k.Tasks.WakeFutex(caller.Process, address.Address, count));
        }
    }
}
