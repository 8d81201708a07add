using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>What a syscall handler did, as <see cref="SyscallResultKind"/>.</summary>
    public enum SyscallResultKind : byte
    {
        /// <summary>Finished with a value: the dispatcher encodes it into the return register.</summary>
        Done = 0,
        /// <summary>Finished with an error.</summary>
        Failed = 1,
        /// <summary>The caller is in <see cref="SyscallResult.Wait"/> (armed by the service that blocks); the dispatcher parks it, and whoever ends the wait completes the call.</summary>
        Blocked = 2,
        /// <summary>The calling thread, or its whole process, has ended: nothing returns to it.</summary>
        Gone = 3,
    }

    /// <summary>
    /// A handler's answer: what happens next is a value, not something the dispatcher finds out
    /// by re-reading the caller's state (Hubris's NextTask). A plain struct returned by value
    /// (no allocation): the value, the error, the kind, and for Blocked the wait.
    /// A handler may <c>return</c> a <see cref="SyscallError"/> directly: Success converts to
    /// <c>Done(0)</c>, any other error to <c>Failed(error)</c>.
    /// </summary>
    public readonly struct SyscallResult
    {
        public readonly ulong Value;
        public readonly SyscallError Error;
        public readonly SyscallResultKind Kind;
        /// <summary>Blocked: what the caller waits on (one of the per-thread waits, never allocated for the call).</summary>
        public readonly Wait Wait;

        private SyscallResult(SyscallResultKind kind, SyscallError error, ulong value, Wait wait = null)
        {
            Kind = kind;
            Error = error;
            Value = value;
            Wait = wait;
        }

        /// <summary>Success, with <paramref name="value"/> in the return register.</summary>
        public static SyscallResult Done(ulong value) => new SyscallResult(SyscallResultKind.Done, SyscallError.Success, value);

        /// <summary>The call failed with <paramref name="error"/> (Success here means Done(0)).</summary>
        public static SyscallResult Failed(SyscallError error) =>
            error == SyscallError.Success ? Done(0) : new SyscallResult(SyscallResultKind.Failed, error, 0);

        /// <summary>The caller waits on <paramref name="wait"/> (armed, registered); the party that ends the wait stores its result in Thread.ReturnValue.</summary>
        public static SyscallResult BlockedOn(Wait wait) => new SyscallResult(SyscallResultKind.Blocked, SyscallError.Success, 0, wait);

        /// <summary>The calling thread (or process) has ended.</summary>
        public static SyscallResult Gone => new SyscallResult(SyscallResultKind.Gone, SyscallError.Success, 0);

        /// <summary>Done(value) on Success, otherwise Failed(error): a service's (error, value) pair.</summary>
        public static SyscallResult Of(SyscallError error, ulong value) => error == SyscallError.Success ? Done(value) : Failed(error);

        public static implicit operator SyscallResult(SyscallError error) => Failed(error);

        /// <summary>The return register for Done / Failed.</summary>
        public ulong Encode() => SyscallReturn.Encode(Error, Value);
    }
}
