using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>sleep SECONDS: SYS_NANOSLEEP for that long (Ctrl-C at the shell kills it), then says so.</summary>
    public static class Sleep
    {
        public static int Main(string[] args)
        {
            long s = args.Length == 2 ? Text.ParseDecimal(args[1], 0, args[1].Length) : -1;
            if (s < 0)
            {
                Console.WriteLine("usage: sleep SECONDS");
                return 2;
            }
            Console.Write("sleep: sleeping ");
            Console.WriteDecimal(s);
            Console.WriteLine(" s");
            SysResult r = Sys.Nanosleep(new Timespec(s, 0));
            if (!r.IsOk)
            {
                Console.Write("sleep: ");
                Console.WriteLine(Names.Of(r.Error));
                return 1;
            }
            Console.Write("sleep: slept ");
            Console.WriteDecimal(s);
            Console.WriteLine(" s");
            return 0;
        }
    }
}
