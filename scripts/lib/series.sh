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
	series_hash >"$TREE_STATE/applied-series"
	git -C "$TREE" rev-parse HEAD >"$TREE_STATE/applied-head"
}

tree_is_dirty() {
	[ -n "$(git -C "$TREE" status --porcelain)" ]
}

# True when the tree holds commits or changes that were neither applied
# from nor exported to the patch files.
tree_has_unexported_work() {
	local recorded
	tree_is_dirty && return 0
	if [ -f "$TREE_STATE/applied-head" ]; then
		recorded=$(cat "$TREE_STATE/applied-head")
	else
		recorded=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
	fi
	[ "$(git -C "$TREE" rev-parse HEAD)" != "$recorded" ]
}

# The hand-written part of the cover letter: its subject, and its body
# up to the shortlog that format_series writes below it.
cover_subject() {
	# Unfolded: a long subject continues on lines that start with a blank.
	awk '/^Subject: / { s = $0; on = 1; next }
	     on && /^[ \t]/ { sub(/^[ \t]+/, " "); s = s $0; next }
	     on { exit }
	     END { sub(/^Subject: \[[^]]*\] */, "", s); print s }' "$SERIES_DIR/$COVER"
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
# files, a series file and a cover letter into DIR.  The cover letter is
# git format-patch's (--cover-letter --base: shortlog, diffstat,
# base-commit) with the hand-written parts of the current one put in: the
# subject, the To: and Cc: headers, and the text in place of the blurb.
# Its From: and Date: are the series head's author and date, so that the
# same tree always gives the same file.
format_series() {
	local out=$1 tmp rc=0
	[ -f "$SERIES_DIR/$COVER" ] || die "no cover letter $SERIES_DIR/$COVER to take the text from"
	# Made in a scratch directory, then copied: callers run this where
	# errexit does not apply (if, &&), and cp reports a full filesystem,
	# which git format-patch may not.
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/tf-format.XXXXXX") || return 1
	format_into "$tmp" && cp "$tmp"/* "$out"/ || rc=1
	rm -rf "$tmp"
	return "$rc"
}

# format_into DIR: format_series' work, in an empty DIR; every step is
# checked, since errexit may not apply.
format_into() {
	local dir=$1 n base
	base=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}") || return 1
	n=$(git -C "$TREE" rev-list --count "$base..HEAD") || return 1
	[ "$n" -gt 0 ] || { echo "the tree has no commits on top of $BASE_TAG" >&2; return 1; }
	cover_subject >"$dir/.subject" &&
		cover_recipients >"$dir/.recipients" &&
		cover_body | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$dir/.body" &&
		git -C "$TREE" log -1 --format='From: %an <%ae>%nDate: %aD' HEAD >"$dir/.from" &&
		git -C "$TREE" format-patch -q --zero-commit --no-signature --numbered --cover-letter \
			--base="$base" --subject-prefix="$SERIES_SUBJECT_PREFIX" -o "$dir" "$base..HEAD" &&
		(cd "$dir" && ls -1 [0-9][0-9][0-9][0-9]-*.patch | grep -vxF "$COVER") >"$dir/series" &&
		awk -v subject="$(cat "$dir/.subject")" -v from="$dir/.from" -v to="$dir/.recipients" \
			-v body="$dir/.body" '
			function cat(f,  l) { while ((getline l < f) > 0) print l; close(f) }
			head && /^(From|Date):/ { skip = 1; if ($0 ~ /^From:/) cat(from); next }
			head && skip && /^[ \t]/ { next }
			{ skip = 0 }
			head && /^Subject:/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
			head && /^$/ { cat(to); head = 0 }
			/^\*\*\* BLURB HERE \*\*\*$/ { cat(body); next }
			{ print }
			NR == 1 { head = 1 }' "$dir/$COVER" >"$dir/.cover" &&
		mv "$dir/.cover" "$dir/$COVER" &&
		rm -f "$dir/.subject" "$dir/.recipients" "$dir/.body" "$dir/.from"
}
