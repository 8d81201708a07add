using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests.Waits
{
    /// <summary>
    /// One kind of wait set up in a world where it can end every way: thread B of process P
    /// (a child of init) blocks in it; M is B's sibling (it exits P); the party that completes
    /// the wait is init wherever the kind allows, so it is still there after P has died.
    /// </summary>
    public abstract class WaitScenario
    {
        public readonly TestKernel Tk = new TestKernel();
        public Process P { get; private set; }
        public Thread M { get; private set; }
        public Thread B { get; private set; }
        protected Thread Init => Tk.InitThread;

        public abstract WaitKind Kind { get; }
        /// <summary>False for a kind whose syscall has no timeout (console read): its timeout cancel is driven directly.</summary>
        public virtual bool HasTimeout => true;
        /// <summary>What the syscall returns when the deadline passes.</summary>
        public virtual SyscallError TimeoutResult => SyscallError.Timeout;
        /// <summary>The return register when <see cref="Complete"/> ends the wait.</summary>
        public abstract ulong Completed { get; }

        /// <summary>Spawns P (with what <see cref="Grants"/> gives it) and makes M and B.</summary>
        public void Build()
        {
            (P, M) = Tk.Spawn(Init, Grants());
            B = Tk.NewThread(M);
            Prepare();
        }

        protected virtual Capability[] Grants() => System.Array.Empty<Capability>();
        protected virtual void Prepare()
        {
        }

        /// <summary>B blocks in the wait, timing out after <paramref name="timeout"/> where the kind has one.</summary>
        public abstract void Block(ulong timeout);

        /// <summary>
        /// The event the wait waits for, by whoever causes it. Safe after the wait was
        /// cancelled and after P has died (then it does what it can, or nothing).
        /// </summary>
        public abstract void Complete();

        /// <summary>Nothing anywhere still refers to B's wait (its queue, table or object).</summary>
        public virtual void AssertWithdrawn()
        {
            Assert.Equal(0, Tk.K.Tasks.Timers.Count);
            Assert.Equal(0, Tk.K.Tasks.Futexes.Count);
            Assert.True(Tk.K.Console.Readers.IsEmpty);
        }

        protected ulong Ok(ulong value) => SyscallReturn.Encode(SyscallError.Success, value);
    }
}
