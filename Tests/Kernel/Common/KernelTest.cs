using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// What every ring-3 test shares. init runs a test with args [name, size of its own image]
    /// and capabilities [console, its own image (Memory, Read|Grant|Derive), a resource (all
    /// rights, revoked after the test), the kernel log]. A test that starts a helper process
    /// starts its own image again with a role: args [name, size, role, ...], capabilities
    /// [console, image, ...whatever the test grants]. Each check that fails prints a line;
    /// <see cref="End"/> prints the count and returns the exit code (0 = all passed).
    /// </summary>
    public static unsafe class KernelTest
    {
        public const int ImageSlot = 1;
        public const int ResourceSlot = 2;
        public const int LogSlot = 3;

        private static string s_name;
        private static string[] s_args;
        private static int s_checks;
        private static int s_failures;

        public static void Begin(string[] args)
        {
            s_args = args;
            s_name = args.Length > 0 ? args[0] : "test";
        }

        public static string Name => s_name;
        public static string ImageSizeText => s_args.Length > 1 ? s_args[1] : "0";
        public static ulong ImageSize
        {
            get
            {
                long size = Text.ParseDecimal(ImageSizeText, 0, ImageSizeText.Length);
                return size < 0 ? 0 : (ulong)size;
            }
        }

        /// <summary>args[2] for a helper process started by <see cref="SpawnSelf"/>, else null.</summary>
        public static string Role => s_args.Length > 2 ? s_args[2] : null;
        public static string Arg(int i) => s_args.Length > i ? s_args[i] : "";
        public static ulong ArgNumber(int i)
        {
            string a = Arg(i);
            long v = Text.ParseDecimal(a, 0, a.Length);
            return v < 0 ? 0 : (ulong)v;
        }

        public static Capability ConsoleCap => Process.GrantedCapability(0);
        public static Capability Image => Process.GrantedCapability(ImageSlot);
        public static Capability Resource => Process.GrantedCapability(ResourceSlot);
        public static Capability Log => Process.GrantedCapability(LogSlot);

        public static int Failures => s_failures;

        public static bool Check(bool ok, string what)
        {
            s_checks++;
            if (ok) return true;
            s_failures++;
            Console.Write(s_name);
            Console.Write(": fail: ");
            Console.WriteLine(what);
            return false;
        }

        /// <summary>Checks the call succeeded; returns its value (0 on failure).</summary>
        public static ulong Ok(SysResult r, string what)
        {
            s_checks++;
            if (r.IsOk) return r.Value;
            s_failures++;
            Console.Write(s_name);
            Console.Write(": fail: ");
            Console.Write(what);
            Console.Write(": expected Success, got ");
            Console.WriteLine(Names.Of(r.Error));
            return 0;
        }

        /// <summary>Checks a typed call succeeded; returns its register value (the raw id or token).</summary>
        public static ulong Ok<T>(SysResult<T> r, string what) => Ok(r.Status, what);

        /// <summary>Checks a typed call failed with exactly <paramref name="expected"/>.</summary>
        public static bool Fails<T>(SysResult<T> r, SyscallError expected, string what) => Fails(r.Status, expected, what);

        /// <summary>Checks the call failed with exactly <paramref name="expected"/>.</summary>
        public static bool Fails(SysResult r, SyscallError expected, string what)
        {
            s_checks++;
            if (r.Error == expected) return true;
            s_failures++;
            Console.Write(s_name);
            Console.Write(": fail: ");
            Console.Write(what);
            Console.Write(": expected ");
            Console.Write(Names.Of(expected));
            Console.Write(", got ");
            Console.WriteLine(Names.Of(r.Error));
            return false;
        }

        public static void Equal(ulong expected, ulong actual, string what)
        {
            if (Check(expected == actual, what)) return;
            Console.Write(s_name);
            Console.Write(":   expected ");
            Console.WriteDecimal(expected);
            Console.Write(", got ");
            Console.WriteDecimal(actual);
            Console.WriteLine();
        }

        public static void Note(string what)
        {
            Console.Write(s_name);
            Console.Write(": ");
            Console.WriteLine(what);
        }

        /// <summary>Prints "name: N checks, M failed"; 0 if all passed.</summary>
        public static int End()
        {
            Console.Write(s_name);
            Console.Write(": ");
            Console.WriteDecimal(s_checks);
            Console.Write(" checks, ");
            Console.WriteDecimal(s_failures);
            Console.WriteLine(" failed");
            return s_failures == 0 ? 0 : 1;
        }

        /// <summary>
        /// Starts this test's own image again as a helper: args [name, size, role, extra...],
        /// capabilities [console, image, grants...]. Value = the ProcessId.
        /// </summary>
        public static SysResult SpawnSelf(string role, string[] extraArgs, Capability[] grants)
        {
            SysResult map = Spawn.MapImage(Image, ImageSize);
            if (!map.IsOk) return map;
            int extra = extraArgs == null ? 0 : extraArgs.Length;
            var args = new string[3 + extra];
            args[0] = s_name;
            args[1] = ImageSizeText;
            args[2] = role;
            for (int i = 0; i < extra; i++) args[3 + i] = extraArgs[i];
            int g = grants == null ? 0 : grants.Length;
            var caps = new Capability[2 + g];
            caps[0] = ConsoleCap;
            caps[1] = Image;
            for (int i = 0; i < g; i++) caps[2 + i] = grants[i];
            SysResult r = Spawn.Run((byte*)map.Value, ImageSize, args, caps);
            Sys.Munmap(map.Value, ImageSize);
            return r;
        }

        /// <summary>Waits (bounded) for a helper and checks it exited 0.</summary>
        public static void ExpectExit0(ProcessId helper, string what)
        {
            SysResult w = Spawn.Wait(helper, 60UL * 1_000_000_000, out ProcessExitInfo info);
            if (!Check(w.IsOk, what)) return;
            Check(info.Reason == ExitReason.Exited && info.ExitCode == 0, what);
        }

        public static string Decimal(ulong value)
        {
            byte* digits = stackalloc byte[20];
            int n = 0;
            do { digits[19 - n++] = (byte)('0' + value % 10); value /= 10; } while (value != 0);
            return Text.FromBytes(digits + 20 - n, n);
        }
    }
}
