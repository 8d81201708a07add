using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests.Defects
{
    /// <summary>
    /// Issue 7, defect 4: a program holding no authority over an id must get the same answer
    /// whether the id exists or not, so errors cannot be used to map the kernel's tables.
    /// The capability (or the parent relation) is checked before the id is looked at.
    /// </summary>
    public class NoProbingWithoutAuthorityTests
    {
        private readonly TestKernel tk = new TestKernel();

        [Fact]
        public void Defect4_receive_without_a_capability_answers_alike_for_live_and_unused_endpoint_ids()
        {
            var init = tk.InitThread;
            var ep = tk.NewEndpoint(init);
            var (_, prober) = tk.Spawn();
            ulong buf = tk.Reserve(prober.Process, 64);
            ulong outp = tk.Reserve(prober.Process, 32);
            SyscallError live = tk.Err(prober, SyscallNumber.IpcReceive, ep.Id.Raw, buf, 64, 0, 0, outp);
            SyscallError unused = tk.Err(prober, SyscallNumber.IpcReceive, EndpointId.Make(100, 1).Raw, buf, 64, 0, 0, outp);
            Assert.Equal(SyscallError.InvalidCapability, live);
            Assert.Equal(live, unused);
        }

        [Fact]
        public void Defect4_receive_with_its_own_capability_cannot_tell_foreign_ids_from_unused_ones()
        {
            var init = tk.InitThread;
            var foreign = tk.NewEndpoint(init);
            var (_, prober) = tk.Spawn();
            var own = tk.NewEndpoint(prober);
            ulong buf = tk.Reserve(prober.Process, 64);
            ulong outp = tk.Reserve(prober.Process, 32);
            SyscallError live = tk.Err(prober, SyscallNumber.IpcReceive, foreign.Id.Raw, buf, 64, 0, own.Cap.Raw, outp);
            SyscallError unused = tk.Err(prober, SyscallNumber.IpcReceive, EndpointId.Make(100, 1).Raw, buf, 64, 0, own.Cap.Raw, outp);
            Assert.Equal(live, unused);
        }

        [Fact]
        public void Defect4_start_and_wait_answer_alike_for_another_parents_child_and_an_unused_id()
        {
            var init = tk.InitThread;
            var pid = new ProcessId(tk.CreateRaw(init, ElfBuilder.Minimal().Build()));
            var (_, prober) = tk.Spawn();
            ulong outp = tk.Reserve(prober.Process, 24);
            ulong unused = ProcessId.Make(30, 1).Raw;
            Assert.Equal(tk.Err(prober, SyscallNumber.ProcessStart, unused), tk.Err(prober, SyscallNumber.ProcessStart, pid.Raw));
            Assert.Equal(tk.Err(prober, SyscallNumber.ProcessWait, unused, 0, outp), tk.Err(prober, SyscallNumber.ProcessWait, pid.Raw, 0, outp));
        }

        [Fact]
        public void Defect4_send_cannot_tell_a_foreign_channel_from_an_unused_id()
        {
            var init = tk.InitThread;
            var a = tk.NewEndpoint(init);
            var b = tk.NewEndpoint(init);
            var ch = tk.NewChannel(init, a, b);
            var (_, prober) = tk.Spawn();
            var own = tk.NewEndpoint(prober);
            ulong msg = tk.Put(prober.Process, new byte[4]);
            SyscallError live = tk.Err(prober, SyscallNumber.IpcSend, ch.Raw, msg, 4, 0, own.Cap.Raw);
            SyscallError unused = tk.Err(prober, SyscallNumber.IpcSend, ChannelId.Make(100, 1).Raw, msg, 4, 0, own.Cap.Raw);
            Assert.Equal(live, unused);
        }

        [Fact]
        public void Defect4_channel_create_cannot_tell_a_foreign_endpoint_from_an_unused_id()
        {
            var init = tk.InitThread;
            var foreign = tk.NewEndpoint(init);
            var (_, prober) = tk.Spawn();
            var x = tk.NewEndpoint(prober);
            var y = tk.NewEndpoint(prober);
            ulong live = tk.Raw(prober, SyscallNumber.IpcChannelCreate, foreign.Id.Raw, y.Id.Raw, x.Cap.Raw, y.Cap.Raw);
            ulong unused = tk.Raw(prober, SyscallNumber.IpcChannelCreate, EndpointId.Make(100, 1).Raw, y.Id.Raw, x.Cap.Raw, y.Cap.Raw);
            Assert.True(SyscallReturn.IsError(live));
            Assert.Equal(SyscallReturn.GetError(unused), SyscallReturn.GetError(live));
        }
    }
}
