using Veridian.Syscalls;

namespace Veridian.Programs
{
    /// <summary>
    /// An oracle for stale translations (the kernel writing a page through a mapping that is
    /// gone or read-only now): each thread has a probe page of its own, far from everything
    /// the other calls touch. It maps it (populated: no frame to find later), has the kernel write it (SYS_CLOCK_GET's out pointer,
    /// which also caches the translation), makes it read-only, unmaps it, and after each
    /// step the same write must be refused with InvalidAddress.
    /// </summary>
    internal sealed unsafe partial class FuzzThread
    {
        private const ulong ProbeBase = 0x5800_0000_0000;

        private void Probe()
        {
            ulong page = ProbeBase + (ulong)(Process * FuzzControl.MaxThreads + Index) * 2 * Abi.PageSize;
            ulong* a = stackalloc ulong[6];
            a[0] = page;
            a[1] = Abi.PageSize;
            a[2] = (ulong)(ProtectionFlags.Read | ProtectionFlags.Write);
            a[3] = (ulong)(Syscalls.MapFlags.Private | Syscalls.MapFlags.Anonymous | Syscalls.MapFlags.Fixed | Syscalls.MapFlags.Populate);
            a[4] = a[5] = 0;
            if (!Ok(Call((ulong)SyscallNumber.Mmap, a))) return;
            ulong at = page + (ulong)R.Below(256) * 16;
            Expect(true, at, "a write to a mapped page");
            bool unmapFirst = R.OneIn(2);
            if (!unmapFirst && Ok(Call((ulong)SyscallNumber.Mprotect, page, Abi.PageSize, (ulong)ProtectionFlags.Read)))
                Expect(false, at, "a write to a page made read-only");
            Call((ulong)SyscallNumber.Munmap, page, Abi.PageSize);
            Expect(false, at, "a write to an unmapped page");
        }

        private void Expect(bool works, ulong at, string what)
        {
            ulong ret = Call((ulong)SyscallNumber.ClockGet, 0, at);
            bool refused = SyscallReturn.IsError(ret) && (ret & 0xFFFF_FFFF) == (ulong)SyscallError.InvalidAddress;
            if (works ? !Ok(ret) : !refused)
            {
                ulong* a = stackalloc ulong[6];
                a[0] = 0; a[1] = at; a[2] = a[3] = a[4] = a[5] = 0;
                Anomaly(works ? Veridian.UserRuntime.Text.Concat(what, " failed") : Veridian.UserRuntime.Text.Concat(what, " was not refused"),
                    (ulong)SyscallNumber.ClockGet, a, ret);
            }
        }
    }
}
