using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The small runtime services CoreLib imports (RuntimeImports.cs in CoreLib): versions, CPU
    /// count, knobs, frozen segments, thread statics, spinning, the class-library table. Each
    /// answers truthfully for a single-module VeridianOS process.
    /// </summary>
    internal static unsafe class RuntimeServices
    {
        [RuntimeExport("RhGetRuntimeVersion")]
        private static byte* GetRuntimeVersion(int* length)
        {
            *length = 0;
            return null;
        }

        [RuntimeExport("RhGetCrashInfoBuffer")]
        private static byte* GetCrashInfoBuffer(int* length)
        {
            *length = 0;
            return null;
        }

        [RuntimeExport("RhCreateCrashDumpIfEnabled")]
        private static void CreateCrashDumpIfEnabled(nint exceptionRecord) { }

        /// <summary>One: the kernel runs on one CPU (docs/dotnet.md "Threads").</summary>
        [RuntimeExport("RhGetProcessCpuCount")]
        private static int GetProcessCpuCount() => 1;

        /// <summary>Runtime knobs: the feature switches are compiled in (ILC --feature), so none are needed at run time.</summary>
        [RuntimeExport("RhGetKnobValues")]
        private static uint GetKnobValues(byte*** keys, byte*** values)
        {
            *keys = null;
            *values = null;
            return 0;
        }

        [RuntimeExport("RhRegisterFrozenSegment")]
        private static nint RegisterFrozenSegment(void* start, nuint allocSize, nuint commitSize, nuint reservedSize) => (nint)start;

        [RuntimeExport("RhUpdateFrozenSegment")]
        private static void UpdateFrozenSegment(nint segment, void* allocated, void* committed) { }

        [RuntimeExport("RhGetThreadStaticStorage")]
        private static nint* GetThreadStaticStorage() => &Threads.Current->ThreadStatics;

        /// <summary>The kernel's id of the calling thread.</summary>
        [RuntimeExport("RhCurrentOSThreadId")]
        private static ulong CurrentOsThreadId() => Threads.Current->Os.Raw;

        [RuntimeExport("RhGetCurrentThreadStackBounds")]
        private static void GetCurrentThreadStackBounds(nint* low, nint* high)
        {
            ThreadBlock* t = Threads.Current;
            *low = (nint)t->StackLow;
            *high = (nint)t->StackHigh;
        }

        [RuntimeExport("RhSetThreadExitCallback")]
        private static void SetThreadExitCallback(void* callback) => Threads.SetExitCallback(callback);

        /// <summary>What CoreLib passes to SystemNative_CreateThread as the start routine: its own ThreadEntryPoint export.</summary>
        [RuntimeExport("RhGetThreadEntryPointAddress")]
        private static void* GetThreadEntryPointAddress() => ThreadEntryPoint();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_thread_entry_point")]
        private static extern void* ThreadEntryPoint();

        [RuntimeExport("RhGetDefaultStackSize")]
        private static nint GetDefaultStackSize() => (nint)Threads.DefaultStackSize;

        /// <summary>Thread names live in the managed Thread object; the kernel has no use for them.</summary>
        [RuntimeExport("RhSetCurrentThreadName")]
        private static void SetCurrentThreadName(char* name) { }

        [RuntimeExport("RhYield")]
        private static int Yield()
        {
            Sys.Yield();
            return 1;
        }

        [RuntimeExport("RhGetOSModuleFromPointer")]
        private static void* GetOsModuleFromPointer(void* pointer) => Startup.ImageBase;

        /// <summary>
        /// The module's file name, UTF-8 (CoreLib names frames it has no metadata for
        /// "NAME!&lt;BaseAddress&gt;+0x..."; a null name there is an ArgumentNullException inside an
        /// exception's ToString): the program's name, argv[0], kept in the StartInfo.
        /// </summary>
        [RuntimeExport("RhGetModuleFileName")]
        private static int GetModuleFileName(void* module, byte** name)
        {
            StartInfo* info = Startup.Info;
            if (info == null || info->ArgCount == 0)
            {
                *name = null;
                return 0;
            }
            UserString program = ((UserString*)info->Args)[0];
            *name = (byte*)program.Pointer;
            return (int)program.Length;
        }

        [RuntimeExport("RhGetTargetOfUnboxingAndInstantiatingStub")]
        private static void* GetTargetOfUnboxingAndInstantiatingStub(void* code) => null;

        [RuntimeExport("RhBulkMoveWithWriteBarrier")]
        private static void BulkMoveWithWriteBarrier(byte* destination, byte* source, nuint size)
            => Memory.Move(destination, source, size);

        [RuntimeExport("RhpGcSafeZeroMemory")]
        private static byte* GcSafeZeroMemory(byte* destination, nuint size)
        {
            Memory.Zero(destination, size);
            return destination;
        }

        [RuntimeExport("RhpGetClasslibFunctionFromCodeAddress")]
        private static void* GetClasslibFunctionFromCodeAddress(void* address, int id) => ClasslibFunction(id);

        [RuntimeExport("RhpGetClasslibFunctionFromEEType")]
        private static void* GetClasslibFunctionFromEEType(MethodTable* type, int id) => ClasslibFunction(id);

        private static void* ClasslibFunction(int id)
        {
            TypeManager* tm = TypeManager.First;
            if (tm == null || id < 0 || id >= tm->ClasslibFunctionCount) return null;
            return tm->ClasslibFunctions[id];
        }

        [RuntimeExport("RhpSetThreadDoNotTriggerGC")]
        private static void SetThreadDoNotTriggerGc() { }

        [RuntimeExport("RhpFallbackFailFast")]
        private static void FallbackFailFast() => ProcessExit.FailFast("runtime: fail-fast");

        // Interface dispatch: CoreLib's resolver asks for the cell's contents and a cache; there is
        // no cache (each call through an unresolved cell resolves again, as in the kernel runtime).
        private struct DispatchCellInfo
        {
            public int CellType;            // 0 = InterfaceAndSlot
            public MethodTable* InterfaceType;
            public ushort InterfaceSlot;
            public byte HasCache;
            public uint MetadataToken;
            public uint VTableOffset;
        }

        [RuntimeExport("RhpGetDispatchCellInfo")]
        private static void GetDispatchCellInfo(byte* cell, DispatchCellInfo* info)
        {
            *info = default;
            long cache = *(long*)(cell + 8);
            info->InterfaceType = (cache & 3) == 3
                ? (MethodTable*)((nint)(cell + 8 + (int)cache) & ~(nint)3)
                : (MethodTable*)(cache & ~3L);
            // The cells of one call site run on to a terminator { 0, (cellType << 16) | slot }.
            byte* end = cell;
            while (*(long*)end != 0) end += 16;
            info->InterfaceSlot = (ushort)*(long*)(end + 8);
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_initial_dispatch_stub")]
        private static extern void* InitialDispatchStub();

        /// <summary>A dispatch cell made at run time (generic virtual methods over interfaces): the same shape ILC emits.</summary>
        [RuntimeExport("RhNewInterfaceDispatchCell")]
        private static long* NewInterfaceDispatchCell(MethodTable* iface, int slot)
        {
            var cell = (long*)NativeHeap.Allocate(32);
            if (cell == null) return null;
            cell[0] = (long)InitialDispatchStub();
            cell[1] = (long)iface | 1;
            cell[2] = 0;
            cell[3] = slot;
            return cell;
        }

        [RuntimeExport("RhpSearchDispatchCellCache")]
        private static void* SearchDispatchCellCache(void* cell, MethodTable* type) => null;

        [RuntimeExport("RhpUpdateDispatchCellCache")]
        private static void* UpdateDispatchCellCache(void* cell, void* target, MethodTable* type, DispatchCellInfo* info) => target;
    }
}
