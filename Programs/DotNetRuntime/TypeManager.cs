using System.Runtime;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// One compiled module as CoreLib sees it (a TypeManagerHandle points at this): its
    /// ReadyToRun header, whose rows name the sections ILC emitted (statics, frozen objects,
    /// eager constructors, blobs...), and the class library's function table.
    /// </summary>
    internal unsafe struct TypeManager
    {
        private const uint Signature = 0x00525452; // "RTR"
        private const int ReadonlyBlobRegionStart = 300;

        private struct Header
        {
            public uint Signature;
            public ushort MajorVersion;
            public ushort MinorVersion;
            public uint Flags;
            public ushort NumberOfSections;
            public byte EntrySize;
            public byte EntryType;
        }

        private struct SectionRow
        {
            public int SectionId;
            public int Flags;
            public byte* Start;
            public byte* End;
        }

        // CoreLib reads the first two fields itself (TypeManagerHandle.TypeManager: OsHandle,
        // ReadyToRunHeader): the stack-trace metadata matches modules by OsHandle.
        public void* OsModule;
        private Header* header;
        public void** ClasslibFunctions;
        public int ClasslibFunctionCount;

        private static TypeManager* s_first;

        /// <summary>The (only) module's type manager: programs are linked as one module.</summary>
        public static TypeManager* First => s_first;

        [RuntimeExport("RhpCreateTypeManager")]
        private static TypeManager* Create(void* osModule, void* moduleHeader, void** classlibFunctions, int count)
        {
            var h = (Header*)moduleHeader;
            if (h->Signature != Signature) return null;
            var tm = (TypeManager*)NativeHeap.Allocate((ulong)sizeof(TypeManager));
            if (tm == null) return null;
            tm->header = h;
            tm->ClasslibFunctions = classlibFunctions;
            tm->ClasslibFunctionCount = count;
            tm->OsModule = osModule;
            if (s_first == null) s_first = tm;
            return tm;
        }

        [RuntimeExport("RhpRegisterOsModule")]
        private static void* RegisterOsModule(void* osModule) => osModule;

        /// <summary>RhGetModuleSection(ref TypeManagerHandle, ReadyToRunSectionType, out int length).</summary>
        [RuntimeExport("RhpGetModuleSection")]
        private static byte* GetModuleSection(TypeManager** handle, int sectionId, int* length)
            => (*handle)->Section(sectionId, length);

        [RuntimeExport("RhFindBlob")]
        private static bool FindBlob(TypeManager** handle, uint blobId, byte** blob, uint* size)
        {
            int length;
            byte* start = (*handle)->Section(ReadonlyBlobRegionStart + (int)blobId, &length);
            *blob = start;
            *size = (uint)length;
            return start != null;
        }

        public byte* Section(int sectionId, int* length)
        {
            var rows = (SectionRow*)(header + 1);
            for (int i = 0; i < header->NumberOfSections; i++)
            {
                var row = (SectionRow*)((byte*)rows + i * header->EntrySize);
                if (row->SectionId != sectionId) continue;
                *length = (int)(row->End - row->Start);
                return row->Start;
            }
            *length = 0;
            return null;
        }
    }
}
