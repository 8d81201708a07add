// What Veridian.DotNetRuntime provides to its own sources; the harness compiles the exception
// layer alone, so it brings the two attributes ILC recognises by name.
namespace System.Runtime
{
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class RuntimeExportAttribute : Attribute { public RuntimeExportAttribute(string entry) { } }

    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class RuntimeImportAttribute : Attribute { public RuntimeImportAttribute(string library, string entry) { } }
}
