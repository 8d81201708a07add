using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// The end when the exception machinery itself is broken (a frame it cannot unwind, an
    /// exception escaping the dispatcher): nothing managed can run safely any more, so the
    /// process removes its fault handler and executes ud2, and the kernel kills it with a fault
    /// report naming the instruction.
    /// </summary>
    internal static class Fatal
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_eh_die")]
        public static extern void Die();
    }
}
