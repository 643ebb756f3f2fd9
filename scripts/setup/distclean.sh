#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make distclean: remove everything the tooling made, build/ (trees,
# objects, logs, stamps) and the cache root (ccache's objects, busybox
# builds and the results kept across clones: scripts/lib/cache.sh), but
# first make sure that no work would be lost: a tree with uncommitted
# changes, or with commits that the patch files lack, stops it with
# export-check's report.  A CCACHE_DIR set by the user is not ours: it
# stays.
. "$(dirname "$0")/../lib/lib.sh"

for tree in "$BUILD_ROOT"/*/linux; do
	[ -d "$tree/.git" ] || continue
	base=$(basename "$(dirname "$tree")")
	[ -d "$TOP/bases/$base" ] || die "$tree: a tree of no base under bases/: remove it by hand"
	if ! out=$(BASE=$base bash "$TOP/scripts/series/export-check.sh" 2>&1); then
		printf '%s\n' "$out" >&2
		die "$tree holds work the patch files lack: make export BASE=$base (or discard it), then make distclean"
	fi
done
rm -rf "$BUILD_ROOT" "$CACHE_ROOT"
echo "removed $BUILD_ROOT and $CACHE_ROOT"
