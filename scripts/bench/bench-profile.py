# SPDX-License-Identifier: GPL-2.0
"""Where one system call's instructions go: make bench-profile's gdb side.

gdb runs this script attached to QEMU's gdbstub (scripts/bench/bench.sh
profile starts both).  The guest runs trusted-for-bench -p, which makes
each profiled call right after a marker: the invalid system call -1, with
the row's name and the profiled call's number as arguments.  At each
marker the script lets the guest run to the profiled call's syscall
entry, then single-steps the kernel (QEMU steps with interrupts and
timers masked) until it returns to user space, and attributes every
instruction: to the entry and exit code the call shares with every
system call, to the system call's own function, or to the function that
it called and that made the instruction (callees of callees included),
and within each such function, to the function it called in turn, down
to PROFILE_LEVELS levels under the system call's function (default 2).

Environment: PROFILE_VMLINUX (the kernel with symbols), PROFILE_GDB
(host:port of the gdbstub), PROFILE_OUT (the report), PROFILE_STEPS (the
most instructions one call may take; default 20000).
"""

import bisect
import os
import subprocess

import gdb  # pylint: disable=import-error

VMLINUX = os.environ["PROFILE_VMLINUX"]
MAX_STEPS = int(os.environ.get("PROFILE_STEPS", "20000"))
LEVELS = max(1, int(os.environ.get("PROFILE_LEVELS", "2")))
KERNEL_START = 0xFFFF800000000000
MASK = (1 << 64) - 1


def load_symbols():
    """The text symbols of VMLINUX, sorted by address."""
    out = subprocess.run(["nm", "-n", VMLINUX], check=True,
                         capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tTwW":
            syms.append((int(fields[0], 16), fields[2]))
    return [a for a, _ in syms], [n for _, n in syms]


ADDRS, NAMES = load_symbols()


def symbol(pc):
    """The name of the function that holds PC."""
    i = bisect.bisect_right(ADDRS, pc) - 1
    return NAMES[i] if i >= 0 else "?"


def reg(name):
    """Register NAME as an unsigned 64-bit value."""
    return int(gdb.parse_and_eval("$" + name)) & MASK


def read_string(addr):
    """The NUL-terminated user string at ADDR."""
    data = bytes(gdb.selected_inferior().read_memory(addr, 64))
    return data.split(b"\0", 1)[0].decode()


def trace_one():
    """Single-step one system call from its entry to user space.

    Returns a list of (pc, depth): depth counts the calls made since the
    entry (a tail call through jmp keeps the depth)."""
    arch = gdb.selected_frame().architecture()
    steps = []
    depth = 0
    while True:
        pc = reg("pc")
        if pc < KERNEL_START:
            return steps
        if len(steps) >= MAX_STEPS:
            raise gdb.GdbError("more than %d instructions: not back in user space" % MAX_STEPS)
        steps.append((pc, depth))
        insn = arch.disassemble(pc)[0]["asm"].split()
        if insn and insn[0].startswith("call"):
            depth += 1
        elif insn and insn[0].startswith("ret"):
            depth -= 1
        gdb.execute("stepi", to_string=True)


SYSCALL_PREFIXES = ("__x64_sys_", "__ia32_sys_", "__do_sys_", "__se_sys_")
ENTRY_EXIT = "entry and exit (as every system call)"


def attribute(steps):
    """Group the instructions of STEPS: the entry and exit code, the
    system call's function, and each function that it called (with what
    that function called in turn), split by what that one called, down
    to LEVELS levels.  Returns the groups' paths (tuples of names) in the
    order they first ran, and their instruction counts."""
    order, groups = [], {}
    sys_depth = None
    returned = False
    # entered[k]: the function entered at k calls under the system call's
    # function (a tail call through jmp keeps the name it was entered as).
    entered = {}
    prev_depth = None
    for pc, depth in steps:
        name = symbol(pc)
        if sys_depth is None and name.startswith(SYSCALL_PREFIXES):
            sys_depth = depth
        if sys_depth is not None and depth < sys_depth:
            returned = True
        if sys_depth is None or returned:
            key = (ENTRY_EXIT,)
        elif depth == sys_depth:
            key = (name + " (its own code)",)
        else:
            level = depth - sys_depth
            if prev_depth is None or depth > prev_depth or level not in entered:
                entered[level] = name
                for deeper in [k for k in entered if k > level]:
                    del entered[deeper]
            key = tuple(entered[k] for k in range(1, min(level, LEVELS) + 1))
            if level < LEVELS:
                key += ("(its own code)",)
        prev_depth = depth
        if key not in groups:
            groups[key] = 0
            order.append(key)
        groups[key] += 1
    return order, groups


def report(out, row, nr, steps):
    """Write ROW's profile to OUT: each function the system call's own
    called, with what it spent, then how that splits."""
    order, groups = attribute(steps)
    out.write("%s (system call %d): %d instructions from syscall entry to user space\n"
              % (row, nr, len(steps)))
    tops = []
    for key in order:
        if key[0] not in tops:
            tops.append(key[0])
    for top in tops:
        total = sum(n for key, n in groups.items() if key[0] == top)
        label = top if top == ENTRY_EXIT or top.endswith("(its own code)") else "  " + top
        out.write("    %-48s %5d\n" % (label, total))
        subs = [key for key in order if key[0] == top and len(key) > 1]
        if len(subs) > 1:
            for key in subs:
                out.write("    %-48s %5d\n" % ("    " * (len(key) - 1) + key[-1], groups[key]))
    out.write("\n")
    return len(steps), groups.get((ENTRY_EXIT,), 0)


def summary(out, rows):
    """The instructions of each profiled call, next to getppid's."""
    floor = dict((r[0], r[1]) for r in rows).get("getppid")
    out.write("%-12s %8s %12s %9s %9s\n" % ("row", "kernel", "entry+exit", "the call", "/getppid"))
    for row, total, entry in rows:
        out.write("%-12s %8d %12d %9d %9s\n" % (row, total, entry, total - entry,
                                                 "%.2f" % (total / floor) if floor else "-"))
    out.write("(instructions in the kernel, from entry_SYSCALL_64 to the return to user\n"
              "space; make bench's figures add the few of syscall() and the loop)\n\n")


def main():
    gdb.execute("set pagination off")
    gdb.execute("set confirm off")
    gdb.execute("target remote " + os.environ["PROFILE_GDB"])
    entry = gdb.Breakpoint("entry_SYSCALL_64", type=gdb.BP_HARDWARE_BREAKPOINT,
                           internal=True)
    with open(os.environ["PROFILE_OUT"], "w", encoding="utf-8") as out:
        rows = []
        while True:
            entry.condition = "$rax == %d" % MASK
            gdb.execute("continue")
            row_addr, nr = reg("rdi"), reg("rsi")
            if row_addr == 0:
                break
            row = read_string(row_addr)
            entry.condition = "$rax == %d" % nr
            gdb.execute("continue")
            steps = trace_one()
            rows.append((row,) + report(out, row, nr, steps))
        summary(out, rows)
        out.write("%d calls profiled\n" % len(rows))
    entry.delete()
    gdb.execute("detach")


main()
