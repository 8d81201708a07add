#!/bin/bash
# Builds EhHarness twice into $1: jit/ (the reference, run with `dotnet`) and ehtest (NativeAOT
# with our exception layer). The AOT build links NativeAOT's own runtime for everything else
# (start-up, GC, type system) but with its exception entry points weakened, so the definitions
# of Programs/DotNetRuntime/Exceptions and x86_64/exceptions.asm win: this runs our stack walk,
# thunks and clause decoding against real ILC code on Linux, where a debugger works, before a
# VeridianOS boot. Usage: build.sh OUT_DIR DOTNET_VERSION
set -euo pipefail
out=$(realpath -m "$1"); ver=$2
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../../.." && pwd)
pack=$HOME/.nuget/packages/microsoft.netcore.app.runtime.nativeaot.linux-x64/$ver/runtimes/linux-x64
ilc=$HOME/.nuget/packages/runtime.linux-x64.microsoft.dotnet.ilcompiler/$ver/tools/ilc
mkdir -p "$out/rt"
dotnet build "$here/EhHarness.csproj" -c Release -o "$out/jit" -p:BaseIntermediateOutputPath="$out/obj-jit/" -nologo -v q
dotnet build "$here/EhHarness.csproj" -c Release -o "$out/aot-il" -p:WithRuntime=true -p:BaseIntermediateOutputPath="$out/obj-aot/" -nologo -v q
{
    echo "$out/aot-il/EhHarness.dll"; echo "-o:$out/ehtest.o"
    for r in "$pack"/native/*.dll "$pack"/lib/net10.0/*.dll; do echo "-r:$r"; done
    printf '%s\n' --targetos:linux --targetarch:x64 -O -g --stacktracedata --noinlinetls \
        --initassembly:System.Private.CoreLib --initassembly:System.Private.StackTraceMetadata \
        --initassembly:System.Private.TypeLoader --initassembly:System.Private.Reflection.Execution \
        --directpinvoke:System.Native --generateunmanagedentrypoints:System.Private.CoreLib,HIDDEN \
        --instruction-set:x86-64-v2 --methodbodyfolding:generic \
        --feature:System.Globalization.Invariant=true --feature:System.Resources.UseSystemResourceKeys=true \
        --feature:System.Diagnostics.Debugger.IsSupported=false \
        --feature:System.Diagnostics.Tracing.EventSource.IsSupported=false \
        --feature:System.Globalization.PredefinedCulturesOnly=true \
        --feature:System.Linq.Enumerable.IsSizeOptimized=true \
        --feature:System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported=false \
        --feature:System.StartupHookProvider.IsSupported=false
} > "$out/ilc.rsp"
"$ilc" @"$out/ilc.rsp"
# The native runtime with every symbol the exception layer defines made weak.
ours="RhpThrowEx RhpThrowEx2 RhpThrowHwEx RhpThrowHwEx2 RhpRethrow RhpRethrow2
      RhpCallCatchFunclet RhpCallCatchFunclet2 RhpCallFinallyFunclet RhpCallFinallyFunclet2
      RhpCallFilterFunclet RhpCallFilterFunclet2 RhpSfiInit RhpSfiNext
      RhpEHEnumInitFromStackFrameIterator RhpEHEnumNext RhFindMethodStartAddress
      RhGetCodeTarget
      RhpGetThreadAbortException RhpSetThreadDoNotTriggerGC RhpGetCurrentThreadStackTrace"
(cd "$out/rt" && rm -f ./*.o && ar x "$pack/native/libRuntime.WorkstationGC.a")
weaken=(); for s in $ours; do weaken+=(-W "$s"); done
for o in "$out"/rt/*.o; do objcopy "${weaken[@]}" "$o"; done
rm -f "$out/libRuntimeWeakEH.a"; ar rcs "$out/libRuntimeWeakEH.a" "$out"/rt/*.o
nasm -f elf64 "$root/Programs/DotNetRuntime/x86_64/exceptions.asm" -o "$out/exceptions.o"
nasm -f elf64 "$here/Shim/host.asm" -o "$out/host.o"
n=$pack/native
gcc -o "$out/ehtest" "$out/ehtest.o" "$out/exceptions.o" "$out/host.o" "$n/libbootstrapper.o" "$out/libRuntimeWeakEH.a" \
    "$n/libeventpipe-disabled.a" "$n/libstandalonegc-disabled.a" "$n/libRuntime.VxsortEnabled.a" \
    "$n/libSystem.Native.a" "$n/libaotminipal.a" "$n/libstdc++compat.a" "$n/libz.a" \
    -lstdc++ -ldl -lm -lrt -pthread -Wl,-z,noexecstack \
    -Wl,--eh-frame-hdr -Wl,--defsym=__eh_frame_hdr_start=__GNU_EH_FRAME_HDR
