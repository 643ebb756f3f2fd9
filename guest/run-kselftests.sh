#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run in the guest: every kselftest program that /kselftest/list names
# ("target:program" lines), each between two marker lines that
# scripts/check.sh reads, from its own directory as the kselftest runner
# does (a test may use files beside it).
status=0
while IFS=: read -r target prog; do
	name=$target/$prog
	echo "kselftest-begin: $name"
	(cd "/kselftest/$target" && "./$prog")
	rc=$?
	echo "kselftest-end: $name exit $rc"
	[ "$rc" = 0 ] || status=1
done </kselftest/list
exit $status
