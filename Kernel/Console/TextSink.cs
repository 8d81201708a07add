namespace Veridian.Kernel.Console
{
    /// <summary>Somewhere characters go: the serial port, the screen, a test's buffer.</summary>
    public abstract class TextSink
    {
        public abstract void Write(char c);
    }
}
