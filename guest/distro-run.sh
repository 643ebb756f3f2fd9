#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of scripts/checks/distro.sh, on the distribution kernel
# (VARIANT=distro): print what the host checks, then run the BPF LSM test.
#
#   lsm: the active security modules, as /sys/kernel/security/lsm lists them
#   ima: "yes" when IMA's securityfs directory exists
#   then the KTAP of /guest/bin/trusted-for-bpf-lsm, "bpf-lsm status: N",
#   the KTAP of /guest/bin/trusted-for-ima (which loads an IMA policy)
#   and "ima status: N", the KTAP of /guest/bin/trusted-for-apparmor and
#   "apparmor status: N", the KTAP of /guest/bin/trusted-for-fapolicyd
#   (which starts the daemon: it runs last) and "fapolicyd status: N"
mkdir -p /sys/kernel/security
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
# apparmor_parser and fapolicyd (scripts/build/distro-sysroot.sh).
cp -a /guest/distro-root/. / || echo "distro-run: copying /guest/distro-root onto / failed" >&2
echo "lsm: $(cat /sys/kernel/security/lsm 2>/dev/null)"
if [ -d /sys/kernel/security/ima ] || [ -d /sys/kernel/security/integrity/ima ]; then
	echo "ima: yes"
else
	echo "ima: no"
fi
/guest/bin/trusted-for-bpf-lsm
echo "bpf-lsm status: $?"
/guest/bin/trusted-for-ima
echo "ima status: $?"
/guest/bin/trusted-for-apparmor
echo "apparmor status: $?"
/guest/bin/trusted-for-fapolicyd
echo "fapolicyd status: $?"
