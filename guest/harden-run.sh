#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/harden.sh: run the trusted_for(2) hardening
# programs in one boot and print KTAP (/guest/ktap.sh):
#
#   bypass   the attempts, each a case, as the subtests of one case
#   fuzz     one case: exit status 0 and "mismatches 0"
#   stress   one case: exit status 0 and "violations 0"
#   the policy is 0 again at the end: one case
#
# Each program's output is kept as "# " lines before its result.
#
#   harden-run.sh STRESS_SECONDS [FUZZ_CALLS [FUZZ_SEED]]
seconds=${1:-10}
calls=${2:-}
seed=${3:-}
out=/tmp/harden.out
. /guest/ktap.sh

# zero NAME KEY COMMAND...: case NAME passes when COMMAND exits 0 and
# prints "KEY 0".
zero() {
	name=$1 key=$2
	shift 2
	"$@" >"$out" 2>&1
	rc=$?
	ktap_note "$(cat "$out")"
	if [ "$rc" = 0 ] && grep -qx "$key 0" "$out"; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "exit status $rc; want 0 and a line \"$key 0\""
	fi
}

# The bypass attempts print their own plan and results.
{
	echo "KTAP version 1"
	/guest/trusted-for-bypass
	echo "$?" >/tmp/harden.status
} >"$out" 2>&1
ktap_subtest "bypass attempts" "$out" "$(cat /tmp/harden.status)" \
	"trusted-for-bypass exited with $(cat /tmp/harden.status)"
# shellcheck disable=SC2086 # empty CALLS or SEED: no argument
zero "fuzz: every answer as expected" mismatches /guest/trusted-for-fuzz $calls $seed
zero "stress: no violation in $seconds s" violations /guest/trusted-for-stress "$seconds"
policy=$(cat /proc/sys/fs/trusted_for_policy)
if [ "$policy" = 0 ]; then
	ktap_ok "fs.trusted_for_policy is 0 again"
else
	ktap_fail "fs.trusted_for_policy is 0 again" "it is $policy"
fi
ktap_done
