using Veridian.Syscalls;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// argc/argv for <c>__managed__Main</c> from the StartInfo the kernel wrote: each UserString
    /// before the environment marker ("\0env", the small runtime's convention) becomes a NUL-terminated UTF-8 copy. argv[0] is the program's name; .NET's Main
    /// receives the rest, as on any OS.
    /// </summary>
    internal static unsafe class Arguments
    {
        public static int Count(StartInfo* info)
        {
            var strings = (UserString*)info->Args;
            for (int i = 0; i < (int)info->ArgCount; i++)
                if (IsMarker(strings[i])) return i;
            return (int)info->ArgCount;
        }

        /// <summary>The strings after the marker: the environment, NAME=VALUE each.</summary>
        public static int EnvironmentStart(StartInfo* info) => Count(info) + 1;

        public static byte** Build(StartInfo* info, int argc)
        {
            var strings = (UserString*)info->Args;
            var argv = (byte**)NativeHeap.Allocate((ulong)(argc + 1) * 8);
            if (argv == null) return null;
            for (int i = 0; i < argc; i++)
            {
                argv[i] = CopyZ(strings[i]);
                if (argv[i] == null) return null;
            }
            argv[argc] = null;
            return argv;
        }

        public static byte* CopyZ(UserString s)
        {
            var copy = (byte*)NativeHeap.Allocate(s.Length + 1);
            if (copy == null) return null;
            for (ulong i = 0; i < s.Length; i++) copy[i] = ((byte*)s.Pointer)[i];
            copy[s.Length] = 0;
            return copy;
        }

        private static bool IsMarker(UserString s)
        {
            // No managed statics here: this runs before InitializeModules has made them.
            var b = (byte*)s.Pointer;
            return s.Length == 4 && b[0] == 0 && b[1] == (byte)'e' && b[2] == (byte)'n' && b[3] == (byte)'v';
        }
    }
}
