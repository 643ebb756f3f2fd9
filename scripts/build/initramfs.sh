#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Pack the guest's base initramfs: busybox, guest/init, the kselftests
# (native and compat) and the guest programs.  scripts/vm/guest.sh
# appends the command to run.
. "$(dirname "$0")/../lib/lib.sh"

root=$OBJ/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/guest/bin" "$root/kselftest"
[ -x "$BUSYBOX" ] || die "no static busybox at $BUSYBOX"
cp "$BUSYBOX" "$root/bin/busybox"
cp "$TOP/guest/init" "$root/init"
# Each target as the kselftest install made it (tests, and the files
# they use such as landlock's "true"); /kselftest/list names the tests.
inst=$OBJ/kselftest-install
[ -f "$inst/kselftest-list.txt" ] || die "no kselftest install in $inst: run scripts/build/userspace.sh"
for t in $SELFTEST_TARGETS; do
	[ -d "$inst/$t" ] || die "kselftest target $t is not installed in $inst"
	cp -a "$inst/$t" "$root/kselftest/"
done
# Less bases/BASE/kselftest-exclude's programs, in the list and the
# initramfs.  The compat ones below have their own list.
kselftest_trim "$inst/kselftest-list.txt" "$root/kselftest"
# The 32-bit build of COMPAT_TARGETS goes in as targets of their own,
# "TARGET-compat", run after the native ones and counted apart.
if [ -n "$COMPAT_TARGETS" ]; then
	[ -f "$COMPAT_INSTALL/kselftest-list.txt" ] ||
		die "no compat kselftest install in $COMPAT_INSTALL: run scripts/build/userspace.sh"
	for t in $COMPAT_TARGETS; do
		[ -d "$COMPAT_INSTALL/$t" ] || die "compat kselftest target $t is not installed in $COMPAT_INSTALL"
		cp -a "$COMPAT_INSTALL/$t" "$root/kselftest/$t-compat"
	done
	# bases/BASE/kselftest-compat-exclude: "TARGET:PROGRAM REASON" lines,
	# programs that are not run as 32-bit ones on this base.
	excluded=$(sed -n 's/^\([^#][^ ]*\) .*/\1/p' "$BASE_DIR/kselftest-compat-exclude" 2>/dev/null || true)
	grep -v -x -F -e "${excluded:-#}" "$COMPAT_INSTALL/kselftest-list.txt" |
		sed 's/^\([^:]*\):/\1-compat:/' >>"$root/kselftest/list"
fi
find "$OBJ/guest" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/guest/bin/" \;
cp "$TOP"/guest/*.sh "$root/guest/bin/"
# The KTAP helper of the guest's shell drivers.
cp "$TOP/scripts/lib/ktap.sh" "$root/guest/ktap.sh"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$OBJ/initramfs.cpio"
echo "initramfs: $OBJ/initramfs.cpio ($(du -k "$OBJ/initramfs.cpio" | cut -f1) KiB)"
# The last step of make build: what the kernel and the guest were built
# from (scripts/vm/guest.sh -b compares).
guest_inputs_digest >"$STATE/guest-inputs"
find "$root" -type f | sed "s|^$root||" | sort
