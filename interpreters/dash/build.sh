# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Build Debian 12's dash (src/dash) as a static program for the guest,
# which has no libc.  Sourced by scripts/build/shells.sh, which calls
# shell_build in the source directory, once for Debian's source as it is
# and once with interpreters/dash/patches pushed.
#
# The options are those of debian/rules (--disable-fnmatch,
# --disable-lineno, --disable-glob: the shell's own pattern matching,
# no LINENO), so that both programs behave as Debian's /bin/sh, plus
# LDFLAGS=-static.  Debian's patches change configure.ac and
# src/Makefile.am, and its build runs autoreconf (dh_autoreconf): so does
# this one, or make would try to.  No libedit, as in Debian: the "fc"
# builtin and line editing are left out (SMALL).

shell_build() {
	local src=$1 cc=gcc

	cd "$src" || return 1
	if ! command -v autoreconf >/dev/null || ! command -v automake >/dev/null; then
		if ! declare -F apt_install >/dev/null; then
			echo "dash: autoreconf and automake are needed (apt-get install autoconf automake)" >&2
			return 1
		fi
		apt_install -- autoconf automake || return 1
	fi
	command -v ccache >/dev/null && cc="ccache gcc"
	autoreconf -fi &&
		./configure CC="$cc" CFLAGS="-g -O2 -Wall" LDFLAGS=-static \
			--disable-fnmatch --disable-lineno --disable-glob &&
		make -j2
}
