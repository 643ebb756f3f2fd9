#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The interpreters of the whole series on a kernel with trusted_for(2)
# alone: a distribution may take the series' first patches
# (TRUSTED_FOR_ONLY_PATCHES in bases/BASE/base.conf) without mainline's
# AT_EXECVE_CHECK and exec securebits, and the interpreters built from
# the whole series must then behave as before (issue 16).
#
# Builds the kernel at the last of those patches, in a worktree of its
# own (CONF_DIR/tfonly-tree, kept from one run to the next) with its own
# objects (CONF_DIR/obj-tfonly) and the .config of the built kernel, and
# boots it with the initramfs of the whole series: the same programs
# that make check runs on the whole series' kernel, not rebuilt.  There:
#
#   - trusted_for_interp.sh, the sample interpreter (samples/trusted_for,
#     which reads the exec securebits) under every policy;
#   - cpython/guest-tests.sh for that kernel (scripts/checks/cpython.sh
#     with CPYTHON_KERNEL=trusted_for): the launcher's trusted_for(2)
#     cases, the exec securebits cannot be set, and with trusted_for(2)
#     made ENOSYS too (no interface at all) the launcher refuses.
#
# Prints KTAP, a case for the build and one for each suite, with the
# suites' own KTAP as subtests; exits 1 if any failed.
. "$(dirname "$0")/../lib/lib.sh"

[ -f "$OBJ/.config" ] || ktap_stop "the kernel of the first patches" "no $OBJ/.config: run make build first"
[ -f "$OBJ/initramfs.cpio" ] || ktap_stop "the kernel of the first patches" "no initramfs: run make build first"
n=${TRUSTED_FOR_ONLY_PATCHES:-}
[[ $n =~ ^[1-9][0-9]*$ ]] ||
	ktap_stop "the kernel of the first patches" "TRUSTED_FOR_ONLY_PATCHES='$n' in $BASE_DIR/base.conf: not a number of patches"
commit=$(git -C "$TREE" rev-list --reverse "$BASE_TAG..HEAD" | sed -n "${n}p")
[ -n "$commit" ] ||
	ktap_stop "the kernel of the first patches" "the tree has fewer than $n patches on $BASE_TAG"
subject=$(git -C "$TREE" log -1 --format=%s "$commit")
# The last patch of trusted_for(2) must not carry mainline's interface.
if git -C "$TREE" grep -q AT_EXECVE_CHECK "$commit" -- include/uapi/linux/fcntl.h; then
	ktap_stop "the kernel of the first patches" \
		"patch $n ($subject) already has AT_EXECVE_CHECK: TRUSTED_FOR_ONLY_PATCHES is wrong"
fi

wt=$CONF_DIR/tfonly-tree
obj=$CONF_DIR/obj-tfonly
git -C "$TREE" worktree prune
# A worktree of a tree made again since (make tree) no longer has its
# repository: make it anew.
if ! git -C "$wt" cat-file -e "$commit" 2>/dev/null; then
	rm -rf "$wt"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" "$commit"
fi
# A checkout rewrites only the files that differ, so make rebuilds only
# what they touch.
git -C "$wt" checkout -q --detach "$commit"
mkdir -p "$obj"
cp "$OBJ/.config" "$obj/.config"
start=$(now_ns)
build_log=$LOGS/tf-only-build.log
if ! (TREE=$wt OBJ=$obj kmake olddefconfig "$(basename "$KERNEL_IMAGE")") >"$build_log" 2>&1; then
	ktap_stop "the kernel of the first $n patches builds" "see $build_log" \
		"$(grep -E 'error|warning' "$build_log" | head -n 20)"
fi
ktap_note "patches 1-$n, up to: $subject; built in $(elapsed "$start")"
ktap_ok "the kernel of the first $n patches builds"
export GUEST_KERNEL=$obj/$KERNEL_IMAGE

# The sample interpreter's suite, as the kselftests run it.
out=$LOGS/tf-only-interp.log
rc=0
bash "$TOP/scripts/vm/guest.sh" -n tf-only-interp -t 600 \
	/kselftest/interpreter/trusted_for_interp.sh >"$out" 2>"$out.err" || rc=$?
ktap_subtest "the sample interpreter of the whole series (trusted_for_interp.sh)" "$out" "$rc" \
	"guest.sh exit $rc; last lines of its standard error:" "$(tail -n 20 "$out.err")"

# The CPython launcher, built as the cpython suite builds it (the same
# source, flags and headers make the same program).
out=$LOGS/tf-only-cpython.log
rc=0
CPYTHON_KERNEL=trusted_for bash "$TOP/scripts/checks/cpython.sh" >"$out" 2>&1 || rc=$?
ktap_subtest "the CPython launcher of the whole series" "$out" "$rc" \
	"cpython.sh exit $rc; its last lines:" "$(tail -n 20 "$out")"
ktap_done
