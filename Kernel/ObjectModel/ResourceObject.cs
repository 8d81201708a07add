using Veridian.Syscalls;

namespace Veridian.Kernel.ObjectModel
{
    /// <summary>
    /// The authority to create objects. There is one, made at boot; init receives the root
    /// capability to it and hands out (possibly derived, revocable) copies.
    /// </summary>
    public sealed class ResourceObject : KernelObject
    {
        public ResourceObject() : base(ObjectType.Resource)
        {
        }
    }
}
