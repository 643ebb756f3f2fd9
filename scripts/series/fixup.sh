#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make fixup C=COMMIT: fold the tree's uncommitted changes into COMMIT,
# the patch that owns them, without touching any file of the tree.
#
# "git commit --fixup" then "git rebase -i --autosquash" in the tree
# rewrites every file that the patches after COMMIT change (the rebase
# applies them again), so that make rebuilds what they include: after a
# change to trusted_for(2), the syscall table's and the LSM hook's
# headers, and nearly every object with them.  Here the rebase runs in a
# worktree of its own; the tree's branch then moves to its result, whose
# files are the tree's as they are, and no file is written.  A conflict
# leaves the tree as it was, the changes uncommitted.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/scripts/lib/series.sh"

[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree first"
[ -n "${C:-}" ] || die "name the patch that owns the change: make fixup C=COMMIT (git -C $TREE log --oneline $BASE_TAG.. -- FILE)"
tree_is_dirty || die "the tree has no uncommitted change to fold into a patch"
target=$(git -C "$TREE" rev-parse --verify -q "$C^{commit}") || die "C=$C: not a commit of $TREE"
if [ "$target" = "$(git -C "$TREE" rev-parse "$BASE_TAG")" ] ||
	! git -C "$TREE" merge-base --is-ancestor "$BASE_TAG" "$target" ||
	! git -C "$TREE" merge-base --is-ancestor "$target" HEAD; then
	die "C=$C: not a patch of the series ($BASE_TAG..HEAD)"
fi
branch=$(git -C "$TREE" symbolic-ref -q --short HEAD) || die "the tree is on no branch: check out the series' branch first"
if [ -n "$(git -C "$TREE" ls-files --others --exclude-standard)" ]; then
	git -C "$TREE" ls-files --others --exclude-standard | head -n 20 >&2
	die "new files (above) are not in any commit: git add them, then make fixup"
fi

old=$(git -C "$TREE" rev-parse HEAD)
git -C "$TREE" commit -q -a --fixup="$target" || die "git commit --fixup failed in $TREE"
fixup=$(git -C "$TREE" rev-parse HEAD)

wt=$TREE_STATE/fixup-worktree
git -C "$TREE" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
git -C "$TREE" worktree prune
# undo_fixup: the tree as it was, the changes uncommitted again.
undo_fixup() {
	git -C "$TREE" reset -q "$old"
}
if ! git -C "$TREE" worktree add -q --detach "$wt" "$fixup"; then
	undo_fixup
	die "could not make a worktree at $wt"
fi
trap 'git -C "$TREE" worktree remove --force "$wt" >/dev/null 2>&1 || true; rm -f "$wt.log"' EXIT
if ! (cd "$wt" && GIT_SEQUENCE_EDITOR=true git rebase -q -i --autosquash "$BASE_TAG") >"$wt.log" 2>&1; then
	(cd "$wt" && git rebase --abort) >/dev/null 2>&1 || true
	undo_fixup
	cat "$wt.log" >&2
	die "the change does not apply to $(git -C "$TREE" log -1 --format='%h ("%s")' "$target") and the patches after it (above): the tree is as it was"
fi
new=$(git -C "$wt" rev-parse HEAD)
# The same files as the tree's, in other commits: moving the branch
# writes nothing.
if [ "$(git -C "$TREE" rev-parse "$new^{tree}")" != "$(git -C "$TREE" rev-parse "$fixup^{tree}")" ]; then
	undo_fixup
	die "the rebase gave other files than the tree's: the tree is as it was"
fi
git -C "$TREE" update-ref -m "make fixup: into $target" "refs/heads/$branch" "$new" "$fixup"
git -C "$TREE" reset -q
pos=$(git -C "$TREE" rev-list --count "$BASE_TAG..$target")
now=$(git -C "$TREE" rev-list --reverse "$BASE_TAG..$new" | sed -n "${pos}p")
echo "folded into patch $pos, now $(git -C "$TREE" log -1 --format='%h ("%s")' "$now"); no file of the tree was written; make export writes the patch files"
