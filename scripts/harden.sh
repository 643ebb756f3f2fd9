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
# Prints KTAP (guest/harden-run.sh's document, as the subtests of one
# case) and exits 1 if a case failed.  A bypass case this kernel's
# configuration cannot run is a skip, with its reason.  A guest that
# hangs, or whose kernel logs an oops, BUG, WARNING or KASAN line
# (guest.sh exit 124 or 125), fails.
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

# fail NAME DETAIL...: a step before the guest run failed: report it, stop.
fail() {
	ktap_fail "$@"
	ktap_done
	exit 1
}

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
ktap_note "guest run: $(elapsed "$start"), guest.sh exit $rc; output in $guest_out"
# The guest's KTAP, from its version line, as the subtests of one case:
# it fails, with guest.sh's messages, if the guest hung (124) or its
# kernel logged an oops, BUG, WARNING or KASAN line (125).
tr -d '\r' <"$guest_out" | sed -n '/^KTAP version/,$p' >"$out_dir/guest.ktap"
ktap_subtest "the hardening programs in the guest" "$out_dir/guest.ktap" "$rc" \
	"guest.sh exit $rc; last lines of its standard error ($guest_err):" \
	"$(tail -n 30 "$guest_err")"
ktap_done
