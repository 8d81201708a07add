using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Caps
{
    /// <summary>
    /// One slot of a capability space, and one node of the global derivation tree. Tree links
    /// are global slot addresses (see <see cref="CapabilityTable.Address"/>), -1 for none, so a
    /// derivative in another process is linked like one in the same process.
    /// </summary>
    public struct CapSlot
    {
        public KernelObject Object;
        public Rights Rights;
        public uint Generation;
        public int Parent;
        public int FirstChild;
        public int NextSibling;
        public int PrevSibling;
        public int NextFree;

        public bool InUse => Object != null;
    }
}
