# SPDX-License-Identifier: GPL-2.0
# The patch files and their link to the tree: sourced by tree.sh,
# export.sh and export-check.sh after lib.sh.

COVER=0000-cover-letter.patch

# The patches in the order the quilt-style series file gives them.
series_patches() {
	local p
	[ -f "$SERIES_DIR/series" ] || die "no series file in $SERIES_DIR"
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$SERIES_DIR/series" |
		while read -r p; do
			[ -f "$SERIES_DIR/$p" ] || die "series names $p, which is not in $SERIES_DIR"
			echo "$p"
		done
}

# A digest of the patch files and the series file.  The cover letter is
# left out: export keeps its hand-written text and rewrites the rest.
series_hash() {
	(cd "$SERIES_DIR" && find . -type f ! -name "$COVER" -print0 | sort -z |
		xargs -0 -r sha256sum) | sha256sum | cut -d' ' -f1
}

# Remember which patch files and which tree commit agree with each other.
record_applied() {
	series_hash >"$STATE/applied-series"
	git -C "$TREE" rev-parse HEAD >"$STATE/applied-head"
}

tree_is_dirty() {
	[ -n "$(git -C "$TREE" status --porcelain)" ]
}

# True when the tree holds commits or changes that were neither applied
# from nor exported to the patch files.
tree_has_unexported_work() {
	local recorded
	tree_is_dirty && return 0
	if [ -f "$STATE/applied-head" ]; then
		recorded=$(cat "$STATE/applied-head")
	else
		recorded=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
	fi
	[ "$(git -C "$TREE" rev-parse HEAD)" != "$recorded" ]
}

# The hand-written part of the cover letter: its subject, and its body
# up to the shortlog that format_series writes below it.
cover_subject() {
	sed -n 's/^Subject: \[[^]]*\] //p' "$SERIES_DIR/$COVER" | head -n 1
}

# The cover letter's recipients: its To: and Cc: headers, with their
# continuation lines, kept as written.
cover_recipients() {
	awk '/^$/ { exit }
	     /^(To|Cc):/ { keep = 1; print; next }
	     /^[ \t]/ && keep { print; next }
	     { keep = 0 }' "$SERIES_DIR/$COVER"
}

cover_body() {
	awk 'body && /^[^ \t].* \([0-9]+\):$/ { exit }
	     body { print }
	     !body && /^$/ { body = 1 }' "$SERIES_DIR/$COVER"
}

# format_series DIR: write the tree's commits since the base as patch
# files, a series file and a cover letter into DIR.
format_series() {
	local out=$1 n base
	[ -f "$SERIES_DIR/$COVER" ] || die "no cover letter $SERIES_DIR/$COVER to take the text from"
	base=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
	n=$(git -C "$TREE" rev-list --count "$base..HEAD")
	[ "$n" -gt 0 ] || die "the tree has no commits on top of $BASE_TAG"
	git -C "$TREE" format-patch -q --zero-commit --no-signature --numbered \
		--subject-prefix="$SERIES_SUBJECT_PREFIX" -o "$out" "$base..HEAD"
	(cd "$out" && ls -1 [0-9][0-9][0-9][0-9]-*.patch) >"$out/series"
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		git -C "$TREE" log -1 --format='From: %an <%ae>%nDate: %aD' HEAD
		printf 'Subject: [%s 0/%d] %s\n' "$SERIES_SUBJECT_PREFIX" "$n" "$(cover_subject)"
		cover_recipients
		echo
		cover_body
		git -C "$TREE" shortlog "$base..HEAD"
		git -C "$TREE" diff --stat=72 --summary "$base" HEAD
		printf '\nbase-commit: %s\n' "$base"
	} >"$out/$COVER"
}
