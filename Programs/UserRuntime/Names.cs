using Veridian.Syscalls;

namespace Veridian.UserRuntime
{
    /// <summary>Names of errors and fault codes, for messages (there is no enum ToString).</summary>
    public static class Names
    {
        public static string Of(SyscallError e)
        {
            switch (e)
            {
                case SyscallError.Success: return "Success";
                case SyscallError.InvalidParameter: return "InvalidParameter";
                case SyscallError.PermissionDenied: return "PermissionDenied";
                case SyscallError.NotFound: return "NotFound";
                case SyscallError.AlreadyExists: return "AlreadyExists";
                case SyscallError.OutOfMemory: return "OutOfMemory";
                case SyscallError.Busy: return "Busy";
                case SyscallError.Timeout: return "Timeout";
                case SyscallError.ResourceExhausted: return "ResourceExhausted";
                case SyscallError.InvalidCapability: return "InvalidCapability";
                case SyscallError.Interrupted: return "Interrupted";
                case SyscallError.InvalidAddress: return "InvalidAddress";
                case SyscallError.BufferTooSmall: return "BufferTooSmall";
                case SyscallError.NotSupported: return "NotSupported";
                case SyscallError.InvalidSyscall: return "InvalidSyscall";
                default: return "error";
            }
        }

        public static string Of(FaultCode f)
        {
            if (f == FaultCode.None) return "None";
            if (f == FaultCode.PageFault) return "PageFault";
            if (f == FaultCode.IllegalInstruction) return "IllegalInstruction";
            if (f == FaultCode.DivideError) return "DivideError";
            if (f == FaultCode.ProtectionFault) return "ProtectionFault";
            if (f == FaultCode.OutOfMemory) return "OutOfMemory";
            if (f == FaultCode.Breakpoint) return "Breakpoint";
            if (f == FaultCode.StackOverflow) return "StackOverflow";
            return "fault";
        }
    }
}
