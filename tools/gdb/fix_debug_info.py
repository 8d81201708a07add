#!/usr/bin/env python3
"""fix_debug_info.py KERNEL.ELF [--check]

Corrects, in place, the kernel's debug information where it misleads gdb (and VS Code):

A. Static fields. The DWARF locations ILC gives C# static fields, so that gdb prints their
real values. Two things in ILC's debug information do not match the code ILC generates and
this runtime's static layout (SystemModule/Veridian/Startup.cs, docs/runtime.md):

1. ILC lists a type's static members grouped (non-GC statics first, then GC statics) but pairs
   them, by index, with location descriptors in declaration order. A type declaring a GC static
   before a non-GC one gets them swapped: `KernelConsole.s_count` read from the GC statics
   object, `s_sinks` from the non-GC block ("Cannot access memory at address 0x2").
2. A GC static base (`__GCSTATICS<Type>`) is one pointer to the heap object holding the GC
   statics (Startup.InitializeGCStatics stores the object's address there), so a field is at
   *base + offset, but ILC describes it as **base + offset (a handle), one dereference too many.

Each location is rewritten within its own bytes (a shorter encoding - DW_OP_const4u, or
DW_OP_const4s for a higher-half kernel address - padded with DW_OP_nop), so no offset in the
file moves; a type whose locations do not all fit is left alone, whole.

B. Address ranges. NASM gives an assembly file's compile unit the pc range of its first
section only, but lists every section in .debug_aranges; for boot.asm's higher-half part gdb
then warns "pc ... in address map, but not in symtab" on every backtrace. Such an arange entry
outside its unit's [low_pc, high_pc) gets length 0, so gdb uses the ELF symbols there instead.

Running it twice changes nothing the second time. --check only reports what it would change
and exits 1 if anything would.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import elfdwarf as ed  # noqa: E402

NONGC, GC, THREAD = "non-GC", "GC", "thread"
PREFIXES = (("__NONGCSTATICS", NONGC), ("__GCSTATICS", GC), ("__THREADSTATICS", THREAD))


def decode(expr):
    """DW_OP_addr|const4u BASE [deref [deref]] [plus_uconst K] [nop...] -> (BASE, derefs, K)."""
    at = 0
    if not expr:
        return None
    if expr[0] == ed.DW_OP_addr and len(expr) >= 9:
        base = int.from_bytes(expr[1:9], "little"); at = 9
    elif expr[0] == ed.DW_OP_const4u and len(expr) >= 5:
        base = int.from_bytes(expr[1:5], "little"); at = 5
    elif expr[0] == ed.DW_OP_const4s and len(expr) >= 5:
        base = int.from_bytes(expr[1:5], "little", signed=True) & 0xFFFFFFFFFFFFFFFF; at = 5
    else:
        return None
    derefs = 0
    while at < len(expr) and expr[at] == ed.DW_OP_deref:
        derefs += 1; at += 1
    offset = 0
    if at < len(expr) and expr[at] == ed.DW_OP_plus_uconst:
        offset, at = ed.uleb(expr, at + 1)
    while at < len(expr) and expr[at] == ed.DW_OP_nop:
        at += 1
    return (base, derefs, offset) if at == len(expr) else None


def encode(base, derefs, offset, length):
    """The shortest encoding that fits `length` bytes, padded with DW_OP_nop; None if none fits."""
    tail = bytes([ed.DW_OP_deref]) * derefs
    if offset:
        tail += bytes([ed.DW_OP_plus_uconst]) + ed.encode_uleb(offset)
    heads = [bytes([ed.DW_OP_addr]) + base.to_bytes(8, "little")]
    if base < 1 << 32:
        heads.append(bytes([ed.DW_OP_const4u]) + base.to_bytes(4, "little"))
    elif base >= (1 << 64) - (1 << 31):  # a higher-half kernel address: sign-extended 32 bits
        heads.append(bytes([ed.DW_OP_const4s]) + (base - (1 << 64)).to_bytes(4, "little", signed=True))
    for head in heads:
        if head is not None and len(head) + len(tail) <= length:
            return head + tail + bytes([ed.DW_OP_nop]) * (length - len(head) - len(tail))
    return None


def fix(path, check=False, out=sys.stdout):
    elf = ed.Elf(path)
    kind_at = {}
    for s in elf.symbols():
        for prefix, kind in PREFIXES:
            if s.name.startswith(prefix):
                kind_at[s.value] = kind
    units = ed.read_dies(elf)
    members = {}   # member DIE offset -> (class DIE, index among the class's static members)
    variables = {}  # member DIE offset -> location Attribute of the variable that defines it
    classes = []
    for unit in units:
        for die in ed.walk(unit):
            if die.tag in (ed.DW_TAG_class_type, ed.DW_TAG_structure_type) and ed.DW_AT_declaration not in die.attrs:
                statics = [c for c in die.children if c.tag == ed.DW_TAG_member
                           and ed.DW_AT_external in c.attrs and ed.DW_AT_declaration in c.attrs]
                if statics:
                    classes.append((die, statics))
            elif die.tag == ed.DW_TAG_variable and ed.DW_AT_specification in die.attrs and ed.DW_AT_location in die.attrs:
                loc = die.attrs[ed.DW_AT_location]
                if isinstance(loc.value, bytes):
                    variables[die.attrs[ed.DW_AT_specification].value] = loc
    changed = skipped = 0
    for cls, statics in classes:
        locs = [variables.get(m.offset) for m in statics]
        decoded = [decode(l.value) if l is not None else None for l in locs]
        kinds = [kind_at.get(d[0]) if d else None for d in decoded]
        if None in kinds or THREAD in kinds:
            skipped += 1
            print("fix_debug_info: left %s alone (%s)" % (cls.name(),
                  "thread statics" if THREAD in kinds else "a location it does not understand"), file=out)
            continue
        # decoded[i] is the i-th static in declaration order; the members are listed non-GC first.
        order = [i for i, k in enumerate(kinds) if k == NONGC] + [i for i, k in enumerate(kinds) if k == GC]
        rewritten = []
        for j, member in enumerate(statics):
            base, _derefs, offset = decoded[order[j]]
            derefs = 1 if kinds[order[j]] == GC else 0
            rewritten.append(encode(base, derefs, offset, locs[j].length))
        if None in rewritten:
            # All or nothing: a type half rewritten would be misread by the next run.
            skipped += 1
            print("fix_debug_info: no room to fix %s.%s" % (
                cls.name(), statics[rewritten.index(None)].name()), file=out)
            continue
        for member, loc, new in zip(statics, locs, rewritten):
            if bytes(elf.data[loc.at:loc.at + loc.length]) != new:
                changed += 1
                if check:
                    print("would fix %s.%s" % (cls.name(), member.name()), file=out)
                else:
                    elf.data[loc.at:loc.at + loc.length] = new
    ranges = _fix_aranges(elf, units, check, out)
    if (changed or ranges) and not check:
        tmp = path + ".%d.tmp" % os.getpid()
        with open(tmp, "wb") as f:
            f.write(elf.data)
        os.chmod(tmp, os.stat(path).st_mode)
        os.replace(tmp, path)
    print("fix_debug_info: %s %d static field location(s) and %d address range(s) in %s%s" % (
        "would fix" if check else "fixed", changed, ranges, os.path.basename(path),
        " (%d types left alone)" % skipped if skipped else ""), file=out)
    return changed + ranges


def _fix_aranges(elf, units, check, out):
    """B: zero the length of arange entries outside their compile unit's low_pc..high_pc."""
    sec = elf.section(".debug_aranges")
    if sec is None:
        return 0
    d = elf.data
    cu_range = {}
    for root in units:
        low = root.attrs.get(0x11)   # DW_AT_low_pc
        high = root.attrs.get(0x12)  # DW_AT_high_pc
        if low is None or high is None or 0x55 in root.attrs:  # DW_AT_ranges: a real range list
            continue
        end = high.value if high.form == 0x01 else low.value + high.value
        cu_range[root.offset - 11] = (low.value, end)
    fixed = 0
    at = sec.offset
    while at < sec.offset + sec.size:
        start = at
        length, = ed.struct.unpack_from("<I", d, at)
        info_offset, = ed.struct.unpack_from("<I", d, at + 6)
        address_size = d[at + 10]
        tuple_size = 2 * address_size
        at += 12
        at += (-(at - start)) % tuple_size  # tuples are aligned to their size within the set
        end_of_set = start + 4 + length
        limits = cu_range.get(info_offset)
        while at + tuple_size <= end_of_set:
            addr = int.from_bytes(d[at:at + address_size], "little")
            size = int.from_bytes(d[at + address_size:at + tuple_size], "little")
            if addr == 0 and size == 0:
                break
            if limits is not None and size and not (limits[0] <= addr and addr + size <= limits[1]):
                fixed += 1
                if check:
                    print("would drop arange 0x%x+0x%x of the unit at 0x%x" % (addr, size, info_offset), file=out)
                else:
                    d[at + address_size:at + tuple_size] = bytes(address_size)
            at += tuple_size
        at = end_of_set
    return fixed


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--check"]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        sys.exit(2)
    n = fix(args[0], check="--check" in sys.argv)
    sys.exit(1 if n and "--check" in sys.argv else 0)
