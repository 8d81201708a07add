#!/usr/bin/env bash
# ./debug.sh [--selftest] [--panic=KIND] [--cmdline "WORDS"] [--program NAME]... [--port N] [--batch|--server|--stop|--console] [BREAKPOINT] [-- gdb arguments]
# Builds VeridianOS (Debug: unoptimised, every local visible), starts QEMU halted with its
# GDB stub, and opens gdb with the Debug kernel's symbols (iso/out/Debug/kernel.elf), stopped at
# BREAKPOINT (default KernelMain.Start): a C# method (KernelMain.PrintBanner,
# Veridian.Kernel.Boot.KernelMain.PrintBanner, or the symbol Veridian_KernelImage_..._KernelMain__PrintBanner)
# or File.cs:LINE. gdb loads tools/gdb/veridian.py: C# names in breakpoints and bt, C# values in print.
# Serial output goes to iso/out/Debug/serial.log; the serial port itself is the unix socket
# iso/out/Debug/serial-PORT.sock, which `./debug.sh --console` connects a terminal to (type `hello`).
#   --program NAME  also the symbols of user program NAME (hello, shell, ...; "all": every one),
#              so BREAKPOINT may be in it (Hello.Main, Hello.cs:12; default: its Main); it hits
#              when the program runs (started by the shell: type its name in ./debug.sh --console)
#   --selftest, --panic=throw|fault|stack, --cmdline "WORDS"  the kernel command line, as for ./run.sh
#   --port N   the GDB stub's TCP port on 127.0.0.1 (default 1234)
#   --batch    no interactive gdb: stop at BREAKPOINT, run the gdb arguments given after --
#              (e.g. -ex "info locals"), then kill QEMU. The tests drive this path.
#   --server   build and start QEMU halted in the background (pid in iso/out/Debug/qemu-PORT.pid),
#              no gdb: for an IDE's debugger (.vscode/launch.json) to attach to
#   --stop     end the QEMU that --server started on that port
#   --console  in another terminal: type into the serial console of the QEMU debug.sh started on
#              that port (tools/console.py; Ctrl-] ends it)
set -euo pipefail
cd "$(dirname "$0")"
usage() { sed -n '2,23s/^# \{0,1\}//p' "$0" >&2; exit 2; }
port=1234; batch=(); breakpoint=""; gdb_args=(); cmdline=(); mode=gdb; programs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || usage; port=$2; shift ;;
    --batch) batch=(-batch) ;;
    --server) mode=server ;;
    --stop) mode=stop ;;
    --console) mode=console ;;
    --program) [ $# -ge 2 ] || usage; programs+=("$2"); shift ;;
    --program=*) programs+=("${1#--program=}") ;;
    --selftest) cmdline+=(selftest) ;;
    --panic=throw|--panic=fault|--panic=stack) cmdline+=("${1#--}") ;;
    --cmdline) [ $# -ge 2 ] || usage; cmdline+=("$2"); shift ;;
    --cmdline=*) cmdline+=("${1#--cmdline=}") ;;
    --) shift; gdb_args=("$@"); break ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) [ -z "$breakpoint" ] || usage; breakpoint=$1 ;;
  esac
  shift
done
out=iso/out/Debug
pidfile=$out/qemu-$port.pid
serial=$out/serial-$port.sock
if [ "$mode" = stop ]; then
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile" "$serial"
  exit 0
fi
if [ "$mode" = console ]; then
  exec python3 tools/console.py "$serial"
fi
bash tools/prereqs.sh
dotnet build iso/Veridian.Iso.csproj -c Debug -nologo -v quiet
iso=$out/veridian.iso
if [ ${#cmdline[@]} -gt 0 ]; then
  iso=$out/veridian-cmdline.iso
  bash iso/make-iso.sh "$out" "$iso" "${cmdline[@]}"
fi
# The breakpoint: given, else the Main of the (first) program, else the kernel's entry.
if [ -z "$breakpoint" ] && [ ${#programs[@]} -gt 0 ] && [ "${programs[0]}" != all ]; then
  [ -f "$out/bin/${programs[0]}" ] || { echo "debug.sh: no user program $out/bin/${programs[0]}" >&2; exit 2; }
  # The program's own types are named <assembly>_<Namespace_Type> (the assembly is the program's name).
  breakpoint=$(nm "$out/bin/${programs[0]}" | awk -v asm="$(echo "${programs[0]}" | tr -c 'A-Za-z0-9\n' _)_" \
    '!found && $2 == "T" && index($3, asm) == 1 && $3 ~ /__Main$/ && $3 !~ /__Module__/ { print $3; found = 1 }')
fi
breakpoint=${breakpoint:-KernelMain.Start}
symbols=()
[ ${#programs[@]} -eq 0 ] || symbols=(-ex "csharp programs ${programs[*]}")
echo "Debugging $out/kernel.elf booted from $iso${cmdline:+ (kernel command line: ${cmdline[*]})}; serial output: $out/serial.log"
console="./debug.sh --console$([ "$port" = 1234 ] || echo " --port $port")"
echo "Type into the serial console (the shell) from another terminal: $console"
[ ${#programs[@]} -eq 0 ] || [ "${programs[0]}" = all ] ||
  echo "gdb stops at $breakpoint once ${programs[0]} runs: type ${programs[0]} at the shell prompt in $console"
rm -f "$serial"
# The serial port on a unix socket for ./debug.sh --console, everything it prints also in serial.log.
qemu=(qemu-system-x86_64 -accel tcg -cpu max -m 256M -cdrom "$iso" -display none -monitor none
  -chardev "socket,id=serial,path=$serial,server=on,wait=off,logfile=$out/serial.log" -serial chardev:serial
  -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
  -gdb "tcp:127.0.0.1:$port" -S)
if [ "$mode" = server ]; then
  # A QEMU left over from an earlier session on this port would hold it.
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null && sleep 0.5
  "${qemu[@]}" -daemonize -pidfile "$pidfile"
  echo "QEMU is waiting for gdb on 127.0.0.1:$port (pid $(cat "$pidfile")); ./debug.sh --stop --port $port ends it"
  exit 0
fi
"${qemu[@]}" &
qemu=$!
trap 'kill $qemu 2>/dev/null || true; rm -f "$serial"' EXIT
end=()
[ ${#batch[@]} -eq 0 ] || end=(-ex kill)
# GRUB loads the kernel after gdb attaches and would overwrite a software breakpoint: the
# extension marks the kernel's code read-only for gdb, so `break` sets hardware breakpoints.
gdb -q -nx "${batch[@]}" \
  -ex "set architecture i386:x86-64" \
  -x tools/gdb/veridian.py \
  -ex "file $out/kernel.elf" \
  "${symbols[@]}" \
  -ex "target remote 127.0.0.1:$port" \
  -ex "break $breakpoint" \
  -ex "continue" \
  "${gdb_args[@]}" "${end[@]}"
