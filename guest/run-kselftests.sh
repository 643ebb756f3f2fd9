#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run in the guest: every kselftest program that /kselftest/list names
# ("target:program" lines), from its own directory as the kselftest runner
# does (a test may use files beside it).  Prints one KTAP document: a case
# per program, named TARGET/PROGRAM, each preceded by the program's own
# output (its KTAP, and what it wrote to stderr) indented as a subtest.
# A program's exit status other than 0 makes its case "not ok"; 4 (the
# kselftest skip status) without output of its own makes it a skip.
status=0
n=0
echo "KTAP version 1"
echo "1..$(grep -c : /kselftest/list)"
while IFS=: read -r target prog; do
	n=$((n + 1))
	name=$target/$prog
	{
		(cd "/kselftest/$target" && "./$prog") 2>&1
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
done </kselftest/list
exit $status
