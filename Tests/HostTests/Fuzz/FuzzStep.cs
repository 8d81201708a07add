using System.Text;
using Veridian.Syscalls;

namespace Veridian.Tests.Fuzz
{
    /// <summary>One step of a fuzz world: a syscall by the n-th ready thread, a clock advance, a fault or a kill.</summary>
    public sealed class FuzzStep
    {
        public StepKind Kind;
        public int Thread;
        public SyscallNumber Number;
        public FuzzArg[] Args = new FuzzArg[8];
        public ulong Value;

        public override string ToString()
        {
            switch (Kind)
            {
                case StepKind.AdvanceTime: return $"AdvanceTime({Value})";
                case StepKind.PageFault: return $"PageFault(readyThread {Thread}, address 0x{Value:x})";
                case StepKind.Kill: return $"Kill(process of readyThread {Thread})";
            }
            var b = new StringBuilder();
            b.Append($"readyThread {Thread}: {Number}(");
            int n = Number == SyscallNumber.IpcCall ? 8 : 6;
            for (int i = 0; i < n; i++)
            {
                if (i > 0)
                    b.Append(", ");
                b.Append(Args[i]);
            }
            return b.Append(')').ToString();
        }
    }
}
