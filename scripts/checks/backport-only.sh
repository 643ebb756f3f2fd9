#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Mainline's interface alone: the series' first patches (BACKPORT_PATCHES
# in bases/BASE/base.conf) are the backport of Linux 6.14's AT_EXECVE_CHECK,
# exec securebits and IMA hook, with their tests, and a distribution may
# take them without trusted_for(2) (issue 26).  This boots that kernel and
# runs its tests there:
#
#   - the kselftests of the backport's own tree (selftests/exec and
#     selftests/landlock built from the worktree at the last of those
#     patches, less bases/BASE/kselftest-exclude), which must pass on a
#     kernel without trusted_for(2): none of them may skip for want of it;
#   - the CPython launcher of the whole series (scripts/checks/cpython.sh
#     with CPYTHON_KERNEL=mainline): on a kernel without trusted_for(2),
#     the exec securebits decide, and a kernel that cannot check refuses.
#
# Builds the kernel in a worktree of its own (CONF_DIR/backport-tree, kept
# from one run to the next) with its own objects (CONF_DIR/obj-backport) and
# the .config of the built kernel, and boots it with the initramfs of the
# whole series plus the backport's kselftests (in /guest/kselftest).
#
# Prints KTAP, a case for the build and one for each suite, with the
# suites' own KTAP as subtests; exits 1 if any failed.
. "$(dirname "$0")/../lib/lib.sh"

what="the kernel of the backport alone"
[ -f "$OBJ/.config" ] || ktap_stop "$what" "no $OBJ/.config: run make build first"
[ -f "$OBJ/initramfs.cpio" ] || ktap_stop "$what" "no initramfs: run make build first"
n=${BACKPORT_PATCHES:-}
[[ $n =~ ^[1-9][0-9]*$ ]] ||
	ktap_stop "$what" "BACKPORT_PATCHES='$n' in $BASE_DIR/base.conf: not a number of patches"
commit=$(git -C "$TREE" rev-list --reverse "$BASE_TAG..HEAD" | sed -n "${n}p")
[ -n "$commit" ] || ktap_stop "$what" "the tree has fewer than $n patches on $BASE_TAG"
subject=$(git -C "$TREE" log -1 --format=%s "$commit")
# The backport has mainline's interface and nothing of trusted_for(2).
if ! git -C "$TREE" grep -q AT_EXECVE_CHECK "$commit" -- include/uapi/linux/fcntl.h ||
	git -C "$TREE" cat-file -e "$commit:include/uapi/linux/trusted-for.h" 2>/dev/null; then
	ktap_stop "$what" \
		"patch $n ($subject) is not the end of the backport (AT_EXECVE_CHECK, no trusted_for(2)): BACKPORT_PATCHES is wrong"
fi

wt=$CONF_DIR/backport-tree
obj=$CONF_DIR/obj-backport
start=$(now_ns)
build_log=$LOGS/backport-only-build.log
if ! worktree_kernel "$commit" "$wt" "$obj" "$build_log"; then
	ktap_stop "the kernel of the first $n patches builds" "see $build_log" \
		"$(grep -E 'error|warning' "$build_log" | head -n 20)"
fi
ktap_note "patches 1-$n, up to: $subject; built in $(elapsed "$start")"
ktap_ok "the kernel of the first $n patches builds"
export GUEST_KERNEL=$obj/$KERNEL_IMAGE

# The backport's kselftests, from its own tree, as the kselftest runner
# installs them, with the list that run-kselftests.sh reads.
targets="exec landlock"
inst=$obj/kselftest-install
rm -rf "$inst"
if ! (TREE=$wt OBJ=$obj kmake headers_install &&
	make -C "$wt/tools/testing/selftests" O="$obj" ARCH="$KARCH" TARGETS="$targets" \
		-j"$JOBS" FORCE_TARGETS=1 CC="${CROSS_COMPILE:-}gcc" LDFLAGS=-static \
		KHDR_INCLUDES="-isystem $obj/usr/include" INSTALL_PATH="$inst" install) \
	>"$LOGS/backport-only-kselftests-build.log" 2>&1; then
	ktap_stop "the backport's kselftests build" "see $LOGS/backport-only-kselftests-build.log" \
		"$(grep -E 'error' "$LOGS/backport-only-kselftests-build.log" | head -n 20)"
fi
kselftest_trim "$inst/kselftest-list.txt" "$inst"
out=$LOGS/backport-only-kselftests.log
rc=0
bash "$TOP/scripts/vm/guest.sh" -n backport-only-kselftests -t "${TEST_TIMEOUT:-1200}" \
	-f "$inst" run-kselftests.sh -d /guest/kselftest-install >"$out" 2>"$out.err" || rc=$?
# No test of the backport may skip for want of trusted_for(2).
if grep -qiE '^ *(ok [0-9]+ .*# SKIP|# SKIP).*trusted_for' "$out"; then
	rc=1
	echo "# a kselftest of the backport skipped for want of trusted_for(2)" >>"$out"
fi
ktap_subtest "the backport's kselftests (${targets// /, }) on its kernel" "$out" "$rc" \
	"guest.sh exit $rc; last lines of its standard error:" "$(tail -n 20 "$out.err")"

# The CPython launcher, built as the cpython suite builds it (the same
# source, flags and headers make the same program).
out=$LOGS/backport-only-cpython.log
rc=0
CPYTHON_KERNEL=mainline bash "$TOP/scripts/checks/cpython.sh" >"$out" 2>&1 || rc=$?
ktap_subtest "the CPython launcher of the whole series, on the backport's kernel" "$out" "$rc" \
	"cpython.sh exit $rc; its last lines:" "$(tail -n 20 "$out")"
ktap_done
