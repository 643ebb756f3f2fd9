#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/harden.sh: run the trusted_for(2) hardening
# programs in one boot, each between markers that give its exit status:
#
#   harden-begin: NAME
#   (its output)
#   harden-end: NAME STATUS
#
#   harden-run.sh STRESS_SECONDS [FUZZ_CALLS [FUZZ_SEED]]
seconds=${1:-10}
calls=${2:-}
seed=${3:-}

run() {
	name=$1
	shift
	echo "harden-begin: $name"
	"$@" 2>&1
	echo "harden-end: $name $?"
}

run bypass /guest/trusted-for-bypass
# shellcheck disable=SC2086 # empty CALLS or SEED: no argument
run fuzz /guest/trusted-for-fuzz $calls $seed
run stress /guest/trusted-for-stress "$seconds"
echo "harden-policy: $(cat /proc/sys/fs/trusted_for_policy)"
