namespace Veridian.Syscalls
{
    /// <summary>
    /// SYS_PROCESS_WAIT's result, written to the caller's out pointer (24 bytes):
    /// exit code, reason, fault code, fault address.
    /// </summary>
    public readonly struct ProcessExitInfo
    {
        public readonly int ExitCode;
        public readonly ExitReason Reason;
        public readonly FaultCode FaultCode;
        public readonly uint Reserved;
        public readonly ulong FaultAddress;

        public ProcessExitInfo(int exitCode, ExitReason reason, FaultCode faultCode, ulong faultAddress)
        {
            ExitCode = exitCode;
            Reason = reason;
            FaultCode = faultCode;
            Reserved = 0;
            FaultAddress = faultAddress;
        }
    }
}
