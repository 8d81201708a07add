using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// threads [N]: starts N (default 4, at most 8) threads, each summing a different range on
    /// its own stack while they are preempted among each other, joins them, and checks each
    /// result (the exit code of SYS_THREAD_EXIT) and the shared total written by all of them.
    /// </summary>
    public static unsafe class ThreadsDemo
    {
        private static ulong[] s_results = new ulong[8];

        public static int Main(string[] args)
        {
            long n = args.Length > 1 ? Text.ParseDecimal(args[1], 0, args[1].Length) : 4;
            if (n < 1 || n > 8)
            {
                Console.WriteLine("usage: threads [N 1..8]");
                return 2;
            }
            var threads = new UserThread[n];
            for (int i = 0; i < n; i++)
            {
                SysResult r = Threads.Start(&Work, (ulong)i, Threads.DefaultStackSize, out threads[i]);
                if (!r.IsOk)
                {
                    Console.Write("threads: cannot start thread: ");
                    Console.WriteLine(Names.Of(r.Error));
                    return 1;
                }
                Console.Write("threads: started thread ");
                Console.WriteDecimal(i);
                Console.Write(" (id ");
                Console.WriteDecimal(threads[i].Id.Raw & 0xFFFF);
                Console.WriteLine(")");
            }
            int bad = 0;
            for (int i = 0; i < n; i++)
            {
                SysResult j = Threads.Join(ref threads[i], Abi.WaitForever);
                ulong count = Count(i);
                ulong expected = count * (count + 1) / 2;
                Console.Write("threads: thread ");
                Console.WriteDecimal(i);
                Console.Write(" summed 1..");
                Console.WriteDecimal(count);
                Console.Write(" = ");
                Console.WriteDecimal(s_results[i]);
                Console.Write(", exit code ");
                Console.WriteDecimal(j.Value);
                bool ok = j.IsOk && s_results[i] == expected && (int)j.Value == 100 + i;
                Console.WriteLine(ok ? " (correct)" : " (WRONG)");
                if (!ok) bad++;
            }
            Console.Write("threads: ");
            Console.WriteDecimal(n);
            Console.Write(" threads joined, ");
            Console.WriteDecimal(bad);
            Console.WriteLine(" wrong");
            return bad == 0 ? 0 : 1;
        }

        private static ulong Count(int i) => 200_000UL * (ulong)(i + 1);

        private static int Work(ulong index)
        {
            ulong sum = 0, count = Count((int)index);
            for (ulong k = 1; k <= count; k++) sum += k;
            s_results[index] = sum;
            return 100 + (int)index;
        }
    }
}
