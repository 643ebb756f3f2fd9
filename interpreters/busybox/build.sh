# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Build BusyBox (its ash is the test guest's /bin/sh) for
# scripts/build/shells.sh: the busybox program, linked statically, with
# Debian's own configuration of busybox-static (debian/config/pkg/static,
# the one the project's scripts/setup/busybox.sh uses for riscv64), so
# that the guest's shell is Debian's in all but the series.  oldconfig
# takes the default of any option the configuration does not name (none
# for this version); -j2 is the most this machine's builds may use, and
# busybox's Makefile builds one target at a time in parallel.

shell_build() {
	local src=$1 cc='gcc'
	command -v ccache >/dev/null && cc='ccache gcc'
	cp "$src/debian/config/pkg/static" "$src/.config"
	make -C "$src" CC="$cc" oldconfig </dev/null
	make -C "$src" CC="$cc" -j2 busybox
}
