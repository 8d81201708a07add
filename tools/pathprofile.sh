#!/usr/bin/env bash
# tools/pathprofile.sh [--config Release|Debug] [--start SYMBOL] [--skip N] [--rounds N] [--trace FILE]
# Where a hot path's instructions go: boots the bench ISO (command line "bench") under
# -icount halted, lets gdb run to the N-th hit of SYMBOL, then single-steps every instruction
# (kernel and user, both processes) until SYMBOL is hit again, ROUNDS times, and prints the
# instructions per round charged to each function (tools/gdb/pathprofile.py). The default
# SYMBOL is the kernel's SYS_IPC_CALL handler, so one round is one bench IPC round trip.
# Build first: dotnet build -c Release Veridian.Cosmos.sln. docs/benchmarks.md shows its use.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
config=Release; start=Veridian_KernelImage_Veridian_Kernel_Dispatch_IpcSyscalls__Call
skip=20; rounds=4; trace=""; port=$((20000 + RANDOM % 20000))
while [ $# -gt 0 ]; do
    case $1 in
        --config) config=$2; shift 2 ;;
        --start) start=$2; shift 2 ;;
        --skip) skip=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --trace) trace=$2; shift 2 ;;
        *) echo "pathprofile: unknown argument $1" >&2; exit 2 ;;
    esac
done
out=$root/iso/out/$config
[ -f "$out/kernel.elf" ] || { echo "pathprofile: build $config first" >&2; exit 1; }
iso=$(mktemp --suffix=.iso); report=$(mktemp)
bash "$root/iso/make-iso.sh" "$out" "$iso" bench
qemu-system-x86_64 -accel tcg -cpu max -m 256M -cdrom "$iso" -display none -serial null \
    -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -icount shift=0,sleep=off \
    -gdb tcp::$port -S &
qemu=$!
trap 'kill $qemu 2>/dev/null || true; rm -f "$iso" "$report"' EXIT
PROFILE_START=$start PROFILE_SKIP=$skip PROFILE_ROUNDS=$rounds PROFILE_OUT=$trace PROFILE_PORT=$port PROFILE_REPORT=$report \
PROFILE_ELFS="$out/kernel.elf:$out/bin/bench" \
    timeout 900 gdb -nx -batch -x "$root/tools/gdb/pathprofile.py" >/dev/null
cat "$report"
