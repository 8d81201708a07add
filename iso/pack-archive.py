#!/usr/bin/env python3
"""pack-archive.py OUT FILE...: packs files into one boot archive (docs/boot.md "Boot archive").

Each file is an entry named after its basename. Layout (little-endian):
  header  16 bytes: magic "VRDNARC1", u32 entry count, u32 reserved (0)
  entries 80 bytes each: name (64 bytes, NUL-padded), u64 offset, u64 size
  data    each distinct content once, at a 4 KiB-aligned offset; entries with the same bytes
          (one program under several names) share it.
"""
import os, sys

MAGIC, HEADER, ENTRY, NAME, ALIGN = b"VRDNARC1", 16, 80, 64, 4096

def main():
    out, files = sys.argv[1], sys.argv[2:]
    names = [os.path.basename(f) for f in files]
    for n in names:
        if not 0 < len(n.encode()) <= NAME:
            sys.exit(f"pack-archive: name {n!r} must be 1..{NAME} bytes")
    if len(set(names)) != len(names):
        sys.exit("pack-archive: two files with the same name")
    data_start = -(-(HEADER + ENTRY * len(files)) // ALIGN) * ALIGN
    blobs, where, table = [], {}, []
    offset = data_start
    for f, n in zip(files, names):
        with open(f, "rb") as fh:
            b = fh.read()
        if b not in where:
            where[b] = offset
            blobs.append((offset, b))
            offset = -(-(offset + len(b)) // ALIGN) * ALIGN
        table.append((n, where[b], len(b)))
    with open(out + ".tmp", "wb") as o:
        o.write(MAGIC + len(table).to_bytes(4, "little") + bytes(4))
        for n, off, size in table:
            o.write(n.encode().ljust(NAME, b"\0") + off.to_bytes(8, "little") + size.to_bytes(8, "little"))
        for off, b in blobs:
            o.write(bytes(off - o.tell()))
            o.write(b)
    os.replace(out + ".tmp", out)

if __name__ == "__main__":
    main()
