using System;
using System.Runtime.CompilerServices;

// An exception nobody catches: the report (type, message, stack of method names) goes to
// standard error and the process ends as abort() does on Linux: exit code 134. No finally on the
// way: CoreCLR runs it before the report and NativeAOT does not (its first pass finds no handler
// and ends the process), so the program would differ between the two runtimes, not ours.
class ConfigurationMissingException : Exception
{
    public ConfigurationMissingException(string key) : base($"setting '{key}' is missing") { }
}

static class Program
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Load(string key) => throw new ConfigurationMissingException(key);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Start() => Load("port").Length + 1;

    static int Main()
    {
        Console.WriteLine("start");
        return Start();
    }
}
