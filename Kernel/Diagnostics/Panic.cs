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
            ulong offset = 0;
            int index = Symbols == null ? -1 : Symbols.Lookup(address, out offset);
            if (index < 0)
            {
                KernelConsole.Write("<unknown>");
                return;
            }
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

        /// <summary>
        /// ILC names a MethodTable "_ZTV" + length + "Assembly_Namespace_Type" (the assembly's dots
        /// become underscores too). Strips the prefix and our two assembly names, so
        /// "_ZTV49Veridian_Runtime_System_InvalidOperationException" reads "System_InvalidOperationException".
        /// </summary>
        public static ReadOnlySpan<byte> TypeNameOf(ReadOnlySpan<byte> symbol)
        {
            if (StartsWith(symbol, "_ZTV"))
            {
                symbol = symbol.Slice(4);
                while (symbol.Length > 0 && symbol[0] >= (byte)'0' && symbol[0] <= (byte)'9') symbol = symbol.Slice(1);
            }
            if (StartsWith(symbol, "Veridian_Runtime_")) return symbol.Slice(17);
            if (StartsWith(symbol, "Veridian_KernelImage_")) return symbol.Slice(21);
            return symbol;
        }

        private static bool StartsWith(ReadOnlySpan<byte> text, string prefix)
        {
            if (text.Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
                if (text[i] != prefix[i]) return false;
            return true;
        }

        public static void End()
        {
            KernelConsole.WriteLine("*** system halted ***");
            // A run that ends QEMU with init (ring3test, bench, fuzz) must fail at once, not at its timeout.
            Boot.KernelMain.PanicEnded();
        }
    }
}
