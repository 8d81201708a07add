using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// crash null|code-write|cli|divide|stack: does one thing ring 3 must not survive; the kernel
    /// kills the process and the shell says with which fault and at which address.
    /// </summary>
    public static unsafe class Crash
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "crash_cli")] private static extern void Cli();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "crash_divide_by_zero")] private static extern void DivideByZero();

        private static ulong s_sink;

        public static int Main(string[] args)
        {
            string how = args.Length == 2 ? args[1] : "";
            if (how == "null")
            {
                Console.WriteLine("crash: reading through a null pointer (address 0)");
                Console.Flush();
                s_sink = *(ulong*)s_sink;
            }
            else if (how == "code-write")
            {
                ulong code = (ulong)(delegate*<ulong>)&CodeAddress;
                Console.Write("crash: writing to my own code at ");
                Console.WriteHex(code);
                Console.WriteLine(" (mapped read+execute)");
                Console.Flush();
                *(byte*)code = 0xC3;
            }
            else if (how == "cli")
            {
                Console.WriteLine("crash: executing cli (privileged in ring 3)");
                Console.Flush();
                Cli();
            }
            else if (how == "divide")
            {
                Console.WriteLine("crash: dividing by zero");
                Console.Flush();
                DivideByZero();
            }
            else if (how == "stack")
            {
                Console.WriteLine("crash: recursing until the stack runs out");
                Console.Flush();
                s_sink = (ulong)Recurse(0);
            }
            else
            {
                Console.WriteLine("usage: crash null|code-write|cli|divide|stack");
                return 2;
            }
            Console.WriteLine("crash: still alive: the forbidden operation returned");
            return 1;
        }

        private static ulong CodeAddress() => (ulong)(delegate*<ulong>)&CodeAddress;

        private static int Recurse(int depth)
        {
            byte* frame = stackalloc byte[512];
            frame[0] = (byte)depth;
            frame[511] = (byte)(depth >> 8);
            return Recurse(depth + 1) + frame[0] + frame[511];
        }
    }
}
