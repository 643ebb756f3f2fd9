#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The locked-down guest (scripts/checks/shells.sh boots it): the patched
# BusyBox is /bin/busybox, so /bin/sh and the guest's own /init; the
# kernel starts with fs.trusted_for_policy=3 (sysctl.fs.trusted_for_policy
# on its command line); init sets SECBIT_EXEC_RESTRICT_FILE and its lock
# (tf.secbits=0x300) for everything it starts, this script included.
#
#   lockdown.sh
#
# Prints KTAP: that the system runs (init, this driver, a suite's driver,
# system(3) and "sh -c" outside the service), that a script dropped on
# the noexec /tmp is refused however it is handed to a shell, and that
# the spool service (spoold.sh, with SECBIT_EXEC_DENY_INTERACTIVE set and
# locked for it) runs the programs and files its jobs name but refuses
# code from no file.
here=$(cd "$(dirname "$0")" && pwd)
n=0
fails=0
echo "KTAP version 1"
echo "1..24"

# case NAME: ok when the previous command's status is 0.
case_() {
	st=$?
	n=$((n + 1))
	if [ $st = 0 ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		fails=$((fails + 1))
		[ -z "${out:-}" ] || printf '%s\n' "$out" | head -n 5 | sed 's/^/# | /'
	fi
	out=
}

# The setting itself.
[ "$(cat /proc/sys/fs/trusted_for_policy)" = 3 ]
case_ "fs.trusted_for_policy is 3 from the kernel's command line"
out=$(/kselftest/exec/secbits-run 0x0 true 2>&1)
[ $? = 125 ]
case_ "SECBIT_EXEC_RESTRICT_FILE is locked: clearing it fails"
# This script is running: init (a script of the patched shell) started
# it under policy 3 and the securebits.
[ "$(readlink /proc/1/exe)" = /bin/busybox ] && cmp -s /bin/busybox /guest/shells/busybox &&
	[ "$(readlink -f /bin/sh)" = /bin/busybox ]
case_ "init and this driver ran, with the patched BusyBox as /bin/sh"
mount -o remount,noexec /tmp
grep -q ' /tmp tmpfs [^ ]*noexec' /proc/mounts
case_ "/tmp is remounted noexec"

# The guest's own scripts and the shell's ordinary uses.
out=$(run-kselftests.sh exec/recursion-depth 2>&1)
case_ "a suite's driver (run-kselftests.sh exec/recursion-depth) runs"
out=$(sh -c 'echo from-c' 2>&1)
[ "$out" = from-c ]
case_ "sh -c runs outside the service"
out=$(awk 'BEGIN { system("echo from-system") }' 2>&1)
[ "$out" = from-system ]
case_ "system(3) (awk's system()) runs outside the service"
out=$(echo 'echo from-pipe' | sh 2>&1)
[ "$out" = from-pipe ]
case_ "code piped to sh runs outside the service"
cat >/tmp/x <<'EOF'
echo MARK-dropped
EOF
chmod 0755 /tmp/x

# no_marker: the last output does not have the dropped script's marker.
no_marker() {
	case "$out" in *MARK-dropped*) return 1 ;; esac
}
out=$(sh /tmp/x 2>&1)
[ $? = 126 ] && no_marker
case_ "sh /tmp/x is refused with 126"
out=$(sh -c '. /tmp/x' 2>&1)
[ $? = 126 ] && no_marker
case_ ". /tmp/x is refused with 126"
out=$(sh </tmp/x 2>&1)
[ $? = 126 ] && no_marker
case_ "sh < /tmp/x is refused with 126"
out=$(sh -s </tmp/x 2>&1)
[ $? = 126 ] && no_marker
case_ "sh -s < /tmp/x is refused with 126"
out=$(ENV=/tmp/x sh -i </dev/null 2>&1)
no_marker
case_ "ENV=/tmp/x sh -i runs without /tmp/x"
out=$(/tmp/x 2>&1)
no_marker
case_ "/tmp/x run as a program is refused (execve)"

# The service: a pass of spoold over its spool, with
# SECBIT_EXEC_DENY_INTERACTIVE set and locked for it (0xf00: both bits
# and their locks).
spool=/run/spool
mkdir -p "$spool" /run
printf 'echo\njob-ran\n' >"$spool/1-program.job"
printf 'sh\n%s/spool-job.sh\n' "$here" >"$spool/2-script.job"
printf 'sh\n-c\necho job-c\n' >"$spool/3-c.job"
printf 'sh\n-c\n%s\n' "$(cat /tmp/x)" >"$spool/4-c-of-file.job"
printf 'sh\n' >"$spool/5-pipe.job"
cp /tmp/x "$spool/5-pipe.in"
printf 'sh\n/tmp/x\n' >"$spool/6-file.job"
printf 'awk\nBEGIN { system("echo job-system") }\n' >"$spool/7-system.job"
printf 'sh\n/proc/self/fd/0\n' >"$spool/8-dev-stdin.job"
cp /tmp/x "$spool/8-dev-stdin.in"
/kselftest/exec/secbits-run 0xf00 /bin/sh "$here/spoold.sh" "$spool"
case_ "spoold ran its jobs under SECBIT_EXEC_DENY_INTERACTIVE"
# job NAME STATUS [TEXT]: the job ended with STATUS, its output has TEXT.
job() {
	out=$(cat "$spool/$1.out")
	[ "$(cat "$spool/$1.status")" = "$2" ] &&
		case "$out" in *"${3:-}"*) true ;; *) false ;; esac
}
job 1-program 0 job-ran
case_ "service: a program that a job names runs"
job 2-script 0 spool-job-ran
case_ "service: a script file that a job names (0755, rootfs) runs"
job 3-c 126
case_ "service: sh -c CODE is refused with 126"
job 4-c-of-file 126 && no_marker
case_ 'service: sh -c "$(cat /tmp/x)" is refused with 126'
job 5-pipe 126 && no_marker
case_ "service: cat /tmp/x | sh is refused with 126"
job 6-file 126 && no_marker
case_ "service: sh /tmp/x is refused with 126"
# awk's system() runs "sh -c": code from no file, refused in the service.
job 7-system 0 && ! grep -q job-system "$spool/7-system.out"
case_ "service: system(3) (awk's system()) runs no code"
# A path that names a pipe hands the shell code from no file too.
job 8-dev-stdin 126 && no_marker
case_ "service: cat /tmp/x | sh /proc/self/fd/0 is refused with 126"
out=$(/kselftest/exec/secbits-run 0xf00 /bin/sh -c 'echo x' 2>&1)
[ $? = 126 ]
case_ "a process given DENY_INTERACTIVE cannot run sh -c"
[ $fails = 0 ]
