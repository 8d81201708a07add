using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Veridian.Syscalls;
using Veridian.Tests.Fuzz;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// The errors declared in Syscalls/SyscallApi.cs (<see cref="ErrorAttribute"/>, from which
    /// docs/syscall-errors.md is generated) against what the handlers return. One direction is
    /// checked on every dispatch of every host test (<see cref="ErrorLedger.Check"/>: a call
    /// returning an error it does not declare fails the test). This class checks the other: every
    /// declared (call, error) pair is produced, by a bounded fuzzer run or by the test named for it
    /// in <see cref="ProducedBy"/>, or is listed in <see cref="NotProducedOnHost"/> with the reason.
    /// To find which test produces a pair: <c>VERIDIAN_ERROR_LEDGER=/tmp/ledger dotnet test
    /// Tests/HostTests/HostTests.csproj</c> writes each pair seen and every test that produced it.
    /// </summary>
    public class ErrorDeclarationTests
    {
        /// <summary>Pairs the fuzzer run below does not reach, and a test that produces each.</summary>
        private static readonly (SyscallNumber Call, SyscallError Error, string Test)[] ProducedBy =
        {
            (SyscallNumber.Read, SyscallError.PermissionDenied, "IoTests.Io_errors"),
            (SyscallNumber.Read, SyscallError.OutOfMemory, "ErrorCoverageTests.Copy_out_to_an_untouched_page_with_no_frames_is_out_of_memory"),
            (SyscallNumber.Read, SyscallError.NotFound, "IoTests.Overwritten_log_bytes_are_not_found"),
            (SyscallNumber.Write, SyscallError.InvalidAddress, "IoTests.Io_errors"),
            (SyscallNumber.Mmap, SyscallError.NotSupported, "MemoryTests.Mmap_parameter_errors"),
            (SyscallNumber.Mmap, SyscallError.AlreadyExists, "MemoryTests.Fixed_maps_exactly_there_and_refuses_overlap"),
            (SyscallNumber.Mmap, SyscallError.OutOfMemory, "MemoryTests.Address_space_full_is_out_of_memory_and_region_table_full_is_exhausted"),
            (SyscallNumber.Mmap, SyscallError.ResourceExhausted, "MemoryTests.Address_space_full_is_out_of_memory_and_region_table_full_is_exhausted"),
            (SyscallNumber.Munmap, SyscallError.ResourceExhausted, "ErrorCoverageTests.Munmap_split_with_a_full_region_table_is_exhausted_and_changes_nothing"),
            (SyscallNumber.Mprotect, SyscallError.ResourceExhausted, "ErrorCoverageTests.Mprotect_split_with_a_full_region_table_is_exhausted"),
            (SyscallNumber.Munmap, SyscallError.OutOfMemory, "RegionGrowthTests.A_kernel_heap_that_cannot_spare_a_larger_table_is_out_of_memory_and_changes_nothing"),
            (SyscallNumber.Mprotect, SyscallError.OutOfMemory, "RegionGrowthTests.A_kernel_heap_that_cannot_spare_a_larger_table_is_out_of_memory_and_changes_nothing"),
            (SyscallNumber.IpcEndpointCreate, SyscallError.ResourceExhausted, "IpcTests.Endpoint_create_checks_the_out_pointer_and_the_pool"),
            (SyscallNumber.IpcChannelCreate, SyscallError.PermissionDenied, "IpcTests.Channel_create_errors"),
            (SyscallNumber.IpcChannelCreate, SyscallError.AlreadyExists, "IpcTests.Channel_create_errors"),
            (SyscallNumber.IpcChannelCreate, SyscallError.ResourceExhausted, "IpcTests.Channel_pool_exhaustion"),
            (SyscallNumber.IpcSend, SyscallError.PermissionDenied, "IpcTests.Capability_transfer_needs_grant_and_arrives_usable"),
            (SyscallNumber.IpcSend, SyscallError.Interrupted, "IpcTests.Dead_peer_is_interrupted"),
            (SyscallNumber.IpcSend, SyscallError.Busy, "IpcTests.Full_queue_is_busy_and_loses_nothing"),
            (SyscallNumber.IpcSend, SyscallError.ResourceExhausted, "IpcTests.Message_pool_exhaustion_is_resource_exhausted"),
            (SyscallNumber.IpcReceive, SyscallError.ResourceExhausted, "ErrorCoverageTests.Receive_with_a_full_capability_space_keeps_the_message"),
            (SyscallNumber.IpcCall, SyscallError.Busy, "ErrorCoverageTests.Call_without_write_is_denied_and_a_full_queue_is_busy"),
            (SyscallNumber.IpcCall, SyscallError.ResourceExhausted, "IpcTests.Reply_pool_exhaustion_is_resource_exhausted"),
            (SyscallNumber.IpcReply, SyscallError.BufferTooSmall, "IpcTests.Reply_larger_than_the_callers_buffer_is_refused_and_the_token_survives"),
            (SyscallNumber.IpcReply, SyscallError.InvalidCapability, "ErrorCoverageTests.Reply_with_bad_capability_bad_pointer_or_full_caller_space"),
            (SyscallNumber.IpcReply, SyscallError.PermissionDenied, "IpcTests.Reply_can_transfer_a_capability"),
            (SyscallNumber.IpcReply, SyscallError.ResourceExhausted, "ErrorCoverageTests.Reply_with_bad_capability_bad_pointer_or_full_caller_space"),
            (SyscallNumber.IpcReply, SyscallError.InvalidAddress, "ErrorCoverageTests.Reply_with_bad_capability_bad_pointer_or_full_caller_space"),
            (SyscallNumber.ProcessCreate, SyscallError.PermissionDenied, "ProcessTests.Grants_need_the_grant_right_and_a_valid_token"),
            (SyscallNumber.ProcessCreate, SyscallError.NotSupported, "ErrorCoverageTests.Dynamically_linked_image_is_not_supported"),
            (SyscallNumber.ProcessCreate, SyscallError.ResourceExhausted, "ErrorCoverageTests.Process_create_with_the_thread_table_full_is_exhausted"),
            (SyscallNumber.ProcessCreate, SyscallError.OutOfMemory, "ProcessTests.Out_of_memory_while_loading_leaves_nothing_behind"),
            (SyscallNumber.ProcessWait, SyscallError.Busy, "ProcessTests.Wait_out_pointer_and_single_waiter"),
            (SyscallNumber.ThreadCreate, SyscallError.InvalidParameter, "ThreadTests.Create_checks_addresses_and_sizes"),
            (SyscallNumber.ThreadCreate, SyscallError.ResourceExhausted, "ThreadTests.Per_process_thread_bound_is_the_threads_quota"),
            (SyscallNumber.ThreadCreate, SyscallError.OutOfMemory, "ManyThreadsTests.No_frames_for_a_kernel_stack_is_out_of_memory_and_leaves_nothing_behind"),
            (SyscallNumber.ThreadJoin, SyscallError.Busy, "ThreadTests.Join_timeout_and_errors"),
            (SyscallNumber.CapabilityCreate, SyscallError.PermissionDenied, "CapabilityTests.Create_cannot_grant_more_than_the_parent_has"),
            (SyscallNumber.CapabilityCreate, SyscallError.ResourceExhausted, "CapabilityTests.Create_out_of_memory_and_exhausted_pool"),
            (SyscallNumber.CapabilityCreate, SyscallError.OutOfMemory, "CapabilityTests.Create_out_of_memory_and_exhausted_pool"),
            (SyscallNumber.CapabilityDerive, SyscallError.ResourceExhausted, "CapabilityTests.Capability_space_exhaustion_is_resource_exhausted"),
            (SyscallNumber.CapabilityValidate, SyscallError.InvalidParameter, "CapabilityTests.Validate_checks_rights"),
            (SyscallNumber.ClockGet, SyscallError.InvalidAddress, "TimeTests.Clock_get_errors"),
            (SyscallNumber.ProcessKill, SyscallError.NotFound, "ConsoleAndSystemTests.Kill_ends_a_child_for_its_waiter_and_anyone_but_the_parent_is_told_not_found"),
            (SyscallNumber.FutexWait, SyscallError.InvalidAddress, "FutexTests.A_word_without_read_permission_is_invalid_address"),
            (SyscallNumber.FutexWait, SyscallError.OutOfMemory, "ErrorCoverageTests.Futex_on_an_untouched_page_with_no_frames_is_out_of_memory"),
            (SyscallNumber.FutexWake, SyscallError.OutOfMemory, "ErrorCoverageTests.Futex_on_an_untouched_page_with_no_frames_is_out_of_memory"),
            (SyscallNumber.ThreadSetTls, SyscallError.InvalidAddress, "TlsTests.A_kernel_or_non_canonical_base_is_invalid_address_and_changes_nothing"),
            (SyscallNumber.ExceptionHandlerSet, SyscallError.InvalidParameter, "UserLibExtensionTests.Tls_and_exception_wrappers_reach_their_handlers"),
            (SyscallNumber.ExceptionReturn, SyscallError.InvalidAddress, "FaultHandlerTests.Exception_return_from_a_bad_pointer_is_invalid_address_and_stays_in_the_handler"),
            (SyscallNumber.ExceptionReturn, SyscallError.InvalidParameter, "UserLibExtensionTests.Tls_and_exception_wrappers_reach_their_handlers"),
            (SyscallNumber.ConsoleForeground, SyscallError.InvalidCapability, "ErrorCoverageTests.Console_foreground_with_a_dead_token_is_invalid_capability"),
            (SyscallNumber.ConsoleForeground, SyscallError.NotSupported, "ConsoleAndSystemTests.Console_foreground_needs_read_and_grant_a_console_and_a_child"),
            (SyscallNumber.ConsoleForeground, SyscallError.PermissionDenied, "ConsoleAndSystemTests.Console_foreground_needs_read_and_grant_a_console_and_a_child"),
            (SyscallNumber.ConsoleForeground, SyscallError.NotFound, "ConsoleAndSystemTests.Console_foreground_needs_read_and_grant_a_console_and_a_child"),
            (SyscallNumber.ThreadSuspend, SyscallError.Busy, "SuspendTests.A_second_suspend_is_busy_and_writes_nothing"),
            (SyscallNumber.ThreadSuspend, SyscallError.InvalidAddress, "SuspendTests.A_read_only_or_straddling_context_is_invalid_address_and_leaves_the_thread_running"),
            (SyscallNumber.ThreadSuspend, SyscallError.OutOfMemory, "ErrorCoverageTests.Suspend_into_an_untouched_page_with_no_frames_is_out_of_memory_and_leaves_the_thread_running"),
        };

        /// <summary>Declared errors no host test produces, and why.</summary>
        private static readonly (SyscallNumber Call, SyscallError Error, string Reason)[] NotProducedOnHost =
        {
            (SyscallNumber.IpcCall, SyscallError.Timeout,
                "a call always blocks (timeout 0 is InvalidParameter), so Timeout reaches the caller when it is woken, as its return value, never from the dispatch this ledger sees; IpcTests check it there"),
            (SyscallNumber.IpcCall, SyscallError.Interrupted,
                "the server's exit reaches the blocked caller when it is woken (IpcTests check it there); at posting, a dead destination owner is what SYS_IPC_SEND's tests produce, through the same posting code"),
        };

        private const int FuzzSeed = 1, FuzzWorlds = 12, FuzzSteps = 300;

        [Fact]
        public void Every_declared_error_is_produced_by_a_test_or_excused()
        {
            var seen = new HashSet<(SyscallNumber, SyscallError)>();
            var problems = new List<string>();
            ErrorLedger.Capture = seen;
            try
            {
                var fuzz = SyscallFuzzer.Run(FuzzSeed, FuzzWorlds, FuzzSteps, TimeSpan.FromMinutes(5));
                Assert.Null(fuzz.Report);
                foreach (var group in ProducedBy.GroupBy(p => p.Test))
                {
                    var byTest = new HashSet<(SyscallNumber, SyscallError)>();
                    ErrorLedger.Capture = byTest;
                    RunTest(group.Key);
                    ErrorLedger.Capture = seen;
                    foreach (var p in group)
                        if (byTest.Contains((p.Call, p.Error)))
                            seen.Add((p.Call, p.Error));
                        else
                            problems.Add($"{p.Test} no longer produces {p.Call} {p.Error}: name another test in ProducedBy");
                }
            }
            finally
            {
                ErrorLedger.Capture = null;
            }
            var excused = new HashSet<(SyscallNumber, SyscallError)>(NotProducedOnHost.Select(p => (p.Call, p.Error)));
            foreach (var (call, errors) in ErrorLedger.Declared.OrderBy(d => d.Key))
                foreach (SyscallError e in errors.OrderBy(x => x))
                    if (!seen.Contains((call, e)) && !excused.Contains((call, e)))
                        problems.Add($"{call} declares {e}, but no test produces it: add a test to ProducedBy, or list it in NotProducedOnHost with the reason");
            foreach (var (call, e, _) in NotProducedOnHost)
                if (!ErrorLedger.Declared.TryGetValue(call, out var d) || !d.Contains(e))
                    problems.Add($"NotProducedOnHost lists {call} {e}, which is not declared");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        /// <summary>Runs one host test ("Class.Method" in Veridian.Tests) on this thread: a [Fact], or a [Theory] with its first [InlineData].</summary>
        private static void RunTest(string name)
        {
            int dot = name.LastIndexOf('.');
            Type type = typeof(ErrorDeclarationTests).Assembly.GetType("Veridian.Tests." + name.Substring(0, dot), true);
            MethodInfo method = type.GetMethod(name.Substring(dot + 1), BindingFlags.Public | BindingFlags.Instance);
            Assert.True(method != null, name + " is not a test method");
            object[] args = null;
            if (!method.IsDefined(typeof(FactAttribute)) || method.IsDefined(typeof(TheoryAttribute)))
            {
                InlineDataAttribute data = method.GetCustomAttributes<InlineDataAttribute>().FirstOrDefault();
                Assert.True(data != null, name + " is neither a [Fact] nor a [Theory] with [InlineData]");
                args = (object[])data.GetData(method).First();
            }
            method.Invoke(Activator.CreateInstance(type), args);
        }
    }
}
