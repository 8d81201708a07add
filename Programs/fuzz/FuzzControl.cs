using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// The page init shares with every fuzz process (a memory object it creates and reads back
    /// with SYS_READ after the run): per process a done flag and an anomaly count, per thread
    /// its call count and the call it is making now. So init can say how far a process got and
    /// which call it was in when it died or stopped moving, without asking the process.
    /// Compiled into both init and fuzz.
    /// </summary>
    internal static unsafe class FuzzControl
    {
        public const int MaxProcesses = 8;
        public const int MaxThreads = 4;
        /// <summary>Fuzzing threads per process (the main thread and two more).</summary>
        public const int Threads = 3;
        public const int ProcessBytes = 512;
        public const ulong Size = MaxProcesses * ProcessBytes;

        // Per process (ulong index): done, anomalies; per thread from ThreadBase, ThreadWords each.
        public const int Done = 0, Anomalies = 1, ThreadBase = 4, ThreadWords = 10;
        // Per thread: calls made, 1 while a call is in the kernel, done, the call's number and its six arguments.
        public const int Calls = 0, InCall = 1, ThreadDone = 2, Number = 3, Arg0 = 4;

        public static ulong* Process(byte* page, int process) => (ulong*)(page + process * ProcessBytes);

        public static ulong* Thread(byte* page, int process, int thread) => Process(page, process) + ThreadBase + thread * ThreadWords;
    
        /// <summary>"syscall N(a0, .., a5)": a call as the fuzzer and init report it.</summary>
        public static void WriteCall(ulong n, ulong* a)
        {
            Console.Write("syscall ");
            if (n < 1000) Console.WriteDecimal(n); else Console.WriteHex(n);
            Console.Write('(');
            for (int i = 0; i < 6; i++)
            {
                if (i > 0) Console.Write(", ");
                Console.WriteHex(a[i]);
            }
            Console.Write(')');
        }
    }
}
