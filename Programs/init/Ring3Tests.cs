using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// The ring-3 test protocol (docs/userspace.md): every module whose name starts with
    /// "test-" is run in turn with args [name, image size] and capabilities [console, its own
    /// image, a resource derived from the root for this test only, the kernel log]; its
    /// ProcessExitInfo is compared with what the test expects — exit code 0, unless the table
    /// below says otherwise (killed by a given fault, or another exit code) — and one line "ring3: PASS name" or
    /// "ring3: FAIL name why" is printed; then "ring3: summary N passed, M failed".
    /// After each test the derived resource is revoked, destroying whatever it created.
    /// </summary>
    internal static class Ring3Tests
    {
        public const string Prefix = "test-";

        /// <summary>How long one test may run before it counts as hung.</summary>
        public const ulong TestTimeoutNs = 120UL * 1_000_000_000;

        private struct Expectation
        {
            public string Name;
            public ExitReason Reason;
            public int ExitCode;    // for Exited
            public FaultCode Fault; // for Faulted
            public ulong Address;   // fault address to check, 0 = any
        }

        private static Expectation Killed(string name, FaultCode fault, ulong address = 0)
            => new Expectation { Name = name, Reason = ExitReason.Faulted, Fault = fault, Address = address };

        private static Expectation Exits(string name, int code)
            => new Expectation { Name = name, Reason = ExitReason.Exited, ExitCode = code };

        // Tests that must not simply exit 0. The isolation tests (Tests/Kernel/isolation) must be
        // killed with the given fault; test-unhandled-exception ends through the runtime's
        // unhandled-exception path (Programs/UserRuntime/Start.cs).
        private static Expectation[] Expected() => new[]
        {
            Exits("test-unhandled-exception", 255),
            Killed("test-isolation-kernel-read", FaultCode.PageFault, 0xFFFF_FFFF_8010_0000),
            Killed("test-isolation-kernel-jump", FaultCode.PageFault, 0xFFFF_FFFF_8010_0000),
            Killed("test-isolation-code-write", FaultCode.PageFault),
            Killed("test-isolation-stack-exec", FaultCode.PageFault),
            Killed("test-isolation-heap-exec", FaultCode.PageFault),
            Killed("test-isolation-foreign-read", FaultCode.PageFault, 0x0000_5000_0000_0000),
            Killed("test-isolation-cli", FaultCode.ProtectionFault),
            Killed("test-isolation-hlt", FaultCode.ProtectionFault),
            Killed("test-isolation-in", FaultCode.ProtectionFault),
            Killed("test-isolation-wrmsr", FaultCode.ProtectionFault),
            Killed("test-isolation-cr3", FaultCode.ProtectionFault),
            Killed("test-isolation-ud2", FaultCode.IllegalInstruction),
            Killed("test-isolation-divide", FaultCode.DivideError),
            Killed("test-isolation-int3", FaultCode.Breakpoint),
            Killed("test-isolation-stack-overflow", FaultCode.StackOverflow),
            Killed("test-exceptions-nested", FaultCode.PageFault, 0x2000),
            Killed("test-exceptions-cleared", FaultCode.DivideError),
            Killed("test-exceptions-bad-stack", FaultCode.DivideError),
        };

        public static int RunAll(ModuleTable modules)
        {
            Expectation[] table = Expected();
            int passed = 0, failed = 0;
            for (int i = 0; i < modules.Count; i++)
            {
                string name = modules.Names[i];
                if (!Text.StartsWith(name, Prefix)) continue;
                if (RunOne(modules, i, Find(table, name))) passed++; else failed++;
            }
            // A test named in the table but missing from the boot image is a failure too.
            for (int t = 0; t < table.Length; t++)
            {
                if (modules.Find(table[t].Name) >= 0) continue;
                Console.Write("ring3: FAIL ");
                Console.Write(table[t].Name);
                Console.WriteLine(" not on the boot image");
                failed++;
            }
            if (passed + failed == 0)
            {
                Console.WriteLine("ring3: FAIL no test programs among the boot modules");
                failed++;
            }
            Console.Write("ring3: summary ");
            Console.WriteDecimal(passed);
            Console.Write(" passed, ");
            Console.WriteDecimal(failed);
            Console.WriteLine(" failed");
            return failed == 0 ? 0 : 1;
        }

        private static int Find(Expectation[] table, string name)
        {
            for (int t = 0; t < table.Length; t++)
                if (table[t].Name == name) return t;
            return -1;
        }

        private static bool RunOne(ModuleTable modules, int index, int expectation)
        {
            string name = modules.Names[index];
            // A resource for this test alone: revoking it afterwards destroys what the test created.
            SysResult<Capability> derived = Sys.CapabilityDerive(Init.Root, Rights.All);
            Capability resource = derived.IsOk ? derived.Value : Init.Root;
            SysResult run = modules.Run(index, new[] { name, modules.SizeText(index) },
                new[] { Init.ConsoleCap, modules.ImageCapability(index), resource, Init.Log });
            if (!run.IsOk)
            {
                Fail(name, "cannot start: ", Names.Of(run.Error));
                Revoke(derived);
                return false;
            }
            ProcessId pid = new ProcessId(run.Value);
            SysResult wait = Spawn.Wait(pid, TestTimeoutNs, out ProcessExitInfo info);
            if (wait.Error == SyscallError.Timeout)
            {
                // A hung test must not keep running under the next one.
                Sys.KillProcess(pid);
                Spawn.Wait(pid, TestTimeoutNs, out info);
            }
            Revoke(derived);
            if (!wait.IsOk)
            {
                Fail(name, "wait: ", Names.Of(wait.Error));
                return false;
            }
            bool ok;
            if (expectation < 0)
                ok = info.Reason == ExitReason.Exited && info.ExitCode == 0;
            else
            {
                Expectation e = Expected()[expectation];
                ok = e.Reason == ExitReason.Exited
                    ? info.Reason == ExitReason.Exited && info.ExitCode == e.ExitCode
                    : info.Reason == ExitReason.Faulted && info.FaultCode == e.Fault
                      && (e.Address == 0 || info.FaultAddress == e.Address);
            }
            if (ok)
            {
                Console.Write("ring3: PASS ");
                Console.WriteLine(name);
                return true;
            }
            Console.Write("ring3: FAIL ");
            Console.Write(name);
            Console.Write(" expected ");
            if (expectation < 0) Console.Write("exited 0");
            else if (Expected()[expectation].Reason == ExitReason.Exited)
            {
                Console.Write("exited ");
                Console.WriteDecimal(Expected()[expectation].ExitCode);
            }
            else
            {
                Expectation e = Expected()[expectation];
                Console.Write("faulted ");
                Console.Write(Names.Of(e.Fault));
                if (e.Address != 0)
                {
                    Console.Write(" at ");
                    Console.WriteHex(e.Address);
                }
            }
            Console.Write(", got ");
            Report.ExitInfo(info);
            Console.WriteLine();
            return false;
        }

        private static void Revoke(SysResult<Capability> derived)
        {
            if (derived.IsOk) Sys.CapabilityRevoke(derived.Value);
        }

        private static void Fail(string name, string what, string detail)
        {
            Console.Write("ring3: FAIL ");
            Console.Write(name);
            Console.Write(" ");
            Console.Write(what);
            Console.WriteLine(detail);
        }
    }
}
