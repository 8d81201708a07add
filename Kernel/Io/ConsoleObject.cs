using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// The console. SYS_WRITE (offset 0) sends bytes to the platform console and the kernel log;
    /// what is typed (serial port or keyboard, delivered by the plugs) waits in <see cref="Input"/>.
    /// </summary>
    public sealed class ConsoleObject : KernelObject
    {
        public const int InputCapacity = 4096;
        public readonly ConsoleInput Input = new ConsoleInput(InputCapacity);
        public readonly ConsoleReaders Readers = new ConsoleReaders();

        public ConsoleObject() : base(ObjectType.Console)
        {
        }
    }
}
