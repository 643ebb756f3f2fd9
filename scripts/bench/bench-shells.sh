#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench-shells: what the shells' checks cost, in instructions.  Boots
# the built kernel under TCG with -icount shift=0,sleep=off (the guest
# clock advances one nanosecond per instruction) and runs
# interpreters/shell-tests/bench.sh there: each patched shell against its
# unpatched build, sourcing 1000 small files and starting an empty
# script, under policies 0 and 3.  A benchmark, not a test: it exits 0
# whatever the figures, non-zero only when a guest or a build fails.
# Then the CPython launcher's startup (hello.py), with the checks and
# without, with no securebit and under SECBIT_EXEC_RESTRICT_FILE
# (scripts/checks/cpython.sh with CPYTHON_BENCH=1).
# BENCH_RUNS is the number of runs of each measurement (default 5).
# WITHOUT=N runs the same table on the kernel without patch N too (as
# make bench WITHOUT=N builds it), after the built kernel's.
. "$(dirname "$0")/../lib/lib.sh"

SHELLS_DIR=${SHELLS_DIR:-$BUILD_ROOT/shells}
[ -f "$OBJ/$KERNEL_IMAGE" ] || die "no kernel at $OBJ/$KERNEL_IMAGE: run make build first"
[ -z "${WITHOUT:-}" ] || without_kernel "$WITHOUT"
bash "$TOP/scripts/build/shells.sh" >/dev/null || die "the shells' build failed (scripts/build/shells.sh)"
payload=$OBJ/shells-bench
rm -rf "$payload"
mkdir -p "$payload/shells"
for sh in dash busybox bash; do
	cp "$SHELLS_DIR/bin/$sh" "$SHELLS_DIR/bin/$sh-orig" "$payload/shells/"
done
"${CROSS_COMPILE:-}gcc" -static -O2 -Wall -Wextra -Werror -o "$payload/shell-bench" \
	"$TOP/interpreters/shell-tests/shell-bench.c" || die "could not build shell-bench"
echo "kernel: $OBJ/$KERNEL_IMAGE; QEMU: $("$QEMU" --version | head -n 1)"
echo "unit: instructions (-icount shift=0,sleep=off), median of ${BENCH_RUNS:-5} runs, from fork to exit"
# table [VAR=VALUE]...: the guest's table, on the kernel the variables say.
table() {
	env USE_KVM=0 QEMU_EXTRA="-icount shift=0,sleep=off" KERNEL_EXTRA=noapictimer "$@" \
		bash "$TOP/scripts/vm/guest.sh" -t 900 -n bench-shells -f "$payload/shells" \
		-f "$payload/shell-bench" -f "$TOP/interpreters/shell-tests" \
		sh /guest/shell-tests/bench.sh /guest/shells "${BENCH_RUNS:-5}"
}
# cpython [VAR=VALUE]...: the launcher's startup, on the kernel the
# variables say.
cpython() {
	env CPYTHON_BENCH=1 CPYTHON_RUNS="${BENCH_RUNS:-5}" "$@" bash "$TOP/scripts/checks/cpython.sh"
}
echo "==> the built kernel"
table
cpython
if [ -n "${WITHOUT:-}" ]; then
	echo "==> the kernel without patch $WITHOUT ($WITHOUT_SUBJECT)"
	table GUEST_KERNEL="$WITHOUT_IMAGE"
	cpython GUEST_KERNEL="$WITHOUT_IMAGE"
fi
