#!/usr/bin/env bash
# ./run.sh [--uefi] [--gui] [-- extra QEMU arguments]
# Builds VeridianOS (Release) and boots it in QEMU with the console on this terminal.
# Quit QEMU with Ctrl-A then X.
set -euo pipefail
cd "$(dirname "$0")"
uefi=""; display="-display none"; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --uefi) uefi="-bios /usr/share/ovmf/OVMF.fd" ;;
    --gui)  display="" ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: ./run.sh [--uefi] [--gui] [-- qemu arguments]" >&2; exit 2 ;;
  esac
  shift
done
bash tools/prereqs.sh
dotnet build Veridian.Cosmos.sln -c Release -nologo -v quiet
iso=iso/out/Release/veridian.iso
echo "Booting $iso (quit: Ctrl-A X)"
exec qemu-system-x86_64 -accel tcg -cpu max -m 256M -cdrom "$iso" $display $uefi \
  -serial mon:stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 "${extra[@]}"
