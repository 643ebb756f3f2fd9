#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/checks/hardening.sh: the long runs of the trusted_for(2)
# hardening programs, in one boot, as KTAP (/guest/ktap.sh):
#
#   fuzz     the series' fuzz kselftest with FUZZ_CALLS calls from
#            FUZZ_SEED: its own cases, as the subtests of one case
#   stress   one case: exit status 0 and "violations 0"
#   the policy is 0 again at the end: one case
#
# Each program's output is kept as "# " lines before its result.
#
#   harden-run.sh STRESS_SECONDS FUZZ_CALLS FUZZ_SEED
seconds=${1:-10}
out=/tmp/harden.out
. /guest/ktap.sh

# The fuzz kselftest prints its own KTAP.
{
	TRUSTED_FOR_FUZZ_CALLS="$2" TRUSTED_FOR_FUZZ_SEED="$3" \
		/kselftest/interpreter/trusted_for_fuzz_test
	echo "$?" >/tmp/harden.status
} >"$out" 2>&1
rc=$(cat /tmp/harden.status)
ktap_subtest "fuzz: $2 calls from seed $3" "$out" "$rc" "trusted_for_fuzz_test exited with $rc"

/guest/bin/trusted-for-stress "$seconds" >"$out" 2>&1
rc=$?
ktap_note "$(cat "$out")"
if [ "$rc" = 0 ] && grep -qx "violations 0" "$out"; then
	ktap_ok "stress: no violation in $seconds s"
else
	ktap_fail "stress: no violation in $seconds s" "exit status $rc; want 0 and a line \"violations 0\""
fi

policy=$(cat /proc/sys/fs/trusted_for_policy)
if [ "$policy" = 0 ]; then
	ktap_ok "fs.trusted_for_policy is 0 again"
else
	ktap_fail "fs.trusted_for_policy is 0 again" "it is $policy"
fi
ktap_done
