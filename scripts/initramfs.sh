#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Pack the guest's base initramfs: busybox, guest/init, the kselftests
# and the guest programs.  scripts/guest.sh appends the command to run.
. "$(dirname "$0")/lib.sh"

root=$OBJ/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/guest/bin" "$root/kselftest"
[ -x "$BUSYBOX" ] || die "no static busybox at $BUSYBOX"
cp "$BUSYBOX" "$root/bin/busybox"
cp "$TOP/guest/init" "$root/init"
# Each target's programs and the helpers they run (e.g. landlock's
# "true"); /kselftest/list names the tests, as the kselftest runner's
# kselftest-list.txt does.
: >"$root/kselftest/list"
for t in $SELFTEST_TARGETS; do
	[ -d "$OBJ/kselftest/$t" ] || die "kselftest target $t is not built"
	mkdir -p "$root/kselftest/$t"
	find "$OBJ/kselftest/$t" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/kselftest/$t/" \;
	make -s --no-print-directory -C "$TREE/tools/testing/selftests/$t" \
		emit_tests COLLECTION="$t" >>"$root/kselftest/list"
done
find "$OBJ/guest" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/guest/bin/" \;
cp "$TOP"/guest/*.sh "$root/guest/bin/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$OBJ/initramfs.cpio"
echo "initramfs: $OBJ/initramfs.cpio ($(du -k "$OBJ/initramfs.cpio" | cut -f1) KiB)"
find "$root" -type f | sed "s|^$root||" | sort
