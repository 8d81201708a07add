#!/usr/bin/env bash
# make-iso.sh KERNEL_DIR OUT_ISO [KERNEL COMMAND LINE...]
# Packs KERNEL_DIR/kernel.elf and KERNEL_DIR/kernel.sym into a BIOS+UEFI bootable ISO.
# The boot tests, ./run.sh and ./debug.sh call it with their own command line (selftest, panic=throw, ...).
set -euo pipefail
kernel_dir=$1; out=$2; shift 2
cmdline="$*"
here=$(cd "$(dirname "$0")" && pwd)
stage=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$stage" "$log"' EXIT
mkdir -p "$stage/boot/grub"
cp "$kernel_dir/kernel.elf" "$kernel_dir/kernel.sym" "$stage/boot/"
# The screen console's font under UEFI (no text mode there): GRUB's own ASCII font.
cp /usr/share/grub/ascii.pf2 "$stage/boot/font.pf2"
# Escaped for sed's replacement text, so any command line (with |, & or a backslash) arrives unchanged.
sed "s|@CMDLINE@|$(printf '%s' "$cmdline" | sed 's/[|&\\]/\\&/g')|" "$here/grub.cfg.in" > "$stage/boot/grub/grub.cfg"
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out.tmp" "$stage" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
mv "$out.tmp" "$out"
