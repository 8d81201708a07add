using Internal.Runtime;
using System;

namespace Veridian.Runtime
{
    /// <summary>
    /// What a hosted .NET runtime does before Main: walk the module headers ILC emitted into
    /// the __modules section, allocate and fill the GC static bases, and run eager static
    /// constructors and module initialisers. Call once, after the heap exists.
    /// </summary>
    public static unsafe class Startup
    {
        private const uint ReadyToRunSignature = 0x00525452; // "RTR"
        private const int GCStaticRegion = 201;
        private const int EagerCctor = 205;
        private const int ModuleInitializerList = 213;

#pragma warning disable 0649 // filled by ILC, read only
        private struct ReadyToRunHeader
        {
            public uint Signature;
            public ushort MajorVersion;
            public ushort MinorVersion;
            public uint Flags;
            public ushort NumberOfSections;
            public byte EntrySize;
            public byte EntryType;
        }

        private struct ModuleSection
        {
            public int SectionId;
            public int Flags;
            public byte* Start;
            public byte* End;
        }

#pragma warning restore 0649

        /// <returns>The number of modules initialised, or -1 if a header is not ILC's.</returns>
        public static int InitializeModules(void** modulesStart, void** modulesEnd)
        {
            int count = 0;
            for (void** entry = modulesStart; entry < modulesEnd; entry++)
            {
                var header = (ReadyToRunHeader*)*entry;
                if (header == null) continue;
                if (header->Signature != ReadyToRunSignature) return -1;
                var sections = (ModuleSection*)(header + 1);
                // Statics first: eager constructors and module initialisers may use them.
                for (int i = 0; i < header->NumberOfSections; i++)
                    if (sections[i].SectionId == GCStaticRegion)
                        InitializeGCStatics(sections[i].Start, sections[i].End);
                for (int i = 0; i < header->NumberOfSections; i++)
                    if (sections[i].SectionId == EagerCctor)
                        RunFunctionList(sections[i].Start, sections[i].End);
                for (int i = 0; i < header->NumberOfSections; i++)
                    if (sections[i].SectionId == ModuleInitializerList)
                        RunFunctionList(sections[i].Start, sections[i].End);
                count++;
            }
            return count;
        }

        private static byte* ReadRelativePointer(void* at) => (byte*)at + *(int*)at;

        private static void InitializeGCStatics(byte* start, byte* end)
        {
            for (byte* entry = start; entry < end; entry += sizeof(int))
            {
                byte* block = ReadRelativePointer(entry);
                nint value = (nint)ReadRelativePointer(block);
                if ((value & 1) == 0) continue; // already initialised
                var type = (MethodTable*)(value & ~(nint)3);
                object obj = Allocator.NewObject(type);
                if ((value & 2) != 0)
                {
                    byte* preinit = ReadRelativePointer(block + sizeof(int));
                    byte* data = (byte*)Allocator.AddressOf(obj) + sizeof(nint);
                    SpanHelpers.Memmove(ref *data, ref *preinit, type->_uBaseSize - (nuint)(2 * sizeof(nint)));
                }
                *(void**)block = Allocator.AddressOf(obj);
            }
        }

        private static void RunFunctionList(byte* start, byte* end)
        {
            for (byte* entry = start; entry < end; entry += sizeof(int))
                ((delegate*<void>)ReadRelativePointer(entry))();
        }
    }
}
