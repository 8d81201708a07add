using System;

namespace Veridian.Syscalls
{
    /// <summary>
    /// Marks the architecture's saved-register struct (a <c>partial</c> struct with a field per
    /// register, named as in <see cref="SyscallConvention"/> with a capital first letter: a
    /// register r0 is the field <c>R0</c>). Syscalls.Generator gives it <c>ToSyscallFrame()</c> and
    /// <c>SetSyscallResult(ulong)</c>, so the kernel decodes a syscall's registers from the one
    /// statement of the convention, not from a copy of it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Struct)]
    public sealed class SyscallTrapFrameAttribute : Attribute
    {
    }
}
