#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install with apt-get whatever the build, boot and tests need and is
# missing, and the pinned base package.  Records the base package
# version actually installed in $TREE_STATE/base-package-version.
. "$(dirname "$0")/../lib/lib.sh"

# Tools for the host side; the QEMU profile and the kernel variant add
# their own.
packages=(build-essential flex bison bc libelf-dev libssl-dev libcap-dev cpio ccache sparse
	python3-sphinx python3-sphinx-rtd-theme mandoc groff-base man-db python3-dev
	xz-utils rsync perl python3 python3-ply python3-git busybox-static kmod file gdb quilt autoconf automake libncurses-dev $PROFILE_PACKAGES $VARIANT_PACKAGES)

# Packages of another architecture (libcap-dev:i386, busybox-static:arm64)
# need dpkg to know that architecture, and apt its package lists.
for arch in $PROFILE_DPKG_ARCHES; do
	if ! dpkg --print-foreign-architectures | grep -qxF "$arch"; then
		note "adding the dpkg architecture $arch"
		dpkg --add-architecture "$arch"
		apt_updated=0
	fi
done

apt_install -- "${packages[@]}" || die "could not install the packages above"

have=$(apt_installed_version "$BASE_PACKAGE")
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
		apt_install --allow-downgrades -- "$want" || die "could not install $want"
	fi
	have=$(apt_installed_version "$BASE_PACKAGE")
fi
[ -f "$BASE_TARBALL" ] || die "$BASE_PACKAGE $have is installed but $BASE_TARBALL is missing"
echo "$have" >"$TREE_STATE/base-package-version"
echo "base package: $BASE_PACKAGE $have"

# The guest's busybox, when this machine's static one does not fit the
# profile's architecture.
bash "$TOP/scripts/setup/busybox.sh"
