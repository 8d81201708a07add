using System;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// A throw nobody catches ends the process through the user runtime: it prints
    /// "unhandled exception: System.InvalidOperationException: ring-3 throw test" on the console
    /// and exits with code 255 (init expects exactly that exit; the boot test reads the line).
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

        private static void Throw() => throw new InvalidOperationException("ring-3 throw test");
    }
}
