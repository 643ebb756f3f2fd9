#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The patched shells' tests, in the guest or on a host (as root):
#
#   guest-tests.sh DIR
#
# DIR holds the programs that scripts/build/shells.sh made: dash, busybox
# (run as "ash" through a link) and bash, each tested when present.
# SECBITS_RUN names the selftests' secbits-run (default: the guest's
# /kselftest/exec/secbits-run).  Prints one KTAP document: a case per
# shell and per test (matrix.sh: the entry points against the policy,
# mounts, modes, securebits and users; bypass.sh: the attempts to get
# round the checks), each with its cases as a subtest.  The kernel's
# interface is said in a "# " line: with trusted_for(2), or without it
# (mainline's AT_EXECVE_CHECK alone: the securebits decide).
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
export SECBITS_RUN=${SECBITS_RUN:-/kselftest/exec/secbits-run}
[ -x "$SECBITS_RUN" ] || { echo "Bail out! no secbits-run at $SECBITS_RUN"; exit 1; }
work=$(mktemp -d)
# uid 1000 runs the shells through the link below.
chmod 0755 "$work"
ln -s "$dir/busybox" "$work/ash"

set --
for k in dash ash bash; do
	case $k in ash) p=$work/ash; f=$dir/busybox ;; *) p=$dir/$k; f=$p ;; esac
	[ -x "$f" ] && set -- "$@" "$k:$p"
done
echo "KTAP version 1"
echo "1..$(($# * 2))"
if [ -f /proc/sys/fs/trusted_for_policy ]; then
	echo "# kernel: trusted_for(2) and AT_EXECVE_CHECK ($(uname -r))"
else
	echo "# kernel: no trusted_for(2); the exec securebits decide ($(uname -r))"
fi
n=0
fails=0
for sp in "$@"; do
	k=${sp%%:*}
	p=${sp#*:}
	for test in matrix bypass; do
		n=$((n + 1))
		sh "$here/$test.sh" "$k" "$p" >"$work/out" 2>"$work/err"
		total=$(grep -c '^\(not \)\{0,1\}ok ' "$work/out")
		bad=$(grep -c '^not ok ' "$work/out")
		echo "    KTAP version 1"
		echo "    1..$total"
		awk '/^(not )?ok / { i++; sub(/ - /, " " i " ") } { print "    " $0 }' "$work/out"
		sed 's/^/    # stderr: /' "$work/err"
		if [ "$bad" = 0 ] && [ "$total" -gt 0 ] && [ ! -s "$work/err" ]; then
			echo "ok $n $k $test: $total cases"
		else
			echo "not ok $n $k $test: $bad of $total cases failed"
			fails=$((fails + 1))
		fi
	done
done
rm -rf "$work"
[ $fails = 0 ]
