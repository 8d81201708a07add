using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Io
{
    /// <summary>The console / debug output. SYS_WRITE (offset 0) sends bytes to the platform console and the kernel log.</summary>
    public sealed class ConsoleObject : KernelObject
    {
        public ConsoleObject() : base(ObjectType.Console)
        {
        }
    }
}
