#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on every patch of the series, with the tree's
# own checkpatch.  Prints one "ok"/"not ok" line a patch; a patch fails
# on any error, warning or check.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/series.sh"

[ -x "$TREE/scripts/checkpatch.pl" ] || die "no checkpatch.pl in $TREE: run make tree first"
# The distribution's python3, which has python3-ply, runs spdxcheck.py.
export PATH=/usr/bin:/bin:$PATH
rc=0
for p in $(series_patches); do
	if out=$(cd "$TREE" && scripts/checkpatch.pl --strict --no-summary --terse \
		--show-types "$SERIES_DIR/$p" 2>&1) && [ -z "$out" ]; then
		echo "ok checkpatch $p"
	else
		echo "not ok checkpatch $p"
		printf '%s\n' "$out" | sed 's/^/#   /'
		rc=1
	fi
done
exit "$rc"
