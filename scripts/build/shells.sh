#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the shells of interpreters/ (dash, BusyBox's ash, bash) from
# Debian's source packages, with and without their quilt series:
#
#   scripts/build/shells.sh [SHELL]...     (default: every one)
#
# For each SHELL, interpreters/SHELL/shell.conf names the Debian source
# package, its pinned version and the program its build makes, relative
# to the source (SHELL_PACKAGE, SHELL_VERSION, SHELL_PROGRAM), and
# interpreters/SHELL/build.sh defines shell_build SRC, which builds that
# static program in SRC (its output goes to SHELLS_DIR/SHELL/VARIANT.log,
# whose tail is shown when it fails).  The source is fetched
# with apt-get source (scripts/lib/apt.sh adds deb-src entries derived
# from the machine's own), unpacked twice under $SHELLS_DIR/SHELL/, and
# the series interpreters/SHELL/patches is pushed with quilt on one
# copy.  The results:
#
#   $SHELLS_DIR/bin/SHELL        patched
#   $SHELLS_DIR/bin/SHELL-orig   Debian's source as it is
#
# Both are rebuilt only when their inputs change (a digest of shell.conf,
# build.sh and the patches, in $SHELLS_DIR/SHELL/stamp).  A patch that
# does not apply is named, with quilt's output.
. "$(dirname "$0")/../lib/lib.sh"

SHELLS_DIR=${SHELLS_DIR:-$BUILD_ROOT/shells}
all_shells="dash busybox bash"
[ $# -gt 0 ] || set -- $all_shells

command -v quilt >/dev/null || apt_install -- quilt || die "could not install quilt"

build_one() {
	local sh=$1 dir=$SHELLS_DIR/$1 idir=$TOP/interpreters/$1 key prog
	local SHELL_PACKAGE='' SHELL_VERSION='' SHELL_PROGRAM=''
	[ -f "$idir/shell.conf" ] || die "no interpreters/$sh/shell.conf"
	# shellcheck source=/dev/null
	. "$idir/shell.conf"
	[ -n "$SHELL_PACKAGE" ] && [ -n "$SHELL_VERSION" ] && [ -n "$SHELL_PROGRAM" ] ||
		die "interpreters/$sh/shell.conf: SHELL_PACKAGE, SHELL_VERSION and SHELL_PROGRAM are required"
	# shellcheck source=/dev/null
	. "$idir/build.sh"
	key=$(cd "$idir/patches" && cat ../shell.conf ../build.sh series $(sed 's/#.*//' series) | sha256sum) ||
		die "interpreters/$sh: a file that patches/series names is missing"
	key="$key $(sha256sum "$TOP/scripts/build/shells.sh")"
	if [ -x "$SHELLS_DIR/bin/$sh" ] && [ -x "$SHELLS_DIR/bin/$sh-orig" ] &&
		[ "$(cat "$dir/stamp" 2>/dev/null)" = "$key" ]; then
		echo "$sh: up to date ($SHELL_PACKAGE $SHELL_VERSION)"
		return 0
	fi
	rm -rf "$dir"
	mkdir -p "$dir" "$SHELLS_DIR/bin"
	apt_source "$SHELL_PACKAGE" "$SHELL_VERSION" "$dir/orig" ||
		die "$sh: no source of $SHELL_PACKAGE $SHELL_VERSION"
	cp -a "$dir/orig" "$dir/patched"
	if ! log=$(cd "$dir/patched" && QUILT_PATCHES=$idir/patches QUILT_PC=.pc-tf \
		quilt push -a --fuzz=0 2>&1); then
		printf '%s\n' "$log" >&2
		die "$sh: interpreters/$sh/patches does not apply to $SHELL_PACKAGE $SHELL_VERSION (above)"
	fi
	for v in orig patched; do
		if ! (cd "$dir/$v" && shell_build "$dir/$v") >"$dir/$v.log" 2>&1; then
			tail -n 30 "$dir/$v.log" >&2
			die "$sh: the build of $v failed (above; all of it in $dir/$v.log)"
		fi
		prog=$dir/$v/$SHELL_PROGRAM
		file "$prog" | grep -q 'statically linked' || die "$sh: $prog is not a static program"
		if [ $v = orig ]; then cp "$prog" "$SHELLS_DIR/bin/$sh-orig"; else cp "$prog" "$SHELLS_DIR/bin/$sh"; fi
	done
	echo "$key" >"$dir/stamp"
	echo "$sh: built $SHELLS_DIR/bin/$sh and $sh-orig ($SHELL_PACKAGE $SHELL_VERSION)"
}

for sh in "$@"; do
	case " $all_shells " in
	*" $sh "*) build_one "$sh" ;;
	*) die "unknown shell '$sh': one of $all_shells" ;;
	esac
done
