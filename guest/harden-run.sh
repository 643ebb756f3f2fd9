#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/harden.sh: run the fuzz kselftest for a long run
# and the stress program in one boot, each between markers that give its
# exit status:
#
#   harden-begin: NAME
#   (its output)
#   harden-end: NAME STATUS
#
#   harden-run.sh STRESS_SECONDS FUZZ_CALLS FUZZ_SEED
seconds=${1:-10}

run() {
	name=$1
	shift
	echo "harden-begin: $name"
	"$@" 2>&1
	echo "harden-end: $name $?"
}

export TRUSTED_FOR_FUZZ_CALLS="$2" TRUSTED_FOR_FUZZ_SEED="$3"
run fuzz /kselftest/interpreter/trusted_for_fuzz_test
run stress /guest/bin/trusted-for-stress "$seconds"
echo "harden-policy: $(cat /proc/sys/fs/trusted_for_policy)"
