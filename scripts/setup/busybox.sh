#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Provide the guest's static busybox at $BUSYBOX for the QEMU profile,
# as its BUSYBOX_FROM says:
#
#   host        this machine's /bin/busybox (busybox-static): x86_64
#   deb:ARCH    Debian's busybox-static of ARCH, downloaded through dpkg
#               multiarch (the profile lists ARCH in PROFILE_DPKG_ARCHES)
#               and unpacked: the same package as the host's
#   source      Debian's busybox source package, built statically with
#               the profile's cross compiler and Debian's own
#               configuration of busybox-static: for architectures that
#               Debian 12 has no binary packages of (riscv64)
#
# The result is kept in the cache (scripts/lib/cache.sh), under
# busybox/PROFILE/ with a stamp naming where it came from, and reused
# while that stays the same.
. "$(dirname "$0")/../lib/lib.sh"

dir=$(dirname "$BUSYBOX")

# deb822_src: the deb822 stanzas of the host's apt sources that have
# binary packages ("Types: deb"), as deb-src stanzas; one-line
# "deb ..." entries of sources.list become deb-src stanzas too.
deb822_src() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		if [ ! -f "$f" ] || [ "$f" = "$src_list" ]; then continue; fi
		awk -v RS= -v ORS='\n\n' '/(^|\n)Types:([^\n]* )?deb( [^\n]*)?(\n|$)/ {
			gsub(/(^|\n)#[^\n]*/, "")
			sub(/Types:[^\n]*/, "Types: deb-src")
			print
		}' "$f"
	done
	[ -f /etc/apt/sources.list ] &&
		sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) \([^ ]*\) \(.*\)$/Types: deb-src\nURIs: \2\nSuites: \3\nComponents: \4\n/p' \
			/etc/apt/sources.list
	true
}
stamp=$dir/from
src_list=/etc/apt/sources.list.d/trusted-for-deb-src.sources

# A busybox for the profile, from the same Debian version as the host's.
version=$(dpkg-query -W -f='${Version}' busybox-static)
want="$BUSYBOX_FROM $version"
if [ "$BUSYBOX_FROM" = host ] ||
	{ [ -x "$BUSYBOX" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; }; then
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/work"
case "$BUSYBOX_FROM" in
deb:*)
	arch=${BUSYBOX_FROM#deb:}
	(cd "$dir/work" && apt-get download -q "busybox-static:$arch=$version")
	dpkg-deb -x "$dir"/work/busybox-static_*.deb "$dir/work/root"
	cp "$dir/work/root/bin/busybox" "$BUSYBOX"
	;;
source)
	# apt-get source needs deb-src lines: the host's Debian sources,
	# with the same mirrors and suites, in a file of this project's own.
	if ! apt-get source --print-uris -q busybox >/dev/null 2>&1; then
		note "adding deb-src lines ($src_list) for Debian's busybox source"
		deb822_src >"$src_list.new"
		[ -s "$src_list.new" ] || die "no Debian source found in /etc/apt to derive deb-src lines from"
		mv "$src_list.new" "$src_list"
		# An index that fails to download (a mirror mid-sync) need not
		# be the one with the source: apt-get source says if it is.
		apt_update
	fi
	# The source's version lacks the binary's rebuild suffix (+b1).
	srcver=$(dpkg-query -W -f='${source:Version}' busybox-static)
	(cd "$dir/work" && apt-get source -q --download-only "busybox=$srcver" &&
		dpkg-source -x busybox_*.dsc src)
	src=$dir/work/src
	# Debian's busybox-static configuration (debian/config/pkg/static),
	# with what it cannot build here turned off: nothing yet.
	cp "$src/debian/config/pkg/static" "$src/.config"
	make -C "$src" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" CC="ccache ${CROSS_COMPILE}gcc" \
		oldconfig </dev/null
	make -C "$src" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" CC="ccache ${CROSS_COMPILE}gcc" \
		-j"$JOBS" busybox
	cp "$src/busybox" "$BUSYBOX"
	;;
*) die "qemu_configs/$PROFILE.conf: unknown BUSYBOX_FROM '$BUSYBOX_FROM'" ;;
esac
file "$BUSYBOX" | grep -q 'statically linked' || die "$BUSYBOX is not a static program"
rm -rf "$dir/work"
echo "$want" >"$stamp"
echo "busybox: $BUSYBOX ($BUSYBOX_FROM $version)"
