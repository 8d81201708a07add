using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>echo WORDS: prints its arguments, separated by spaces (the program; the shell has a builtin too).</summary>
    public static class Echo
    {
        public static int Main(string[] args)
        {
            for (int i = 1; i < args.Length; i++)
            {
                if (i > 1) Console.Write(' ');
                Console.Write(args[i]);
            }
            Console.WriteLine();
            return 0;
        }
    }
}
