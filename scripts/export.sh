#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Write the tree's commits back to the patch files.  Refuses while the
# tree has uncommitted changes, and when the patch files changed since
# the tree was made (exporting would throw those changes away).
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/series.sh"

[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree first"
if tree_is_dirty; then
	git -C "$TREE" status --short | head -n 20 >&2
	die "the tree has uncommitted changes (above): commit them in $TREE, then export"
fi
if [ "$(series_hash)" != "$(cat "$STATE/applied-series" 2>/dev/null)" ]; then
	die "bases/$BASE/series changed since the tree was made from it; exporting would overwrite that. Commit or stash the patch files' changes and run make tree, or restore them (git checkout bases/$BASE/series)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
format_series "$tmp"
find "$SERIES_DIR" -maxdepth 1 -type f \( -name '*.patch' -o -name series \) -delete
cp "$tmp"/* "$SERIES_DIR/"
record_applied
echo "exported $(grep -c . "$SERIES_DIR/series") patches and the cover letter to bases/$BASE/series"
git -C "$TOP" status --short -- "bases/$BASE/series"
