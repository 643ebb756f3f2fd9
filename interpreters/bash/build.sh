# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Build a static bash (shell.c's program "bash" at the top of the source)
# for the guest, which has no libc: sourced by scripts/build/shells.sh,
# which calls shell_build SRC with SRC as the current directory.
#
# The options are those of Debian's bash-static (debian/rules:
# static_conf_args), less what the guest does not need:
#   --prefix=/usr               the paths Debian's bash is built with
#   --enable-static-link        link with -static (glibc's libc.a)
#   --without-bash-malloc       glibc's malloc, as Debian's packages do
#   --disable-nls               no message catalogues in the guest
# Readline is bash's bundled copy and termcap comes from libtinfo.a
# (libncurses-dev), which configure finds by itself.  Debian's
# config-top.h (deb-bash-config.diff, already applied by dpkg-source)
# enables SYS_BASHRC, SYS_BASH_LOGOUT, NON_INTERACTIVE_LOGIN_SHELLS and
# SSH_SOURCE_BASHRC, so the static bash reads the same files as
# Debian's.  glibc's warnings about getpwnam() and dlopen() in a static
# program are expected.
shell_build() {
	local src=$1 cc=gcc

	command -v ccache >/dev/null && cc="ccache gcc"
	cd "$src" || return
	./configure --prefix=/usr --enable-static-link \
		--without-bash-malloc --disable-nls \
		CC="$cc" CFLAGS="-O2 -Wall" || return
	make -j2 bash
}
