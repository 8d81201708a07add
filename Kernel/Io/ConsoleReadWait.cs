using Veridian.Kernel.Tasks;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// SYS_READ on the console with nothing it may take yet: queued on the console's readers
    /// (first come first served) with where the bytes go; completed when typed input (or a
    /// diverted Ctrl-C for the controller) reaches it. No deadline: SYS_READ has no timeout.
    /// </summary>
    public sealed class ConsoleReadWait : Wait
    {
        private readonly ConsoleReaders readers;

        // Meaningful only while the wait is armed or parked.
        public ulong Buffer { get; private set; }
        public ulong Length { get; private set; }
        /// <summary>The next reader in line.</summary>
        internal ConsoleReadWait Next;

        internal ConsoleReadWait(KernelServices kernel, Thread thread, ConsoleReaders readers) : base(WaitKind.ConsoleRead, kernel, thread)
        {
            this.readers = readers;
        }

        internal ConsoleReadWait Begin(ulong buffer, ulong length)
        {
            Arm(Time.Clock.NoDeadline);
            Buffer = buffer;
            Length = length;
            readers.Add(this);
            return this;
        }

        protected override void Withdraw(WaitCancel reason) => readers.Remove(this);
    }
}
