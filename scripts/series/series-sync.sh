#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check that the series of every base hold the same patches: a patch
# added to one base and missing from another is reported.  Patches are
# matched by subject (without the "[PATCH ...]" prefix), in the order of
# each base's series file.  A patch that only one base needs (a fix of
# that base's own code) is named in bases/BASE/series-only, a subject a
# line, with the reason on the "#" lines above it, and left out of the
# comparison.  Prints KTAP: a case a pair of bases, with the current base
# ($BASE) on one side.
. "$(dirname "$0")/../lib/lib.sh"

# subjects DIR: the subjects of the patches in DIR's series file, in order.
subjects() {
	local dir=$1 p
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$dir/series" |
		while read -r p; do
			[ -f "$dir/$p" ] || { echo "MISSING FILE $p"; continue; }
			# The Subject header, unfolded, without its [PATCH ...] tag.
			awk '/^Subject: / { s = substr($0, 10); on = 1; next }
			     on && /^[ \t]/ { sub(/^[ \t]+/, " "); s = s $0; next }
			     on { exit }
			     END { sub(/^\[[^]]*\] */, "", s); print s }' "$dir/$p"
		done
}

# own_subjects BASE: the subjects of bases/BASE/series that only that base
# holds, on purpose (bases/BASE/series-only), left out.
own_subjects() {
	local base=$1 only=$TOP/bases/$1/series-only
	if [ -f "$only" ]; then
		subjects "$TOP/bases/$base/series" | grep -vxF -f <(sed -e '/^#/d' -e '/^$/d' "$only")
	else
		subjects "$TOP/bases/$base/series"
	fi
}

mine=$(mktemp)
theirs=$(mktemp)
trap 'rm -f "$mine" "$theirs"' EXIT
if [ ! -f "$SERIES_DIR/series" ]; then
	ktap_fail "bases/$BASE has a series file" "no $SERIES_DIR/series"
	ktap_done
	exit
fi
own_subjects "$BASE" >"$mine"
others=0
for dir in "$TOP"/bases/*/series; do
	other=$(basename "$(dirname "$dir")")
	[ "$other" != "$BASE" ] && [ -f "$dir/series" ] || continue
	others=$((others + 1))
	own_subjects "$other" >"$theirs"
	only_mine=$(grep -vxF -f "$theirs" "$mine" || true)
	only_theirs=$(grep -vxF -f "$mine" "$theirs" || true)
	if [ -z "$only_mine$only_theirs" ]; then
		if cmp -s "$mine" "$theirs"; then
			ktap_note "$(wc -l <"$mine") patches"
			ktap_ok "bases/$BASE and bases/$other hold the same patches, in the same order"
		else
			ktap_fail "bases/$BASE and bases/$other hold the same patches, in the same order" \
				"the same patches in a different order:" "$(diff "$mine" "$theirs" || true)"
		fi
		continue
	fi
	ktap_fail "bases/$BASE and bases/$other hold the same patches, in the same order" \
		"$(sed "s|^|only in bases/$BASE: |" <<<"$only_mine")" \
		"$(sed "s|^|only in bases/$other: |" <<<"$only_theirs")"
done
[ "$others" -gt 0 ] || ktap_ok "bases/$BASE is the only base"
ktap_done
