using Veridian.Syscalls;

namespace Veridian.Kernel.ObjectModel
{
    /// <summary>
    /// The authority to create objects, and the quota share a parent gives a child. The root
    /// one is made at boot (share 100%); init receives the root capability and hands out
    /// (possibly derived, revocable) copies. SYS_CAPABILITY_CREATE(Resource, percent) makes
    /// sub-resources with a smaller share: a process created with one among its granted
    /// capabilities gets that percentage of each of its parent's limits (docs/abi.md §7).
    /// </summary>
    public sealed class ResourceObject : KernelObject
    {
        public int QuotaPercent = 100;

        public ResourceObject() : base(ObjectType.Resource)
        {
        }
    }
}
