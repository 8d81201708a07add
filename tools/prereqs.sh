#!/usr/bin/env bash
# Makes sure the Debian tools VeridianOS builds, boots and debugs with are installed.
# Installs what is missing with apt-get (through sudo when not root). Prints one clear line
# naming what is still missing and exits 1 when that is not possible.
# --quiet: print only that failure line (the build turns it into its one error message).
set -u
quiet=false; [ "${1:-}" = "--quiet" ] && quiet=true
declare -A package_of=(
  [nasm]=nasm [ld]=binutils [nm]=binutils [grub-mkrescue]=grub-common [xorriso]=xorriso
  [mformat]=mtools [qemu-system-x86_64]=qemu-system-x86 [gdb]=gdb [python3]=python3
)
declare -A file_of=(
  [/usr/lib/grub/i386-pc/multiboot2.mod]=grub-pc-bin
  [/usr/lib/grub/x86_64-efi/multiboot2.mod]=grub-efi-amd64-bin
  [/usr/share/ovmf/OVMF.fd]=ovmf
)
missing=()
for tool in "${!package_of[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("${package_of[$tool]}"); done
for file in "${!file_of[@]}"; do [ -e "$file" ] || missing+=("${file_of[$file]}"); done
[ ${#missing[@]} -eq 0 ] && exit 0

packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
$quiet || echo "VeridianOS: installing missing build tools: $packages"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else sudo=none; fi
if [ "$sudo" != none ]; then
  export DEBIAN_FRONTEND=noninteractive
  { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends $packages; } >/tmp/veridian-prereqs.log 2>&1
fi
still=()
for tool in "${!package_of[@]}"; do command -v "$tool" >/dev/null 2>&1 || still+=("${package_of[$tool]}"); done
for file in "${!file_of[@]}"; do [ -e "$file" ] || still+=("${file_of[$file]}"); done
if [ ${#still[@]} -ne 0 ]; then
  echo "VeridianOS cannot build: missing Debian packages: $(printf '%s\n' "${still[@]}" | sort -u | tr '\n' ' ')- apt-get could not install them (see /tmp/veridian-prereqs.log). Install them and build again: sudo apt-get install $(printf '%s\n' "${still[@]}" | sort -u | tr '\n' ' ')"
  exit 1
fi
exit 0
