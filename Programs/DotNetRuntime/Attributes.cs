using System;

namespace System.Runtime
{
    // ILC recognises these by name in any input assembly: RuntimeExport makes a method a plain
    // global symbol with the managed calling convention (no transition frame), which is how the
    // helpers compiled code calls (RhpNewFast, SystemNative_Write, ...) are defined here;
    // RuntimeImport + InternalCall is a direct call to an assembly symbol.
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class RuntimeExportAttribute : Attribute
    {
        public string EntryPoint;
        public RuntimeExportAttribute(string entry) { EntryPoint = entry; }
    }

    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class RuntimeImportAttribute : Attribute
    {
        public string DllName;
        public string EntryPoint;
        public RuntimeImportAttribute(string lib, string entry) { DllName = lib; EntryPoint = entry; }
    }
}
