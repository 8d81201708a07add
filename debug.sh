#!/usr/bin/env bash
# ./debug.sh [BREAKPOINT]
# Builds VeridianOS (Debug: unoptimised, every local visible), starts QEMU halted with its
# GDB stub, and opens gdb with the kernel's symbols, stopped at BREAKPOINT (a C# method as
# Assembly_Namespace_Type__Method, or File.cs:LINE). Serial output goes to iso/out/serial.log.
set -euo pipefail
cd "$(dirname "$0")"
breakpoint=${1:-Veridian_KernelImage_Veridian_Kernel_Boot_KernelMain__Start}
bash tools/prereqs.sh
dotnet build iso/Veridian.Iso.csproj -c Debug -nologo -v quiet
qemu-system-x86_64 -accel tcg -cpu max -m 256M -cdrom iso/veridian.iso -display none \
  -serial file:iso/out/serial.log -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -s -S &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
# hbreak, not break: GRUB loads the kernel after gdb attaches and would overwrite a software breakpoint.
gdb -q -nx \
  -ex "set architecture i386:x86-64" \
  -ex "file iso/out/kernel.elf" \
  -ex "target remote :1234" \
  -ex "hbreak $breakpoint" \
  -ex "continue"
