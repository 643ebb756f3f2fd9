#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# One step of the graph that the Makefile draws for make check, make
# test, make build and make run (its step-NAME targets):
#
#   scripts/check-step.sh NAME      run step NAME
#   scripts/check-step.sh --start   forget the results of an earlier run
#
# A step that prepares the booted kernel (install, unpack, apply,
# configure, headers, build, userspace, initramfs, boot) and fails stops the run:
# the tail of its log is printed and it exits with the step's status.
#
# A suite or check always exits 0, since its failures are results: its
# output, KTAP, is in $LOGS/NAME.log and its exit status in
# $LOGS/results/NAME, which scripts/check.sh hands to the tally.  A step
# that does not apply to this configuration says why and records
# nothing.  Every step adds its time to $LOGS/results/times.
#
# "check-step.sh --start", at the start of a run, moves the logs of the
# run before to $LOGS/previous (one run back) and empties the results.
. "$(dirname "$0")/lib/lib.sh"

results=$LOGS/results
S=$TOP/scripts

if [ "${1:-}" = --start ]; then
	# The last run's logs (a failure's among them) move to previous/,
	# one run back, where the next run does not overwrite them.
	rm -rf "$LOGS/previous"
	mkdir -p "$LOGS/previous"
	find "$LOGS" -mindepth 1 -maxdepth 1 ! -name previous -exec mv -t "$LOGS/previous" {} +
	mkdir -p "$results"
	exit 0
fi
[ $# -eq 1 ] || die "usage: $0 NAME | --start"
name=$1
mkdir -p "$results"

# not_here REASON: this step does not apply to this configuration.
not_here() {
	printf '==> %-10s %s\n' "$name" "not run: $1" >&3
	exit 0
}

# T=PATTERN[,PATTERN]... (make test T=...): only the guest suites that a
# pattern names (a glob on the step's name), and the kselftests if a
# pattern names programs (TARGET/PROGRAM, a glob, with an optional
# ":TEST" that run-kselftests.sh passes on); the host checks run as
# without T.  kselftest_patterns prints those of the second kind.
kselftest_patterns() {
	local p
	local -a patterns
	IFS=, read -r -a patterns <<<"${T:-}"
	for p in "${patterns[@]}"; do
		[[ $p == */* ]] && printf '%s\n' "$p"
	done
	return 0
}
named_by_t() {
	local p
	local -a patterns
	[ -n "${T:-}" ] || return 0
	if [ "$name" = tests ]; then
		[ -n "$(kselftest_patterns)" ]
		return
	fi
	IFS=, read -r -a patterns <<<"$T"
	for p in "${patterns[@]}"; do
		# shellcheck disable=SC2053 # a glob, on purpose
		[[ $p != */* && $name == $p ]] && return 0
	done
	return 1
}

# The static checks do not depend on the kernel profile: the default run
# has them, the kernel variants and the other profiles leave them to it.
host_only() {
	[ -z "$VARIANT" ] && [ "$PROFILE" = x86_64 ] ||
		not_here "the static checks run with make check (PROFILE=x86_64, no VARIANT)"
}
# The maintainer's checks before posting: slow when cold.
posting_only() {
	host_only
	[ "${POSTING:-0}" != 0 ] || not_here "before posting: make check POSTING=1 or make check-all"
}

kind=suite
case "$name" in
install) kind=prepare cmd=(bash "$S/setup/deps.sh") ;;
unpack) kind=prepare cmd=(bash "$S/series/tree.sh" unpack) ;;
apply) kind=prepare cmd=(bash "$S/series/tree.sh" apply) ;;
configure) kind=prepare cmd=(bash "$S/build/build.sh" config) ;;
headers) kind=prepare cmd=(bash "$S/build/build.sh" headers) ;;
build) kind=prepare cmd=(bash "$S/build/build.sh" kernel) ;;
userspace) kind=prepare cmd=(bash "$S/build/userspace.sh") ;;
initramfs) kind=prepare cmd=(bash "$S/build/initramfs.sh") ;;
boot) kind=prepare cmd=(bash "$S/vm/guest.sh" -t 300 -n boot true) ;;
tests)
	what="kselftests: $SELFTEST_TARGETS${COMPAT_TARGETS:+; compat: $COMPAT_TARGETS}"
	mapfile -t selected < <(kselftest_patterns)
	[ ${#selected[@]} = 0 ] || what="kselftests named by T: ${selected[*]}"
	cmd=(bash "$S/vm/guest.sh" -t "${TEST_TIMEOUT:-1200}" -n kselftest run-kselftests.sh "${selected[@]}")
	if [ -f "$BASE_DIR/kselftest-exclude" ]; then
		sed -n 's/^\([^#][^ ]*\) \(.*\)/    run without \1: \2/p' \
			"$BASE_DIR/kselftest-exclude" >&3
	fi
	if [ -n "$COMPAT_TARGETS" ] && [ -f "$BASE_DIR/kselftest-compat-exclude" ]; then
		sed -n 's/^\([^#][^ ]*\) \(.*\)/    compat run without \1: \2/p' \
			"$BASE_DIR/kselftest-compat-exclude" >&3
	fi
	;;
cpython)
	# It links this machine's libpython.
	[ -z "$CROSS_COMPILE" ] || not_here "it links this machine's libpython, not a $KARCH one"
	what="CPython launcher (interpreters/cpython/)" cmd=(bash "$S/checks/cpython.sh")
	;;
shells)
	[ -z "$CROSS_COMPILE" ] || not_here "the shells are built for this machine, x86_64"
	case "$VARIANT" in
	debug | kcsan) not_here "the shells' answers come from the kernel's interface: the default and distro kernels run them" ;;
	esac
	what="dash, BusyBox ash and bash with their series (interpreters/), in the guest and on this machine's kernel"
	cmd=(bash "$S/checks/shells.sh")
	;;
harden) what="a long fuzz run and the stress run" cmd=(bash "$S/checks/hardening.sh") ;;
manpage-run) what="the man page's example" cmd=(bash "$S/checks/manpage.sh" example run) ;;
distro)
	[ "$VARIANT" = distro ] || not_here "on the distribution kernel only (make check VARIANT=distro)"
	what="Debian's security modules active; a BPF LSM program on file_trusted_for"
	cmd=(bash "$S/checks/distro.sh")
	;;
console) what="the kernel console of the boots" cmd=(bash "$S/checks/console.sh") ;;
tooling)
	host_only
	what="export, tree, a killed build, a hung guest: no work lost"
	cmd=(bash "$S/checks/tooling-test.sh")
	;;
apt)
	host_only
	what="the package installer against a failing apt source"
	cmd=(bash "$S/checks/apt-test.sh")
	;;
checkpatch)
	host_only
	what="checkpatch --strict on every patch"
	cmd=(bash "$S/checks/checkpatch.sh")
	;;
static)
	host_only
	what="apply, kernel-doc, uapi headers, the guide's example"
	cmd=(bash "$S/checks/static-analysis.sh" source)
	;;
manpage)
	host_only
	what="man/trusted_for.2: mandoc, groff and man(1) lint"
	cmd=(bash "$S/checks/manpage.sh" lint)
	;;
doc-errors)
	host_only
	what="the errors the man page, the guide and the kernel-doc list, against the tests (doc-errors.tsv)"
	cmd=(bash "$S/checks/doc-errors.sh")
	;;
series-sync)
	host_only
	what="the series of every base hold the same patches"
	cmd=(bash "$S/series/series-sync.sh")
	;;
export-check)
	host_only
	what="the tree and bases/$BASE/series hold the same patches"
	cmd=(bash "$S/series/export-check.sh" --ktap)
	;;
warnings)
	posting_only
	what="sparse, W=1 and Sphinx: no new warning"
	cmd=(bash "$S/checks/static-analysis.sh" build)
	;;
build-each)
	posting_only
	what="the kernel at every commit of the series"
	cmd=(bash "$S/build/build-each.sh")
	;;
backport-only)
	posting_only
	what="mainline's interface alone: the kernel of patches 1-$BACKPORT_PATCHES, its kselftests and the CPython launcher"
	cmd=(bash "$S/checks/backport-only.sh")
	;;
syscalls)
	posting_only
	what="trusted_for's number in every ABI; checksyscalls.sh per cross compiler"
	cmd=(bash "$S/checks/syscalls.sh")
	;;
matrix)
	host_only
	[ "${MATRIX:-0}" = 1 ] || not_here "the build matrix is a run of its own: make check MATRIX=1, or make check-all"
	what="the 0-day bot's builds: tinyconfig, allnoconfig, defconfig, Debian's configurations"
	cmd=(bash "$S/checks/matrix.sh")
	;;
*) die "unknown step '$name'" ;;
esac

if [ "$kind" = suite ] && [ "$name" != console ] && [[ " ${GUEST_STEPS:-} " == *" $name "* ]] && ! named_by_t; then
	not_here "not named by T=$T"
fi

start=$(now_ns)
if [ "$kind" = prepare ]; then
	stage "$name" "${cmd[@]}"
else
	printf '==> %-10s %s\n' "$name" "$what" >&3
	rc=0
	"${cmd[@]}" >"$LOGS/$name.log" 2>&1 </dev/null || rc=$?
	echo "$rc" >"$results/$name"
	printf '==> %-10s %s: done in %s\n' "$name" "$what" "$(elapsed "$start")" >&3
	# The figures that the project's guest suites print as notes
	# (benchmark times, the fuzzer's seed and counts).
	# At most 40 lines (awk reads to the end: a reader that stopped
	# early would kill sed with SIGPIPE, and fail the step).  The
	# distro suite's own notes are its top-level ones; its subtests'
	# notes are the kselftest harness's progress.
	case "$name" in
	cpython | harden | manpage-run | shells)
		sed -n 's/^ \{0,4\}# \([^|].*\)/       \1/p' "$LOGS/$name.log" | awk 'NR <= 40' >&3
		;;
	distro)
		sed -n 's/^# \([^|].*\)/       \1/p' "$LOGS/$name.log" | awk 'NR <= 40' >&3
		;;
	esac
fi
echo "$name $(elapsed "$start")" >>"$results/times"
