using Veridian.Syscalls;

namespace Veridian.Kernel.ObjectModel
{
    /// <summary>
    /// The base of everything a capability can name. <see cref="References"/> counts the
    /// capability slots and kernel references (mappings) that keep the object alive; when it
    /// drops to zero the kernel releases the object (<see cref="KernelServices.ReleaseReference"/>).
    /// </summary>
    public abstract class KernelObject
    {
        public readonly ObjectType Type;
        public int References;

        protected KernelObject(ObjectType type)
        {
            Type = type;
        }
    }
}
