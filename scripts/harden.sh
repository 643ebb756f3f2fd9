#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Hardening runs of trusted_for(2) in the guest, in one boot:
#
#   scripts/harden.sh [SECONDS]
#
# the series' fuzz kselftest (tools/testing/selftests/interpreter/
# trusted_for_fuzz_test, as scripts/userspace.sh installed it) for a long
# run: HARDEN_FUZZ_CALLS calls (default 2000000) from a random seed, or
# HARDEN_FUZZ_SEED to replay a run, every answer checked; and
# guest/trusted-for-stress.c (built by scripts/userspace.sh): concurrent
# calls while the sysctl and the descriptors change, for SECONDS (or
# HARDEN_SECONDS; default 10).  The bypass attempts, and the fuzz test's
# short fixed-seed run, are kselftests: make check runs them with the
# others.
#
# Prints "ok NAME" or "not ok NAME" per case with "# " detail lines, as
# scripts/check.sh's count_results reads them, and exits 1 if a case
# failed.  A guest that hangs, or whose kernel logs an oops, BUG, WARNING
# or KASAN line (guest.sh exit 124 or 125), fails.
#
# Variables: HARDEN_SECONDS; HARDEN_FUZZ_CALLS and HARDEN_FUZZ_SEED;
# HARDEN_TIMEOUT, the guest's time limit (default SECONDS + 300).
. "$(dirname "$0")/lib.sh"

seconds=${1:-${HARDEN_SECONDS:-10}}
fuzz_calls=${HARDEN_FUZZ_CALLS:-2000000}
fuzz_seed=${HARDEN_FUZZ_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "stress duration '$seconds': not a number of seconds"
[[ $fuzz_calls =~ ^[0-9]+$ ]] || die "HARDEN_FUZZ_CALLS '$fuzz_calls': not a number"
[[ $fuzz_seed =~ ^[0-9]+$ ]] || die "HARDEN_FUZZ_SEED '$fuzz_seed': not a number"
timeout_s=${HARDEN_TIMEOUT:-$((seconds + 300))}
guest_out=$LOGS/harden-guest-output.log
guest_err=$LOGS/harden-guest-stderr.log

fail() { not_ok_exit harden "$@"; }

# Both programs are in the guest's initramfs, built once by userspace.sh.
for f in "$OBJ/kselftest-install/interpreter/trusted_for_fuzz_test" "$OBJ/guest/trusted-for-stress"; do
	[ -x "$f" ] || fail "the programs are built" "no $f: run make build first"
done

start=$(now_ns)
rc=0
bash "$TOP/scripts/guest.sh" -n harden -t "$timeout_s" \
	-f "$TOP/guest/harden-run.sh" sh /guest/harden-run.sh "$seconds" "$fuzz_calls" "$fuzz_seed" \
	>"$guest_out" 2>"$guest_err" || rc=$?
echo "# guest run: $(elapsed "$start"), guest.sh exit $rc; output in $guest_out"

# section NAME: the output of program NAME; status_of NAME: its exit
# status ("" if it did not finish).
section() {
	sed -n "/^harden-begin: $1\$/,/^harden-end: $1 /{/^harden-/d;p}" "$guest_out"
}
status_of() {
	sed -n "s/^harden-end: $1 \([0-9]*\)\$/\1/p" "$guest_out" | tail -n 1
}
# value KEY TEXT: the first word after "KEY " on a line of TEXT.
value() {
	sed -n "s/^$1 \([^ ]*\).*/\1/p" <<<"$2" | head -n 1
}
stderr_tail() {
	echo "# guest.sh exit $rc; last lines of its standard error ($guest_err):"
	tail -n 30 "$guest_err" | sed 's/^/#   /'
}
failed=0
not_ok() {
	failed=$((failed + 1))
	echo "not ok harden: $1"
}

# The fuzz kselftest: "ok N NAME" becomes "ok harden: fuzz: NAME"; every
# case of its plan must report.  Its seed, with the way to replay the
# run, and its counts and mismatches follow as details.
echo "# fuzz: seed $fuzz_seed (replay: HARDEN_FUZZ_SEED=$fuzz_seed HARDEN_FUZZ_CALLS=$fuzz_calls scripts/harden.sh)"
out=$(section fuzz)
status=$(status_of fuzz)
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$out" | head -n 1)
seen=0
fuzz_failed=0
seed_shown=0
while IFS= read -r line; do
	if [[ $line =~ ^(not\ )?ok\ ([0-9]+)\ (.*)$ ]]; then
		seen=$((seen + 1))
		if [ -n "${BASH_REMATCH[1]}" ] || [[ ${BASH_REMATCH[3]} == *"# SKIP"* ]]; then
			fuzz_failed=$((fuzz_failed + 1))
			not_ok "fuzz: ${BASH_REMATCH[3]}"
		else
			echo "ok harden: fuzz: ${BASH_REMATCH[3]}"
		fi
	elif [[ $line =~ seed\ [0-9]+\ \(replay: ]]; then
		# Each case logs it: once is enough.
		[ "$seed_shown" = 1 ] || printf '# %s\n' "${line#\# }"
		seed_shown=1
	elif [[ $line =~ (Policy\ |Answers:|Mismatch:|SKIP|not\ a\ number) ]]; then
		printf '# %s\n' "${line#\# }"
	fi
done <<<"$out"
if [ -z "$status" ] || [ -z "$plan" ] || [ "$plan" = 0 ] || [ "$seen" != "$plan" ] ||
	{ [ "$status" != 0 ] && [ "$fuzz_failed" = 0 ]; }; then
	not_ok "fuzz: the program ran to its end (status ${status:-none}, ${seen} results for a plan of ${plan:-none})"
	{ grep -v '^\(not \)\{0,1\}ok \|^#' <<<"$out" || true; } | tail -n 20 | sed 's/^/#   /'
	stderr_tail
fi

# zero_case NAME KEY WHAT DETAIL-RE: one case for program NAME, ok when
# it exited 0 and its "KEY N" line says N = 0; its lines that match
# DETAIL-RE follow as details.
zero_case() {
	local out status n
	out=$(section "$1")
	status=$(status_of "$1")
	n=$(value "$2" "$out")
	if [ "$status" = 0 ] && [ "$n" = 0 ]; then
		echo "ok harden: $1: $3"
	else
		not_ok "$1: $3 (status ${status:-none}, $2 ${n:-none})"
	fi
	{ grep -E "$4" <<<"$out" || true; } | head -n 30 | sed 's/^/# /'
	[ -n "$status" ] || stderr_tail
}

zero_case stress violations "no violation in $seconds s" \
	'^(calls|threads|cpus|seconds|policy|results|violations|VIOLATION|trusted-for-stress)'

# The guest: it powered off in time, its kernel logged no oops, BUG,
# WARNING or KASAN line, and the sysctl is back to its boot value.
policy=$(sed -n 's/^harden-policy: //p' "$guest_out")
if [ "$rc" = 124 ] || [ "$rc" = 125 ] || [ "$policy" != 0 ]; then
	not_ok "guest: powered off, clean console, sysctl restored (guest.sh exit $rc, policy ${policy:-unknown})"
	stderr_tail
else
	echo "ok harden: guest: powered off, clean console, sysctl restored"
fi
[ "$failed" = 0 ]
