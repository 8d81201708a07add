// A process ends when its last foreground thread does, not when Main returns (CoreLib's
// start-up code waits for them, on VeridianOS as on the host); background threads do not count.
static class Program
{
    static int Main()
    {
        var mainReturning = new ManualResetEventSlim();
        var foreground = new Thread(() =>
        {
            mainReturning.Wait();
            Thread.Sleep(20);
            Console.WriteLine("foreground worker: finished after Main returned");
        });
        var background = new Thread(() =>
        {
            Thread.Sleep(Timeout.Infinite);
        }) { IsBackground = true };
        foreground.Start();
        background.Start();
        Console.WriteLine("main: returning 7");
        mainReturning.Set();
        return 7;
    }
}
