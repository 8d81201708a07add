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

        /// <summary>Resume in <paramref name="target"/>(a0, a1), every other register as it is.</summary>
        public static void Redirect(FaultContext* c, ulong target, ulong a0, ulong a1)
        {
            c->Registers.Argument0 = a0;
            c->Registers.Argument1 = a1;
            c->Pc = target;
        }
    }
}
