#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run in the guest: every kselftest program that /kselftest/list names
# ("target:program" lines), from its own directory as the kselftest runner
# does (a test may use files beside it).  Prints one KTAP document: a case
# per program, named TARGET/PROGRAM, each preceded by the program's own
# output (its KTAP, and what it wrote to stderr) indented as a subtest.
# A program's exit status other than 0 makes its case "not ok"; 4 (the
# kselftest skip status) without output of its own makes it a skip.
#
# With arguments (make test T=...), only the programs whose TARGET/PROGRAM
# an argument matches (a shell glob), in the list's order; an argument
# TARGET/PROGRAM:TEST also gives the program "-r TEST" (the kselftest
# harness runs only FIXTURE.VARIANT.TEST then, where it has -r).  An
# argument that matches no program is an error.
#
# -d DIR, first: the kselftests installed in DIR (with its "list") instead
# of /kselftest (scripts/checks/backport-only.sh brings its own).
# wanted TARGET/PROGRAM: the matching arguments' TEST, or "-" for none;
# false when no argument matches (true for every program without any).
dir=/kselftest
if [ "${1:-}" = -d ]; then
	dir=$2
	shift 2
fi
wanted() {
	[ $# -gt 1 ] || { echo -; return 0; }
	program=$1
	shift
	for pattern in "$@"; do
		# shellcheck disable=SC2254 # a glob, on purpose
		case "$program" in
		${pattern%%:*})
			case "$pattern" in *:*) echo "${pattern#*:}" ;; *) echo - ;; esac
			return 0
			;;
		esac
	done
	return 1
}
status=0
n=0
: >/tmp/kselftest-run
while IFS=: read -r target prog; do
	test=$(wanted "$target/$prog" "$@") && echo "$target:$prog:$test" >>/tmp/kselftest-run
done <"$dir/list"
for pattern in "$@"; do
	found=
	while IFS=: read -r target prog test; do
		# shellcheck disable=SC2254 # a glob, on purpose
		case "$target/$prog" in ${pattern%%:*}) found=1 ;; esac
	done </tmp/kselftest-run
	[ -n "$found" ] || { echo "run-kselftests: no kselftest program matches $pattern" >&2; exit 2; }
done
echo "KTAP version 1"
echo "1..$(grep -c : /tmp/kselftest-run)"
while IFS=: read -r target prog test; do
	n=$((n + 1))
	name=$target/$prog
	set --
	[ "$test" = - ] || set -- -r "$test"
	{
		(cd "$dir/$target" && "./$prog" "$@") 2>&1
		echo "$?" >/tmp/kselftest-status
	} | sed 's/^/    /'
	rc=$(cat /tmp/kselftest-status)
	if [ "$rc" = 0 ]; then
		echo "ok $n $name"
	elif [ "$rc" = 4 ]; then
		echo "ok $n $name # SKIP exit status 4, the kselftest skip"
	else
		echo "# $name: exit status $rc"
		echo "not ok $n $name"
		status=1
	fi
done </tmp/kselftest-run
exit $status
