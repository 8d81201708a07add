#!/usr/bin/env bash
# make-iso.sh KERNEL_DIR OUT_ISO [KERNEL COMMAND LINE...]
# Packs KERNEL_DIR/kernel.elf and KERNEL_DIR/kernel.sym into a BIOS+UEFI bootable ISO, with
# KERNEL_DIR/bin/init as module init and every other user program of KERNEL_DIR/bin/ and every
# text file of iso/files/ as an entry of the boot archive /boot/boot.arc, module boot.arc
# (docs/boot.md; served by the file service, docs/fileservice.md).
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
# User programs (Programs/Program.targets) and plain files (iso/files/): init is a module of its
# own (the kernel starts it); everything else goes into ONE boot archive module, boot.arc
# (iso/pack-archive.py, docs/boot.md "Boot archive"), because SeaBIOS+GRUB pay per module: the
# kernel unpacks it into one memory object per entry for init. The file service tells programs
# from files by the ELF magic.
programs=""
packed=()
mkdir -p "$stage/pack"
if [ -d "$kernel_dir/bin" ]; then
    for program in "$kernel_dir"/bin/*; do
        [ -f "$program" ] || continue
        name=$(basename "$program")
        # Without DWARF (the unstripped file in bin/ is the one for gdb/addr2line): smaller
        # modules, less memory at boot. The symbol table stays.
        if [ "$name" = init ]; then
            mkdir -p "$stage/boot/bin"
            strip --strip-debug -o "$stage/boot/bin/init" "$program"
            programs+="    module2 /boot/bin/init init"$'\n'
        else
            strip --strip-debug -o "$stage/pack/$name" "$program"
            packed+=("$stage/pack/$name")
        fi
    done
    # Every program is linked at its own address (Programs/UserRuntime/link-address.sh), so gdb can
    # tell them apart: refuse two different images whose loaded ranges overlap (aliases, the
    # same image under more names, share theirs).
    ranges=$(for program in "$kernel_dir"/bin/*; do
        [ -f "$program" ] || continue
        lo=0; hi=0
        while read -r _ _ vaddr _ _ memsz _; do
            [ "$lo" -ne 0 ] && [ $((vaddr)) -ge "$lo" ] || lo=$((vaddr))
            [ $((vaddr + memsz)) -le "$hi" ] || hi=$((vaddr + memsz))
        done < <(readelf -lW "$program" | grep '^ *LOAD ')
        echo "$lo $hi $program"
    done | sort -n)
    end=0; last=""
    while read -r lo hi program; do
        [ -n "$lo" ] || continue
        if [ "$lo" -lt "$end" ] && ! cmp -s "$last" "$program"; then
            echo "make-iso.sh: user programs $(basename "$last") and $(basename "$program") overlap in memory:" \
                 "give one of them its own <VeridianProgramBase> (Programs/UserRuntime/link-address.sh)" >&2
            exit 1
        fi
        [ "$hi" -le "$end" ] || { end=$hi; last=$program; }
    done <<< "$ranges"
fi
if [ -d "$here/files" ]; then
    for file in "$here"/files/*; do
        [ -f "$file" ] || continue
        cp "$file" "$stage/pack/$(basename "$file")"
        packed+=("$stage/pack/$(basename "$file")")
    done
fi
if [ ${#packed[@]} -gt 0 ]; then
    python3 "$here/pack-archive.py" "$stage/boot/boot.arc" "${packed[@]}"
    programs+="    module2 /boot/boot.arc boot.arc"$'\n'
fi
rm -rf "$stage/pack"
export PROGRAM_MODULES="$programs"
# The command line escaped for sed's replacement text, so |, & and backslashes arrive unchanged.
sed "s|@CMDLINE@|$(printf '%s' "$cmdline" | sed 's/[|&\\]/\\&/g')|" "$here/grub.cfg.in" \
    | awk '/@PROGRAM_MODULES@/ { printf "%s", ENVIRON["PROGRAM_MODULES"]; next } { print }' \
    > "$stage/boot/grub/grub.cfg"
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out.tmp" "$stage" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
mv "$out.tmp" "$out"
