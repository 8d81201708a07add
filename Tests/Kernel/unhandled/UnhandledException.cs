using System;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// A throw nobody catches ends the process through the user runtime: it prints
    /// "unhandled exception: Veridian.Tests.Kernel.RingThreeException: ring-3 throw test" (the
    /// program's own type, named from the table the build links in) on the console and exits
    /// with code 255 (init expects exactly that exit; the boot test reads the line).
    /// </summary>
    public static class UnhandledException
    {
        public static int Main(string[] args)
        {
            Begin(args);
            Throw();
            Note("still alive after throw");
            return 0;
        }

        private static void Throw() => throw new RingThreeException("ring-3 throw test");
    }

    public sealed class RingThreeException : InvalidOperationException
    {
        public RingThreeException(string message) : base(message) { }
    }
}
