#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Hardening runs of trusted_for(2) in the guest, in one boot:
#
#   scripts/checks/hardening.sh [SECONDS]
#
# the series' fuzz kselftest (tools/testing/selftests/interpreter/
# trusted_for_fuzz_test, as scripts/build/userspace.sh installed it) for a long
# run: HARDEN_FUZZ_CALLS calls (default 2000000) from a random seed, or
# HARDEN_FUZZ_SEED to replay a run, every answer checked; and
# guest/trusted-for-stress.c (built by scripts/build/userspace.sh): concurrent
# calls while the sysctl and the descriptors change, for SECONDS (or
# HARDEN_SECONDS; default 10).  The bypass attempts, and the fuzz test's
# short fixed-seed run, are kselftests: make check runs them with the
# others.
#
# Prints KTAP (guest/harden-run.sh's document, as the subtests of one
# case) and exits 1 if a case failed.  A guest that hangs, or whose
# kernel logs an oops, BUG, WARNING or KASAN line (guest.sh exit 124 or
# 125), fails.
#
# Variables: HARDEN_SECONDS; HARDEN_FUZZ_CALLS and HARDEN_FUZZ_SEED;
# HARDEN_TIMEOUT, the guest's time limit (default SECONDS + 300).
. "$(dirname "$0")/../lib/lib.sh"

seconds=${1:-${HARDEN_SECONDS:-10}}
fuzz_calls=${HARDEN_FUZZ_CALLS:-2000000}
fuzz_seed=${HARDEN_FUZZ_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "stress duration '$seconds': not a number of seconds"
[[ $fuzz_calls =~ ^[0-9]+$ ]] || die "HARDEN_FUZZ_CALLS '$fuzz_calls': not a number"
[[ $fuzz_seed =~ ^[0-9]+$ ]] || die "HARDEN_FUZZ_SEED '$fuzz_seed': not a number"
timeout_s=${HARDEN_TIMEOUT:-$((seconds + 300))}
guest_out=$LOGS/harden-guest-output.log
guest_err=$LOGS/harden-guest-stderr.log


# Both programs, and harden-run.sh, are in the guest's initramfs: the
# programs built once by userspace.sh.
for f in "$OBJ/kselftest-install/interpreter/trusted_for_fuzz_test" "$OBJ/guest/trusted-for-stress"; do
	[ -x "$f" ] || ktap_stop "the programs are built" "no $f: run make build first"
done

start=$(now_ns)
rc=0
bash "$TOP/scripts/vm/guest.sh" -n harden -t "$timeout_s" \
	sh /guest/bin/harden-run.sh "$seconds" "$fuzz_calls" "$fuzz_seed" \
	>"$guest_out" 2>"$guest_err" || rc=$?
ktap_note "guest run: $(elapsed "$start"), guest.sh exit $rc; output in $guest_out" \
	"fuzz: seed $fuzz_seed (replay: HARDEN_FUZZ_SEED=$fuzz_seed HARDEN_FUZZ_CALLS=$fuzz_calls scripts/checks/hardening.sh)"
# The guest's KTAP as the subtests of one case: it fails, with guest.sh's
# messages, if the guest hung (124) or its kernel logged an oops, BUG,
# WARNING or KASAN line (125).
ktap_subtest "the hardening programs in the guest" "$guest_out" "$rc" \
	"guest.sh exit $rc; last lines of its standard error ($guest_err):" \
	"$(tail -n 30 "$guest_err")"
ktap_done
