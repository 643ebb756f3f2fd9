#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read the KTAP that each suite printed and count its cases.

    ktap-tally.py [--allow FILE]... [--kunit KUNIT_PY] SUITE=LOG[:STATUS]...

Every suite and check of the project reports in KTAP
(Documentation/dev-tools/ktap.rst); this is the one parser and the one
tally.  LOG is the suite's whole output: the KTAP document starts at a
version line ("KTAP version 1", or kselftest's "TAP version 13") that is
not indented; lines that are not KTAP are ignored, as kunit.py parse
ignores the console around its output.  A subtest is a document indented
deeper than its parent, printed before the parent's result line for it.
STATUS is the suite's exit status.

The project's rules, which kunit.py parse does not apply (it reports a
skip as a skip, and knows no allow-list, no exit status and no project
names):

- a case is a result line with no subtests; a result with subtests
  counts through them;
- "not ok" fails; "ok ... # SKIP" fails too (a case that could not run
  proves nothing), unless an allow-list line "PROGRAM CASE-GLOB REASON"
  matches the name "PROGRAM: CASE" (the suite's name left out), in which
  case it is listed with its reason and not counted;
- a document without a plan, with fewer or more results than its plan,
  with "Bail out!", or with a plan of 0 that is not a skip, fails once;
  so does a "not ok" result whose subtests all passed (a program that
  exited non-zero after its cases), a suite with no document, and a suite
  whose status is not 0 but which reported no failure.

--kunit KUNIT_PY: a case per suite that checks the format against the
kernel's own parser: tools/testing/kunit/kunit.py parse must read the
suite's log with no error and count as many cases as this tally (the
allowed skips among them).

Prints "FAIL: NAME" with the "# " lines printed before the failed result,
"SKIP: NAME (REASON)", "SKIP (allowed): NAME (REASON)", then one line per
suite and the total, "N passed, N failed", which is the last line.  Exits
1 if anything failed.
"""

import fnmatch
import os
import re
import sys

VERSION = re.compile(r"^( *)K?TAP version \d+\s*$")
PLAN = re.compile(r"^( *)1\.\.(\d+)\s*(?:#\s*(.*))?$")
RESULT = re.compile(r"^( *)(ok|not ok) (\d+)(?: -)? ?(.*?)\s*(?:# *(SKIP|TODO|XFAIL)\b\s*(.*))?$",
                    re.IGNORECASE)
BAIL = re.compile(r"^( *)Bail out!\s*(.*)$")
DIAG = re.compile(r"^( *)#\s?(.*)$")
NOTES_KEPT = 30


class Doc:
    def __init__(self):
        self.plan = None
        self.plan_skip = None
        self.results = []
        self.bail = None


class Result:
    def __init__(self, ok, name, directive, reason, notes, children):
        self.ok = ok
        self.name = name
        self.directive = (directive or "").upper()
        self.reason = reason or ""
        self.notes = notes
        self.children = children


def indent_of(line):
    return len(line) - len(line.lstrip(" "))


def structural(line):
    return VERSION.match(line) or PLAN.match(line) or RESULT.match(line)


def parse_doc(lines, i, indent):
    """Parse the document whose version line is lines[i]; return (doc, next i)."""
    doc = Doc()
    children = []
    notes = []
    i += 1
    while i < len(lines):
        line = lines[i]
        ind = indent_of(line)
        if ind < indent and structural(line):
            break
        if ind > indent and VERSION.match(line):
            child, i = parse_doc(lines, i, ind)
            children.append(child)
            continue
        if ind == indent and VERSION.match(line):
            break
        m = PLAN.match(line)
        if m and ind == indent and doc.plan is None and not doc.results:
            doc.plan = int(m.group(2))
            if m.group(3) and m.group(3).upper().startswith("SKIP"):
                doc.plan_skip = m.group(3)[4:].strip() or "skipped"
            i += 1
            continue
        m = RESULT.match(line)
        if m and ind == indent:
            doc.results.append(Result(m.group(2) == "ok", m.group(4), m.group(5),
                                      m.group(6), notes[-NOTES_KEPT:], children))
            children = []
            notes = []
            i += 1
            continue
        m = BAIL.match(line)
        if m and ind == indent:
            doc.bail = m.group(2) or "(no reason)"
        elif line.strip():
            d = DIAG.match(line)
            notes.append(d.group(2) if d else line.strip())
        i += 1
    return doc, i


def parse_log(text):
    lines = text.replace("\r", "").split("\n")
    docs = []
    i = 0
    while i < len(lines):
        if VERSION.match(lines[i]) and indent_of(lines[i]) == 0:
            doc, i = parse_doc(lines, i, 0)
            docs.append(doc)
        else:
            i += 1
    return docs


class Tally:
    def __init__(self, allow):
        self.allow = allow
        self.passed = 0
        self.failed = 0
        self.allowed = 0
        self.skipped = 0

    def fail(self, name, notes=()):
        self.failed += 1
        print(f"FAIL: {name}")
        for n in notes:
            print(f"      {n}")

    def skip(self, suite, path, reason):
        key = ": ".join(path)
        # The program's cases may sit deeper than the top of the suite
        # (backport-only nests a whole kselftest run in one of its
        # cases): an allow-list line matches the path from any level.
        tails = [": ".join(path[i:]) for i in range(len(path))]
        for prog, glob, why in self.allow:
            if any(fnmatch.fnmatchcase(t, f"{prog}: {glob}") for t in tails):
                self.allowed += 1
                print(f"SKIP (allowed): {key} ({why})")
                return
        self.skipped += 1
        print(f"SKIP: {suite}: {key} ({reason or 'no reason given'})")

    def doc(self, suite, doc, path):
        label = ": ".join([suite] + path)
        if doc.bail is not None:
            self.fail(f"{label}: Bail out! {doc.bail}")
        if doc.plan is None:
            self.fail(f"{label}: no KTAP plan", [f"{len(doc.results)} results"])
        elif doc.plan != len(doc.results):
            self.fail(f"{label}: {len(doc.results)} results for a plan of {doc.plan}")
        for r in doc.results:
            self.result(suite, r, path + [r.name])

    def result(self, suite, r, path):
        label = ": ".join([suite] + path)
        before = self.failed
        cases = [d for d in r.children if d.plan != 0 or d.results or d.bail]
        for d in r.children:
            if d.plan == 0 and not d.results and d.plan_skip is None and r.directive != "SKIP":
                self.fail(f"{label}: a plan of 0: no case ran")
        if cases:
            for d in cases:
                self.doc(suite, d, path)
            if not r.ok and self.failed == before:
                self.fail(f"{label}: not ok, with no failed case", r.notes[-10:])
            return
        if not r.ok:
            self.fail(label, r.notes)
        elif r.directive == "SKIP":
            self.skip(suite, path, r.reason)
        elif any(d.plan_skip is not None for d in r.children):
            self.skip(suite, path, r.children[0].plan_skip)
        elif r.directive:
            self.fail(f"{label}: # {r.directive} {r.reason}".rstrip())
        else:
            self.passed += 1


KUNIT_RAN = re.compile(r"Ran (\d+) tests?")


def kunit_check(t, kunit, suite, log, cases):
    """One case: kunit.py parse reads LOG with no error and @cases cases."""
    import subprocess
    name = f"{suite}: kunit.py parse reads the same {cases} cases"
    try:
        p = subprocess.run([sys.executable, kunit, "parse", os.path.abspath(log)], capture_output=True,
                           text=True, errors="replace", timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        t.fail(name, [str(e)])
        return
    out = p.stdout + p.stderr
    errors = [l for l in out.split("\n") if "[ERROR]" in l or "[CRASHED]" in l]
    ran = KUNIT_RAN.findall(out)
    if p.returncode not in (0, 1) or errors or not ran or int(ran[-1]) != cases:
        t.fail(name, [f"kunit.py parse exit {p.returncode}, counted {ran[-1] if ran else 'nothing'}"]
               + errors[:10] + out.rstrip("\n").split("\n")[-5:])
    else:
        t.passed += 1


def read_allow(path):
    entries = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        sys.exit(f"ktap-tally: allow-list {path}: {e.strerror}")
    with f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                sys.exit(f"ktap-tally: {path}: not 'PROGRAM CASE-GLOB REASON': {line.strip()}")
            entries.append((parts[0], parts[1], parts[2].strip()))
    return entries


def main(argv):
    allow = []
    suites = []
    kunit = None
    args = iter(argv)
    for a in args:
        if a == "--allow":
            allow += read_allow(next(args))
        elif a == "--kunit":
            kunit = next(args)
        elif "=" in a:
            suites.append(a)
        else:
            sys.exit(f"usage: ktap-tally.py [--allow FILE]... SUITE=LOG[:STATUS]...: '{a}'")
    t = Tally(allow)
    lines = []
    for s in suites:
        suite, spec = s.split("=", 1)
        log, _, status = spec.rpartition(":") if re.search(r":-?\d+$", spec) else (spec, "", "")
        status = int(status) if status else 0
        start = (t.passed, t.failed, t.skipped, t.allowed)
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError as e:
            t.fail(f"{suite}: no output ({e.strerror}: {log})")
            text = None
        if text is not None:
            docs = parse_log(text)
            tail = [l for l in text.rstrip("\n").split("\n")[-20:]]
            if not docs:
                t.fail(f"{suite}: no KTAP output (exit {status})", tail)
            for d in docs:
                t.doc(suite, d, [])
            if status != 0 and t.failed == start[1] and t.skipped == start[2]:
                t.fail(f"{suite}: exit {status}, with no failed case", tail)
        if kunit and text is not None and t.failed == start[1]:
            kunit_check(t, kunit, suite, log, t.passed - start[0] + t.skipped - start[2]
                        + t.allowed - start[3])
        p, f, sk, al = (t.passed - start[0], t.failed - start[1],
                        t.skipped - start[2], t.allowed - start[3])
        lines.append(f"  {suite:<12} {p} passed, {f + sk} failed"
                     + (f", {al} skips allowed" if al else ""))
    print()
    print("cases by suite:")
    print("\n".join(lines))
    if t.allowed:
        print(f"{t.allowed} skipped as an allow-list allows, not counted")
    if t.skipped:
        print(f"{t.skipped} skipped, counted as failed")
    print(f"{t.passed} passed, {t.failed + t.skipped} failed")
    return 1 if t.failed or t.skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
