#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel at every commit of the series, in a worktree of its
# own with its own object directory, so that each patch is known to build
# on its own (bisectable).  Slow: run it before sending the series.
# Prints KTAP, a case a commit.
. "$(dirname "$0")/../lib/lib.sh"

[ -f "$OBJ/.config" ] || die "configure first (make build)"
# A commit that built with the same .config and compiler before is not
# built again: its result is kept in the cache (scripts/lib/cache.sh).
compiler=$(${CROSS_COMPILE:-}gcc --version | head -n 1)
# built_key COMMIT: the key of COMMIT's build result.
built_key() {
	cache_key "$1" "@$OBJ/.config" "$compiler"
}
commits=()
# kernel_files COMMIT: the files of COMMIT that the kernel build reads
# (not the selftests, the documentation or MAINTAINERS).
kernel_files() {
	git -C "$TREE" diff-tree --no-commit-id --name-only -r "$1" -- . \
		':!tools/testing/' ':!Documentation/' ':!MAINTAINERS'
}
for c in $(git -C "$TREE" rev-list --reverse "$BASE_TAG..HEAD"); do
	if [ -z "$(kernel_files "$c")" ]; then
		ktap_note "no file of the kernel build changed"
		ktap_ok "$(git -C "$TREE" log -1 --format=%s "$c")"
	elif took=$(cache_get build-each "$(built_key "$c")"); then
		ktap_note "built in $took by an earlier run"
		ktap_ok "$(git -C "$TREE" log -1 --format=%s "$c")"
	else
		commits+=("$c")
	fi
done
if [ ${#commits[@]} -eq 0 ]; then
	ktap_done
	exit
fi

wt=$CONF_DIR/each
each_obj=$CONF_DIR/obj-each
git -C "$TREE" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
git -C "$TREE" worktree prune
git -C "$TREE" worktree add -q --detach "$wt" "$BASE_TAG"
trap 'git -C "$TREE" worktree remove --force "$wt"' EXIT
mkdir -p "$each_obj"
cp "$OBJ/.config" "$each_obj/.config"
for c in "${commits[@]}"; do
	git -C "$wt" checkout -q "$c"
	subject=$(git -C "$wt" log -1 --format=%s)
	start=$(now_ns)
	if (TREE=$wt OBJ=$each_obj kmake olddefconfig "$(basename "$KERNEL_IMAGE")") \
		>"$LOGS/build-each-$c.log" 2>&1; then
		ktap_note "built in $(elapsed "$start")"
		ktap_ok "$subject"
		elapsed "$start" | cache_put build-each "$(built_key "$c")"
	else
		ktap_fail "$subject" "the build failed: see $LOGS/build-each-$c.log" \
			"$(grep -E 'error|warning' "$LOGS/build-each-$c.log" | head -n 20)"
	fi
done
ktap_done
