using System.Linq;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests.Defects
{
    /// <summary>
    /// Issue 7, defect 2: a blocked call used to be checked only when it blocked. If another
    /// thread unmapped its result page meanwhile, the message was consumed and its capability
    /// installed under a token nobody saw, or a reply was copied while its caller got
    /// InvalidAddress and the server Success. The rule (docs/abi.md §8): a blocked call's
    /// result is delivered only if it can be written; otherwise the call fails with
    /// InvalidAddress and nothing else happens. Tests named Defect2_ fail on the old code; the
    /// others pin the same rule for the blocking calls that already obeyed it (wait, join, a
    /// vanished receive buffer).
    /// </summary>
    public class BlockedResultsAreNotLostTests
    {
        private readonly TestKernel tk = new TestKernel();
        private readonly Thread main;
        private readonly (EndpointId Id, Capability Cap) a;
        private readonly (EndpointId Id, Capability Cap) b;
        private readonly ChannelId ch;

        public BlockedResultsAreNotLostTests()
        {
            main = tk.InitThread;
            a = tk.NewEndpoint(main);
            b = tk.NewEndpoint(main);
            ch = tk.NewChannel(main, a, b);
        }

        private ulong Page() => tk.MapAnon(main, 4096);

        private void Unmap(ulong page) => tk.Ok(main, SyscallNumber.Munmap, page, 4096);

        [Fact]
        public void Defect2_receive_whose_result_page_vanished_fails_and_leaves_the_message_and_capability_queued()
        {
            Thread t2 = tk.NewThread(main);
            ulong buf = tk.Reserve(main.Process, 64);
            ulong resultPage = Page();
            tk.Blocks(t2, SyscallNumber.IpcReceive, b.Id.Raw, buf, 64, Abi.WaitForever, b.Cap.Raw, resultPage);
            Unmap(resultPage);
            int caps = main.Process.Capabilities.Count;

            Assert.Equal(SyscallError.Success, tk.Send(main, ch, a.Cap, new byte[] { 1, 2, 3 }, tk.ConsoleCap));

            Assert.Equal(SyscallError.InvalidAddress, TestKernel.WokenWith(t2));
            Assert.Equal(caps, main.Process.Capabilities.Count);
            var (e, data, res) = tk.Receive(main, b);
            Assert.Equal(SyscallError.Success, e);
            Assert.Equal(new byte[] { 1, 2, 3 }, data);
            Assert.False(res.Capability.IsNull);
            Assert.Equal(caps + 1, main.Process.Capabilities.Count);
        }

        [Fact]
        public void Blocked_receive_whose_buffer_vanished_fails_and_the_next_receiver_gets_the_message()
        {
            Thread t2 = tk.NewThread(main);
            Thread t3 = tk.NewThread(main);
            ulong bufferPage = Page();
            ulong out2 = tk.Reserve(main.Process, 32);
            ulong buf3 = tk.Reserve(main.Process, 64);
            ulong out3 = tk.Reserve(main.Process, 32);
            tk.Blocks(t2, SyscallNumber.IpcReceive, b.Id.Raw, bufferPage, 64, Abi.WaitForever, b.Cap.Raw, out2);
            tk.Blocks(t3, SyscallNumber.IpcReceive, b.Id.Raw, buf3, 64, Abi.WaitForever, b.Cap.Raw, out3);
            Unmap(bufferPage);

            Assert.Equal(SyscallError.Success, tk.Send(main, ch, a.Cap, new byte[] { 9, 8, 7 }));

            Assert.Equal(SyscallError.InvalidAddress, TestKernel.WokenWith(t2));
            Assert.Equal(SyscallError.Success, TestKernel.WokenWith(t3));
            Assert.Equal(new byte[] { 9, 8, 7 }, tk.Peek(main.Process, buf3, 3));
            Assert.Equal(SyscallError.Timeout, tk.Receive(main, b).Error);
        }

        private (Thread Caller, ulong Response, ulong Result, IpcReceiveResult Request) BlockedCall(bool unmapResult, bool unmapResponse)
        {
            Thread caller = tk.NewThread(main);
            ulong responsePage = Page();
            ulong resultPage = Page();
            ulong req = tk.Put(main.Process, new byte[] { 5 });
            ulong args = tk.PutStruct(main.Process, new IpcCallArgs(ch, req, 1, responsePage, 64, Abi.WaitForever, Capability.Null, a.Cap));
            tk.Blocks(caller, SyscallNumber.IpcCall, args, resultPage);
            if (unmapResult)
                Unmap(resultPage);
            if (unmapResponse)
                Unmap(responsePage);
            var (e, _, request) = tk.Receive(main, b);
            Assert.Equal(SyscallError.Success, e);
            return (caller, responsePage, resultPage, request);
        }

        private SyscallError Reply(ReplyToken token, byte[] response, Capability transfer)
        {
            ulong r = tk.Put(main.Process, response);
            return SyscallReturn.GetError(tk.Raw(main, SyscallNumber.IpcReply, token.Raw, r, (ulong)response.Length, transfer.Raw));
        }

        [Fact]
        public void Defect2_reply_to_a_caller_whose_result_page_vanished_installs_nothing_and_tells_the_server()
        {
            var call = BlockedCall(unmapResult: true, unmapResponse: false);
            int caps = main.Process.Capabilities.Count;

            Assert.Equal(SyscallError.Interrupted, Reply(call.Request.ReplyToken, new byte[] { 4, 4 }, tk.ConsoleCap));

            Assert.Equal(SyscallError.InvalidAddress, TestKernel.WokenWith(call.Caller));
            Assert.Equal(caps, main.Process.Capabilities.Count);
            Assert.Equal(new byte[2], tk.Peek(main.Process, call.Response, 2));
            Assert.Equal(0, tk.K.LiveReplyCount);
            Assert.Equal(SyscallError.NotFound, Reply(call.Request.ReplyToken, new byte[] { 1 }, Capability.Null));
        }

        [Fact]
        public void Defect2_reply_to_a_caller_whose_response_buffer_vanished_installs_nothing_and_tells_the_server()
        {
            var call = BlockedCall(unmapResult: false, unmapResponse: true);
            int caps = main.Process.Capabilities.Count;

            Assert.Equal(SyscallError.Interrupted, Reply(call.Request.ReplyToken, new byte[] { 4, 4 }, tk.ConsoleCap));

            Assert.Equal(SyscallError.InvalidAddress, TestKernel.WokenWith(call.Caller));
            Assert.Equal(caps, main.Process.Capabilities.Count);
            Assert.Equal(new byte[24], tk.Peek(main.Process, call.Result, 24));
        }

        [Fact]
        public void Blocked_wait_whose_result_page_vanished_fails_and_the_child_can_still_be_collected()
        {
            var (child, childMain) = tk.Spawn();
            Thread waiter = tk.NewThread(main);
            ulong resultPage = Page();
            tk.Blocks(waiter, SyscallNumber.ProcessWait, child.Id.Raw, Abi.WaitForever, resultPage);
            Unmap(resultPage);

            tk.Exits(childMain, SyscallNumber.Exit, 33);

            Assert.Equal(SyscallError.InvalidAddress, TestKernel.WokenWith(waiter));
            Assert.Equal(ProcessState.Zombie, child.State);
            ulong outp = tk.Reserve(main.Process, 24);
            tk.Ok(main, SyscallNumber.ProcessWait, child.Id.Raw, 0, outp);
            Assert.Equal(33, tk.PeekStruct<ProcessExitInfo>(main.Process, outp).ExitCode);
        }

        [Fact]
        public void Join_has_no_result_in_memory_so_unmapping_the_joiners_pages_cannot_lose_the_exit_code()
        {
            Thread joiner = tk.NewThread(main);
            Thread target = tk.NewThread(main);
            tk.Blocks(joiner, SyscallNumber.ThreadJoin, target.Id.Raw, Abi.WaitForever);
            for (int i = main.Process.Memory.RegionCount - 1; i >= 0; i--)
            {
                var r = main.Process.Memory.RegionAt(i);
                tk.Ok(main, SyscallNumber.Munmap, r.Start, r.End - r.Start);
            }

            tk.Exits(target, SyscallNumber.ThreadExit, 77);

            Assert.Equal(SyscallError.Success, TestKernel.WokenWith(joiner));
            Assert.Equal(77UL, SyscallReturn.GetValue(joiner.ReturnValue));
            Assert.Null(tk.K.LookupThread(target.Id));
        }
    }
}
