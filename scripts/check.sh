#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: build and boot the patched kernel, run the series'
# kselftests in the guest, then the static checks.  Every kselftest case,
# every patch's checkpatch run, the tree/patch consistency and the
# kernel console each count as one test case; the last line is
# "N passed, N failed".  A skipped case counts as failed: a suite that
# could not run here proves nothing.
. "$(dirname "$0")/lib.sh"

check_start=$(now_ns)
passed=0
failed=0
skipped=0
allowed_skips=0
done_summary=0

summary() {
	[ "$done_summary" = 1 ] && return
	done_summary=1
	echo
	[ -z "$STAGE_TIMES" ] || echo "stage times: $STAGE_TIMES; total $(elapsed "$check_start")"
	[ "$allowed_skips" = 0 ] || echo "$allowed_skips skipped as bases/$BASE/kselftest-skip-allow allows, not counted"
	[ "$skipped" = 0 ] || echo "$skipped skipped, counted as failed"
	echo "$passed passed, $((failed + skipped)) failed"
}
# A stage that stops the run counts as one failure.
trap 'rc=$?; if [ "$done_summary" = 0 ]; then [ "$rc" = 0 ] || failed=$((failed + 1)); summary; fi' EXIT

result() { # result ok|fail|skip NAME [DETAIL]
	case "$1" in
	ok) passed=$((passed + 1)) ;;
	fail)
		failed=$((failed + 1))
		printf 'FAIL: %s\n' "$2"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/      /'
		;;
	skip)
		skipped=$((skipped + 1))
		printf 'SKIP: %s%s\n' "$2" "${3:+ ($3)}"
		;;
	esac
}

# count_results: read "ok NAME", "not ok NAME" and "# detail" lines.
count_results() {
	local line
	while read -r line; do
		case "$line" in
		"ok "*"# SKIP"*) result skip "${line#ok }" ;;
		"ok "*) result ok "${line#ok }" ;;
		"not ok "*) result fail "${line#not ok }" ;;
		"#"*) printf '      %s\n' "${line#\#}" ;;
		esac
	done
}

stage install bash "$TOP/scripts/deps.sh"
stage unpack bash "$TOP/scripts/tree.sh" unpack
stage apply bash "$TOP/scripts/tree.sh" apply
stage configure bash "$TOP/scripts/build.sh" config
stage build bash "$TOP/scripts/build.sh" kernel
stage userspace bash "$TOP/scripts/userspace.sh"
stage initramfs bash "$TOP/scripts/initramfs.sh"
stage boot bash "$TOP/scripts/guest.sh" -t 300 -n boot true

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
# kselftest_run: the kselftests' guest; its KTAP is the suite's log
# (tests.log), guest.sh's own messages go to kselftest-guest.log.
kselftest_run() {
	bash "$TOP/scripts/guest.sh" -t "${TEST_TIMEOUT:-1200}" -n kselftest run-kselftests.sh \
		2>"$LOGS/kselftest-guest.log"
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
	start_suite cpython "CPython launcher (cpython/)" bash "$TOP/scripts/cpython.sh"
else
	printf '==> %-10s %s\n' cpython "skipped: it links this machine's libpython, not a $KARCH one" >&3
fi
start_suite harden "bypass attempts, fuzzing and stress" bash "$TOP/scripts/harden.sh"
start_suite tests "kselftests: $SELFTEST_TARGETS${COMPAT_TARGETS:+; compat: $COMPAT_TARGETS}" kselftest_run
start_suite manpage-run "the man page's example" bash "$TOP/scripts/manpage.sh" example run

# The kselftests: their failures are results, not a stopped run.
out=$LOGS/tests.log
wait_suite tests
grc=$suite_rc
# Read the KTAP of each program between the runner's markers.
# skip_allowed NAME: print the reason if bases/BASE/kselftest-skip-allow
# has a "PROGRAM CASE-GLOB REASON" line for NAME ("PROGRAM: CASE").
skip_allowed() {
	local prog pat why
	[ -f "$BASE_DIR/kselftest-skip-allow" ] || return 1
	while read -r prog pat why; do
		case "$prog" in '#'* | '') continue ;; esac
		# shellcheck disable=SC2254 # $pat is a glob
		case "$1" in "$prog: "$pat) echo "$why"; return 0 ;; esac
	done <"$BASE_DIR/kselftest-skip-allow"
	return 1
}
while IFS='|' read -r kind name detail; do
	if [ "$kind" = skip ] && why=$(skip_allowed "$name"); then
		allowed_skips=$((allowed_skips + 1))
		printf 'SKIP (allowed): %s (%s)\n' "$name" "$why"
		continue
	fi
	result "$kind" "$name" "$detail"
done < <(awk '
	function close_prog() {
		if (prog == "") return
		if (plan == "") print "fail|" prog ": no KTAP plan|exit " rc
		else if (seen != plan) print "fail|" prog ": " seen " results for a plan of " plan "|exit " rc
		else if (rc != 0 && fails == 0) print "fail|" prog ": exit " rc " with no failed case|"
		prog = ""
	}
	/^kselftest-begin: / { prog = $2; plan = ""; seen = 0; fails = 0; rc = "?"; next }
	/^kselftest-end: / { rc = $4; close_prog(); next }
	prog != "" && /^1\.\.[0-9]+$/ { plan = substr($0, 4) }
	prog != "" && /^(not )?ok [0-9]+ / {
		seen++
		line = $0
		sub(/^(not )?ok [0-9]+ /, "", line)
		if ($0 ~ /^not ok/) { fails++; print "fail|" prog ": " line "|" }
		else if (line ~ /# SKIP/) { n = split(line, a, / *# SKIP */); print "skip|" prog ": " a[1] "|" a[2] }
		else print "ok|" prog ": " line "|"
	}
	END { if (prog != "") { rc = "none (the guest stopped)"; close_prog() } }
' "$out")
if [ "$grc" -ne 0 ]; then
	result fail "the guest run of the kselftests (status $grc)" "$(tail -n 60 "$LOGS/kselftest-guest.log")"
fi

# The kernel console of both boots.
problems=$(grep -hE "$KERNEL_PROBLEM_RE" "$LOGS/boot-console.log" "$LOGS/kselftest-console.log" || true)
if [ -z "$problems" ]; then
	result ok "kernel console"
else
	result fail "kernel console: oops, BUG, WARNING or KASAN lines" "$problems"
fi

# counted NAME DESCRIPTION COMMAND...: run a script that prints "ok" and
# "not ok" lines, count them, and count a failure if it stopped without
# reporting one (its log tail is printed).
counted() {
	local name=$1 what=$2 start rc=0 log
	shift 2
	log=$LOGS/$name.log
	start=$(now_ns)
	printf '==> %-10s %s\n' "$name" "$what" >&3
	"$@" >"$log" 2>&1 || rc=$?
	count_results <"$log"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$log"; then
		result fail "$name: stopped with exit $rc" "$(tail -n 20 "$log")"
	fi
	stage_done "$name" "$start"
}

# counted_suite NAME: count the results of a suite started above, and a
# failure if it stopped without reporting one (its log tail is printed).
counted_suite() {
	local name=$1 log=$LOGS/$1.log
	wait_suite "$name"
	count_results <"$log"
	if [ "$suite_rc" -ne 0 ] && ! grep -q '^not ok ' "$log"; then
		result fail "$name: stopped with exit $suite_rc" "$(tail -n 20 "$log")"
	fi
}
for s in "${suites[@]}"; do
	[ "$s" = tests ] || counted_suite "$s"
done
t=$(elapsed "$suites_start")
printf '==> %-10s all guest suites done in %s\n' suites "$t" >&3
STAGE_TIMES+=", all guest suites (in parallel) $t"

# QUICK=1 (make test): the edit-build-test loop stops here, after the
# guest suites.
if [ "${QUICK:-0}" = 1 ]; then
	printf '==> %-10s %s\n' rest "skipped with QUICK=1: the static checks" >&3
	echo "kselftest output: $out; logs: $LOGS"
	summary
	[ "$failed" = 0 ] && [ "$skipped" = 0 ]
	exit
fi

# Static checks of the series: the same whatever kernel profile runs
# the tests, so DEBUG=1 and other profiles leave them to the default run.
if [ "$DEBUG" = 1 ] || [ "$PROFILE" != x86_64 ]; then
	printf '==> %-10s %s\n' static "skipped with PROFILE=$PROFILE DEBUG=$DEBUG: run make check for them" >&3
else
	counted tooling "export, tree, a killed build, a hung guest: no work lost" \
		bash "$TOP/scripts/tooling-test.sh"
	counted apt "the package installer against a failing apt source" bash "$TOP/scripts/apt-test.sh"
	counted checkpatch "checkpatch --strict on every patch" bash "$TOP/scripts/checkpatch.sh"
	counted build-each "the kernel at every commit of the series" bash "$TOP/scripts/build-each.sh"
	counted static "apply, kernel-doc, sparse, W=1, uapi headers, Sphinx" bash "$TOP/scripts/static.sh"
	counted manpage "man/trusted_for.2: mandoc, groff and man(1) lint" bash "$TOP/scripts/manpage.sh" lint
	counted series-sync "the series of every base hold the same patches" bash "$TOP/scripts/series-sync.sh"
	counted syscalls "trusted_for's number in every ABI; checksyscalls.sh per cross compiler" bash "$TOP/scripts/syscalls.sh"
	if ec=$(bash "$TOP/scripts/export-check.sh" 2>&1); then
		result ok "export-check"
	else
		result fail "export-check: the tree and bases/$BASE/series differ" "$ec"
	fi
fi

echo "kselftest output: $out; logs: $LOGS"
summary
[ "$failed" = 0 ] && [ "$skipped" = 0 ]
