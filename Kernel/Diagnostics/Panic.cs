using System;
using Veridian.Kernel.Console;

namespace Veridian.Kernel.Diagnostics
{
    /// <summary>
    /// The architecture-neutral half of a kernel panic: the header, the reason and naming
    /// addresses by symbol. The plugs add the register dump and stop the machine.
    /// </summary>
    public static class Panic
    {
        /// <summary>Set once the symbol module is parsed; panics before that print raw addresses.</summary>
        public static SymbolTable Symbols;

        private static int s_depth;

        /// <summary>True the first time; false for a panic raised while printing a panic.</summary>
        public static bool Begin(string reason)
        {
            if (++s_depth > 1)
            {
                KernelConsole.WriteLine();
                KernelConsole.WriteLine("*** nested panic: giving up ***");
                return false;
            }
            KernelConsole.WriteLine();
            KernelConsole.WriteLine("*** KERNEL PANIC ***");
            KernelConsole.Write("reason: ");
            KernelConsole.WriteLine(reason);
            return true;
        }

        /// <summary>Prints "0xADDRESS <symbol+0xoffset>".</summary>
        public static void WriteAddress(ulong address)
        {
            KernelConsole.WriteHex(address, 16);
            KernelConsole.Write(' ');
            WriteSymbol(address);
        }

        public static void WriteSymbol(ulong address)
        {
            int index = Symbols == null ? -1 : Symbols.Lookup(address, out ulong offset);
            if (index < 0)
            {
                KernelConsole.Write("<unknown>");
                return;
            }
            Symbols.Lookup(address, out offset);
            KernelConsole.Write('<');
            KernelConsole.WriteAscii(Symbols.Name(index));
            if (offset != 0)
            {
                KernelConsole.Write('+');
                KernelConsole.WriteHex(offset);
            }
            KernelConsole.Write('>');
        }

        /// <summary>The exception line: its type (named by the symbol of its MethodTable) and message.</summary>
        public static void WriteException(ulong methodTable, string message)
        {
            KernelConsole.Write("exception: ");
            int index = Symbols == null ? -1 : Symbols.Lookup(methodTable, out ulong offset);
            if (index >= 0 && Symbols.Address(index) == methodTable)
                KernelConsole.WriteAscii(TypeNameOf(Symbols.Name(index)));
            else
                KernelConsole.WriteHex(methodTable);
            KernelConsole.Write(": ");
            KernelConsole.WriteLine(message);
        }

        /// <summary>ILC names a MethodTable "Assembly_Namespace_Type"; print from the namespace on.</summary>
        public static ReadOnlySpan<byte> TypeNameOf(ReadOnlySpan<byte> symbol)
        {
            for (int i = 0; i < symbol.Length; i++)
                if (symbol[i] == (byte)'_') return symbol.Slice(i + 1);
            return symbol;
        }

        public static void End()
        {
            KernelConsole.WriteLine("*** system halted ***");
        }
    }
}
