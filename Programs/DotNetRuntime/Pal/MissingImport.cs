using System;
using System.Runtime;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>
    /// Where the generated stubs for unimplemented native functions land
    /// (Programs/DotNet/missing-imports.sh): a .NET exception that names the function.
    /// </summary>
    internal static unsafe class MissingImport
    {
        [RuntimeExport("veridian_missing_import")]
        private static void Missing(byte* name)
        {
            int length = 0;
            while (name[length] != 0) length++;
            throw new PlatformNotSupportedException(
                "VeridianOS does not implement " + new string((sbyte*)name, 0, length) + " (docs/dotnet.md)");
        }
    }
}
