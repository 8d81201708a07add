using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>The first ring-3 program: a greeting and its arguments.</summary>
    public static class Hello
    {
        public static int Main(string[] args)
        {
            Console.WriteLine("Hello from ring 3");
            Console.Write("hello: ");
            Console.WriteDecimal(args.Length);
            Console.WriteLine(" args");
            for (int i = 0; i < args.Length; i++)
            {
                Console.Write("hello: args[");
                Console.WriteDecimal(i);
                Console.Write("] = ");
                Console.WriteLine(args[i]);
            }
            return 0;
        }
    }
}
