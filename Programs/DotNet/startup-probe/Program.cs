using System.Runtime.InteropServices;

// Start-up path length of a .NET program (docs/benchmarks.md "Threads and start-up (.NET)").
// The first statement reads the TSC. Run by `bench startup` (Programs/bench), args[0] is the
// TSC the parent read just before its SYS_PROCESS_CREATE: the program prints the difference and
// returns it as the exit code (clamped to int.MaxValue), which is how bench learns it. Run alone
// (no argument, or on the host, where there is no veridian_rdtsc) it says so and returns 0.
ulong now = Tsc.Read();
if (args.Length < 1 || !ulong.TryParse(args[0], out ulong since) || now == 0)
{
    Console.WriteLine(now == 0
        ? "startup-probe: no TSC here (veridian_rdtsc is the VeridianOS runtime layer's)"
        : "startup-probe: run it as `bench startup startup-probe` (needs the parent's TSC as the argument)");
    return 0;
}
ulong delta = now - since;
Console.WriteLine($"startup-probe: Main reached {delta:N0} instructions after the parent's SYS_PROCESS_CREATE");
return delta > int.MaxValue ? int.MaxValue : (int)delta;

static class Tsc
{
    public static ulong Read()
    {
        try { return Native.Rdtsc(); }
        catch (EntryPointNotFoundException) { return 0; }
        catch (DllNotFoundException) { return 0; }
    }
}

static class Native
{
    [DllImport("libSystem.Native", EntryPoint = "veridian_rdtsc")]
    public static extern ulong Rdtsc();
}
