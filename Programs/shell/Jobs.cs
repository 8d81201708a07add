using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// Background programs (<c>cmd &amp;</c>): started like foreground ones, recorded here, polled
    /// with SYS_PROCESS_WAIT(timeout 0) before each prompt ("[1] done NAME: exited 0"), listed by
    /// <c>jobs</c>, waited for by <c>wait [id]</c> (Ctrl-C stops the waiting, not the job).
    /// </summary>
    internal static class Jobs
    {
        private const int MaxJobs = 8;
        private static readonly ProcessId[] s_pids = new ProcessId[MaxJobs];
        private static readonly string[] s_names = new string[MaxJobs];
        private static readonly int[] s_ids = new int[MaxJobs];
        private static int s_nextId = 1;

        public static void StartBackground(string[] words, int count)
        {
            int slot = -1;
            for (int i = 0; i < MaxJobs && slot < 0; i++)
                if (s_ids[i] == 0) slot = i;
            if (slot < 0)
            {
                Console.WriteLine("shell: too many background jobs (at most 8): wait for one first");
                return;
            }
            SysResult r = Shell.Start(words, count, foreground: false);
            if (!r.IsOk) return;
            s_pids[slot] = new ProcessId(r.Value);
            s_names[slot] = words[0];
            s_ids[slot] = s_nextId++;
            Console.Write("[");
            Console.WriteDecimal(s_ids[slot]);
            Console.Write("] ");
            Console.Write(words[0]);
            Console.WriteLine(" started in the background");
        }

        /// <summary>Reports (and forgets) every background job that has ended.</summary>
        public static void ReportFinished()
        {
            for (int i = 0; i < MaxJobs; i++)
            {
                if (s_ids[i] == 0) continue;
                SysResult w = Spawn.Wait(s_pids[i], Abi.NoWait, out ProcessExitInfo info);
                if (w.IsOk) Done(i, info);
                else if (w.Error != SyscallError.Timeout) Gone(i, w.Error);
            }
        }

        private static void Done(int i, ProcessExitInfo info)
        {
            Console.Write("[");
            Console.WriteDecimal(s_ids[i]);
            Console.Write("] done ");
            Console.Write(s_names[i]);
            Console.Write(": ");
            if (info.Reason == ExitReason.Exited && info.ExitCode == 0) Console.Write("exited 0");
            else Shell.WriteEnd(info, false);
            Console.WriteLine();
            s_ids[i] = 0;
        }

        private static void Gone(int i, SyscallError e)
        {
            Console.Write("[");
            Console.WriteDecimal(s_ids[i]);
            Console.Write("] ");
            Console.Write(s_names[i]);
            Console.Write(": cannot wait: ");
            Console.WriteLine(Names.Of(e));
            s_ids[i] = 0;
        }

        public static void List()
        {
            ReportFinished();
            bool any = false;
            for (int i = 0; i < MaxJobs; i++)
            {
                if (s_ids[i] == 0) continue;
                any = true;
                Console.Write("[");
                Console.WriteDecimal(s_ids[i]);
                Console.Write("] running ");
                Console.WriteLine(s_names[i]);
            }
            if (!any) Console.WriteLine("no background jobs");
        }

        /// <summary>wait (all jobs) or wait ID.</summary>
        public static void Wait(string[] words, int count)
        {
            int only = 0;
            if (count > 1)
            {
                string a = words[1];
                int start = a.Length > 0 && a[0] == '%' ? 1 : 0;
                long id = Text.ParseDecimal(a, start, a.Length);
                if (id <= 0) { Console.WriteLine("wait: usage: wait [job id]"); return; }
                only = (int)id;
                bool found = false;
                for (int i = 0; i < MaxJobs; i++) found |= s_ids[i] == only;
                if (!found)
                {
                    ReportFinished();
                    Console.Write("wait: no running job ");
                    Console.WriteDecimal(only);
                    Console.WriteLine();
                    return;
                }
            }
            for (;;)
            {
                bool waiting = false;
                for (int i = 0; i < MaxJobs; i++)
                {
                    if (s_ids[i] == 0 || (only != 0 && s_ids[i] != only)) continue;
                    SysResult w = Spawn.Wait(s_pids[i], 20_000_000, out ProcessExitInfo info);
                    if (w.IsOk) Done(i, info);
                    else if (w.Error == SyscallError.Timeout) waiting = true;
                    else Gone(i, w.Error);
                }
                if (!waiting) return;
                if (Input.TakeInterrupt())
                {
                    Console.WriteLine("^C");
                    Console.WriteLine("wait: interrupted; the jobs keep running");
                    return;
                }
            }
        }
    }
}
