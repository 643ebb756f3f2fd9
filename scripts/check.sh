#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check (and make test, QUICK=1): run the Makefile's graph of steps
# (scripts/check-step.sh runs each), then the tally.
#
# The graph: the steps that prepare a booted kernel, one after another;
# the guest suites, GUEST_JOBS at a time (default: the host's CPUs over
# the guest's, at least one; TCG runs each virtual CPU on a host thread);
# the console check; then, unless QUICK=1, the static checks one after
# another (the tooling's test rebuilds the kernel and boots guests), and
# with POSTING=1 warnings, build-each, backport-only and syscalls;
# POSTING=only runs those four after the kernel's build, and neither the
# suites nor the other checks (make check-all runs it after make check,
# so that a cold machine's first hour goes to the suites).  MATRIX=1 runs the
# build matrix instead, on the tree alone.  Every suite and check prints
# KTAP into its log; scripts/lib/ktap-tally.py reads them all and prints
# the summary, "N passed, N failed", as the last line.  A skipped case
# counts as failed (a suite that could not run here proves nothing)
# unless bases/BASE/kselftest-skip-allow names it.
. "$(dirname "$0")/lib/lib.sh"

check_start=$(now_ns)
case "${POSTING:-0}" in
0 | 1 | only) ;;
*) die "POSTING='$POSTING': 0, 1 or only" ;;
esac
# make test runs the same suites, with shorter benchmark and stress
# parts (each variable stays the caller's when set).
if [ "${MATRIX:-0}" = 1 ]; then
	# The build matrix alone: it needs the tree, no booted kernel.
	[ "${QUICK:-0}" != 1 ] || die "MATRIX=1 is a run of make check, not of make test"
	goal=graph-matrix
elif [ "${QUICK:-0}" = 1 ]; then
	export CPYTHON_RUNS=${CPYTHON_RUNS:-2} HARDEN_SECONDS=${HARDEN_SECONDS:-3}
	[ "${POSTING:-0}" != only ] || die "POSTING=only is a run of make check, not of make test"
	goal=graph-test
else
	goal=graph-check
fi
jobs=${GUEST_JOBS:-$(($(nproc) / GUEST_CPUS))}
[ "$jobs" -ge 1 ] || jobs=1

bash "$TOP/scripts/check-step.sh" --start
if [ "$goal" = graph-matrix ]; then
	printf '==> %-10s %s\n' graph "make $goal: the tree, then the build matrix" >&3
else
	printf '==> %-10s %s\n' graph "make $goal: the guest suites $jobs at a time" >&3
fi
rc=0
make -s --no-print-directory -C "$TOP" -j"$jobs" "$goal" || rc=$?

results=$LOGS/results
echo
times=$(awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }' "$results/times" 2>/dev/null || true)
echo "stage times: ${times:-none}; total $(elapsed "$check_start")"
echo "logs: $LOGS"
if [ "$rc" != 0 ]; then
	# A step that prepares the kernel failed: nothing after it ran.
	echo "0 passed, 1 failed"
	exit 1
fi

# The suites that ran, in the graph's order.
args=()
for s in $(make -s --no-print-directory -C "$TOP" steps); do
	[ -f "$results/$s" ] && args+=("$s=$LOGS/$s.log:$(cat "$results/$s")")
done
allow=()
[ ! -f "$BASE_DIR/kselftest-skip-allow" ] || allow=(--allow "$BASE_DIR/kselftest-skip-allow")
# The tree's kunit.py parse reads every suite's log too: the same count,
# no error (a case per suite).
python3 "$TOP/scripts/lib/ktap-tally.py" --kunit "$TREE/tools/testing/kunit/kunit.py" \
	"${allow[@]}" "${args[@]}"
