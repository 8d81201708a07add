namespace Veridian.UserRuntime
{
    /// <summary>
    /// A program's environment: <c>KEY=VALUE</c> strings its starter appended to the argument
    /// list after the marker string "\0env" (a NUL cannot be typed at the shell, so no argument
    /// is ever mistaken for it). Main's args stop before the marker (docs/userspace.md
    /// "Environment"). The shell passes <c>files=CHANNEL</c>: the file service's channel id,
    /// which goes with the endpoint capability granted in caps[1].
    /// </summary>
    public static class Environment
    {
        public const string Marker = "\0env";

        /// <summary>The number of strings before the marker (all of them without one).</summary>
        public static int ArgumentCount
        {
            get
            {
                int n = Process.RawArgumentCount;
                for (int i = 0; i < n; i++)
                    if (Process.RawArgumentIs(i, Marker)) return i;
                return n;
            }
        }

        /// <summary>The value of KEY in the environment, or null.</summary>
        public static string Get(string key)
        {
            int n = Process.RawArgumentCount;
            for (int i = ArgumentCount + 1; i < n; i++)
            {
                string s = Process.RawArgument(i);
                if (s.Length > key.Length && s[key.Length] == '=' && Text.StartsWith(s, key))
                    return Text.Substring(s, key.Length + 1, s.Length - key.Length - 1);
            }
            return null;
        }
    }
}
