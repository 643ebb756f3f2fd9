#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Hardening tests of trusted_for(2) in the guest, in one boot:
#
#   scripts/harden.sh [SECONDS]
#
# guest/trusted-for-bypass.c: attempts to get a "yes" for content the
# policy refuses, under policies 1, 2 and 3 (one case each);
# guest/trusted-for-fuzz.c: random arguments, every answer checked;
# guest/trusted-for-stress.c: concurrent calls while the sysctl and the
# descriptors change, for SECONDS (or HARDEN_SECONDS; default 10).
#
# Prints "ok NAME" or "not ok NAME" per case with "# " detail lines, as
# scripts/check.sh's count_results reads them, and exits 1 if a case
# failed.  A bypass case this kernel's configuration cannot run prints
# "ok NAME # SKIP REASON".  A guest that hangs, or whose kernel logs an
# oops, BUG, WARNING or KASAN line (guest.sh exit 124 or 125), fails.
#
# Variables: HARDEN_SECONDS; HARDEN_FUZZ_CALLS and HARDEN_FUZZ_SEED (the
# fuzzer's call count, default 2000000, and a seed to replay a run);
# HARDEN_TIMEOUT, the guest's time limit (default SECONDS + 300).
. "$(dirname "$0")/lib.sh"

seconds=${1:-${HARDEN_SECONDS:-10}}
fuzz_calls=${HARDEN_FUZZ_CALLS:-}
fuzz_seed=${HARDEN_FUZZ_SEED:-}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "stress duration '$seconds': not a number of seconds"
[ -z "$fuzz_seed" ] || [ -n "$fuzz_calls" ] || fuzz_calls=2000000
timeout_s=${HARDEN_TIMEOUT:-$((seconds + 300))}
progs=(trusted-for-bypass trusted-for-fuzz trusted-for-stress)
out_dir=$OBJ/harden
guest_out=$LOGS/harden-guest-output.log
guest_err=$LOGS/harden-guest-stderr.log

fail() { not_ok_exit harden "$@"; }

[ -f "$OBJ/usr/include/linux/trusted-for.h" ] ||
	fail "build the programs" "no uapi headers in $OBJ/usr/include: run make build first"
mkdir -p "$out_dir"
for p in "${progs[@]}"; do
	if ! log=$("${CROSS_COMPILE:-}gcc" -static -O2 -Wall -Wextra -Werror -pthread \
		-isystem "$OBJ/usr/include" -o "$out_dir/$p" "$TOP/guest/$p.c" 2>&1); then
		fail "build $p" "$log"
	fi
done

start=$(now_ns)
rc=0
# shellcheck disable=SC2086 # empty: no argument
bash "$TOP/scripts/guest.sh" -n harden -t "$timeout_s" \
	-f "$out_dir/trusted-for-bypass" -f "$out_dir/trusted-for-fuzz" \
	-f "$out_dir/trusted-for-stress" -f "$TOP/guest/harden-run.sh" sh /guest/harden-run.sh "$seconds" \
	$fuzz_calls $fuzz_seed >"$guest_out" 2>"$guest_err" || rc=$?
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

# The bypass attempts: "ok N NAME" becomes "ok harden: bypass: NAME";
# every case of the plan must report.
out=$(section bypass)
status=$(status_of bypass)
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$out" | head -n 1)
seen=0
bypass_failed=0
while IFS= read -r line; do
	if [[ $line =~ ^(not\ )?ok\ ([0-9]+)\ (.*)$ ]]; then
		seen=$((seen + 1))
		if [ -n "${BASH_REMATCH[1]}" ]; then
			bypass_failed=$((bypass_failed + 1))
			not_ok "bypass: ${BASH_REMATCH[3]}"
		else
			echo "ok harden: bypass: ${BASH_REMATCH[3]}"
		fi
	elif [[ $line == "#"* ]]; then
		printf '%s\n' "$line"
	fi
done <<<"$out"
if [ -z "$status" ] || [ -z "$plan" ] || [ "$seen" != "$plan" ] ||
	{ [ "$status" != 0 ] && [ "$bypass_failed" = 0 ]; }; then
	not_ok "bypass: the program ran to its end (status ${status:-none}, ${seen} results for a plan of ${plan:-none})"
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

zero_case fuzz mismatches "every answer as expected" \
	'^(seed|calls|results|mismatches|MISMATCH|policy restored|trusted-for-fuzz)'
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
