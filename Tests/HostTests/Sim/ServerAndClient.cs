using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Tests.Sim
{
    /// <summary>
    /// The usual IPC set-up (<see cref="TestKernel.ServerAndClient"/>): init serves endpoint
    /// <see cref="A"/>; a child, whose main thread is <see cref="Client"/>, holds a capability for
    /// <see cref="B"/> (<see cref="BAtClient"/>) and reaches A through <see cref="Channel"/>.
    /// </summary>
    public sealed record ServerAndClient(
        Thread Server,
        (EndpointId Id, Capability Cap) A,
        (EndpointId Id, Capability Cap) B,
        ChannelId Channel,
        Process Child,
        Thread Client,
        Capability BAtClient);
}
