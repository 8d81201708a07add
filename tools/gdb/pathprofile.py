# Instruction-exact profile of one hot path, by single-stepping QEMU's gdb stub
# (tools/pathprofile.sh runs it; docs/benchmarks.md "Where the instructions go").
#
# Environment:
#   PROFILE_START   symbol (or 0xADDRESS) where a round begins and ends: the profile is every
#                   instruction executed from one hit of it to the next
#   PROFILE_SKIP    hits to let pass first (warm-up)             [default 20]
#   PROFILE_ROUNDS  rounds to step through and average           [default 4]
#   PROFILE_ELFS    colon-separated ELF files whose symbols name the addresses
#   PROFILE_OUT     where to write the per-instruction trace     [optional]
#
# Each stepped instruction is charged to the function that contains it; the table lists
# functions by instructions per round, then groups them (kernel/user, syscall entry, IPC ...).
import bisect
import os
import subprocess

import gdb


def symbols(elf):
    out = subprocess.run(["nm", "-n", "--defined-only", elf], capture_output=True, text=True, check=True).stdout
    table = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            table.append((int(parts[0], 16), parts[2]))
    return table


def main():
    start = os.environ["PROFILE_START"]
    skip = int(os.environ.get("PROFILE_SKIP", "20"))
    rounds = int(os.environ.get("PROFILE_ROUNDS", "4"))
    table = []
    for elf in os.environ.get("PROFILE_ELFS", "").split(":"):
        if elf:
            table.extend(symbols(elf))
    table.sort()
    starts = [a for a, _ in table]

    def name(pc):
        i = bisect.bisect_right(starts, pc) - 1
        return table[i][1] if i >= 0 else "?"

    if start.startswith("0x"):
        address = int(start, 16)
    else:
        address = next(a for a, n in table if n == start)
    gdb.execute("target remote :%s" % os.environ.get("PROFILE_PORT", "1234"), to_string=True)
    gdb.execute("hbreak *0x%x" % address, to_string=True)
    for _ in range(skip + 1):
        gdb.execute("continue", to_string=True)
    gdb.execute("delete", to_string=True)

    frame_pc = lambda: int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFFFFFFFFFF
    # Each entry is an instruction about to execute, so the trace is exactly what ran: the
    # start symbol's first instruction counts at the start of each round, not at its end.
    trace = []
    done = 0
    pc = frame_pc()
    while done < rounds:
        trace.append(pc)
        gdb.execute("stepi", to_string=True)
        pc = frame_pc()
        if pc == address:
            done += 1

    per = {}
    for pc in trace:
        n = name(pc)
        per[n] = per.get(n, 0) + 1
    total = len(trace)
    # gdb prints every stop on stdout whatever to_string says: the report goes to its own file.
    with open(os.environ["PROFILE_REPORT"], "w") as f:
        f.write("pathprofile: %s, %d rounds, %.0f instructions per round\n" % (start, rounds, total / rounds))
        for n, c in sorted(per.items(), key=lambda kv: -kv[1]):
            f.write("%8.1f  %s\n" % (c / rounds, n))
    if os.environ.get("PROFILE_OUT"):
        with open(os.environ["PROFILE_OUT"], "w") as f:
            for pc in trace:
                f.write("%016x %s\n" % (pc, name(pc)))
    gdb.execute("kill", to_string=True)


main()
