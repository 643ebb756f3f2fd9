#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check the trusted_for(2) man page, man/trusted_for.2, and its example.
#
#   scripts/checks/manpage.sh lint      mandoc -Tlint, groff -man -ww -z and man(1)
#                                on the page: each must say nothing
#   scripts/checks/manpage.sh example   extract the EXAMPLES program to
#                                $OBJ/man/trusted_for_example.c and
#                                compile it (static, -Wall -Wextra -Werror)
#   scripts/checks/manpage.sh run       run the compiled program in the guest on
#                                known files under known policies
#   scripts/checks/manpage.sh all       the three, in that order
#
# Several may be given (scripts/check.sh runs "example run" with the
# guest suites, "lint" with the static checks).
#
# Prints one KTAP document for all the steps given, a case a check (the
# guest's cases as subtests of "the example in the guest"), and exits 1 if
# a case failed, 2 for a bad command line.  "lint" needs
# mandoc, groff-base and man-db; "run" needs the built kernel, its
# initramfs and installed headers (make build).
#
# Variables: MANPAGE, the page to check (default man/trusted_for.2);
# EXPECT, the guest driver holding the expected answers (default
# man/example-test.sh); GUEST_TIMEOUT for the guest (default 300).
. "$(dirname "$0")/../lib/lib.sh"

MANPAGE=${MANPAGE:-$TOP/man/trusted_for.2}
EXPECT=${EXPECT:-$TOP/man/example-test.sh}
OUT=$OBJ/man
SRC=$OUT/trusted_for_example.c
BIN=$OUT/trusted_for_example

usage() {
	sed -n '3,/^$/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# verdict NAME OUTPUT: case NAME passed when OUTPUT is empty; else it
# failed, with OUTPUT as its details.
verdict() {
	if [ -z "$2" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "$2"
	fi
}

# have NAME TOOL PACKAGE: true if TOOL is installed, else case NAME fails.
have() {
	command -v "$2" >/dev/null 2>&1 && return 0
	ktap_fail "$1" "$2 is not installed (apt-get install $3)"
	return 1
}

lint() {
	local out rc
	if [ ! -f "$MANPAGE" ]; then
		verdict "man page exists" "no file $MANPAGE"
		return
	fi
	# man-pages titles are lower case, as .TH trusted_for is; mandoc
	# says so at STYLE level for every page of the project.
	if have "man page: mandoc -Tlint" mandoc mandoc; then
		out=$(mandoc -Tlint "$MANPAGE" 2>&1 |
			grep -v 'STYLE: lower case character in document title' || true)
		verdict "man page: mandoc -Tlint" "$out"
	fi
	if have "man page: groff -man -ww -z" groff groff-base; then
		rc=0
		out=$(groff -man -ww -z "$MANPAGE" 2>&1) || rc=$?
		[ "$rc" = 0 ] || [ -n "$out" ] || out="groff exited with $rc"
		verdict "man page: groff -man -ww -z" "$out"
	fi
	if have "man page: man renders it" man man-db; then
		local tmp
		tmp=$(mktemp -d)
		rc=0
		# MANROFFOPT=-ww: man-db's own troff run reports warnings too.
		MANPAGER=cat PAGER=cat MANWIDTH=80 MANROFFOPT=-ww man -l "$MANPAGE" \
			>"$tmp/out" 2>"$tmp/err" || rc=$?
		if [ "$rc" != 0 ] || [ -s "$tmp/err" ]; then
			verdict "man page: man renders it" "man -l exited with $rc; its standard error:
$(cat "$tmp/err")"
		elif ! grep -q 'trusted_for' "$tmp/out"; then
			verdict "man page: man renders it" "man -l printed no page:
$(head -n 20 "$tmp/out")"
		else
			verdict "man page: man renders it" ""
		fi
		rm -rf "$tmp"
	fi
}

# extract: print the C program of the EXAMPLES section: the .EX/.EE block
# between '.\" SRC BEGIN' and '.\" SRC END' (the man-pages convention), or
# the only .EX/.EE block of the section; roff escapes become C again.
extract() {
	awk '
		/^\.SH / { in_ex = ($0 ~ /^\.SH "?EXAMPLES"?$/); next }
		!in_ex { next }
		/^\.\\" SRC BEGIN/ { in_src = 1; marked = 1; next }
		/^\.\\" SRC END/ { in_src = 0; next }
		/^\.EX/ { blocks++; in_block = 1; text = ""; next }
		/^\.EE/ {
			in_block = 0
			if (in_src) { src = text; found++ }
			else if (!marked) { only = text }
			next
		}
		in_block && /^\.\\"/ { next }
		in_block { text = text $0 "\n" }
		END {
			if (found == 1) { printf "%s", src; exit 0 }
			if (!marked && blocks == 1) { printf "%s", only; exit 0 }
			if (found > 1) print "several .EX blocks between SRC BEGIN and SRC END" > "/dev/stderr"
			else print "no program in EXAMPLES: want one .EX/.EE block, or one between .\\\" SRC BEGIN and .\\\" SRC END (" blocks " .EX blocks)" > "/dev/stderr"
			exit 1
		}
	' "$MANPAGE" | sed -e 's/\\e/\x01/g' \
		-e 's/\\&//g' \
		-e 's/\\-/-/g' \
		-e 's/\\\[aq\]/'"'"'/g; s/\\(aq/'"'"'/g' \
		-e 's/\\\[dq\]/"/g; s/\\(dq/"/g' \
		-e 's/\\\[rs\]/\x01/g; s/\\(rs/\x01/g' \
		-e 's/\\\[ti\]/~/g; s/\\(ti/~/g; s/\\\[ha\]/^/g; s/\\(ha/^/g' \
		-e 's/\\~/ /g; s/\\ / /g' \
		-e 's/\x01/\\/g'
}

example() {
	local out rc=0 cc=${CROSS_COMPILE:-}gcc
	mkdir -p "$OUT"
	rm -f "$SRC" "$BIN"
	if [ ! -f "$MANPAGE" ]; then
		verdict "man example is in EXAMPLES" "no file $MANPAGE"
		return
	fi
	out=$(extract 2>&1 >"$SRC") || rc=$?
	if [ "$rc" != 0 ] || [ ! -s "$SRC" ]; then
		verdict "man example is in EXAMPLES" "${out:-no program text}"
		return
	fi
	verdict "man example is in EXAMPLES" ""
	if [ ! -f "$OBJ/usr/include/linux/trusted-for.h" ]; then
		verdict "man example compiles" "no $OBJ/usr/include/linux/trusted-for.h: run make build (headers_install) first"
		return
	fi
	have "man example compiles" "$cc" gcc || return 0
	rc=0
	out=$("$cc" -static -O2 -Wall -Wextra -Werror -isystem "$OBJ/usr/include" \
		-o "$BIN" "$SRC" 2>&1) || rc=$?
	[ "$rc" = 0 ] || out="$cc exited with $rc:
$out"
	verdict "man example compiles" "$out"
}

run() {
	local tmp rc=0 lines
	if [ ! -x "$BIN" ]; then
		verdict "man example in the guest" "no program at $BIN: run scripts/checks/manpage.sh example first"
		return
	fi
	if [ ! -f "$EXPECT" ]; then
		verdict "man example in the guest" "no guest driver at $EXPECT"
		return
	fi
	tmp=$(mktemp -d)
	# shellcheck disable=SC2064 # expand $tmp now
	trap "rm -rf '$tmp'" EXIT

	# The host's kernel, unless it has the series, answers ENOSYS, which
	# the example must report as "no trusted_for" (a cross-compiled
	# program cannot run on the host: this case is then left out).
	if [ -n "${CROSS_COMPILE:-}" ]; then
		ktap_note "cross-compiled for $KARCH: its no-kernel case is not run on the host"
	elif [ ! -e /proc/sys/fs/trusted_for_policy ]; then
		rc=0
		lines=$("$BIN" /dev/null 2>&1) || rc=$?
		verdict "man example: kernel without trusted_for detected (host kernel)" \
			"$([ "$rc" = 2 ] && [ "$lines" = "$BIN: this kernel has no trusted_for(2)" ] ||
				printf 'expected exit 2 and "%s: this kernel has no trusted_for(2)"; got exit %s and:\n%s' \
					"$BIN" "$rc" "$lines")"
	else
		ktap_note "the host kernel has trusted_for: its no-kernel case runs in the guest only"
	fi

	cp "$EXPECT" "$tmp/example-test.sh"
	chmod 0755 "$tmp/example-test.sh"
	rc=0
	bash "$TOP/scripts/vm/guest.sh" -t "${GUEST_TIMEOUT:-300}" -n manpage -f "$BIN" \
		"$tmp/example-test.sh" /guest/trusted_for_example \
		>"$tmp/out" 2>"$tmp/err" || rc=$?
	ktap_subtest "man example in the guest" "$tmp/out" "$rc" \
		"guest.sh exited with $rc; the guest's output and guest.sh's messages:" \
		"$(tail -n 30 "$tmp/out")" "$(tail -n 40 "$tmp/err")"
}

[ $# -ge 1 ] || usage
for step; do
	case "$step" in
	lint | example | run | all) ;;
	*) usage ;;
	esac
done
for step; do
	case "$step" in
	lint) lint ;;
	example) example ;;
	run) run ;;
	all)
		lint
		example
		run
		;;
	esac
done
ktap_done
