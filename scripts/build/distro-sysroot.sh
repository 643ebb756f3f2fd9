#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Stage what the distribution kernel's guest needs of this machine's
# userspace: a root tree that scripts/checks/distro.sh puts in the guest
# and guest/distro-run.sh copies onto the guest's / before the tests.
#
#   scripts/build/distro-sysroot.sh DIR
#
# DIR (emptied first) gets Debian's apparmor_parser (apt package
# apparmor), which guest/trusted-for-apparmor.c loads its profiles with,
# and Debian's fapolicyd (apt package fapolicyd), for
# guest/trusted-for-fapolicyd.c:
# the daemon, each shared library it needs at its own path, the magic
# databases of its libmagic, its user and group in etc/passwd and
# etc/group, the directories it writes (var/lib/fapolicyd, run/fapolicyd,
# var/log), and a configuration made for the guest:
#
#   - etc/fapolicyd/fapolicyd.conf: trust back end "file" alone (its
#     fapolicyd.trust lists nothing), no integrity check, and watch_fs
#     "tmpfs", the guest's root and the tmpfs that the test mounts on
#     FAPOLICYD_TEST_DIR for its files;
#   - etc/fapolicyd/compiled.rules: deny the execution of one file,
#     FAPOLICYD_TEST_DIR/untrusted, and of the test's readiness probe,
#     FAPOLICYD_TEST_DIR/ready; allow everything else.
#
# The guest program knows the same paths (FAPOLICYD_TEST_DIR and the
# file names): change them together.
. "$(dirname "$0")/../lib/lib.sh"

[ $# -eq 1 ] || die "usage: $0 DIR"
root=$1
FAPOLICYD_TEST_DIR=/mnt/fapolicyd-test

# stage_file PATH [MODE]: copy this machine's PATH (a symbolic link
# followed) to the same path under the root.
stage_file() {
	local path=$1 mode=${2:-}
	[ -e "$path" ] || die "no $path on this machine"
	mkdir -p "$root$(dirname "$path")"
	cp -L "$path" "$root$path"
	[ -z "$mode" ] || chmod "$mode" "$root$path"
}

# stage_binary PATH: copy the program PATH and every shared library it
# needs (the dynamic loader among them), each at its own path.
stage_binary() {
	local path=$1 lib
	[ -x "$path" ] || die "no program $path on this machine"
	stage_file "$path" 0755
	file -L "$path" | grep -q 'dynamically linked' || return 0
	for lib in $(ldd "$path" | grep -o '/[^ ]*'); do
		stage_file "$lib"
	done
}

# stage_user NAME UID GID HOME: an account and its group, as this
# machine's files have it (the numbers given), with root before it.
stage_user() {
	local name=$1 uid=$2 gid=$3 home=$4
	mkdir -p "$root/etc"
	[ -f "$root/etc/passwd" ] || echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
	[ -f "$root/etc/group" ] || echo "root:x:0:" >"$root/etc/group"
	[ -f "$root/etc/nsswitch.conf" ] || printf 'passwd: files\ngroup: files\n' >"$root/etc/nsswitch.conf"
	echo "$name:x:$uid:$gid::$home:/bin/false" >>"$root/etc/passwd"
	echo "$name:x:$gid:" >>"$root/etc/group"
}

rm -rf "$root"
mkdir -p "$root"

# AppArmor's parser: it compiles a profile for the running kernel's
# features (securityfs's apparmor/features) and loads it.
stage_binary /usr/sbin/apparmor_parser

# fapolicyd: the daemon, and the files its libmagic loads (the list is
# compiled in: "fapolicyd-magic.mgc:magic.mgc").
stage_binary /usr/sbin/fapolicyd
stage_file /usr/share/fapolicyd/fapolicyd-magic.mgc
stage_file /usr/share/misc/magic.mgc
# It switches to its own user (uid, gid in fapolicyd.conf), which
# systemd-tmpfiles gives /run/fapolicyd (usr/lib/tmpfiles.d/fapolicyd.conf)
# and which must write its trust database in /var/lib/fapolicyd.
fapolicyd_uid=$(id -u fapolicyd 2>/dev/null || echo 102)
fapolicyd_gid=$(getent group fapolicyd | cut -d: -f3)
stage_user fapolicyd "$fapolicyd_uid" "${fapolicyd_gid:-106}" /run/fapolicyd/
mkdir -p "$root/run/fapolicyd" "$root/var/lib/fapolicyd" "$root/var/log" \
	"$root/etc/fapolicyd/trust.d" "$root/etc/fapolicyd/rules.d"
chmod 0770 "$root/run/fapolicyd"
chmod 0755 "$root/var/lib/fapolicyd"

cat >"$root/etc/fapolicyd/fapolicyd.conf" <<EOF
# The guest's fapolicyd (scripts/build/distro-sysroot.sh): no rpm
# database, an empty trust file, and the guest's file systems, all tmpfs.
permissive = 0
nice_val = 14
q_size = 640
uid = fapolicyd
gid = fapolicyd
do_stat_report = 0
detailed_report = 0
db_max_size = 4
subj_cache_size = 1549
obj_cache_size = 8191
watch_fs = tmpfs
trust = file
integrity = none
syslog_format = rule,dec,perm,auid,pid,exe,:,path,ftype,trust
allow_filesystem_mark = 0
EOF
cat >"$root/etc/fapolicyd/fapolicyd.trust" <<'EOF'
# The guest trusts no file by this list: the rules decide by path.
EOF
# What fagenrules would compile from rules.d (first match wins).
cat >"$root/etc/fapolicyd/compiled.rules" <<EOF
deny perm=execute all : path=$FAPOLICYD_TEST_DIR/ready
deny perm=execute all : path=$FAPOLICYD_TEST_DIR/untrusted
allow perm=any all : all
EOF
cp "$root/etc/fapolicyd/compiled.rules" "$root/etc/fapolicyd/rules.d/50-trusted-for-test.rules"

echo "staged in $root: $(find "$root" -type f | wc -l) files, $(du -sk "$root" | cut -f1) KiB"
