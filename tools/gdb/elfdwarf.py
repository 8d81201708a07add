"""Just enough ELF64 and DWARF (v2-v4) reading for the VeridianOS gdb tools: sections, the
symbol table, and the DIEs of .debug_info with where each attribute's bytes are in the file.
No third-party modules: the build and gdb's embedded Python both run it as is."""

import struct

SHT_SYMTAB = 2
SHT_NOBITS = 8
SHF_WRITE = 1
SHF_ALLOC = 2
SHF_EXECINSTR = 4


class Section:
    def __init__(self, name, type_, flags, addr, offset, size, link):
        self.name, self.type, self.flags, self.addr, self.offset, self.size, self.link = \
            name, type_, flags, addr, offset, size, link


class Symbol:
    def __init__(self, name, value, size, kind, shndx):
        self.name, self.value, self.size, self.kind, self.shndx = name, value, size, kind, shndx

    @property
    def is_function(self):
        return self.kind == 2  # STT_FUNC

    @property
    def is_object(self):
        return self.kind == 1  # STT_OBJECT


class Elf:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = bytearray(f.read())
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
            raise ValueError(path + ": not a little-endian ELF64 file")
        shoff, = struct.unpack_from("<Q", d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3A)
        raw = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize) for i in range(shnum)]
        names = raw[shstrndx][4] if shnum else 0
        self.sections = []
        for (name, type_, flags, addr, offset, size, link, _info, _align, _entsize) in raw:
            self.sections.append(Section(self._cstr(names + name), type_, flags, addr, offset, size, link))
        self._symbols = None

    def _cstr(self, at):
        end = self.data.index(b"\0", at)
        return self.data[at:end].decode("utf-8", "replace")

    def section(self, name):
        for s in self.sections:
            if s.name == name:
                return s
        return None

    def section_bytes(self, name):
        s = self.section(name)
        return None if s is None else self.data[s.offset:s.offset + s.size]

    def symbols(self):
        if self._symbols is None:
            self._symbols = []
            for s in self.sections:
                if s.type != SHT_SYMTAB:
                    continue
                strtab = self.sections[s.link]
                for at in range(s.offset, s.offset + s.size, 24):
                    name, info, _other, shndx, value, size = struct.unpack_from("<IBBHQQ", self.data, at)
                    if name == 0:
                        continue
                    self._symbols.append(Symbol(self._cstr(strtab.offset + name), value, size, info & 0xF, shndx))
        return self._symbols


# DWARF constants used here.
DW_TAG_class_type, DW_TAG_member, DW_TAG_structure_type, DW_TAG_variable = 0x02, 0x0D, 0x13, 0x34
DW_AT_name, DW_AT_location, DW_AT_declaration, DW_AT_external, DW_AT_specification = 0x03, 0x02, 0x3C, 0x3F, 0x47
DW_OP_addr, DW_OP_const4u, DW_OP_const4s, DW_OP_deref, DW_OP_plus_uconst, DW_OP_nop = 0x03, 0x0C, 0x0D, 0x06, 0x23, 0x96


def uleb(data, at):
    result = shift = 0
    while True:
        b = data[at]
        at += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, at


def sleb(data, at):
    result = shift = 0
    while True:
        b = data[at]
        at += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            if b & 0x40:
                result -= 1 << shift
            return result, at


def encode_uleb(value):
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


class Attribute:
    """One attribute value; `at`/`length` locate its bytes (a block's contents) in the file."""
    __slots__ = ("form", "value", "at", "length")

    def __init__(self, form, value, at, length):
        self.form, self.value, self.at, self.length = form, value, at, length


class Die:
    __slots__ = ("offset", "tag", "attrs", "parent", "children")

    def __init__(self, offset, tag, parent):
        self.offset, self.tag, self.attrs, self.parent, self.children = offset, tag, {}, parent, []

    def name(self):
        a = self.attrs.get(DW_AT_name)
        return a.value if a is not None and isinstance(a.value, str) else None


def _abbrevs(data, at):
    table = {}
    while True:
        code, at = uleb(data, at)
        if code == 0:
            return table
        tag, at = uleb(data, at)
        children = data[at]
        at += 1
        specs = []
        while True:
            attr, at = uleb(data, at)
            form, at = uleb(data, at)
            if attr == 0 and form == 0:
                break
            implicit = None
            if form == 0x21:  # DW_FORM_implicit_const (DWARF 5)
                implicit, at = sleb(data, at)
            specs.append((attr, form, implicit))
        table[code] = (tag, children, specs)


def read_dies(elf):
    """Every DIE of .debug_info (DWARF 2-4, 32-bit format), as a list of compile-unit roots.
    Offsets are .debug_info offsets; Attribute.at is a file offset."""
    info = elf.section(".debug_info")
    abbrev = elf.section(".debug_abbrev")
    strs = elf.section(".debug_str")
    if info is None or abbrev is None:
        return []
    d = elf.data
    base = info.offset

    def strp(off):
        at = strs.offset + off
        return d[at:d.index(b"\0", at)].decode("utf-8", "replace")

    units = []
    cu = 0
    while cu < info.size:
        unit_length, = struct.unpack_from("<I", d, base + cu)
        if unit_length >= 0xFFFFFFF0:
            raise ValueError("64-bit DWARF is not supported")
        version, = struct.unpack_from("<H", d, base + cu + 4)
        if version >= 5:
            raise ValueError("DWARF 5 is not supported")
        abbrev_off, = struct.unpack_from("<I", d, base + cu + 6)
        addr_size = d[base + cu + 10]
        table = _abbrevs(d, abbrev.offset + abbrev_off)
        end = cu + 4 + unit_length
        at = base + cu + 11
        stack = []
        root = None
        while at < base + end:
            offset = at - base
            code, at = uleb(d, at)
            if code == 0:
                if stack:
                    stack.pop()
                continue
            tag, has_children, specs = table[code]
            die = Die(offset, tag, stack[-1] if stack else None)
            if die.parent is not None:
                die.parent.children.append(die)
            elif root is None:
                root = die
            for attr, form, implicit in specs:
                while form == 0x16:  # DW_FORM_indirect
                    form, at = uleb(d, at)
                start = at
                value = None
                if form == 0x01:  # addr
                    value = int.from_bytes(d[at:at + addr_size], "little"); at += addr_size
                elif form in (0x0B, 0x11, 0x0C):  # data1, ref1, flag
                    value = d[at]; at += 1
                elif form in (0x05, 0x12):  # data2, ref2
                    value, = struct.unpack_from("<H", d, at); at += 2
                elif form in (0x06, 0x13, 0x17, 0x10):  # data4, ref4, sec_offset, ref_addr (v3+)
                    value, = struct.unpack_from("<I", d, at); at += 4
                    if form == 0x10 and version == 2:
                        at += addr_size - 4
                elif form in (0x07, 0x14, 0x20):  # data8, ref8, ref_sig8
                    value, = struct.unpack_from("<Q", d, at); at += 8
                elif form == 0x0D:  # sdata
                    value, at = sleb(d, at)
                elif form in (0x0F, 0x15):  # udata, ref_udata
                    value, at = uleb(d, at)
                elif form == 0x08:  # string
                    e = d.index(b"\0", at)
                    value = d[at:e].decode("utf-8", "replace"); at = e + 1
                elif form == 0x0E:  # strp
                    off, = struct.unpack_from("<I", d, at); at += 4
                    value = strp(off)
                elif form in (0x0A, 0x03, 0x04, 0x09, 0x18):  # block1, block2, block4, block, exprloc
                    if form == 0x0A:
                        n = d[at]; at += 1
                    elif form == 0x03:
                        n, = struct.unpack_from("<H", d, at); at += 2
                    elif form == 0x04:
                        n, = struct.unpack_from("<I", d, at); at += 4
                    else:
                        n, at = uleb(d, at)
                    start = at
                    value = bytes(d[at:at + n]); at += n
                elif form == 0x19:  # flag_present
                    value = True
                elif form == 0x21:
                    value = implicit
                else:
                    raise ValueError("DWARF form 0x%x is not supported" % form)
                if form in (0x11, 0x12, 0x13, 0x14, 0x15):  # CU-relative references
                    value += cu
                die.attrs[attr] = Attribute(form, value, start, at - start)
            if has_children:
                stack.append(die)
        if root is not None:
            units.append(root)
        cu = end
    return units


def walk(die):
    yield die
    for c in die.children:
        yield from walk(c)
