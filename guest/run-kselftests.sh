#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run in the guest: every kselftest program under /kselftest, each
# between two marker lines that scripts/check.sh reads.
status=0
for prog in /kselftest/*/*; do
	[ -x "$prog" ] || continue
	name=${prog#/kselftest/}
	echo "kselftest-begin: $name"
	"$prog"
	rc=$?
	echo "kselftest-end: $name exit $rc"
	[ "$rc" = 0 ] || status=1
done
exit $status
