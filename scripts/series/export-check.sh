#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Exit non-zero, saying what differs, when the tree holds commits or
# changes that the patch files lack (or the other way round).
#
#   scripts/series/export-check.sh [--ktap]
#
# --ktap: the same report as one KTAP case, for make check.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/scripts/lib/series.sh"

if [ "${1:-}" = --ktap ]; then
	name="the tree and bases/$BASE/series hold the same patches"
	if out=$(bash "$0" 2>&1); then
		ktap_note "$out"
		ktap_ok "$name"
	else
		ktap_fail "$name" "$out"
	fi
	ktap_done
	exit
fi
[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree first"
rc=0
if tree_is_dirty; then
	echo "the tree has uncommitted changes:"
	git -C "$TREE" status --short | head -n 20 | sed 's/^/    /'
	rc=1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
format_series "$tmp"
if ! diff -r -N -u "$SERIES_DIR" "$tmp" >"$tmp.diff"; then
	echo "the patch files and the tree's commits differ (- patch files, + tree):"
	sed -n 's/^diff -r -N -u [^ ]* [^ ]*\/\([^ ]*\)$/    \1/p' "$tmp.diff"
	head -n 60 "$tmp.diff" | sed 's/^/    | /'
	rc=1
fi
rm -f "$tmp.diff"
if [ "$rc" = 0 ]; then
	echo "the patch files match the tree ($(git -C "$TREE" rev-list --count "$BASE_TAG..HEAD") commits on $BASE_TAG)"
else
	echo "make export writes the tree's side to bases/$BASE/series"
fi
exit "$rc"
