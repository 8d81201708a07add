namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// Where a thread goes when its fault is handed to its process's ring-3 handler: the
    /// handler's entry, the stack pointer (just below the written <c>FaultContext</c>, where a
    /// call would have left its return address) and the first argument (the context's
    /// address). Every other register keeps its value from the fault; the architecture layer
    /// maps these three onto its registers (Plugs/&lt;arch&gt;/UserMode.cs).
    /// </summary>
    public readonly struct FaultHandoff
    {
        public readonly ulong Entry;
        public readonly ulong StackPointer;
        public readonly ulong Argument;

        public FaultHandoff(ulong entry, ulong stackPointer, ulong argument)
        {
            Entry = entry;
            StackPointer = stackPointer;
            Argument = argument;
        }
    }
}
