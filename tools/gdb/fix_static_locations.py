#!/usr/bin/env python3
"""fix_static_locations.py KERNEL.ELF [--check]

Rewrites, in place, the DWARF locations ILC gives C# static fields so that gdb (and VS Code)
print their real values. Two things in ILC's debug information do not match the code ILC
generates and this runtime's static layout (Runtime/Veridian/Startup.cs, docs/runtime.md):

1. ILC lists a type's static members grouped (non-GC statics first, then GC statics) but pairs
   them, by index, with location descriptors in declaration order. A type declaring a GC static
   before a non-GC one gets them swapped: `KernelConsole.s_count` read from the GC statics
   object, `s_sinks` from the non-GC block ("Cannot access memory at address 0x2").
2. A GC static base (`__GCSTATICS<Type>`) is one pointer to the heap object holding the GC
   statics (Startup.InitializeGCStatics stores the object's address there), so a field is at
   *base + offset, but ILC describes it as **base + offset (a handle), one dereference too many.

Each location is rewritten within its own bytes (a shorter encoding padded with DW_OP_nop), so
no offset in the file moves. Running it twice changes nothing the second time. --check only
reports what it would change and exits 1 if anything would.
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
    for head in (bytes([ed.DW_OP_addr]) + base.to_bytes(8, "little"),
                 bytes([ed.DW_OP_const4u]) + base.to_bytes(4, "little") if base < 1 << 32 else None):
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
            print("fix_static_locations: left %s alone (%s)" % (cls.name(),
                  "thread statics" if THREAD in kinds else "a location it does not understand"), file=out)
            continue
        # decoded[i] is the i-th static in declaration order; the members are listed non-GC first.
        order = [i for i, k in enumerate(kinds) if k == NONGC] + [i for i, k in enumerate(kinds) if k == GC]
        for j, member in enumerate(statics):
            base, _derefs, offset = decoded[order[j]]
            derefs = 1 if kinds[order[j]] == GC else 0
            loc = locs[j]
            new = encode(base, derefs, offset, loc.length)
            if new is None:
                skipped += 1
                print("fix_static_locations: no room to fix %s.%s" % (cls.name(), member.name()), file=out)
                continue
            if bytes(elf.data[loc.at:loc.at + loc.length]) != new:
                changed += 1
                if check:
                    print("would fix %s.%s" % (cls.name(), member.name()), file=out)
                else:
                    elf.data[loc.at:loc.at + loc.length] = new
    if changed and not check:
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(elf.data)
        os.chmod(tmp, os.stat(path).st_mode)
        os.replace(tmp, path)
    print("fix_static_locations: %s %d static field location(s) in %s%s" % (
        "would fix" if check else "fixed", changed, os.path.basename(path),
        " (%d left alone)" % skipped if skipped else ""), file=out)
    return changed


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--check"]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        sys.exit(2)
    n = fix(args[0], check="--check" in sys.argv)
    sys.exit(1 if n and "--check" in sys.argv else 0)
