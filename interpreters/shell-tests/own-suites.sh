#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The shells' own test suites, on Debian's program and on the patched one
# (build/shells/SHELL/{orig,patched}, which scripts/build/shells.sh made),
# on this machine, with no securebit set and no policy: the series must
# change nothing there.
#
#   interpreters/shell-tests/own-suites.sh [dash|busybox|bash]...
#
#   dash     dash 0.5.12 has no test suite: interpreters/dash/tests/smoke/
#            (six POSIX scripts run five ways), whose transcripts must be
#            identical
#   busybox  shell/ash_test/run-all (ash's own tests) and "make check"
#            (BusyBox's testsuite/)
#   bash     every tests/run-* that tests/run-all runs, each on its own; one
#            that prints more than its "warning:" notes failed (run-all's
#            rule: any output is a possible anomaly).  About 12 minutes.
#
# Prints, per suite and build, the counts; a difference between the two
# builds is what to look at (the racy exitcode_trap2/6 of ash_test fail
# now and then in both).  Not part of make check: the three take about
# 20 minutes.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${SHELLS_DIR:-$top/build/shells}
[ $# -gt 0 ] || set -- dash busybox bash

for sh in "$@"; do
	for v in orig patched; do
		src=$dir/$sh/$v
		[ -d "$src" ] || { echo "no $src: run scripts/build/shells.sh $sh" >&2; exit 1; }
		case $sh in
		dash)
			sb=$(mktemp)
			gcc -O2 -o "$sb" "$top/interpreters/dash/tests/secbits.c"
			SECBITS=$sb bash "$top/interpreters/dash/tests/smoke/run.sh" "$src/src/dash" >"$dir/dash-smoke-$v.txt"
			rm -f "$sb"
			echo "dash $v: smoke transcript $(sha256sum <"$dir/dash-smoke-$v.txt" | cut -c1-16) ($(grep -c '^===' "$dir/dash-smoke-$v.txt") runs)"
			;;
		busybox)
			mkdir -p "$src/shell/ash_test/bin"
			ln -sf "$src/busybox" "$src/shell/ash_test/ash"
			out=$(cd "$src/shell/ash_test" && ./run-all 2>&1 || true)
			echo "busybox $v: ash_test $(grep -c ': ok$' <<<"$out") ok, $(grep -c ': fail$' <<<"$out") fail"
			out=$(make -s -C "$src" check 2>&1 || true)
			echo "busybox $v: testsuite PASS $(grep -c '^PASS' <<<"$out"), FAIL $(grep -c '^FAIL' <<<"$out"), SKIP $(grep -c '^SKIP' <<<"$out")"
			;;
		bash)
			out=$dir/bash-tests-$v
			rm -rf "$out"
			mkdir -p "$out"
			(cd "$src" && make -s recho zecho printenv xcase >/dev/null 2>&1 &&
				cp recho zecho printenv xcase tests/)
			pass=0 fail=0 failed=
			for t in "$src"/tests/run-*; do
				x=$(basename "$t")
				case $x in run-all | run-minimal | run-gprof | *.orig | *~) continue ;; esac
				(cd "$src/tests" && BUILD_DIR=$src THIS_SH=$src/bash PATH=$src/tests:$PATH \
					TMPDIR=/tmp BASH_TSTOUT=/tmp/bashtst-$$ timeout 300 sh "$x" \
					</dev/null >"$out/$x.out" 2>&1 || true)
				rm -f /tmp/bashtst-$$
				if grep -qv '^warning:' "$out/$x.out"; then
					fail=$((fail + 1)) failed="$failed ${x#run-}"
				else
					pass=$((pass + 1))
				fi
			done
			echo "bash $v: tests/run-* $pass pass, $fail fail:$failed"
			;;
		*) echo "unknown shell $sh" >&2; exit 2 ;;
		esac
	done
done
