#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The errors that the documents list against the errors that the tests
# expect, through one table, scripts/checks/doc-errors.tsv: for each of
# the man page (ERRORS), the guide ("Return values and errors") and
# sys_trusted_for()'s kernel-doc ("Return:"), the errors it lists are the
# ones the table gives it; and each table row's test still names its
# error.  Prints KTAP, a case per document and a case per row.
#
# DOC_ERRORS_MAN, DOC_ERRORS_GUIDE, DOC_ERRORS_KDOC (fs/open.c) and
# DOC_ERRORS_TESTS (the selftests' directory) name other files, for the
# tooling's own test.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/scripts/lib/ktap.sh"

table=${DOC_ERRORS_TABLE:-$TOP/scripts/checks/doc-errors.tsv}
man=${DOC_ERRORS_MAN:-$TOP/man/trusted_for.2}
guide=${DOC_ERRORS_GUIDE:-$TREE/Documentation/userspace-api/trusted_for.rst}
kdoc=${DOC_ERRORS_KDOC:-$TREE/fs/open.c}
tests=${DOC_ERRORS_TESTS:-$TREE/tools/testing/selftests/interpreter}
for f in "$table" "$man" "$guide" "$kdoc"; do
	[ -f "$f" ] || ktap_stop "the documents are there" "no $f"
done

# The errors each document lists, one a line, sorted and unique.
man_errors() {
	sed -n '/^\.SH ERRORS/,/^\.SH /p' "$man" | sed -n 's/^\.BR\{0,1\} \(E[A-Z0-9]*\).*/\1/p' | sort -u
}
guide_errors() {
	sed -n '/^Return values and errors:/,/^[^- ]/p' "$guide" | grep -o '``E[A-Z0-9]*``' | tr -d '`' | sort -u
}
kdoc_errors() {
	sed -n '/^ \* sys_trusted_for - /,/^SYSCALL_DEFINE3(trusted_for/p' "$kdoc" |
		sed -n '/^ \* Return:/,$p' | grep -o '%-E[A-Z0-9]*' | sed 's/^%-//' | sort -u
}
# The errors the table gives document DOC.
table_errors() {
	awk -F'\t' -v doc="$1" '/^E/ && ("," $2 ",") ~ ("," doc ",") { print $1 }' "$table" | sort -u
}

for doc in man guide kdoc; do
	got=$("${doc}_errors")
	want=$(table_errors "$doc")
	if [ "$got" = "$want" ]; then
		ktap_ok "$doc lists the errors the table gives it: $(echo $want)"
	else
		ktap_fail "$doc lists the errors the table gives it" \
			"only in the document: $(comm -23 <(echo "$got") <(echo "$want") | xargs)" \
			"only in the table: $(comm -13 <(echo "$got") <(echo "$want") | xargs)"
	fi
done

# body FILE FIXTURE NAME: the body of TEST_F(FIXTURE, NAME) or of
# FIXTURE_VARIANT_ADD(FIXTURE, NAME) in FILE, up to its closing brace.
body() {
	awk -v a="TEST_F($2, $3)" -v b="FIXTURE_VARIANT_ADD($2, $3)" '
		index($0, a) == 1 || index($0, b) == 1 { on = 1 }
		on { print }
		on && /^}/ { exit }' "$1"
}

while IFS=$'\t' read -r err docs test why; do
	case "$err" in E*) ;; *) continue ;; esac
	if [ "$test" = - ]; then
		ktap_ok "$err ($docs): no test: $why"
		continue
	fi
	prog=${test%%:*} case_name=${test#*:}
	fixture=${case_name%%.*} name=${case_name#*.}
	b=$(body "$tests/$prog.c" "$fixture" "$name")
	if [ -z "$b" ]; then
		ktap_fail "$err ($docs): $test expects it" "no TEST_F($fixture, $name) or FIXTURE_VARIANT_ADD($fixture, $name) in $tests/$prog.c"
	elif grep -q "$err" <<<"$b"; then
		ktap_ok "$err ($docs): $test expects it"
	else
		ktap_fail "$err ($docs): $test expects it" "its body does not name $err"
	fi
done <"$table"
ktap_done
