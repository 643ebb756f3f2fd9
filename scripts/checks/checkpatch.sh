#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on every patch of the series, with the tree's
# own checkpatch.  Prints KTAP, a case a patch; a patch fails
# on any error, warning or check, unless bases/<base>/checkpatch-allow
# lists its type for that patch with a reason.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/scripts/lib/series.sh"

[ -x "$TREE/scripts/checkpatch.pl" ] || die "no checkpatch.pl in $TREE: run make tree first"
# The distribution's python3, which has python3-ply, runs spdxcheck.py.
export PATH=/usr/bin:/bin:$PATH
allow=$BASE_DIR/checkpatch-allow

# allowed PATCH TYPE: print the reason if the allowlist has PATCH TYPE.
allowed() {
	[ -f "$allow" ] || return 1
	awk -v p="$1" -v t="$2" '$1 == p && $2 == t { $1 = $2 = ""; sub(/^ +/, ""); print; found = 1; exit }
		END { exit !found }' "$allow"
}

for p in $(series_patches); do
	out=$(cd "$TREE" && scripts/checkpatch.pl --strict --no-summary --terse \
		--show-types "$SERIES_DIR/$p" 2>&1) || true
	left=
	notes=
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		# --terse: "FILE:LINE: LEVEL:TYPE: message"
		type=$(printf '%s\n' "$line" | sed -n 's/^[^:]*:[0-9]*: [A-Z]*:\([A-Z_0-9]*\):.*/\1/p')
		if [ -n "$type" ] && reason=$(allowed "$p" "$type"); then
			notes+="allowed $type: $reason"$'\n'
		else
			left+="$line"$'\n'
		fi
	done <<<"$out"
	[ -z "$notes" ] || ktap_note "${notes%$'\n'}"
	if [ -z "$left" ]; then
		ktap_ok "$p"
	else
		ktap_fail "$p" "${left%$'\n'}"
	fi
done
ktap_done
