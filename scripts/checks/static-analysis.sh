#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The static checks that a maintainer runs on the series before reading
# it further, in two parts.  Each prints KTAP, a case a check, the
# findings as "# " lines.
#
# scripts/checks/static-analysis.sh source (make check: seconds)
#   apply       each patch applies to the base with no offset, fuzz or
#               whitespace warning (git apply --verbose), and the cover
#               letter's base-commit line names the base
#   kernel-doc  scripts/kernel-doc -none on each C file and header that
#               the series touches: no warning that the base lacks
#   uapi        each uapi header that the series touches compiles on its
#               own after headers_install, as C90 (as CONFIG_UAPI_HEADER_TEST
#               does) and as C++, and each new one also as C99 with
#               -pedantic; __NR_trusted_for is the base's number
#   example     the C example of the user-space guide compiles
#
# scripts/checks/static-analysis.sh build (before posting: minutes cold)
#   sparse      make C=2 on the objects of the touched C files: no
#               warning that the base lacks
#   W=1         the same objects built with W=1: no warning that the
#               base lacks
#   docs        Sphinx builds userspace-api and admin-guide/sysctl with
#               the kernel's conf.py, with no warning naming a file that
#               the series touches
#
# "No warning that the base lacks": the warnings of the same files at
# the base, without their line numbers, are subtracted; the ones left are
# findings.  fs/open.c has kernel-doc warnings of its own at the base.
#
# sparse and W=1 build in a worktree of their own at the base and then at
# the series' head, with build-each.sh's object directory.  A part that
# passed is not run again for the same commits, .config and script: its
# result is kept in the cache (scripts/lib/cache.sh).
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/scripts/lib/series.sh"

part=${1:-}
case "$part" in
source | build) ;;
*) die "usage: $0 source|build" ;;
esac
export PATH=/usr/bin:/bin:$PATH
base=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
head=$(git -C "$TREE" rev-parse HEAD)
key=$(cache_key "$part" "$base" "$head" "@$OBJ/.config" "@$0" "@$SERIES_DIR/$COVER")
if cache_get static "$key"; then
	exit 0
fi

tmp=$(mktemp -d)
# build-each.sh's worktree path: the objects' dependency files name it.
wt=$CONF_DIR/each
obj=$CONF_DIR/obj-each
cleanup() {
	git -C "$TREE" worktree remove --force "$wt" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# report NAME FINDINGS-FILE: ok when the file is empty.
report() {
	if [ -s "$2" ]; then
		ktap_fail "$1" "$(head -n 40 "$2")"
	else
		ktap_ok "$1"
	fi
}

# The files of the series.
changed() {
	git -C "$TREE" diff --name-only --diff-filter=AM "$base" "$head" -- "$@"
}
c_files=$(changed '*.c' ':!tools/' ':!samples/' ':!Documentation/')
h_files=$(changed '*.h' ':!tools/' ':!samples/')
uapi_headers=$(changed 'include/uapi/*.h')
new_uapi_headers=$(git -C "$TREE" diff --name-only --diff-filter=A "$base" "$head" -- 'include/uapi/*.h')

# normalize: "file:line:col: warning: text" -> "file: warning: text",
# without the tree's path, sorted.  The Perl warnings of some kernel-doc
# versions ("... at scripts/kernel-doc line 1484, <IN_FILE> line 766.")
# lose the line of the file read, which the series' lines above it move.
normalize() {
	sed -e "s|$TREE/||g" -e "s|$wt/||g" -e 's|^\(\.\./\)*||' \
		-e "s|^${wt##*/}/||" -e "s|^${TREE##*/}/||" \
		-e 's|^\([^: ]*\):[0-9]*:\([0-9]*:\)\{0,1\} *|\1: |' \
		-e 's|<IN_FILE> line [0-9]*\.$|<IN_FILE>.|' | LC_ALL=C sort
}

# new_warnings HEAD-FILE BASE-FILE: lines of HEAD that BASE lacks.
new_warnings() {
	LC_ALL=C comm -23 <(normalize <"$1") <(normalize <"$2")
}

APPLY_FINDING_RE='\(offset -?[0-9]+ lines?\)|with fuzz [0-9]+|^warning:|: (trailing whitespace|space before tab|indent with spaces|new blank line at EOF)'

# apply: the patches on the base, and the base-commit line
check_apply() {
	findings=$tmp/apply
	: >"$findings"
	export GIT_INDEX_FILE=$tmp/index
	git -C "$TREE" read-tree "$base"
	for p in $(series_patches); do
		if ! out=$(git -C "$TREE" apply --cached --verbose --whitespace=error \
			"$SERIES_DIR/$p" 2>&1); then
			printf '%s: does not apply:\n%s\n' "$p" "$out" >>"$findings"
			break
		fi
		# git apply's own words for a hunk that moved or needed fuzz, and its
		# warnings (not a file name that holds "fuzz").
		printf '%s\n' "$out" | { grep -E "$APPLY_FINDING_RE" || true; } |
			sed "s|^|$p: |" >>"$findings"
	done
	unset GIT_INDEX_FILE
	cover_base=$(sed -n 's/^base-commit: //p' "$SERIES_DIR/$COVER")
	if ! grep -qE '^base-commit: [0-9a-f]{40}$' "$SERIES_DIR/$COVER"; then
		echo "$COVER: no 'base-commit: <40 hex digits>' line" >>"$findings"
	elif [ "$cover_base" != "$base" ]; then
		echo "$COVER: base-commit $cover_base, but the base is $base" >>"$findings"
	fi
	report "apply: git apply --verbose on the base, no offset or fuzz; base-commit" "$findings"
}

# kernel-doc: no new warning in the files the series touches
check_kernel_doc() {
	findings=$tmp/kdoc
	: >"$findings"
	for f in $c_files $h_files; do
		(cd "$TREE" && scripts/kernel-doc -none "$f") >"$tmp/kdoc-head" 2>&1
		if git -C "$TREE" cat-file -e "$base:$f" 2>/dev/null; then
			mkdir -p "$tmp/base/$(dirname "$f")"
			git -C "$TREE" show "$base:$f" >"$tmp/base/$f"
			(cd "$tmp/base" && "$TREE/scripts/kernel-doc" -none "$f") >"$tmp/kdoc-base" 2>&1
		else
			: >"$tmp/kdoc-base"
		fi
		sed "s|$tmp/base/||" -i "$tmp/kdoc-base"
		new_warnings "$tmp/kdoc-head" "$tmp/kdoc-base" >>"$findings"
	done
	report "kernel-doc -none: no new warning in $(echo $c_files $h_files | wc -w) files" "$findings"
}

# uapi: the touched uapi headers compile on their own
check_uapi() {
	findings=$tmp/uapi
	: >"$findings"
	inc=$OBJ/usr/include
	for h in $uapi_headers; do
		h=${h#include/uapi/}
		[ -f "$inc/$h" ] || { echo "$h: not installed in $inc" >>"$findings"; continue; }
		pedantic=
		case " $new_uapi_headers " in *" include/uapi/$h "*) pedantic="gcc c -std=c99 -pedantic -Wall -Wextra -Werror" ;; esac
		while read -r cc lang flags; do
			[ -n "$cc" ] || continue
			# shellcheck disable=SC2086 # $flags is a list
			if ! out=$(printf '#include <%s>\nint trusted_for_header_test;\n' "$h" |
				${CROSS_COMPILE:-}$cc $flags -I "$inc" -fsyntax-only -x "$lang" - 2>&1); then
				printf '%s (%s -x %s %s):\n%s\n' "$h" "$cc" "$lang" "$flags" "$out" >>"$findings"
			fi
		done <<-EOF
			gcc c -std=c90 -Wall -Werror
			g++ c++ -std=c++11 -Wall -Wextra -Werror
			$pedantic
		EOF
	done
	if ! out=$(printf '#include <asm/unistd.h>\n#include <linux/trusted-for.h>\n#if __NR_trusted_for != %s\n#error __NR_trusted_for is not %s\n#endif\nint x = TRUSTED_FOR_EXECUTION;\n' \
		"$BASE_SYSCALL_NR" "$BASE_SYSCALL_NR" |
		${CROSS_COMPILE:-}gcc -std=c90 -Wall -Werror -I "$inc" -fsyntax-only -x c - 2>&1); then
		printf '__NR_trusted_for:\n%s\n' "$out" >>"$findings"
	fi
	report "uapi: $(echo $uapi_headers | wc -w) headers compile alone (C90, C++; new ones C99 -pedantic)" "$findings"
}

# example: the user-space guide's C example compiles
check_example() {
	findings=$tmp/example.findings
	: >"$findings"
	inc=$OBJ/usr/include
	guide=$TREE/Documentation/userspace-api/trusted_for.rst
	if [ -f "$guide" ]; then
		awk '/^\.\. code-block:: c$/ { code = 1; next }
		     code && /^[^ \t]/ { code = 0 }
		     code { sub(/^    /, ""); print }' "$guide" >"$tmp/example.c"
		if [ ! -s "$tmp/example.c" ]; then
			echo "$guide: no C code block" >>"$findings"
		elif ! out=$(${CROSS_COMPILE:-}gcc -Wall -Wextra -Werror -I "$inc" \
			-o "$tmp/example" "$tmp/example.c" 2>&1); then
			printf 'the example of %s:\n%s\n' "${guide#"$TREE"/}" "$out" >>"$findings"
		fi
	fi
	report "example: the C example of the user-space guide compiles" "$findings"
}

# sparse and W=1: no new warning in the objects of the touched C files
check_sparse_w1() {
	objs=
	for f in $c_files; do
		if [ -f "$OBJ/${f%.c}.o" ]; then
			objs="$objs ${f%.c}.o"
		else
			ktap_note "$f is not built in this configuration: not checked"
		fi
	done
	git -C "$TREE" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" "$base"
	mkdir -p "$obj"
	cp "$OBJ/.config" "$obj/.config"
	# warnings_at COMMIT NAME: sparse and W=1 warnings of the objects.
	warnings_at() {
		git -C "$wt" checkout -q "$1"
		# shellcheck disable=SC2086 # $objs is a list
		(TREE=$wt OBJ=$obj kmake olddefconfig && TREE=$wt OBJ=$obj kmake $objs) \
			>"$LOGS/static-prepare-$2.log" 2>&1 ||
			die "building $objs at $1 failed: see $LOGS/static-prepare-$2.log"
		# shellcheck disable=SC2086
		(TREE=$wt OBJ=$obj kmake C=2 $objs) >"$LOGS/static-sparse-$2.log" 2>&1 ||
			die "sparse at $1 failed: see $LOGS/static-sparse-$2.log"
		# shellcheck disable=SC2086
		(TREE=$wt OBJ=$obj kmake W=1 $objs) >"$LOGS/static-w1-$2.log" 2>&1 ||
			die "the W=1 build at $1 failed: see $LOGS/static-w1-$2.log"
		grep -E ': (warning|error):' "$LOGS/static-sparse-$2.log" >"$tmp/sparse-$2" || true
		grep -E ': (warning|error):' "$LOGS/static-w1-$2.log" >"$tmp/w1-$2" || true
	}
	warnings_at "$base" base
	warnings_at "$head" head
	new_warnings "$tmp/sparse-head" "$tmp/sparse-base" >"$tmp/sparse-new"
	report "sparse (C=2): no new warning in$objs" "$tmp/sparse-new"
	new_warnings "$tmp/w1-head" "$tmp/w1-base" >"$tmp/w1-new"
	report "W=1: no new warning in$objs" "$tmp/w1-new"
}

# docs: Sphinx, with no warning from the series' files
check_sphinx() {
	findings=$tmp/docs
	: >"$findings"
	docs=$CONF_DIR/docs
	rm -rf "$docs"
	if ! make -C "$TREE" O="$docs" SPHINXDIRS="userspace-api admin-guide/sysctl" \
		htmldocs >"$LOGS/static-docs.log" 2>&1; then
		echo "make htmldocs failed: see $LOGS/static-docs.log" >>"$findings"
	fi
	for f in $(changed 'Documentation/*' 'include/*'); do
		grep -iE 'warning|error' "$LOGS/static-docs.log" | { grep -F "$f" || true; } >>"$findings"
	done
	report "docs: Sphinx htmldocs with no warning from the series' files" "$findings"
}

case "$part" in
source)
	check_apply
	check_kernel_doc
	check_uapi
	check_example
	;;
build)
	check_sparse_w1
	check_sphinx
	;;
esac

rc=0
ktap_done >"$tmp/ktap" || rc=$?
cat "$tmp/ktap"
[ "$rc" != 0 ] || cache_put static "$key" <"$tmp/ktap"
exit "$rc"
