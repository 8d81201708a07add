"""VeridianOS gdb extension: debug the C# kernel with C# names and C# values.

Load it with `gdb -x tools/gdb/veridian.py` (debug.sh, .vscode/launch.json and the tests do).
When gdb loads a VeridianOS kernel (`file iso/out/Debug/kernel.elf`) it

* adds C#-style names for every method, so `break KernelMain.PrintBanner`,
  `break Veridian.Kernel.Boot.KernelMain.PrintBanner` and `break PrintBanner` work (as do
  File.cs:LINE and the mangled `Veridian_KernelImage_..._KernelMain__PrintBanner`);
* marks the kernel's code read-only for gdb, so every breakpoint (CLI `break`, MI
  `-break-insert`, VS Code) is a hardware breakpoint: GRUB loads the kernel after gdb attaches
  and would overwrite a software breakpoint's int3;
* shows C# names in `bt` (`KernelMain.PrintBanner`) and ends the backtrace at the boot entry;
* prints C# values: a `string` as its text, arrays and spans as length and elements, an object
  reference as its runtime type (read from the MethodTable at offset 0, so also behind an
  abstract or interface type) and that type's fields, `null` for null references, Nullable<T>,
  and the ABI's tokens (Capability, ProcessId, ...) and Rights decoded.

User programs likewise: `csharp programs hello shell` (or `all`) loads their symbols at the
address each is linked at (its own, Programs/UserRuntime/link-address.sh), with C# names, read-only
code (hardware breakpoints: the program is not mapped yet) and C# frames in `bt`;
`csharp user` runs a thread stopped in the kernel during a system call on to where it returns
to ring 3 (docs/debugging.md).

Static fields print their real values because the build fixes ILC's locations for them
(tools/gdb/fix_debug_info.py). Commands: `csharp print PATH` (Type.StaticField,
local.Field[3].Length, ...), `csharp statics TYPE`, `csharp names PATTERN`. Nested objects
print three levels deep (`set print max-depth`), since object graphs can be cyclic.
"""

import hashlib
import os
import re
import subprocess
import sys
import tempfile

import gdb
import gdb.printing
from gdb.FrameDecorator import FrameDecorator

# gdb removes __file__ once the script has been sourced: remember where the extension lives.
EXTENSION = os.path.abspath(__file__)
sys.path.insert(0, os.path.dirname(EXTENSION))
import elfdwarf  # noqa: E402

ASSEMBLY_PREFIXES = ("Veridian_KernelImage_", "Veridian_Runtime_", "Veridian_UserRuntime_")
# The assemblies of the user programs whose symbols are loaded ("hello_", "ipc_client_"): a
# program's own types are named <program>_<Namespace_Type>.
_program_prefixes = []
ALIAS_SUFFIX = ".csharp-names"
# Where a backtrace ends: the boot code that calls the C# entry (Plugs/<arch>/boot.asm), and a
# user program's process and thread entries (Programs/UserRuntime/<arch>/start.asm).
ENTRY_FUNCTIONS = ("long_mode_high", "__kernel_start", "long_mode_entry", "_start", "veridian_thread_trampoline")
ENTRY_SOURCES = ("boot.asm",)


# ---------------------------------------------------------------- names

def _find_top(s, sep):
    """Index of `sep` in `s` outside <...>, or -1."""
    depth = 0
    i = 0
    while i < len(s):
        c = s[i]
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
        elif depth == 0 and s.startswith(sep, i):
            return i
        i += 1
    return -1


def _split_top(s, sep):
    parts = []
    while True:
        i = _find_top(s, sep)
        if i < 0:
            parts.append(s)
            return parts
        parts.append(s[:i])
        s = s[i + len(sep):]


def _strip_assembly(name):
    for p in ASSEMBLY_PREFIXES + tuple(_program_prefixes):
        if name.startswith(p):
            return name[len(p):]
    return name


_KEYWORDS = {"UInt8": "byte", "Int8": "sbyte", "Int16": "short", "UInt16": "ushort", "Int32": "int",
             "UInt32": "uint", "Int64": "long", "UInt64": "ulong", "Char": "char", "Boolean": "bool",
             "Single": "float", "Double": "double", "IntPtr": "nint", "UIntPtr": "nuint",
             "String": "string", "Object": "object"}


def csharp_type(mangled, short=False):
    """Veridian_KernelImage_Veridian_Kernel_Boot_BootInfo -> Veridian.Kernel.Boot.BootInfo;
    __Array<String> -> String[]; Span_1<Char> -> Span<Char>."""
    if mangled is None:
        return None
    m = _strip_assembly(mangled)
    if m.startswith("__Array<") and m.endswith(">"):
        return csharp_type(m[len("__Array<"):-1], short) + "[]"
    args = ""
    lt = m.find("<")
    if lt >= 0 and m.endswith(">"):
        args = "<" + ", ".join(csharp_type(a, True) for a in _split_top(m[lt + 1:-1], "__")) + ">"
        m = m[:lt]
    m = re.sub(r"_\d+$", "", m)  # generic arity: Span_1
    if m in _KEYWORDS:
        return _KEYWORDS[m] + args
    parts = [p for p in m.split("_") if p]
    if not parts:
        return mangled
    return (parts[-1] if short else ".".join(parts)) + args


def csharp_method(mangled):
    """(full, short, method) C# names of a mangled method symbol, or None if it is not one.
    Veridian_KernelImage_Veridian_Kernel_Boot_KernelMain__PrintBanner ->
    (Veridian.Kernel.Boot.KernelMain.PrintBanner, KernelMain.PrintBanner, PrintBanner)."""
    if not mangled or mangled.startswith("_ZTV") or mangled.startswith("__"):
        return None
    m = _strip_assembly(mangled)
    i = _find_top(m, "__")
    if i <= 0:
        return None
    type_part, method = m[:i], m[i + 2:]
    if not re.match(r"^[A-Za-z][A-Za-z0-9_]*(<.*>)?$", type_part) or not method:
        return None
    if method.startswith("_"):
        method = "." + method[1:]  # __ctor, __cctor
    method = re.sub(r"_\d+$", "", method)  # overloads: Write_0
    return (csharp_type(type_part) + "." + method, csharp_type(type_part, True) + "." + method, method)


# ---------------------------------------------------------------- kernels gdb has loaded

class Kernel:
    """A C# image gdb has symbols for: the kernel, or a user program (program = its name)."""

    def __init__(self, path):
        self.path = path
        elf = elfdwarf.Elf(path)
        self.program = _program_name(elf, path)
        if self.program is not None:
            prefix = re.sub(r"[^A-Za-z0-9]", "_", self.program) + "_"
            if prefix not in _program_prefixes:
                _program_prefixes.append(prefix)
        self.code = []  # (start, end) of allocated, non-writable sections
        for s in elf.sections:
            if s.flags & elfdwarf.SHF_ALLOC and not s.flags & elfdwarf.SHF_WRITE and s.addr and s.size:
                self.code.append((s.addr, s.addr + s.size))
        self.code.sort()
        self.method_tables = {}
        self.functions = []
        for sym in elf.symbols():
            if sym.name.startswith("_ZTV"):
                self.method_tables[sym.value] = re.sub(r"^_ZTV\d+", "", sym.name)
            elif sym.is_function and 0 < sym.shndx < len(elf.sections):
                self.functions.append((sym.name, sym.value, elf.sections[sym.shndx]))
        self.is_csharp = any(csharp_method(n) for n, _v, _s in self.functions)

    def in_code(self, pc):
        return any(lo <= pc < hi for lo, hi in self.code)


_kernels = {}  # path -> Kernel (and the user programs)


def _program_name(elf, path):
    """A user program's assembly name (Programs/Program.targets: AssemblyName = the program's
    name), from the symbol of its C# Main wrapper, <assembly>__Module___MainMethodWrapper; None
    for the kernel. An alias of a program (the same image under another name) keeps the name of
    the image."""
    for sym in elf.symbols():
        if sym.is_function and sym.name.endswith("__Module___MainMethodWrapper"):
            return sym.name[:-len("__Module___MainMethodWrapper")]
    return None


def _kernel_for_pc(pc):
    for k in _kernels.values():
        if k.in_code(pc):
            return k
    return None


def _alias_path(path):
    directory = os.path.dirname(path) or "."
    if os.path.basename(directory) == "bin":
        # A user program: not beside it, where every file is put on the ISO (iso/make-iso.sh).
        directory = os.path.join(os.path.dirname(directory), "gdb")
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError:
            pass
    candidate = os.path.join(directory, os.path.basename(path) + ALIAS_SUFFIX)
    if os.access(directory, os.W_OK):
        return candidate
    digest = hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), "veridian-%s%s" % (digest, ALIAS_SUFFIX))


def _write_aliases(kernel):
    """An ELF beside the kernel holding only symbols: each method again under its C# names."""
    out = _alias_path(kernel.path)
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(kernel.path) \
            and os.path.getmtime(out) >= os.path.getmtime(EXTENSION):
        return out
    args = []
    for name, value, section in kernel.functions:
        names = csharp_method(name)
        if not names:
            continue
        for alias in set(names):
            if "<" in alias or "," in alias or alias.startswith("."):
                continue
            args.append("--add-symbol=%s=%s:0x%x,function,global" % (alias, section.name, value - section.addr))
    # Per-process temporary names: two gdb sessions may load the same kernel at once.
    argfile = "%s.%d.args" % (out, os.getpid())
    tmp = "%s.%d.tmp" % (out, os.getpid())
    with open(argfile, "w") as f:
        f.write("\n".join(args) + "\n")
    try:
        subprocess.run(["objcopy", "--strip-all", "@" + argfile, kernel.path, tmp],
                       check=True, capture_output=True, text=True)
        os.replace(tmp, out)
    finally:
        os.remove(argfile)
        if os.path.exists(tmp):
            os.remove(tmp)
    return out


def _on_new_objfile(event):
    objfile = event.new_objfile
    path = objfile.filename
    if not path or path.endswith(ALIAS_SUFFIX) or not os.path.isfile(path):
        return
    try:
        kernel = Kernel(path)
    except (ValueError, OSError):
        return
    if not kernel.is_csharp:
        return
    _kernels[path] = kernel
    # Breakpoints before GRUB loads the kernel must be hardware ones: gdb uses them by itself
    # (breakpoint auto-hw) where memory regions say the code is read-only.
    gdb.execute("set mem inaccessible-by-default off", to_string=True)
    gdb.execute("set breakpoint auto-hw on", to_string=True)
    for lo, hi in _merge(kernel.code):
        try:
            gdb.execute("mem 0x%x 0x%x ro" % (lo, hi), to_string=True)
        except gdb.error:
            pass  # already there (the same kernel loaded again)
    try:
        alias = _write_aliases(kernel)
        if not any(o.filename == alias for o in gdb.objfiles()):
            gdb.execute("add-symbol-file \"%s\"" % alias, to_string=True)
    except (OSError, subprocess.CalledProcessError, gdb.error) as e:
        print("veridian: C# names not available: %s" % e)
    if kernel.program is None and _pending_programs:
        names = list(_pending_programs)
        del _pending_programs[:]
        _load_programs(names)


# ---------------------------------------------------------------- user programs

# `csharp programs NAME` before the kernel's symbols are loaded (VS Code's setupCommands run
# before its `file`): loaded with the kernel.
_pending_programs = []


def _program_dir():
    """iso/out/<Configuration>/bin beside the loaded kernel (Programs/Program.targets)."""
    for k in _kernels.values():
        if k.program is None:
            return os.path.join(os.path.dirname(k.path), "bin")
    return None


def _load_programs(names):
    """Symbols of user programs (names in bin/ beside the kernel, paths, or "all") at their link
    addresses: every program is linked at its own address (Programs/UserRuntime/link-address.sh), so
    all of them fit at once and a breakpoint in one only hits in that program."""
    directory = _program_dir()
    if directory is None:
        _pending_programs.extend(names)
        print("veridian: the symbols of %s load with the kernel's" % " ".join(names))
        return
    paths = []
    for name in names:
        if name == "all":
            if os.path.isdir(directory):
                paths.extend(os.path.join(directory, f) for f in sorted(os.listdir(directory)))
        elif os.sep in name:
            paths.append(name)
        else:
            paths.append(os.path.join(directory, name))
    loaded = {o.filename for o in gdb.objfiles()}
    images = {}  # content digest -> path: an alias is the same image under another name
    for k in _kernels.values():
        if k.program is not None:
            images.setdefault(_digest(k.path), k.path)
    for path in paths:
        path = os.path.abspath(path)
        if not os.path.isfile(path):
            raise gdb.GdbError("csharp programs: no user program %s (built programs are in %s)" % (path, directory))
        digest = _digest(path)
        if path in loaded or digest in images:
            continue
        images[digest] = path
        gdb.execute("add-symbol-file \"%s\"" % path, to_string=True)
        k = _kernels.get(path)
        if k is None:
            raise gdb.GdbError("csharp programs: %s is not a C# user program" % path)
        if len(paths) <= 4:
            print("veridian: symbols of %s (%s) at 0x%x" % (os.path.basename(path), k.program, k.code[0][0] & ~0xFFF if k.code else 0))
    if len(paths) > 4:
        print("veridian: symbols of %d user programs loaded" % len(images))


def _digest(path):
    with open(path, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()


def _merge(ranges):
    out = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 0x1000:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


# ---------------------------------------------------------------- backtraces

class _CSharpFrame(FrameDecorator):
    def function(self):
        frame = self.inferior_frame()
        names = csharp_method(frame.name())
        if names:
            return names[1]
        return frame.name() or FrameDecorator.function(self)


class _CSharpFrameFilter:
    """C# method names in `bt`; the backtrace ends at the kernel's entry instead of walking
    into whatever the boot stack holds."""

    def __init__(self):
        self.name = "veridian-csharp"
        self.priority = 100
        self.enabled = True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        first = True
        for decorator in frames:
            frame = decorator.inferior_frame()
            if not first and _kernels and _kernel_for_pc(frame.pc()) is None:
                return
            first = False
            yield _CSharpFrame(decorator)
            if frame.name() in ENTRY_FUNCTIONS or _source_of(frame).endswith(ENTRY_SOURCES):
                return


def _source_of(frame):
    try:
        symtab = frame.find_sal().symtab
        return symtab.filename if symtab is not None else ""
    except (gdb.error, RuntimeError):
        return ""


# ---------------------------------------------------------------- values

def _type_name(t):
    return t.name or t.tag or str(t)


def _is_object_type(t):
    """A C# class: derives, through its base classes, from Object."""
    t = t.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT:
        return False
    if _type_name(t) == "Object":
        return True
    try:
        fields = t.fields()
    except TypeError:
        return False
    for f in fields:
        if f.is_base_class:
            return _is_object_type(f.type)
    return False


def _pointer_type():
    return gdb.lookup_type("unsigned long").pointer()


def _runtime_type(value):
    """The gdb type of the object `value` (a struct lvalue) from its MethodTable, or None."""
    addr = value.address
    if addr is None:
        return None
    try:
        mt = int(addr.cast(_pointer_type()).dereference())
    except gdb.MemoryError:
        return None
    for k in _kernels.values():
        name = k.method_tables.get(mt)
        if name:
            try:
                return gdb.lookup_type(name)
            except gdb.error:
                return None
    return None


def _with_runtime_type(value):
    dynamic = _runtime_type(value)
    if dynamic is not None and _type_name(dynamic) != _type_name(value.type.strip_typedefs()):
        return value.address.cast(dynamic.pointer()).dereference()
    return value


def _instance_fields(value):
    """(name, value) of every instance field, base classes first, Object's MethodTable left out."""
    t = value.type.strip_typedefs()
    for f in t.fields():
        if f.is_base_class:
            if _type_name(f.type.strip_typedefs()) not in ("Object", "Veridian_Runtime_System_Array"):
                yield from _instance_fields(value[f])
        elif hasattr(f, "bitpos") and f.name:  # static members have no bit position
            yield f.name, value[f]


class _StringPrinter:
    def __init__(self, value):
        self.value = value

    def to_string(self):
        length = int(self.value["_stringLength"])
        if length < 0 or length > 1 << 20:
            return "<bad string length %d>" % length
        shown = min(length, 4096)
        data = gdb.selected_inferior().read_memory(self.value["_firstChar"].address, 2 * shown)
        text = bytes(data).decode("utf-16-le", "replace")
        return text + ("..." if shown < length else "")

    def display_hint(self):
        return "string"


class _ElementsPrinter:
    """Arrays and spans: C# type and length, then the elements."""

    def __init__(self, label, first, length):
        self.label, self.first, self.length = label, first, length

    def to_string(self):
        return "%s (Length = %d)" % (self.label, self.length)

    def children(self):
        element = self.first.type.target().strip_typedefs()
        as_number = None
        if element.sizeof == 1 and element.code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_CHAR):
            as_number = gdb.lookup_type("int")  # byte and sbyte are numbers in C#, not characters
        for i in range(max(0, min(self.length, 100000))):
            item = (self.first + i).dereference()
            yield "[%d]" % i, item.cast(as_number) if as_number is not None else item

    def display_hint(self):
        return "array"


def _array_printer(value):
    length = int(value["m_NumComponents"])
    data = value["m_Data"]
    first = data.address.cast(data.type.target().pointer())
    return _ElementsPrinter(csharp_type(_type_name(value.type.strip_typedefs())), first, length)


def _span_printer(value):
    ref = value["_reference"]
    target = ref.type.strip_typedefs().target()
    first = ref.referenced_value().address.cast(target.pointer())
    return _ElementsPrinter(csharp_type(_type_name(value.type.strip_typedefs())), first, int(value["_length"]))


class _ObjectPrinter:
    def __init__(self, value):
        self.value = value

    def to_string(self):
        return "{%s}" % csharp_type(_type_name(self.value.type.strip_typedefs()))

    def children(self):
        return _instance_fields(self.value)


class _TypeOnlyPrinter:
    """An object without instance fields: its runtime type and no children."""

    def __init__(self, value):
        self.value = value

    def to_string(self):
        return "{%s}" % csharp_type(_type_name(self.value.type.strip_typedefs()))


class _NullPrinter:
    def to_string(self):
        return "null"


class _NullablePrinter:
    def __init__(self, value):
        self.value = value

    def to_string(self):
        return None if bool(self.value["hasValue"]) else "null"

    def children(self):
        if bool(self.value["hasValue"]):
            yield "Value", self.value["value"]


_TOKEN_TYPES = {"Capability": True, "ProcessId": False, "ThreadId": False, "EndpointId": False,
                "ChannelId": False, "ObjectId": False, "ReplyToken": False}


class _TokenPrinter:
    """The ABI's 64-bit names (Syscalls/HandleLayout.cs): slot index, generation, tag."""

    def __init__(self, value, short, typed):
        self.value, self.short, self.typed = value, short, typed

    def to_string(self):
        raw = int(self.value["raw"]) & 0xFFFFFFFFFFFFFFFF
        if raw == 0:
            return "%s.%s" % (self.short, "Null" if self.typed else "None")
        text = "%s(index %d, generation %d" % (self.short, raw & 0xFFFF, (raw >> 16) & 0xFFFFFFFF)
        if self.typed:
            tag = (raw >> 48) & 0xFF
            try:
                enum = gdb.lookup_type("Veridian_KernelImage_Veridian_Syscalls_ObjectType")
                tag = str(gdb.Value(tag).cast(enum))
            except gdb.error:
                pass
            text += ", type %s" % tag
        return text + ", raw 0x%x)" % raw


class _RightsPrinter:
    """Syscalls/Rights.cs: the rights bits by name."""
    NAMES = ("Read", "Write", "Execute", "Grant", "Derive", "Create")

    def __init__(self, value):
        self.value = value

    def to_string(self):
        bits = int(self.value["bits"]) & 0xFFFFFFFF
        names = [n for i, n in enumerate(self.NAMES) if bits & (1 << i)]
        unknown = bits & ~((1 << len(self.NAMES)) - 1)
        if unknown:
            names.append("0x%x" % unknown)
        return "Rights(%s)" % (" | ".join(names) or "None")


def _printer_for_object(value):
    """`value` is a C# object (struct lvalue): its printer by runtime type."""
    if value.address is not None and int(value.address) == 0:
        return _NullPrinter()  # a null reference gdb has already dereferenced (varobjs do)
    value = _with_runtime_type(value)
    name = _type_name(value.type.strip_typedefs())
    if name == "String":
        return _StringPrinter(value)
    if name.startswith("__Array<"):
        return _array_printer(value)
    if not any(True for _ in _instance_fields(value)):
        return _TypeOnlyPrinter(value)  # no children: IDEs show the type instead of "{...}"
    return _ObjectPrinter(value)


def _lookup(value):
    t = value.type.strip_typedefs()
    try:
        if t.code == gdb.TYPE_CODE_REF:
            target = t.target().strip_typedefs()
            if not _is_object_type(target):
                return None
            referenced = value.referenced_value()
            if referenced.address is None or int(referenced.address) == 0:
                return _NullPrinter()
            return _printer_for_object(referenced)
        if t.code != gdb.TYPE_CODE_STRUCT:
            return None
        name = _type_name(t)
        if re.match(r"^Veridian_Runtime_System_(ReadOnly)?Span_1<", name):
            return _span_printer(value)
        if name.startswith("Veridian_Runtime_System_Nullable_1<"):
            return _NullablePrinter(value)
        short = csharp_type(name, True)
        if name.startswith("Veridian_KernelImage_Veridian_Syscalls_") and short in _TOKEN_TYPES:
            return _TokenPrinter(value, short, _TOKEN_TYPES[short])
        if name == "Veridian_KernelImage_Veridian_Syscalls_Rights":
            return _RightsPrinter(value)
        if _is_object_type(t) and value.address is not None:
            return _printer_for_object(value)
    except (gdb.error, gdb.MemoryError, RuntimeError):
        return None
    return None


# ---------------------------------------------------------------- commands

class _CSharpCommand(gdb.Command):
    """VeridianOS C# helpers.
csharp print PATH      a C# path: Type.StaticField, local.field, boot.MemoryMap[0].Length, ...
csharp statics TYPE    the static fields of a C# type (KernelConsole, Veridian.Kernel.Console.KernelConsole)
csharp names PATTERN   C# method names matching PATTERN (a regex) and their symbols
csharp programs NAME.. the symbols of user programs (hello, shell, ... or all), at the address
                       each is linked at, so `break Hello.Main` hits when hello runs
csharp user            in the kernel, during a system call (or an interrupt) from ring 3: run on
                       until that thread is back in user mode, where the call returnscsharp verify          is the running kernel the one gdb has symbols for? (code compared at its
                       virtual addresses, which `compare-sections` does not do for a higher-half kernel)"""

    def __init__(self):
        super().__init__("csharp", gdb.COMMAND_DATA, prefix=True)

    def invoke(self, arg, from_tty):
        parts = arg.split(None, 1)
        if not parts:
            raise gdb.GdbError(self.__doc__)
        sub, rest = parts[0], parts[1] if len(parts) > 1 else ""
        if sub == "verify":
            _verify()
        elif sub == "programs":
            _load_programs(rest.split() or ["all"])
        elif sub == "user":
            _back_to_user()
        elif sub == "print":
            value = _evaluate_csharp(rest.strip())
            print("%s = %s" % (rest.strip(), value.format_string()))
        elif sub == "names":
            pattern = re.compile(rest or ".")
            for k in _kernels.values():
                for name, value, _s in k.functions:
                    names = csharp_method(name)
                    if names and pattern.search(names[0]):
                        print("0x%x  %s  (%s)" % (value, names[0], name))
        elif sub == "statics":
            t = _find_type(rest.strip())
            for f in t.fields():
                if not hasattr(f, "bitpos") and f.name:
                    expr = "%s::%s" % (_type_name(t), f.name)
                    try:
                        shown = str(gdb.parse_and_eval(expr))
                    except gdb.error as e:
                        shown = "<%s>" % e
                    print("%s.%s = %s" % (csharp_type(_type_name(t), True), f.name, shown))
        else:
            raise gdb.GdbError(self.__doc__)


def _user_return_address():
    """Where the thread stopped in the kernel goes back to ring 3: rcx at the first instruction
    of the syscall entry, else the user RIP of the innermost trap frame from ring 3 an argument
    or local of a frame points to (Plugs/x86_64/TrapFrame.cs, built by traps.asm)."""
    frame = gdb.newest_frame()
    if frame.name() == "syscall_entry" and int(frame.pc()) == int(gdb.parse_and_eval("&syscall_entry")):
        return int(gdb.parse_and_eval("$rcx"))
    while frame is not None:
        try:
            block = frame.block()
        except RuntimeError:
            block = None
        while block is not None and not block.is_global:
            for sym in block:
                if not (sym.is_argument or sym.is_variable):
                    continue
                t = sym.type.strip_typedefs()
                if t.code != gdb.TYPE_CODE_PTR or not _type_name(t.target().strip_typedefs()).endswith("_TrapFrame"):
                    continue
                try:
                    trap = sym.value(frame).dereference()
                    if int(trap["Cs"]) & 3 == 3:
                        return int(trap["Rip"])
                except (gdb.error, gdb.MemoryError):
                    pass
            block = block.superblock
        frame = frame.older()
    return None


def _back_to_user():
    rip = _user_return_address()
    if rip is None:
        raise gdb.GdbError("csharp user: no system call or interrupt from ring 3 in this backtrace")
    gdb.execute("tbreak *0x%x" % rip)
    gdb.execute("continue")


def _verify():
    if not _kernels:
        raise gdb.GdbError("no VeridianOS kernel loaded")
    inferior = gdb.selected_inferior()
    for kernel in _kernels.values():
        elf = elfdwarf.Elf(kernel.path)
        for s in elf.sections:
            if not (s.flags & elfdwarf.SHF_ALLOC and s.flags & elfdwarf.SHF_EXECINSTR) or s.type == elfdwarf.SHT_NOBITS:
                continue
            try:
                live = bytes(inferior.read_memory(s.addr, s.size))
            except gdb.MemoryError:
                print("%s %s at 0x%x: not mapped now" % (os.path.basename(kernel.path), s.name, s.addr))
                continue
            same = live == bytes(elf.data[s.offset:s.offset + s.size])
            print("%s %s at 0x%x (%d bytes): %s" % (os.path.basename(kernel.path), s.name, s.addr, s.size,
                                                    "matches" if same else "DIFFERS from the file"))


def _member(value, name):
    """value.name in C#: through references, by runtime type, arrays' Length."""
    t = value.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_REF:
        value = value.referenced_value()
        if value.address is None or int(value.address) == 0:
            raise gdb.GdbError("null reference (reading .%s)" % name)
        value = _with_runtime_type(value)
        t = value.type.strip_typedefs()
    type_name = _type_name(t)
    if name == "Length" and type_name == "String":
        return value["_stringLength"]
    if name == "Length" and type_name.startswith("__Array<"):
        return value["m_NumComponents"]
    if name == "Length" and "Span_1<" in type_name:
        return value["_length"]
    for candidate in (name, "<%s>k__BackingField" % name):
        try:
            return value[candidate]
        except gdb.error:
            pass
    raise gdb.GdbError("%s has no field %s" % (csharp_type(type_name), name))


def _index(value, index):
    t = value.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_REF:
        value = value.referenced_value()
        if value.address is None or int(value.address) == 0:
            raise gdb.GdbError("null reference (indexing)")
        t = value.type.strip_typedefs()
    name = _type_name(t)
    if name.startswith("__Array<"):
        length = int(value["m_NumComponents"])
        data = value["m_Data"]
        first = data.address.cast(data.type.target().pointer())
    elif "Span_1<" in name:
        length = int(value["_length"])
        ref = value["_reference"]
        first = ref.referenced_value().address.cast(ref.type.strip_typedefs().target().pointer())
    else:
        return value[index]
    if not 0 <= index < length:
        raise gdb.GdbError("index %d outside the bounds of the array (Length %d)" % (index, length))
    return (first + index).dereference()


def _evaluate_csharp(path):
    tokens = re.findall(r"[A-Za-z_<>][A-Za-z0-9_<>]*|\[\s*\d+\s*\]|\.", path)
    if not tokens or "".join(tokens).replace(" ", "") != path.replace(" ", ""):
        raise gdb.GdbError("csharp print: a path like Type.Field, local.Field or array[3]")
    names = [t for t in tokens if t != "."]
    value = None
    rest = names
    try:
        value = gdb.parse_and_eval(names[0])  # a local, an argument or a global
        rest = names[1:]
    except gdb.error:
        # The longest prefix that names a type, then a static field of it.
        for n in range(len(names) - 1, 0, -1):
            if any(x.startswith("[") for x in names[:n + 1]):
                continue
            try:
                t = _find_type(".".join(names[:n]))
            except gdb.GdbError:
                continue
            value = gdb.parse_and_eval("%s::%s" % (_type_name(t), names[n]))
            rest = names[n + 1:]
            break
        if value is None:
            raise gdb.GdbError("csharp print: no local, argument or Type.StaticField named %s" % path)
    for token in rest:
        if token.startswith("["):
            value = _index(value, int(token.strip("[] ")))
        else:
            value = _member(value, token)
    return value


def _find_type(csharp):
    if not csharp:
        raise gdb.GdbError("csharp statics TYPE")
    try:
        return gdb.lookup_type(csharp)
    except gdb.error:
        pass
    suffix = csharp.replace(".", "_")
    for prefix in ("",) + ASSEMBLY_PREFIXES:
        for middle in ("", "Veridian_Kernel_"):
            try:
                return gdb.lookup_type(prefix + middle + suffix)
            except gdb.error:
                pass
    # Any type whose mangled name ends with _TYPE.
    out = gdb.execute("info types _%s$" % re.escape(suffix), to_string=True)
    names = [l.strip().rstrip(";") for l in out.splitlines() if l.strip().endswith(suffix + ";")]
    if len(names) == 1:
        return gdb.lookup_type(names[0])
    raise gdb.GdbError("no single C# type named %s (%s)" % (csharp, ", ".join(names) or "none"))


def _register():
    if getattr(gdb, "_veridian_loaded", False):
        return
    gdb._veridian_loaded = True
    gdb.events.new_objfile.connect(_on_new_objfile)
    gdb.printing.register_pretty_printer(None, _lookup, replace=True)
    _CSharpFrameFilter()
    _CSharpCommand()
    gdb.execute("set print max-depth 3", to_string=True)
    # Objects already loaded before this script (gdb kernel.elf -x veridian.py).
    for objfile in gdb.objfiles():
        _on_new_objfile(type("Event", (), {"new_objfile": objfile})())


_register()
