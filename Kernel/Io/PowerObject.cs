using System;
using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// The machine's power switch: SYS_WRITE of "poweroff" or "reboot" (offset 0). The call does
    /// not return when it works; NotSupported says the machine could not do it (no ACPI S5, or
    /// the reset was ignored); any other text is InvalidParameter.
    /// </summary>
    public sealed class PowerObject : KernelObject
    {
        public PowerObject() : base(ObjectType.Power)
        {
        }

        public static SyscallError Write(KernelServices k, ReadOnlySpan<byte> command)
        {
            if (Is(command, "poweroff"))
                return k.Platform.PowerOff() ? SyscallError.Success : SyscallError.NotSupported;
            if (Is(command, "reboot"))
                return k.Platform.Reset() ? SyscallError.Success : SyscallError.NotSupported;
            return SyscallError.InvalidParameter;
        }

        // The command, optionally followed by a newline.
        private static bool Is(ReadOnlySpan<byte> command, string word)
        {
            int n = command.Length;
            if (n > 0 && command[n - 1] == (byte)'\n') n--;
            if (n != word.Length) return false;
            for (int i = 0; i < n; i++)
                if (command[i] != (byte)word[i]) return false;
            return true;
        }
    }
}
