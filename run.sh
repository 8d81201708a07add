#!/usr/bin/env bash
# ./run.sh [--uefi] [--gui] [--selftest] [--panic=throw|fault|stack] [--cmdline "WORDS"] [-- QEMU arguments]
# Builds VeridianOS (Release) and boots iso/out/Release/veridian.iso in QEMU with the console on
# this terminal. Quit QEMU with Ctrl-A then X.
#   --uefi       boot through OVMF instead of SeaBIOS
#   --gui        also open the QEMU window (the kernel draws its console on the framebuffer)
#   --selftest   run the in-kernel self-tests; QEMU ends by itself and run.sh exits 0 when they
#                pass, 1 when one fails
#   --panic=KIND a deliberate panic: throw (unhandled C# exception), fault (null-pointer page
#                fault), stack (kernel stack overflow, caught as a double fault)
#   --cmdline "WORDS"  any kernel command line (repeatable; the words are joined)
set -euo pipefail
cd "$(dirname "$0")"
usage() { sed -n '2,11s/^# \{0,1\}//p' "$0" >&2; exit 2; }
uefi=(); display=(-display none); extra=(); cmdline=(); selftest=false
while [ $# -gt 0 ]; do
  case "$1" in
    --uefi) uefi=(-bios /usr/share/ovmf/OVMF.fd) ;;
    --gui)  display=() ;;
    --selftest) cmdline+=(selftest); selftest=true ;;
    --panic=throw|--panic=fault|--panic=stack) cmdline+=("${1#--}") ;;
    --cmdline) [ $# -ge 2 ] || usage; cmdline+=("$2"); shift ;;
    --cmdline=*) cmdline+=("${1#--cmdline=}") ;;
    --) shift; extra=("$@"); break ;;
    *) usage ;;
  esac
  shift
done
out=iso/out/Release
bash tools/prereqs.sh
dotnet build Veridian.Cosmos.sln -c Release -nologo -v quiet
iso=$out/veridian.iso
if [ ${#cmdline[@]} -gt 0 ]; then
  # The built ISO has an empty command line; this one carries the requested words.
  iso=$out/veridian-cmdline.iso
  bash iso/make-iso.sh "$out" "$iso" "${cmdline[@]}"
fi
echo "Booting $iso${cmdline:+ (kernel command line: ${cmdline[*]})} (quit: Ctrl-A X)"
status=0
qemu-system-x86_64 -accel tcg -cpu max -m 256M -cdrom "$iso" "${display[@]}" "${uefi[@]}" \
  -serial mon:stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 "${extra[@]}" || status=$?
if $selftest; then
  # isa-debug-exit: the kernel's exit code N becomes QEMU's status N*2+1 (0x10 pass, 0x11 fail).
  case $status in
    33) echo "run.sh: self-tests passed"; exit 0 ;;
    35) echo "run.sh: self-tests FAILED" >&2; exit 1 ;;
    *)  echo "run.sh: QEMU ended with status $status before the self-tests finished" >&2; exit "$status" ;;
  esac
fi
exit "$status"
