#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# spoold: a small job runner, the locked-down guest's service that must
# never run code it is handed.  One pass over a spool directory:
#
#   spoold.sh SPOOL
#
# Each job is SPOOL/NAME.job, the program and its arguments one per line
# (no shell syntax: spoold starts programs, it never evaluates a job),
# and optionally SPOOL/NAME.in, piped to the program's standard input.
# spoold writes the program's output and errors to SPOOL/NAME.out and its
# exit status to SPOOL/NAME.status.  lockdown.sh starts it with
# SECBIT_EXEC_DENY_INTERACTIVE set and locked, so that a job that hands a
# shell code from no file ("sh -c CODE", code piped to "sh") is refused
# by that shell, while the programs and script files that jobs name run.
spool=$1
for job in "$spool"/*.job; do
	[ -f "$job" ] || continue
	name=${job%.job}
	set --
	while IFS= read -r arg; do
		set -- "$@" "$arg"
	done <"$job"
	if [ -f "$name.in" ]; then
		cat "$name.in" | "$@" >"$name.out" 2>&1
	else
		"$@" </dev/null >"$name.out" 2>&1
	fi
	echo $? >"$name.status"
done
