# SPDX-License-Identifier: GPL-2.0
# KTAP for shell scripts: the one format in which every suite and check
# of this project reports (Documentation/dev-tools/ktap.rst), read by one
# parser, scripts/ktap-tally.py.  POSIX sh: lib.sh sources it on the host,
# and the initramfs carries it as /guest/ktap.sh for the guest's drivers
# (busybox sh).
#
#   ktap_ok NAME                a case that passed
#   ktap_fail NAME [DETAIL...]  a case that failed; each DETAIL is printed
#                               as "# " lines before its result line
#   ktap_skip NAME REASON       a case that could not run (the tally counts
#                               it as failed unless an allow-list names it)
#   ktap_note TEXT...           "# " lines before the next result
#   ktap_subtest NAME FILE STATUS [DETAIL...]
#                               the KTAP document in FILE (from its first
#                               version line: what comes before, a console
#                               for instance, is left out), indented, as
#                               the subtests of case NAME, which fails
#                               with DETAIL unless STATUS is 0
#   ktap_stop NAME [DETAIL...]  a failed case that ends the script: print
#                               the document and exit 1
#   ktap_done                   print the document; exit status 1 if a
#                               case failed, else 0
#
# A KTAP plan comes right after the version line, and most checks learn
# their number of cases only as they go: the cases are kept and printed
# by ktap_done.  A script that stops before ktap_done prints no document,
# which the tally reports as a failure with the script's exit status and
# the tail of its log.

KTAP_BUF=
KTAP_COUNT=0
KTAP_FAILED=0

# ktap_line LINE: keep one line of the document.
ktap_line() {
	KTAP_BUF="$KTAP_BUF$1
"
}

ktap_note() {
	[ $# -gt 0 ] || return 0
	KTAP_BUF="$KTAP_BUF$(printf '%s\n' "$@" | sed 's/^/# /')
"
}

ktap_ok() {
	KTAP_COUNT=$((KTAP_COUNT + 1))
	ktap_line "ok $KTAP_COUNT $1"
}

ktap_fail() {
	local name="$1"
	shift
	ktap_note "$@"
	KTAP_COUNT=$((KTAP_COUNT + 1))
	KTAP_FAILED=$((KTAP_FAILED + 1))
	ktap_line "not ok $KTAP_COUNT $name"
}

ktap_skip() {
	KTAP_COUNT=$((KTAP_COUNT + 1))
	ktap_line "ok $KTAP_COUNT $1 # SKIP $2"
}

ktap_subtest() {
	local name="$1" file="$2" status="$3" doc
	shift 3
	doc=$(tr -d '\r' <"$file" 2>/dev/null | sed -n '/^K\{0,1\}TAP version/,$p' | sed 's/^/    /')
	[ -z "$doc" ] || KTAP_BUF="$KTAP_BUF$doc
"
	if [ "$status" = 0 ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "$@"
	fi
}

ktap_stop() {
	ktap_fail "$@"
	ktap_done
	exit 1
}

ktap_done() {
	echo "KTAP version 1"
	echo "1..$KTAP_COUNT"
	printf '%s' "$KTAP_BUF"
	[ "$KTAP_FAILED" = 0 ]
}
