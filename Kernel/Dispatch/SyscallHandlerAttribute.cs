using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>
    /// Marks the kernel method that implements a syscall declared in <see cref="ISyscallApi"/>.
    /// Its signature must be <c>static SyscallResult M(KernelServices, Thread, the declared
    /// arguments in order)</c>; Syscalls.Generator checks it and generates the call (build error
    /// VSG010/VSG011 otherwise).
    /// </summary>
    [System.AttributeUsage(System.AttributeTargets.Method)]
    public sealed class SyscallHandlerAttribute : System.Attribute
    {
        public SyscallHandlerAttribute(SyscallNumber number)
        {
            Number = number;
        }

        public SyscallNumber Number { get; }
    }
}
