# SPDX-License-Identifier: GPL-2.0
# Which standard-library files the guest tests need.  scripts/checks/cpython.sh
# runs this on the build machine with the launcher built without checks
# (same interpreter, same configuration, same startup), in an empty
# environment as in the guest:
#
#   tf-python-nocheck stdlib-files.py TESTS_DIR OUTPUT
#
# It runs what the guest runs (every test script, and tfmod with -m as
# runpy does), then writes to OUTPUT, one a line and relative to the standard
# library's directory, the file of every module that was loaded from it:
# sources (.py) and extension modules (.so in lib-dynload).  Modules that
# the interpreter has frozen in (os, site, runpy...) are not read from
# files and are left out, except os.py, the landmark by which Python
# finds its standard library.  Site packages and Debian's sitecustomize
# are not the standard library and are left out too.
import os
import sys

tests, output = sys.argv[1:3]
stdlib = sys._stdlib_dir
runs = [("hello.py", []), ("importer.py", [tests]), ("stdlib.py", [])]
saved_argv = sys.argv[:]
for script, args in runs:
    path = os.path.join(tests, script)
    sys.argv = [path] + args
    with open(path, "rb") as f:
        code = compile(f.read(), path, "exec")
    try:
        exec(code, {"__name__": "__main__", "__file__": path})
    except SystemExit:
        pass
sys.path.insert(0, tests)
import runpy  # noqa: E402 (after the scripts: what they import comes first)

try:
    runpy._run_module_as_main("tfmod", True)
except SystemExit:
    pass
sys.argv = saved_argv

files = {"os.py"}
for mod in list(sys.modules.values()):
    spec = getattr(mod, "__spec__", None)
    if spec is None or not spec.has_location or not spec.origin:
        continue
    rel = os.path.relpath(spec.origin, stdlib)
    if rel.startswith("..") or "-packages" in rel or rel.startswith("sitecustomize"):
        continue
    files.add(rel)
with open(output, "w") as f:
    f.write("".join(name + "\n" for name in sorted(files)))
