#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Write the tree's commits back to the patch files.  Refuses while the
# tree has uncommitted changes, and when the patch files changed since
# the tree was made (exporting would throw those changes away).  The
# patch files are replaced whole or not at all.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/scripts/lib/series.sh"

[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree first"
if [ ! -d "$SERIES_DIR" ] && [ -d "$SERIES_DIR.old" ]; then
	die "an export was stopped between its two renames: the patch files are in bases/$BASE/series.old; move it back to bases/$BASE/series"
fi
if tree_is_dirty; then
	git -C "$TREE" status --short | head -n 20 >&2
	die "the tree has uncommitted changes (above): commit them in $TREE, then export"
fi
if [ "$(series_hash)" != "$(cat "$TREE_STATE/applied-series" 2>/dev/null)" ]; then
	die "bases/$BASE/series changed since the tree was made from it; exporting would overwrite that. Commit or stash the patch files' changes and run make tree, or restore them (git checkout bases/$BASE/series)"
fi

# The new files are written into a directory beside the patch files, on
# the same filesystem, and take their place with two renames once every
# one of them is written: a full disk or a kill midway leaves the old
# patch files as they were.
new=$SERIES_DIR.new
old=$SERIES_DIR.old
rm -rf "$new" "$old"
trap 'rm -rf "$new"' EXIT
if ! err=$(mkdir "$new" 2>&1 && format_series "$new" 2>&1 &&
	find "$SERIES_DIR" -maxdepth 1 -type f ! -name '*.patch' ! -name series \
		-exec cp -p {} "$new/" \; 2>&1); then
	die "could not write the patch files (bases/$BASE/series is unchanged): $err"
fi
mv "$SERIES_DIR" "$old"
if ! mv "$new" "$SERIES_DIR"; then
	mv "$old" "$SERIES_DIR"
	die "could not move the new patch files into place (bases/$BASE/series is unchanged)"
fi
rm -rf "$old"
record_applied
echo "exported $(grep -c . "$SERIES_DIR/series") patches and the cover letter to bases/$BASE/series"
git -C "$TOP" status --short -- "bases/$BASE/series"
