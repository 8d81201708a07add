using Veridian.Kernel.Boot;

namespace Veridian.Plugs.X64
{
    internal sealed class X64Machine : Machine
    {
        private const ushort DebugExitPort = 0xF4;   // QEMU -device isa-debug-exit,iobase=0xf4

        public override string Architecture => "x86_64";

        public override ulong ReadTimestamp() => Native.ReadTsc();

        public override void ExitEmulator(int code)
        {
            Native.OutD(DebugExitPort, (uint)code);
            Native.HaltForever();                    // not under QEMU: stop here
        }

        public override void HaltForever() => Native.HaltForever();

        public override void RunThreads(Veridian.Kernel.Tasks.ThreadRunner runner)
        {
            CpuFeatures.EnableProtections();
            UserMode.Initialize(runner);
            LocalApic.Initialize();                                  // monotonic time starts now
            runner.Kernel.Clock.SetRealtimeOffset(CmosClock.NanosecondsSinceEpoch());
            UserMode.Run();
        }

        public override bool VerifyHeap(out ulong bytesInUse)
        {
            bytesInUse = RuntimeExports.Heap.BytesInUse;
            return RuntimeExports.Heap.Verify(out _);
        }
    }
}
