using System.Runtime.CompilerServices;

/// <summary>
/// Overwrites the stack below the caller with zeros, so that stale copies of references a helper
/// dropped do not keep objects alive under VeridianOS's conservative stack scan (docs/dotnet.md
/// "Limits and what is left"). Shared by the corpus programs that check what the collector frees.
/// </summary>
static class StackScrub
{
    public static unsafe void Run()
    {
        byte* area = stackalloc byte[16384];
        for (int i = 0; i < 16384; i++) area[i] = 0;
        Deeper(32);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Deeper(int n) => n == 0 ? 0 : Deeper(n - 1) + n;
}
