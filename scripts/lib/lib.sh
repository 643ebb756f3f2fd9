# SPDX-License-Identifier: GPL-2.0
# Shared by every script: paths, the chosen base and QEMU profile, and
# the stage runner that times each step and keeps its full log.
#
# Variables a user may set (all optional):
#   BASE       which base under bases/ to use (default 6.1)
#   PROFILE    which QEMU profile under qemu_configs/ (default x86_64;
#              arm64, riscv64)
#   BUILD_ROOT where trees, objects and logs go (default ./build)
#   JOBS       parallel make jobs (default: number of CPUs)
#   USE_KVM=1  run the guest with KVM (never chosen automatically)
#   VARIANT    build and test a variant of the kernel, in objects and logs
#              of its own: configs/variants/VARIANT.conf says what it is
#              (debug: KASAN, lockdep, UBSAN; distro: Debian's security
#              modules and BPF LSM; kcsan: the data race detector)
#   DEBUG=1    the same as VARIANT=debug
#   GUEST_CPUS the guest's virtual CPUs (default 1; the variant's own)

set -o errexit -o nounset -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASE=${BASE:-6.1}
PROFILE=${PROFILE:-x86_64}
BUILD_ROOT=${BUILD_ROOT:-$TOP/build}
JOBS=${JOBS:-$(nproc)}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# note: a line for the user even while a stage sends its output to a log.
note() {
	printf '    %s\n' "$*" >&3
}

BASE_DIR=$TOP/bases/$BASE
SERIES_DIR=$BASE_DIR/series
DEBUG=${DEBUG:-0}
VARIANT=${VARIANT:-}
case "$DEBUG" in
0) ;;
1)
	[ -z "$VARIANT" ] || [ "$VARIANT" = debug ] || die "DEBUG=1 is VARIANT=debug, not VARIANT=$VARIANT"
	VARIANT=debug
	;;
*) die "DEBUG='$DEBUG': 0 or 1" ;;
esac
# A kernel variant: a Kconfig fragment on top of the base's and the
# profile's (configs/variants/VARIANT.config, and VARIANT-BASE.config
# when the base needs its own), and a declarative description,
# configs/variants/VARIANT.conf, sourced here: what the variant is for,
# the guest's CPUs, the profiles it is made for, the packages it needs.
VARIANT_GUEST_CPUS=1 VARIANT_PROFILES='' VARIANT_PACKAGES='' VARIANT_ABOUT=''
VARIANT_DEBIAN_CONFIG='' VARIANT_DEBIAN_OPTIONS='' VARIANT_BPF_DIR=''
if [ -n "$VARIANT" ]; then
	[ -f "$TOP/configs/variants/$VARIANT.conf" ] ||
		die "unknown kernel variant '$VARIANT': no configs/variants/$VARIANT.conf"
	# shellcheck source=../../configs/variants/debug.conf
	. "$TOP/configs/variants/$VARIANT.conf"
fi
# The base's tree, with its state (which package it came from, which
# series it holds), is shared by every configuration of the base.
WORK=$BUILD_ROOT/$BASE
TREE=$WORK/linux
TREE_STATE=$WORK/state
# One directory per configuration (base, profile, variant): its objects,
# its logs and the stamps that describe its objects, so that two
# configurations never mix their files.  build/6.1-x86_64,
# build/6.1-x86_64-debug, build/6.12-arm64...
CONF_DIR=$BUILD_ROOT/$BASE-$PROFILE${VARIANT:+-$VARIANT}
OBJ=$CONF_DIR/obj
LOGS=$CONF_DIR/logs
STATE=$CONF_DIR/state
# The default kernel is uniprocessor (tinyconfig); a variant may be SMP.
GUEST_CPUS=${GUEST_CPUS:-$VARIANT_GUEST_CPUS}

# Fixed identity and dates make the base commit, and every commit that
# git am makes on it, the same on every machine.
export GIT_AUTHOR_NAME="trusted_for base" GIT_AUTHOR_EMAIL="base@trusted-for.invalid"
export GIT_COMMITTER_NAME="trusted_for tooling" GIT_COMMITTER_EMAIL="tooling@trusted-for.invalid"
BASE_TAG=base

# shellcheck source=apt.sh
. "$TOP/scripts/lib/apt.sh"
# shellcheck source=ktap.sh
. "$TOP/scripts/lib/ktap.sh"
# shellcheck source=cache.sh
. "$TOP/scripts/lib/cache.sh"

[ -f "$BASE_DIR/base.conf" ] || die "unknown base '$BASE': no $BASE_DIR/base.conf"
# shellcheck source=../../bases/6.1/base.conf
. "$BASE_DIR/base.conf"
[ -f "$TOP/qemu_configs/$PROFILE.conf" ] ||
	die "unknown QEMU profile '$PROFILE': no qemu_configs/$PROFILE.conf"
# Optional profile settings, for profiles that leave them out.
PROFILE_DPKG_ARCHES='' BUSYBOX_FROM=host COMPAT_CC='' COMPAT_TARGETS=''
COMPAT_HEADERS_ARCH='' COMPAT_SYSCALL_TABLE=''
# shellcheck source=../../qemu_configs/x86_64.conf
. "$TOP/qemu_configs/$PROFILE.conf"
[ -z "$VARIANT_PROFILES" ] || [[ " $VARIANT_PROFILES " == *" $PROFILE "* ]] ||
	die "the $VARIANT kernel is made for the profiles $VARIANT_PROFILES, not $PROFILE"
# The guest's static busybox: this machine's, or one fetched or built
# for the profile's architecture by scripts/setup/busybox.sh, kept in
# the cache (scripts/lib/cache.sh).
if [ "$BUSYBOX_FROM" = host ]; then
	BUSYBOX=/bin/busybox
else
	BUSYBOX=$CACHE_ROOT/busybox/$PROFILE/busybox
fi
# Where the 32-bit (compat) kselftests are installed, when the profile
# has any.
COMPAT_INSTALL=$OBJ/kselftest-install-compat

mkdir -p "$LOGS" "$STATE" "$TREE_STATE"
# fd 3 stays on the terminal while stage output goes to a log file.
{ true >&3; } 2>/dev/null || exec 3>&1

now_ns() {
	date +%s%N
}

# guest_inputs_digest: a digest of what the guest that make build
# prepares is built from: the tree's commit and its uncommitted
# changes (untracked files too), and the project's guest programs
# (guest/).  initramfs.sh records it once the build is complete;
# "make guest" refuses to boot objects built from other inputs.
guest_inputs_digest() {
	{
		git -C "$TREE" rev-parse HEAD
		git -C "$TREE" status --porcelain
		git -C "$TREE" diff HEAD
		(cd "$TOP/guest" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
	} | sha256sum | cut -d' ' -f1
}

elapsed() {
	local ns=$(($(now_ns) - $1))
	printf '%d.%01ds' $((ns / 1000000000)) $((ns / 100000000 % 10))
}

# stage NAME COMMAND...: run COMMAND with its output in $LOGS/NAME.log,
# print how long it took, and on failure print the log's tail and stop.
stage() {
	local name=$1 start rc=0
	shift
	start=$(now_ns)
	printf '==> %-10s %s\n' "$name" "$*" >&3
	"$@" >"$LOGS/$name.log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		printf '==> %-10s FAILED after %s (exit %d); last lines of %s:\n' \
			"$name" "$(elapsed "$start")" "$rc" "$LOGS/$name.log" >&3
		tail -n 40 "$LOGS/$name.log" | sed 's/^/    | /' >&3
		exit "$rc"
	fi
	printf '==> %-10s done in %s\n' "$name" "$(elapsed "$start")" >&3
}

# Background jobs, at most POOL_JOBS (default JOBS) at a time, in the
# directory POOL_DIR.  pool_start ID OUT COMMAND... runs COMMAND with its
# output in the file OUT and, when it ends, writes its exit status and
# time; pool_wait ID waits for it and sets POOL_RC and POOL_TIME (125 and
# "?" for a job that died before writing them).
declare -A POOL_PIDS
pool_start() {
	local id=$1 out=$2
	shift 2
	mkdir -p "$POOL_DIR"
	while [ "$(jobs -rp | wc -l)" -ge "${POOL_JOBS:-$JOBS}" ]; do
		wait -n || true
	done
	rm -f "$POOL_DIR/$id.status"
	(
		start=$(now_ns)
		rc=0
		"$@" >"$out" 2>&1 </dev/null || rc=$?
		echo "$rc $(elapsed "$start")" >"$POOL_DIR/$id.status"
	) &
	POOL_PIDS[$id]=$!
}
pool_wait() {
	wait "${POOL_PIDS[$1]}" 2>/dev/null || true
	POOL_RC=125 POOL_TIME="?"
	[ ! -f "$POOL_DIR/$1.status" ] || read -r POOL_RC POOL_TIME <"$POOL_DIR/$1.status"
}

kmake() {
	make -C "$TREE" O="$OBJ" ARCH="$KARCH" ${CROSS_COMPILE:+CROSS_COMPILE=$CROSS_COMPILE} \
		CC="ccache ${CROSS_COMPILE:-}gcc" HOSTCC="ccache gcc" \
		KBUILD_BUILD_USER=trusted-for KBUILD_BUILD_HOST=qemu \
		KBUILD_BUILD_TIMESTAMP="2022-01-04" -j"$JOBS" "$@"
}

# piggy_holds PIGGY_O PAYLOAD: whether x86's piggy.o carries PAYLOAD, the
# compressed kernel, as its .rodata..compressed section.
piggy_holds() {
	local got rc=0
	got=$(mktemp)
	objcopy -O binary --only-section=.rodata..compressed "$1" "$got" 2>/dev/null &&
		cmp -s "$got" "$2" || rc=1
	rm -f "$got"
	return "$rc"
}

# kmake_image [TARGET]...: make TARGETs and the kernel image, and make
# sure that x86's compressed image carries the vmlinux just linked.
# arch/x86/boot/compressed/piggy.S pulls the compressed kernel in with
# .incbin, which neither the compiler's dependency output nor ccache's
# hash sees: when a new kernel compresses to the same size as one built
# before (XZ often does for a change of a few instructions), piggy.S is
# the same text, ccache returns the old piggy.o, and the image boots the
# old kernel.  Such a piggy.o is made again without ccache.
kmake_image() {
	local dir=$OBJ/arch/x86/boot/compressed payload image
	image=$(basename "$KERNEL_IMAGE")
	kmake "$@" "$image" || return
	[ -f "$dir/piggy.o" ] || return 0
	payload=$(find "$dir" -maxdepth 1 -name 'vmlinux.bin.*' | head -n 1)
	[ -n "$payload" ] || return 0
	piggy_holds "$dir/piggy.o" "$payload" && return 0
	echo "$dir/piggy.o carries another kernel than vmlinux (ccache cannot see .incbin): making it again without ccache"
	rm -f "$dir/piggy.o"
	CCACHE_DISABLE=1 kmake "$image" || return
	if ! piggy_holds "$dir/piggy.o" "$payload"; then
		echo "$dir/piggy.o still does not carry $payload" >&2
		return 1
	fi
}

# Paths under BUILD_ROOT do not enter ccache's keys, so that another
# configuration or clone hits the same objects.  Depend mode takes the
# headers a compile read from the compiler's own dependency output
# (kbuild asks for it with -Wp,-MMD), so that a miss costs no extra run
# of the preprocessor: a cold build is that much faster.
export CCACHE_BASEDIR=$BUILD_ROOT CCACHE_NOHASHDIR=1 CCACHE_DEPEND=${CCACHE_DEPEND:-1}

# Kernel console lines that fail a run whatever the tests say.  A KCSAN
# report is a "BUG: KCSAN:" line (KCSAN's own notes at boot name
# CONFIG_KCSAN_STRICT: the pattern must not match "KCSAN" alone).
KERNEL_PROBLEM_RE='Oops|BUG:|WARNING:|KASAN|UBSAN|Kernel panic|general protection fault|Unable to handle kernel|kernel BUG at|refcount_t:|ODEBUG:|list_(add|del) corruption|possible (recursive|circular) locking|inconsistent lock state|sleeping function called'

# A KCSAN report names two accesses and their stacks.  One whose lines
# name none of the series' code (KCSAN_SERIES_RE: trusted_for, the exec
# check, the securebits, Landlock, IMA, the security hooks) is a race of
# the base kernel's own, which the base's maintainers own (6.1 printed
# one at power-off, in vsprintf, in a CI run): it is shown, not failed.
KCSAN_SERIES_RE='trusted_for|execveat|bprm|exec_check|execve_check|securebits|prctl|landlock|ima_|security_|do_open_execat|may_open'

# kernel_problems [--base] CONSOLE...: the console lines that fail a run
# (KERNEL_PROBLEM_RE), less the first lines of the KCSAN reports that
# are the base kernel's; with --base, those lines alone.  A report cut
# short (no closing "====" line) counts as the series'.
kernel_problems() {
	local mode=fail
	if [ "${1:-}" = --base ]; then
		mode=base
		shift
	fi
	awk -v mode="$mode" -v bad="$KERNEL_PROBLEM_RE" -v ours="$KCSAN_SERIES_RE" '
	function flush(series) {
		if ((series && mode == "fail") || (!series && mode == "base"))
			print head
		inblock = 0
	}
	inblock && $0 ~ /\] =+$/ { flush(seen); next }
	inblock && $0 ~ /BUG: KCSAN:/ { flush(1) }
	inblock { if ($0 ~ ours) seen = 1; next }
	/BUG: KCSAN:/ { inblock = 1; head = $0; seen = ($0 ~ ours); next }
	$0 ~ bad && mode == "fail" { print }
	END { if (inblock) flush(1) }
	' "$@"
}

# kselftest_trim LIST DIR: write to DIR/list the kselftest list LIST less
# the programs that bases/BASE/kselftest-exclude names ("TARGET:PROGRAM
# REASON" lines: the base's own programs that cannot run in the guest),
# and remove those programs from DIR, the installed targets, so that no
# guest carries them.
kselftest_trim() {
	local list=$1 dir=$2 excluded p
	excluded=$(sed -n 's/^\([^#][^ ]*\) .*/\1/p' "$BASE_DIR/kselftest-exclude" 2>/dev/null || true)
	grep -v -x -F -e "${excluded:-#}" "$list" >"$dir/list.new"
	mv "$dir/list.new" "$dir/list"
	for p in $excluded; do
		rm -f "$dir/${p%%:*}/${p#*:}"
	done
}

# worktree_kernel COMMIT WT OBJDIR LOG [REVERT]: build the kernel of the
# tree's COMMIT, less the commit REVERT if given, in the worktree WT
# (kept from one call to the next, made anew when the tree was) with the
# objects in OBJDIR and the .config of the built kernel.  A checkout
# rewrites only the files that differ, so make rebuilds only what they
# touch.  Returns non-zero, with the reason in LOG, when the commit
# cannot be reverted there or the kernel does not build.
worktree_kernel() {
	local commit=$1 wt=$2 objdir=$3 log=$4 revert=${5:-}
	mkdir -p "$(dirname "$log")"
	: >"$log"
	git -C "$TREE" worktree prune
	if ! git -C "$wt" cat-file -e "$commit" 2>/dev/null; then
		rm -rf "$wt"
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$wt" "$commit"
	fi
	git -C "$wt" checkout -q -f --detach "$commit"
	if [ -n "$revert" ] && ! git -C "$wt" revert --no-commit "$revert" >>"$log" 2>&1; then
		git -C "$wt" revert --abort >/dev/null 2>&1 || true
		echo "commit $revert cannot be reverted on $commit" >>"$log"
		return 1
	fi
	mkdir -p "$objdir"
	cp "$OBJ/.config" "$objdir/.config"
	(TREE=$wt OBJ=$objdir && kmake_image olddefconfig) >>"$log" 2>&1
}

# without_kernel N: build the kernel of the whole series less patch N
# (worktree_kernel in CONF_DIR/without-tree, objects in CONF_DIR/obj-without),
# for the benchmarks' WITHOUT=N.  Sets WITHOUT_IMAGE and WITHOUT_SUBJECT;
# dies with the build log's last lines if the kernel cannot be made.
without_kernel() {
	local n=$1 revert start log=$LOGS/without-build.log
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "WITHOUT=$n: not a patch number"
	revert=$(git -C "$TREE" rev-list --reverse "$BASE_TAG..HEAD" | sed -n "${n}p")
	[ -n "$revert" ] || die "WITHOUT=$n: the tree has fewer than $n patches on $BASE_TAG"
	WITHOUT_SUBJECT=$(git -C "$TREE" log -1 --format=%s "$revert")
	start=$(now_ns)
	if ! worktree_kernel "$(git -C "$TREE" rev-parse HEAD)" "$CONF_DIR/without-tree" \
		"$CONF_DIR/obj-without" "$log" "$revert"; then
		tail -n 20 "$log" >&2
		die "WITHOUT=$n: the kernel without patch $n ($WITHOUT_SUBJECT) was not made (log $log)"
	fi
	WITHOUT_IMAGE=$CONF_DIR/obj-without/$KERNEL_IMAGE
	echo "built the kernel without patch $n ($WITHOUT_SUBJECT) in $(elapsed "$start"): $WITHOUT_IMAGE"
}
