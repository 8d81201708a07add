using Veridian.Syscalls;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>
    /// getenv over the environment the parent passed after the "\0env" marker in the arguments
    /// (NAME=VALUE strings; docs/userspace.md). Each value is copied NUL-terminated once, on
    /// first use, and kept (getenv's result must stay valid).
    /// </summary>
    internal static unsafe class Environment
    {
        public static byte* Get(byte* name)
        {
            StartInfo* info = Startup.Info;
            if (info == null || name == null) return null;
            int nameLength = 0;
            while (name[nameLength] != 0) nameLength++;
            var strings = (UserString*)info->Args;
            for (int i = Arguments.EnvironmentStart(info); i < (int)info->ArgCount; i++)
            {
                var s = (byte*)strings[i].Pointer;
                ulong length = strings[i].Length;
                if (length <= (ulong)nameLength || s[nameLength] != (byte)'=') continue;
                bool same = true;
                for (int k = 0; k < nameLength && same; k++) same = s[k] == name[k];
                if (!same) continue;
                return Arguments.CopyZ(new UserString(strings[i].Pointer + (ulong)nameLength + 1, length - (ulong)nameLength - 1));
            }
            return null;
        }
    }
}
