using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// Costs of the .NET thread machinery on the runtime layer (docs/benchmarks.md "Threads and
// start-up (.NET)"). Each row is the min and median of N samples, per operation: one sample
// times one operation, or a batch of `batch` operations divided by the batch for the cheap ones,
// or half a round trip for the ping-pongs. Every figure includes the two TSC reads around it
// (the "rdtsc pair" row, divided by the batch where there is one). Nothing is asserted: the
// program prints numbers only. Order matters: the GC rows run before the first Task.Run, so no
// thread-pool worker is among the threads the collector stops.
static class Program
{
    const int Warm = 10;
    static bool s_tsc;

    static int Main()
    {
        s_tsc = HaveTsc();
        Console.WriteLine(s_tsc ? "unit: TSC (instructions under -icount shift=0)" : "unit: Stopwatch ticks (host: no veridian_rdtsc)");
        Console.WriteLine($"{"operation",-52} {"samples",7} {"min",12} {"median",12}");

        Report("two clock reads (overhead in every row)", Batch(1000, 1, static () => { }));
        Fields.Set(1);
        Report("empty delegate call (batch loop cost per op)", Batch(1000, 100, static () => { }));
        Report("[ThreadStatic] int read (NoInlining call)", Batch(1000, 100, static () => Sink.Value += Fields.ReadThreadStatic()));
        Report("plain static int read (NoInlining call)", Batch(1000, 100, static () => Sink.Value += Fields.ReadStatic()));
        object o = new();
        Report("lock (object) enter+exit, uncontended", Batch(1000, 100, () => { lock (o) Sink.Value++; }));
        Lock l = new();
        Report("lock (System.Threading.Lock) enter+exit, uncontended", Batch(1000, 100, () => { lock (l) Sink.Value++; }));
        Report("new Thread(empty).Start() + Join()", Batch(100, 1, static () =>
        {
            var t = new Thread(static () => { });
            t.Start();
            t.Join();
        }));
        Report("Monitor.Wait/Pulse hand-off (per one-way hand-off)", MonitorPingPong(1000));
        Report("AutoResetEvent Set -> WaitOne wake (per one-way)", AutoResetPingPong(1000));
        Report("ManualResetEventSlim Set -> Wait wake (per one-way)", SlimPingPong(1000));
        // 15 was the most that could be parked when the kernel allowed 16 threads per process; the
        // bound is the process's Threads quota now, and the series stops at 15 so its figures
        // still compare with those in docs/benchmarks.md.
        foreach (int parked in new[] { 0, 1, 4, 8, 15 })
        {
            ulong[] samples = CollectWithParked(parked, 21, out int got);
            Report($"GC.Collect(), small heap, {got,2} other threads parked", samples);
        }
        for (int i = 0; i < 50; i++) _ = Task.Run(static () => 1).Result;
        Report("Task.Run(() => 1).Result, warm pool", Batch(1000, 1, static () => Sink.Value += Task.Run(static () => 1).Result));
        return 0;
    }

    static ulong Now() => s_tsc ? Native.Rdtsc() : (ulong)Stopwatch.GetTimestamp();

    static bool HaveTsc()
    {
        try { Native.Rdtsc(); return true; }
        catch (EntryPointNotFoundException) { return false; }
        catch (DllNotFoundException) { return false; }
    }

    // count samples of `batch` calls each (after Warm unmeasured ones); a sample is per call.
    static ulong[] Batch(int count, int batch, Action op)
    {
        var samples = new ulong[count];
        for (int i = -Warm; i < count; i++)
        {
            ulong t0 = Now();
            for (int j = 0; j < batch; j++) op();
            ulong t = Now() - t0;
            if (i >= 0) samples[i] = t / (ulong)batch;
        }
        return samples;
    }

    // Two threads take turns under one lock: each waits (Monitor.Wait releases the lock) until
    // the other has flipped `turn` and pulsed. A round trip is two hand-offs.
    static ulong[] MonitorPingPong(int count)
    {
        var samples = new ulong[count];
        var gate = new object();
        int turn = 0;
        var other = new Thread(() =>
        {
            lock (gate)
            {
                for (int i = -Warm; i < count; i++)
                {
                    while (turn != 1) Monitor.Wait(gate);
                    turn = 0;
                    Monitor.Pulse(gate);
                }
            }
        });
        other.Start();
        lock (gate)
        {
            for (int i = -Warm; i < count; i++)
            {
                ulong t0 = Now();
                turn = 1;
                Monitor.Pulse(gate);
                while (turn != 0) Monitor.Wait(gate);
                ulong t = Now() - t0;
                if (i >= 0) samples[i] = t / 2;
            }
        }
        other.Join();
        return samples;
    }

    static ulong[] AutoResetPingPong(int count)
    {
        var samples = new ulong[count];
        using var ping = new AutoResetEvent(false);
        using var pong = new AutoResetEvent(false);
        var other = new Thread(() =>
        {
            for (int i = -Warm; i < count; i++)
            {
                ping.WaitOne();
                pong.Set();
            }
        });
        other.Start();
        for (int i = -Warm; i < count; i++)
        {
            ulong t0 = Now();
            ping.Set();
            pong.WaitOne();
            ulong t = Now() - t0;
            if (i >= 0) samples[i] = t / 2;
        }
        other.Join();
        return samples;
    }

    static ulong[] SlimPingPong(int count)
    {
        var samples = new ulong[count];
        using var ping = new ManualResetEventSlim(false);
        using var pong = new ManualResetEventSlim(false);
        var other = new Thread(() =>
        {
            for (int i = -Warm; i < count; i++)
            {
                ping.Wait();
                ping.Reset();
                pong.Set();
            }
        });
        other.Start();
        for (int i = -Warm; i < count; i++)
        {
            ulong t0 = Now();
            ping.Set();
            pong.Wait();
            pong.Reset();
            ulong t = Now() - t0;
            if (i >= 0) samples[i] = t / 2;
        }
        other.Join();
        return samples;
    }

    // `parked` threads blocked in Monitor.Wait (each has counted itself under the lock, and the
    // lock is free again only once it waits), then count timed GC.Collect()s of a heap holding
    // little more than the program's own objects. Fewer if a thread cannot be started (the
    // kernel's per-process limit): `got` says how many.
    static ulong[] CollectWithParked(int parked, int count, out int got)
    {
        var gate = new object();
        int waiting = 0;
        bool release = false;
        var threads = new Thread[parked];
        for (int i = 0; i < parked; i++)
        {
            threads[i] = new Thread(() =>
            {
                lock (gate)
                {
                    waiting++;
                    while (!release) Monitor.Wait(gate);
                }
            });
            try { threads[i].Start(); }
            catch (OutOfMemoryException)
            {
                Array.Resize(ref threads, i);
                break;
            }
        }
        got = threads.Length;
        for (;;)
        {
            lock (gate)
                if (waiting == got) break;
            Thread.Sleep(1);
        }
        Thread.Sleep(5);
        GC.Collect();
        var samples = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            ulong t0 = Now();
            GC.Collect();
            samples[i] = Now() - t0;
        }
        lock (gate)
        {
            release = true;
            Monitor.PulseAll(gate);
        }
        foreach (var t in threads) t.Join();
        return samples;
    }

    static void Report(string name, ulong[] samples)
    {
        Array.Sort(samples);
        Console.WriteLine($"{name,-52} {samples.Length,7} {samples[0],12:N0} {samples[samples.Length / 2],12:N0}");
    }
}

static class Fields
{
    [ThreadStatic] static int t_value;
    static int s_value;

    public static void Set(int value)
    {
        t_value = value;
        s_value = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int ReadThreadStatic() => t_value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int ReadStatic() => s_value;
}

static class Sink
{
    public static int Value;
}

static class Native
{
    [DllImport("libSystem.Native", EntryPoint = "veridian_rdtsc")]
    public static extern ulong Rdtsc();
}
