using Veridian.Syscalls;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// What the fault handler and the collector need to know about x86_64's calls and stacks
    /// (every architecture provides this class: docs/porting.md). SysV x86_64: a call pushes
    /// its return address at [sp]; the first two arguments are rdi and rsi; leaf code may use
    /// 128 bytes below sp without moving it.
    /// </summary>
    internal static unsafe class ArchFault
    {
        /// <summary>Bytes below a stopped thread's sp that leaf code may use (the SysV red zone).</summary>
        public const ulong RedZone = 128;

        /// <summary>
        /// The return address of a frameless helper (one that neither pushed nor moved sp)
        /// stopped at <paramref name="c"/>: at [sp]; false if sp cannot hold one.
        /// </summary>
        public static bool TryHelperReturnAddress(FaultContext* c, out ulong returnAddress)
        {
            returnAddress = 0;
            if ((c->Sp & 7) != 0) return false;
            returnAddress = *(ulong*)c->Sp;
            return true;
        }

        /// <summary>The frameless helper at <paramref name="c"/> returns: pc = its return address, popped.</summary>
        public static void ReturnFromHelper(FaultContext* c)
        {
            c->Pc = *(ulong*)c->Sp;
            c->Sp += 8;
        }

        /// <summary>
        /// The divide error at <paramref name="c"/> is an overflow (int.MinValue / -1), not a
        /// division by zero: x86 raises #DE for both, so the instruction is decoded and its
        /// divisor read (DivideDecoder); not zero means overflow, as NativeAOT decides on Linux.
        /// False (a division by zero) if the instruction cannot be decoded.
        /// </summary>
        public static bool IsDivideOverflow(FaultContext* c)
        {
            ref RegisterFile r = ref c->Registers;
            ulong* registers = stackalloc ulong[16];      // the encoding's order
            registers[0] = r.Rax; registers[1] = r.Rcx; registers[2] = r.Rdx; registers[3] = r.Rbx;
            registers[4] = c->Sp; registers[5] = r.Rbp; registers[6] = r.Rsi; registers[7] = r.Rdi;
            registers[8] = r.R8; registers[9] = r.R9; registers[10] = r.R10; registers[11] = r.R11;
            registers[12] = r.R12; registers[13] = r.R13; registers[14] = r.R14; registers[15] = r.R15;
            return DivideDecoder.TryDivisor((byte*)c->Pc, registers, out ulong divisor) && divisor != 0;
        }

        /// <summary>Resume in <paramref name="target"/>(a0, a1), every other register as it is.</summary>
        public static void Redirect(FaultContext* c, ulong target, ulong a0, ulong a1)
        {
            c->Registers.Argument0 = a0;
            c->Registers.Argument1 = a1;
            c->Pc = target;
        }
    }
}
