using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Veridian.Syscalls;
using Xunit;

namespace Veridian.Tests.Sim
{
    /// <summary>
    /// The errors each syscall declares (<see cref="ErrorAttribute"/> on <see cref="ISyscallApi"/>,
    /// read by reflection) and the (call, error) pairs the host tests see the dispatcher return.
    /// Every dispatch through <see cref="TestKernel"/>, <see cref="KernelBackend"/> and the fuzzer
    /// passes here: an error its call does not declare fails the test that caused it.
    /// <see cref="ErrorDeclarationTests"/> checks the other direction (every declared error is produced).
    /// </summary>
    public static class ErrorLedger
    {
        public static readonly IReadOnlyDictionary<SyscallNumber, HashSet<SyscallError>> Declared = ReadDeclarations();

        /// <summary>Pairs seen while <see cref="Capture"/> is set on this thread (a test run from <see cref="ErrorDeclarationTests"/>).</summary>
        [ThreadStatic]
        public static HashSet<(SyscallNumber, SyscallError)> Capture;

        private static readonly ConcurrentDictionary<(SyscallNumber, SyscallError, string), bool> SeenBy = new();

        private static Dictionary<SyscallNumber, HashSet<SyscallError>> ReadDeclarations()
        {
            var d = new Dictionary<SyscallNumber, HashSet<SyscallError>>();
            foreach (MethodInfo m in typeof(ISyscallApi).GetMethods())
            {
                SyscallAttribute s = m.GetCustomAttribute<SyscallAttribute>();
                if (s == null)
                    continue;
                d[s.Number] = new HashSet<SyscallError>(m.GetCustomAttributes<ErrorAttribute>().SelectMany(e => e.Errors));
            }
            return d;
        }

        /// <summary>The error in <paramref name="ret"/>, if any, is declared for <paramref name="number"/> (numbers that name no call: InvalidSyscall only).</summary>
        public static bool IsDeclared(ulong number, ulong ret, out string problem)
        {
            problem = null;
            if (!SyscallReturn.IsError(ret))
                return true;
            SyscallError e = SyscallReturn.GetError(ret);
            if (number > uint.MaxValue || !Declared.TryGetValue((SyscallNumber)number, out HashSet<SyscallError> errors))
            {
                if (e == SyscallError.InvalidSyscall)
                    return true;
                problem = $"syscall {number} (no such call) returned {e}, not InvalidSyscall";
                return false;
            }
            var pair = ((SyscallNumber)number, e);
            Capture?.Add(pair);
            if (Ledger != null)
                SeenBy.TryAdd((pair.Item1, e, CurrentTest()), true);
            if (errors.Contains(e))
                return true;
            problem = $"SYS {(SyscallNumber)number} returned {e}, which Syscalls/SyscallApi.cs does not declare for it: add an [Error] with its condition (docs/syscall-errors.md is generated from them)";
            return false;
        }

        /// <summary>Asserts that a completed call's error is declared.</summary>
        public static void Check(ulong number, ulong ret)
        {
            Assert.True(IsDeclared(number, ret, out string problem), problem);
        }

        // ---- discovery: VERIDIAN_ERROR_LEDGER=file writes, at exit, each pair seen and every test that produced it.

        private static readonly string Ledger = Environment.GetEnvironmentVariable("VERIDIAN_ERROR_LEDGER");

        static ErrorLedger()
        {
            if (Ledger != null)
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                    File.WriteAllLines(Ledger, SeenBy.Keys.OrderBy(p => p).Select(p => $"{p.Item1} {p.Item2} {p.Item3}"));
        }

        private static string CurrentTest()
        {
            foreach (StackFrame f in new StackTrace().GetFrames())
            {
                MethodBase m = f.GetMethod();
                if (m != null && (m.IsDefined(typeof(FactAttribute)) || m.IsDefined(typeof(TheoryAttribute))))
                    return m.DeclaringType.FullName + "." + m.Name;
            }
            return "?";
        }
    }
}
