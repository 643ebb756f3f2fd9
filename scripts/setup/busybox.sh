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

stamp=$dir/from

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
	# The source's version lacks the binary's rebuild suffix (+b1).
	srcver=$(dpkg-query -W -f='${source:Version}' busybox-static)
	apt_source busybox "$srcver" "$dir/work/src" || die "no busybox source"
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
