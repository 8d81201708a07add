using System;
using System.Linq;
using System.Reflection;
using Veridian.Syscalls;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>The one declaration covers the ABI, and UserLib has a wrapper for each declared call.</summary>
    public class UserLibDeclarationTests
    {
        private static MethodInfo[] Declared => typeof(ISyscallApi).GetMethods();

        [Fact]
        public void Every_number_is_declared_exactly_once()
        {
            var numbers = Declared.Select(m => m.GetCustomAttribute<SyscallAttribute>().Number).OrderBy(n => n).ToArray();
            Assert.Equal(Enum.GetValues<SyscallNumber>().OrderBy(n => n).ToArray(), numbers);
        }

        [Fact]
        public void Every_declared_call_has_a_UserLib_wrapper_named_after_it()
        {
            string[] wrappers = typeof(Sys).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToArray();
            foreach (MethodInfo m in Declared)
                Assert.Contains(m.Name, wrappers);
            string[] spec =
            {
                "Exit", "Read", "Write", "Mmap", "Munmap", "Mprotect", "IpcEndpointCreate", "IpcChannelCreate", "IpcSend",
                "IpcReceive", "IpcCall", "IpcReply", "CreateProcess", "StartProcess", "WaitProcess", "CreateThread",
                "ExitThread", "JoinThread", "CapabilityCreate", "CapabilityDerive", "CapabilityRevoke", "CapabilityValidate",
                "ClockGet", "Nanosleep", "Yield",
                // the VeridianOS extensions (docs/abi.md §12a)
                "KillProcess", "FutexWait", "FutexWake", "ThreadSetTls", "ExceptionHandlerSet", "ExceptionReturn", "ConsoleForeground",
                "SuspendThread", "ResumeThread", "ThreadSelf",
            };
            Assert.Equal(spec.OrderBy(s => s), Declared.Select(m => m.Name).OrderBy(s => s));
        }

        [Fact]
        public void No_declaration_needs_more_than_six_registers()
        {
            foreach (MethodInfo m in Declared)
            {
                int registers = m.GetParameters().Sum(p =>
                    p.ParameterType == typeof(UserBuffer) || p.ParameterType == typeof(UserOutBuffer)
                    || (p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(UserArray<>)) ? 2 : 1);
                Assert.True(registers <= 6, m.Name);
            }
        }
    }
}
