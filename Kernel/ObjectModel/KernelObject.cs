using Veridian.Syscalls;

namespace Veridian.Kernel.ObjectModel
{
    /// <summary>
    /// The base of everything a capability can name. <see cref="References"/> counts the
    /// capability slots and kernel references (mappings) that keep the object alive; when it
    /// drops to zero the kernel releases the object (<see cref="KernelServices.ReleaseReference"/>).
    /// Objects made at run time live in an <see cref="ObjectTable{T}"/>; the boot singletons
    /// (root resource, console, log) are never in one.
    /// </summary>
    public abstract class KernelObject : TableEntry
    {
        public readonly ObjectType Type;
        public int References;

        protected KernelObject(ObjectType type)
        {
            Type = type;
        }
    }
}
