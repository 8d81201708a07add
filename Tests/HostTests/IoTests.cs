using System.Text;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class IoTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;

        private ulong Write(Capability c, byte[] data, ulong offset = 0)
            => tk.Raw(T, SyscallFrames.Write(c, new UserBuffer(tk.Put(T.Process, data), (ulong)data.Length), offset));

        [Fact]
        public void Console_write_reaches_the_platform_and_the_log()
        {
            byte[] hello = Encoding.ASCII.GetBytes("hello, veridian\n");
            Assert.Equal(SyscallReturn.Ok((ulong)hello.Length), Write(tk.ConsoleCap, hello));
            Assert.Equal("hello, veridian\n", tk.Platform.ConsoleText);
            ulong buf = tk.Reserve(T.Process, 64);
            ulong n = tk.Ok(T, SyscallFrames.Read(tk.LogCap, new UserOutBuffer(buf, 64), 0));
            Assert.Equal((ulong)hello.Length, n);
            Assert.Equal(hello, tk.Peek(T.Process, buf, (int)n));
            Assert.Equal(6UL, tk.Ok(T, SyscallFrames.Read(tk.LogCap, new UserOutBuffer(buf, 64), 10)));
            Assert.Equal(0UL, tk.Ok(T, SyscallFrames.Read(tk.LogCap, new UserOutBuffer(buf, 64), (ulong)hello.Length)));
        }

        [Fact]
        public void Large_console_writes_are_chunked()
        {
            byte[] big = new byte[10000];
            for (int i = 0; i < big.Length; i++)
                big[i] = (byte)('a' + i % 26);
            Assert.Equal(SyscallReturn.Ok(10000), Write(tk.ConsoleCap, big));
            Assert.Equal(10000, tk.Platform.Console.Count);
        }

        [Fact]
        public void Io_errors()
        {
            ulong buf = tk.Reserve(T.Process, 64);
            Assert.Equal(SyscallError.InvalidParameter, SyscallReturn.GetError(Write(tk.ConsoleCap, new byte[] { 1 }, 5)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(buf, 4), 1)));
            Assert.Equal(SyscallError.NotSupported, tk.Err(T, SyscallFrames.Write(tk.LogCap, new UserBuffer(buf, 4), 0)));
            Assert.Equal(SyscallError.NotSupported, SyscallReturn.GetError(Write(tk.LogCap, new byte[] { 1 })));
            Assert.Equal(SyscallError.NotSupported, SyscallReturn.GetError(Write(tk.RootResource, new byte[] { 1 })));
            Assert.Equal(SyscallError.InvalidCapability, tk.Err(T, SyscallFrames.Read(default(Capability), new UserOutBuffer(buf, 4), 0)));
            Assert.Equal(SyscallError.InvalidCapability, tk.Err(T, SyscallFrames.Write(new Capability(77), new UserBuffer(buf, 4), 0)));
            Capability noWrite = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(tk.ConsoleCap, Rights.Grant)));
            Assert.Equal(SyscallError.PermissionDenied, SyscallReturn.GetError(Write(noWrite, new byte[] { 1 })));
            Capability noRead = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(tk.LogCap, Rights.Grant)));
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.Read(noRead, new UserOutBuffer(buf, 4), 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Write(tk.ConsoleCap, new UserBuffer(0, 4), 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Write(tk.ConsoleCap, new UserBuffer(0xFFFF_8000_0000_0000, 4), 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Write(tk.ConsoleCap, new UserBuffer(buf, ulong.MaxValue), 0)));
            Write(tk.ConsoleCap, new byte[] { 1, 2, 3, 4, 5, 6 });
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Read(tk.LogCap, new UserOutBuffer(0x7777_0000, 4), 0)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Read(tk.LogCap, new UserOutBuffer(buf, 4), 1000)));
            Assert.Equal(0UL, tk.Ok(T, SyscallFrames.Write(tk.ConsoleCap, new UserBuffer(0, 0), 0)));
        }

        [Fact]
        public void Overwritten_log_bytes_are_not_found()
        {
            var cfg = Veridian.Kernel.KernelConfig.Default;
            cfg.LogCapacity = 16;
            var small = new TestKernel(cfg);
            ulong data = small.Put(small.Init, new byte[40]);
            small.Ok(small.InitThread, SyscallFrames.Write(small.ConsoleCap, new UserBuffer(data, 40), 0));
            ulong buf = small.Reserve(small.Init, 64);
            Assert.Equal(SyscallError.NotFound, small.Err(small.InitThread, SyscallFrames.Read(small.LogCap, new UserOutBuffer(buf, 4), 0)));
            Assert.Equal(16UL, small.Ok(small.InitThread, SyscallFrames.Read(small.LogCap, new UserOutBuffer(buf, 64), 24)));
        }

        [Fact]
        public void Memory_objects_read_and_write_at_offsets()
        {
            Capability mem = tk.NewMemory(T, 8192);
            byte[] data = Encoding.ASCII.GetBytes("across the page boundary");
            Assert.Equal(SyscallReturn.Ok((ulong)data.Length), Write(mem, data, 4090));
            ulong buf = tk.Reserve(T.Process, 64);
            Assert.Equal((ulong)data.Length, tk.Ok(T, SyscallFrames.Read(mem, new UserOutBuffer(buf, (ulong)data.Length), 4090)));
            Assert.Equal(data, tk.Peek(T.Process, buf, data.Length));
            Assert.Equal(2UL, tk.Ok(T, SyscallFrames.Read(mem, new UserOutBuffer(buf, 64), 8190)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Read(mem, new UserOutBuffer(buf, 64), 8193)));
            Assert.Equal(SyscallReturn.Ok(2), Write(mem, new byte[5], 8190));
        }
    }
}
