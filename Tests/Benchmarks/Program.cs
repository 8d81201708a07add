using BenchmarkDotNet.Running;

namespace Veridian.Benchmarks
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "--verify")
            {
                new HotPaths().Verify();
                System.Console.WriteLine("ok");
                return;
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
