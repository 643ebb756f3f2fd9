#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Materialise the kernel tree: the base as a git repository (committed
# and tagged "base"), then the series applied as git am would, one commit
# per patch (made in an index of their own, then checked out: only the
# files that differ from the tree's commits are written).  A tree that already matches the patch files is reused; a tree
# holding work the patch files lack is never reset.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/scripts/lib/series.sh"

pkgver=$(cat "$TREE_STATE/base-package-version" 2>/dev/null) ||
	die "run scripts/setup/deps.sh first: the installed base package version is unknown"
want_kver=${pkgver%-*}

# Debian's .gitignore ends with a rule that ignores every top-level
# entry, so git would not see a file added anywhere in the tree: new
# files would silently stay out of commits and of the exported patches.
# The base commit leaves that block out (nothing is built from it).
drop_debian_ignore_all() {
	local f=$1
	grep -qx '# Debian packaging: ignore everything at the top level, since it isn.t' "$f" || return 0
	awk '/^# Debian packaging: ignore everything at the top level/ { drop = 1 }
	     !drop { lines[n++] = $0 }
	     END { while (n && (lines[n - 1] == "#" || lines[n - 1] == "")) n--
		   for (i = 0; i < n; i++) print lines[i] }' "$f" >"$f.new"
	mv "$f.new" "$f"
	echo "base: dropped Debian's ignore-everything rule from .gitignore"
}

unpack() {
	local tmp=$WORK/unpack.tmp kver
	rm -rf "$tmp" "$TREE"
	mkdir -p "$tmp"
	echo "unpacking $BASE_TARBALL"
	# Debian's tarballs are xz files of many blocks, which xz can
	# decompress on every CPU at once.
	xz -T0 -dc "$BASE_TARBALL" | tar -C "$tmp" -x
	[ -d "$tmp/$BASE_TOPDIR" ] || die "$BASE_TARBALL has no $BASE_TOPDIR/ directory"
	kver=$(make -s -C "$tmp/$BASE_TOPDIR" kernelversion)
	if [ "$kver" != "$want_kver" ]; then
		die "the unpacked tree is Linux $kver, but package $BASE_PACKAGE $pkgver should hold $want_kver"
	fi
	note "base: Linux $kver from $BASE_PACKAGE $pkgver"
	drop_debian_ignore_all "$tmp/$BASE_TOPDIR/.gitignore"
	git -C "$tmp/$BASE_TOPDIR" init -q -b base-$BASE
	git -C "$tmp/$BASE_TOPDIR" config gc.auto 0
	git -C "$tmp/$BASE_TOPDIR" config core.autocrlf false
	# -f: the base is the tarball, including files its .gitignore names.
	git -C "$tmp/$BASE_TOPDIR" add -A -f .
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git -C "$tmp/$BASE_TOPDIR" commit -q -m "Linux $kver as shipped by Debian's $BASE_PACKAGE $pkgver" \
		-m "Without Debian's rule in .gitignore that ignores every top-level entry."
	git -C "$tmp/$BASE_TOPDIR" tag "$BASE_TAG"
	mv "$tmp/$BASE_TOPDIR" "$TREE"
	rmdir "$tmp"
	echo "$pkgver" >"$TREE_STATE/tree-package-version"
	rm -f "$TREE_STATE/applied-series" "$TREE_STATE/applied-head"
}

# build_commits: the series' commits on $BASE_TAG, each made as git am
# makes it (git mailinfo, the patch applied to the index, the author's
# date as the committer's), in an index of their own: the work tree is
# not touched.  Prints the last commit; a patch that does not apply is
# named with git apply's words, and nothing changes.
build_commits() {
	local p head tree info msg author email date subject out
	local tmp=$WORK/apply.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	head=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
	export GIT_INDEX_FILE=$tmp/index
	git -C "$TREE" read-tree "$head"
	for p in $(series_patches); do
		info=$(git -C "$TREE" mailinfo "$tmp/msg" "$tmp/patch" <"$SERIES_DIR/$p")
		author=$(sed -n 's/^Author: //p' <<<"$info")
		email=$(sed -n 's/^Email: //p' <<<"$info")
		date=$(sed -n 's/^Date: //p' <<<"$info")
		subject=$(sed -n 's/^Subject: //p' <<<"$info")
		if ! out=$(git -C "$TREE" apply --cached "$tmp/patch" 2>&1); then
			{
				printf 'error: patch %s does not apply on %s; git apply said:\n' "$p" "$BASE_TAG"
				printf '%s\n' "$out" | sed 's/^/    /'
				echo "The tree is as it was; fix the patch and run again."
			} >&2
			unset GIT_INDEX_FILE
			rm -rf "$tmp"
			return 1
		fi
		tree=$(git -C "$TREE" write-tree)
		{
			printf '%s\n' "$subject"
			if [ -s "$tmp/msg" ]; then
				echo
				cat "$tmp/msg"
			fi
		} | git stripspace >"$tmp/message"
		head=$(GIT_AUTHOR_NAME=$author GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_DATE=$date \
			GIT_COMMITTER_DATE=$date git -C "$TREE" commit-tree "$tree" -p "$head" -F "$tmp/message")
	done
	unset GIT_INDEX_FILE
	rm -rf "$tmp"
	echo "$head"
}

apply_series() {
	local n old_head kept new_head
	git -C "$TREE" am --abort >/dev/null 2>&1 || true
	new_head=$(build_commits) || exit 1
	n=$(series_patches | wc -w)
	# The commits the tree held stay reachable from a branch of their
	# own, whose name is printed: re-applying the patch files after they
	# were checked out (an undo) never leaves exported work in the
	# reflog alone.
	old_head=$(git -C "$TREE" rev-parse -q --verify HEAD 2>/dev/null || true)
	if [ -n "$old_head" ] && [ "$old_head" != "$new_head" ] &&
		[ "$old_head" != "$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")" ]; then
		kept=series-$BASE-before-$(date +%Y%m%d-%H%M%S)
		git -C "$TREE" branch -f "$kept" "$old_head"
		note "the tree's commits before this apply are kept on branch $kept"
	fi
	# A checkout from the old commits to the new ones rewrites only the
	# files that differ between them: a file the change does not touch
	# keeps its time, and make rebuilds only what changed.
	git -C "$TREE" checkout -q -f -B "series-$BASE" "$new_head"
	git -C "$TREE" clean -q -fd
	rm -f "$TREE_STATE/applied-series" "$TREE_STATE/applied-head"
	record_applied
	note "applied $n patches from bases/$BASE/series"
}

# unpack: make sure the tree holds the base of the installed package.
ensure_base() {
	if [ -d "$TREE/.git" ] && [ "$(cat "$TREE_STATE/tree-package-version" 2>/dev/null)" != "$pkgver" ]; then
		tree_has_unexported_work &&
			die "the tree holds work the patch files lack, but it was unpacked from another $BASE_PACKAGE version; export it (make export) first"
		note "the base package changed to $pkgver: unpacking again"
		rm -rf "$TREE"
	fi
	if [ -d "$TREE/.git" ]; then
		note "reusing the tree unpacked from $BASE_PACKAGE $pkgver"
	else
		unpack
	fi
}

# apply: make sure the tree holds the series of the patch files, without
# ever resetting work that is not exported.
ensure_series() {
	[ -d "$TREE/.git" ] || die "no tree at $TREE: unpack it first"
	if [ ! -f "$TREE_STATE/applied-series" ]; then
		tree_has_unexported_work &&
			die "$TREE has commits or changes but no record of the series it came from; refusing to reset it"
		apply_series
	elif [ "$(series_hash)" = "$(cat "$TREE_STATE/applied-series")" ]; then
		if tree_has_unexported_work; then
			note "the tree has work that is not exported yet: using it as it is (make export to keep it)"
		else
			note "the tree already matches bases/$BASE/series"
		fi
	else
		tree_has_unexported_work &&
			die "the patch files changed since the tree was made, and the tree holds unexported work; export or discard one of them first (make export-check shows the tree's side)"
		note "the patch files changed: applying them again"
		apply_series
	fi
}

case "${1:-all}" in
unpack) ensure_base ;;
apply) ensure_series ;;
all) ensure_base && ensure_series ;;
*) die "usage: $0 [unpack|apply]" ;;
esac
