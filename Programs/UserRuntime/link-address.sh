#!/usr/bin/env bash
# link-address.sh NAME: the address user program NAME is linked at (Programs/Program.targets,
# Programs/UserRuntime/user.ld), printed as 0x... on stdout.
# Every program gets its own 1 MiB slot in 16 MiB .. 2 GiB, chosen by the CRC-32 (POSIX cksum)
# of its name: the same name always gets the same address, in every configuration and on every
# machine, and no two programs' symbols overlap, so gdb can hold the symbols of all of them at
# once and a breakpoint in one program's code only hits in that program (docs/debugging.md).
# Below 2 GiB the small code model's 32-bit absolute relocations still reach everything.
# iso/make-iso.sh refuses an ISO where two programs' images overlap; should two names ever
# share a slot, give one of the projects its own <VeridianProgramBase>0x...</VeridianProgramBase>.
set -euo pipefail
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: link-address.sh NAME" >&2; exit 2; }
crc=$(printf '%s' "$1" | cksum | cut -d' ' -f1)
printf '0x%x\n' $(( 0x1000000 + (crc % 2032) * 0x100000 ))
