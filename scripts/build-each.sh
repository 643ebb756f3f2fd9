#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel at every commit of the series, in a worktree of its
# own with its own object directory, so that each patch is known to build
# on its own (bisectable).  Slow: run it before sending the series.
. "$(dirname "$0")/lib.sh"

[ -f "$OBJ/.config" ] || die "configure first (make build)"
# The same commits with the same .config built before: say so again.
stamp=$( (git -C "$TREE" rev-list "$BASE_TAG..HEAD"; cat "$OBJ/.config") | sha256sum | cut -d' ' -f1)
if [ -f "$STATE/build-each.ok" ] && [ "$(head -n 1 "$STATE/build-each.ok")" = "$stamp" ]; then
	tail -n +2 "$STATE/build-each.ok"
	exit 0
fi
wt=$WORK/each
each_obj=$WORK/obj-each-$PROFILE
git -C "$TREE" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
git -C "$TREE" worktree prune
git -C "$TREE" worktree add -q --detach "$wt" "$BASE_TAG"
trap 'git -C "$TREE" worktree remove --force "$wt"' EXIT
mkdir -p "$each_obj"
cp "$OBJ/.config" "$each_obj/.config"
rc=0
results=$(mktemp)
for c in $(git -C "$TREE" rev-list --reverse "$BASE_TAG..HEAD"); do
	git -C "$wt" checkout -q "$c"
	subject=$(git -C "$wt" log -1 --format=%s)
	start=$(now_ns)
	if (TREE=$wt OBJ=$each_obj kmake olddefconfig "$(basename "$KERNEL_IMAGE")") \
		>"$LOGS/build-each-$c.log" 2>&1; then
		echo "ok build $subject ($(elapsed "$start"))" | tee -a "$results"
	else
		echo "not ok build $subject: see $LOGS/build-each-$c.log"
		grep -E 'error|warning' "$LOGS/build-each-$c.log" | head -n 20 | sed 's/^/#   /'
		rc=1
	fi
done
[ "$rc" = 0 ] && { echo "$stamp"; cat "$results"; } >"$STATE/build-each.ok"
rm -f "$results"
exit "$rc"
