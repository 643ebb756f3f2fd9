#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install with apt-get whatever the build, boot and tests need and is
# missing, and the pinned base package.  Records the base package
# version actually installed in $STATE/base-package-version.
. "$(dirname "$0")/lib.sh"

# Tools for the host side; the QEMU profile adds its own.
packages=(build-essential flex bison bc libelf-dev libssl-dev libcap-dev cpio ccache sparse
	python3-sphinx python3-sphinx-rtd-theme mandoc groff-base man-db python3-dev
	xz-utils rsync perl python3 python3-ply python3-git busybox-static kmod file gdb $PROFILE_PACKAGES)

installed_version() {
	# dpkg-query fails on a package it has never seen: that is "none".
	{ dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$1" 2>/dev/null || true; } |
		sed -n 's/^ii *//p'
}

updated=0
apt_update() {
	[ "$updated" = 1 ] && return 0
	echo "apt-get update"
	# An index that fails to download (a mirror mid-sync) is often one
	# this run needs nothing from; apt-get install says when it was.
	apt-get update -q || note "apt-get update reported errors; going on with the lists it has"
	updated=1
}

# Packages of another architecture (libcap-dev:i386, busybox-static:arm64)
# need dpkg to know that architecture, and apt its package lists.
for arch in $PROFILE_DPKG_ARCHES; do
	if ! dpkg --print-foreign-architectures | grep -qxF "$arch"; then
		note "adding the dpkg architecture $arch"
		dpkg --add-architecture "$arch"
		apt_update
	fi
done

missing=()
for p in "${packages[@]}"; do
	[ -n "$(installed_version "$p")" ] || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	note "installing: ${missing[*]}"
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

have=$(installed_version "$BASE_PACKAGE")
if [ "$have" != "$BASE_PACKAGE_VERSION" ]; then
	apt_update
	if apt-cache madison "$BASE_PACKAGE" | awk -F'|' '{gsub(/ /, "", $2); print $2}' |
		grep -qxF "$BASE_PACKAGE_VERSION"; then
		want="$BASE_PACKAGE=$BASE_PACKAGE_VERSION"
	else
		newest=$(apt-cache madison "$BASE_PACKAGE" | awk -F'|' '{gsub(/ /, "", $2); print $2; exit}')
		[ -n "$newest" ] || die "no $BASE_PACKAGE package is offered by the configured apt sources"
		note "NOTE: $BASE_PACKAGE $BASE_PACKAGE_VERSION (pinned in bases/$BASE/base.conf) is no longer offered;"
		note "NOTE: using the newest one, $newest. The series may need rebasing."
		want="$BASE_PACKAGE=$newest"
	fi
	if [ "$have" != "${want#*=}" ]; then
		note "installing $want"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --allow-downgrades \
			--no-install-recommends "$want"
	fi
	have=$(installed_version "$BASE_PACKAGE")
fi
[ -f "$BASE_TARBALL" ] || die "$BASE_PACKAGE $have is installed but $BASE_TARBALL is missing"
echo "$have" >"$STATE/base-package-version"
echo "base package: $BASE_PACKAGE $have"

# The guest's busybox, when this machine's static one does not fit the
# profile's architecture.
bash "$TOP/scripts/busybox.sh"
