#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: build and boot the patched kernel, run the guest suites
# (the series' kselftests and the project's own), then the static checks.
# Every suite and check prints KTAP into its log; scripts/lib/ktap-tally.py
# reads them all and prints the summary, "N passed, N failed", as the
# last line.  A skipped case counts as failed (a suite that could not run
# here proves nothing) unless bases/BASE/kselftest-skip-allow names it.
. "$(dirname "$0")/lib/lib.sh"

check_start=$(now_ns)
done_summary=0
# The suites whose KTAP the tally reads, as SUITE=LOG:STATUS.
tally_args=()

# A stage that stops the run (the build, the boot) counts as one failure;
# once the suites have run, the tally prints the summary.
trap 'rc=$?; if [ "$done_summary" = 0 ]; then
	echo; [ -z "$STAGE_TIMES" ] || echo "stage times: $STAGE_TIMES; total $(elapsed "$check_start")"
	echo "0 passed, 1 failed"; fi' EXIT

# bases/BASE/kselftest-skip-allow: the skips that are not failures.
skip_allow=
[ ! -f "$BASE_DIR/kselftest-skip-allow" ] || skip_allow=$BASE_DIR/kselftest-skip-allow
# tally: the stage times, then every suite's cases through the one parser;
# its last line is the summary.
tally() {
	local rc=0
	done_summary=1
	echo
	echo "stage times: $STAGE_TIMES; total $(elapsed "$check_start")"
	echo "logs: $LOGS"
	# The tree's kunit.py parse reads every suite's log too: the same
	# count, no error (a case per suite).
	python3 "$TOP/scripts/lib/ktap-tally.py" --kunit "$TREE/tools/testing/kunit/kunit.py" \
		${skip_allow:+--allow "$skip_allow"} "${tally_args[@]}" || rc=$?
	return "$rc"
}

stage install bash "$TOP/scripts/setup/deps.sh"
stage unpack bash "$TOP/scripts/series/tree.sh" unpack
stage apply bash "$TOP/scripts/series/tree.sh" apply
stage configure bash "$TOP/scripts/build/build.sh" config
stage build bash "$TOP/scripts/build/build.sh" kernel
stage userspace bash "$TOP/scripts/build/userspace.sh"
stage initramfs bash "$TOP/scripts/build/initramfs.sh"
stage boot bash "$TOP/scripts/vm/guest.sh" -t 300 -n boot true

# The suites that run in guests, each in a boot of its own: up to
# GUEST_JOBS at a time (default: the host's CPUs over the guest's, at least
# one; TCG runs each virtual CPU on a host thread), longest first.  They
# are read back below in a fixed order, whatever order they end in.
POOL_JOBS=${GUEST_JOBS:-$(($(nproc) / GUEST_CPUS))}
[ "$POOL_JOBS" -ge 1 ] || POOL_JOBS=1
POOL_DIR=$LOGS/suite-status
declare -A suite_what
suites=()
# start_suite NAME DESCRIPTION COMMAND...: start COMMAND, its output in
# $LOGS/NAME.log.
start_suite() {
	local name=$1
	suite_what[$name]=$2
	suites+=("$name")
	shift 2
	pool_start "$name" "$LOGS/$name.log" "$@"
}
# wait_suite NAME: wait for it, print its line, set suite_rc.
wait_suite() {
	pool_wait "$1"
	suite_rc=$POOL_RC
	printf '==> %-10s %s: done in %s\n' "$1" "${suite_what[$1]}" "$POOL_TIME" >&3
	STAGE_TIMES+="${STAGE_TIMES:+, }$1 $POOL_TIME"
}
# kselftest_run: the kselftests' guest; its KTAP, and guest.sh's own
# messages after it, are the suite's log (tests.log).
kselftest_run() {
	bash "$TOP/scripts/vm/guest.sh" -t "${TEST_TIMEOUT:-1200}" -n kselftest run-kselftests.sh
}

# make test (QUICK=1) runs the same suites, with shorter benchmark and
# stress parts (each variable stays the caller's when set).
if [ "${QUICK:-0}" = 1 ]; then
	export CPYTHON_RUNS=${CPYTHON_RUNS:-2} HARDEN_SECONDS=${HARDEN_SECONDS:-3}
fi
suites_start=$(now_ns)
printf '==> %-10s %s\n' suites "the guest suites, $POOL_JOBS at a time" >&3
if [ -n "$COMPAT_TARGETS" ] && [ -f "$BASE_DIR/kselftest-compat-exclude" ]; then
	sed -n 's/^\([^#][^ ]*\) \(.*\)/    compat run without \1: \2/p' "$BASE_DIR/kselftest-compat-exclude" >&3
fi
# CPython with a trusted_for open_code hook: it links this machine's
# libpython, so x86_64 only.
if [ -z "$CROSS_COMPILE" ]; then
	start_suite cpython "CPython launcher (cpython/)" bash "$TOP/scripts/checks/cpython.sh"
else
	printf '==> %-10s %s\n' cpython "skipped: it links this machine's libpython, not a $KARCH one" >&3
fi
start_suite harden "a long fuzz run and the stress run" bash "$TOP/scripts/checks/hardening.sh"
start_suite tests "kselftests: $SELFTEST_TARGETS${COMPAT_TARGETS:+; compat: $COMPAT_TARGETS}" kselftest_run
start_suite manpage-run "the man page's example" bash "$TOP/scripts/checks/manpage.sh" example run

# The kernel console of the boots: one case.
console_check() {
	local problems
	problems=$(grep -hE "$KERNEL_PROBLEM_RE" "$LOGS/boot-console.log" "$LOGS/kselftest-console.log" || true)
	if [ -z "$problems" ]; then
		ktap_ok "no oops, BUG, WARNING or KASAN line"
	else
		ktap_fail "no oops, BUG, WARNING or KASAN line" "$problems"
	fi
	ktap_done
}

# counted NAME DESCRIPTION COMMAND...: run a check that prints KTAP, with
# its output in $LOGS/NAME.log, for the tally.
counted() {
	local name=$1 what=$2 start rc=0
	shift 2
	start=$(now_ns)
	printf '==> %-10s %s\n' "$name" "$what" >&3
	"$@" >"$LOGS/$name.log" 2>&1 || rc=$?
	tally_args+=("$name=$LOGS/$name.log:$rc")
	stage_done "$name" "$start"
}

for s in "${suites[@]}"; do
	wait_suite "$s"
	tally_args+=("$s=$LOGS/$s.log:$suite_rc")
	# The figures that the project's suites print as notes (benchmark
	# times, the fuzzer's seed and counts); the tally prints the failures.
	[ "$s" = tests ] || sed -n 's/^ \{0,4\}# \([^|].*\)/       \1/p' "$LOGS/$s.log" | head -n 40
done
t=$(elapsed "$suites_start")
printf '==> %-10s all guest suites done in %s\n' suites "$t" >&3
STAGE_TIMES+=", all guest suites (in parallel) $t"
(console_check) >"$LOGS/console.log" 2>&1 && rc=0 || rc=$?
tally_args+=("console=$LOGS/console.log:$rc")

# QUICK=1 (make test): the edit-build-test loop stops here, after the
# guest suites.
if [ "${QUICK:-0}" = 1 ]; then
	printf '==> %-10s %s\n' rest "skipped with QUICK=1: the static checks" >&3
	tally
	exit
fi

# Static checks of the series: the same whatever kernel profile runs
# the tests, so DEBUG=1 and other profiles leave them to the default run.
if [ "$DEBUG" = 1 ] || [ "$PROFILE" != x86_64 ]; then
	printf '==> %-10s %s\n' static "skipped with PROFILE=$PROFILE DEBUG=$DEBUG: run make check for them" >&3
else
	counted tooling "export, tree, a killed build, a hung guest: no work lost" \
		bash "$TOP/scripts/checks/tooling-test.sh"
	counted apt "the package installer against a failing apt source" bash "$TOP/scripts/checks/apt-test.sh"
	counted checkpatch "checkpatch --strict on every patch" bash "$TOP/scripts/checks/checkpatch.sh"
	counted static "apply, kernel-doc, sparse, W=1, uapi headers, Sphinx" bash "$TOP/scripts/checks/static-analysis.sh"
	counted manpage "man/trusted_for.2: mandoc, groff and man(1) lint" bash "$TOP/scripts/checks/manpage.sh" lint
	counted series-sync "the series of every base hold the same patches" bash "$TOP/scripts/series/series-sync.sh"
	counted export-check "the tree and bases/$BASE/series hold the same patches" \
		bash "$TOP/scripts/series/export-check.sh" --ktap
	# The maintainer's checks before posting (make check-all, and
	# make check POSTING=1): a kernel build at every commit, and
	# checksyscalls.sh with every cross compiler.  Cold, they take longer
	# than all the rest of make check.
	if [ "${POSTING:-0}" = 1 ]; then
		counted build-each "the kernel at every commit of the series" bash "$TOP/scripts/build/build-each.sh"
		counted syscalls "trusted_for's number in every ABI; checksyscalls.sh per cross compiler" bash "$TOP/scripts/checks/syscalls.sh"
	else
		printf '==> %-10s %s\n' posting "build-each and syscalls: make check POSTING=1 or make check-all runs them" >&3
	fi
fi

tally
