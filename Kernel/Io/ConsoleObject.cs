using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// The console. SYS_WRITE (offset 0) sends bytes to the platform console and the kernel log;
    /// what is typed (serial port and keyboard, delivered by the plugs) waits in <see cref="Input"/>.
    /// <para>
    /// The foreground (SYS_CONSOLE_FOREGROUND, docs/abi.md §12a): a controller (the shell) may
    /// hand the input to one child. While it is set only the foreground's reads receive typed
    /// bytes (others wait), and Ctrl-C is diverted out of the stream to the controller's reads,
    /// so the controller can stop the child without reading what the child reads.
    /// </para>
    /// </summary>
    public sealed class ConsoleObject : KernelObject
    {
        public const int InputCapacity = 4096;
        public readonly ConsoleInput Input = new ConsoleInput(InputCapacity);
        public readonly ConsoleReaders Readers;

        /// <summary>The process whose reads get typed bytes; null: every reader, first come first served.</summary>
        public Process Foreground { get; private set; }
        /// <summary>The process that set <see cref="Foreground"/>; its reads get the diverted Ctrl-Cs.</summary>
        public Process Controller { get; private set; }

        public ConsoleObject(KernelServices kernel) : base(ObjectType.Console)
        {
            Readers = new ConsoleReaders(kernel);
        }

        /// <summary>Whether a read by <paramref name="p"/> may take typed bytes now.</summary>
        public bool MayRead(Process p) => Foreground == null || p == Foreground;

        /// <summary>Whether a read by <paramref name="p"/> has a diverted Ctrl-C waiting for it.</summary>
        public bool HasInterruptFor(Process p) => p == Controller && Input.Interrupts > 0;

        public void SetForeground(Process foreground, Process controller)
        {
            Foreground = foreground;
            Controller = controller;
            Input.DivertInterrupts = true;
        }

        /// <summary>
        /// Back to every reader. Ctrl-Cs the controller has not read yet go back into the stream
        /// as bytes (after what is waiting), so none is lost. Returns false if nothing was set.
        /// </summary>
        public bool ClearForeground()
        {
            if (Foreground == null && Controller == null)
                return false;
            Foreground = null;
            Controller = null;
            Input.DivertInterrupts = false;
            while (Input.Interrupts > 0)
            {
                Input.Interrupts--;
                Input.Put(3);
            }
            return true;
        }

        /// <summary>A process ended: if it was the foreground or its controller, the hand-over ends.</summary>
        public bool ProcessGone(Process p)
        {
            return p != null && (p == Foreground || p == Controller) && ClearForeground();
        }
    }
}
