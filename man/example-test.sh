#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of "scripts/checks/manpage.sh run": run the EXAMPLES program of
# man/trusted_for.2 on files of known kinds under known values of
# fs.trusted_for_policy, and print KTAP (/guest/ktap.sh), a case per
# file and policy, with the details of a failure.  The expected
# answers are the ones the man page documents: exit status 0 and the line
# "FILE: may be executed" when the file is accepted, 1 and "FILE: may not
# be executed: Permission denied" when it is refused, 2 on other errors.
#
#   example-test.sh [EXAMPLE]     (default /guest/trusted_for_example)
#
# Runs as root under busybox sh; leaves the policy at 0.

ex=${1:-/guest/trusted_for_example}
policy=/proc/sys/fs/trusted_for_policy
dir=/tmp/tf-man

# shellcheck disable=SC2317 # run by the EXIT trap
restore() {
	echo 0 >"$policy" 2>/dev/null
	umount "$dir/noexec" 2>/dev/null
	umount /proc/sys/fs 2>/dev/null
	:
}
trap restore EXIT

. /guest/ktap.sh

# result NAME OK [DETAIL]: one case.
result() {
	if [ "$2" = 1 ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1" ${3:+"$3"}
	fi
}

# check POLICY FILE WANT_STATUS WANT_TEXT NAME: set the policy, run the
# example on FILE, and compare its exit status and its output (stdout
# and stderr) with what the man page says.
check() {
	pol=$1 file=$2 want=$3 text=$4 name="$5 (policy $1)"
	if ! echo "$pol" >"$policy"; then
		result "$name" 0 "cannot write $pol to $policy"
		return
	fi
	out=$("$ex" "$file" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && [ "$out" = "$text" ]; then
		result "$name" 1
	else
		result "$name" 0 "expected exit $want and \"$text\"; got exit $rc and:
$out"
	fi
}

allowed() { check "$1" "$2" 0 "$2: may be executed" "$3: allowed"; }
refused() { check "$1" "$2" 1 "$2: may not be executed: Permission denied" "$3: refused"; }

[ -x "$ex" ] || ktap_stop "the example program" "no program at $ex"
[ -f "$policy" ] || ktap_stop "the sysctl" "this kernel has no $policy"

mkdir -p "$dir/exec" "$dir/noexec" || ktap_stop "the test files" "mkdir $dir failed"
mount -t tmpfs -o noexec tf-man-noexec "$dir/noexec" ||
	ktap_stop "the test files" "mount -t tmpfs -o noexec failed"
for d in exec noexec; do
	printf '#!/bin/sh\necho hello\n' >"$dir/$d/script-0755.sh"
	printf '#!/bin/sh\necho hello\n' >"$dir/$d/script-0644.sh"
	chmod 0755 "$dir/$d/script-0755.sh"
	chmod 0644 "$dir/$d/script-0644.sh"
done
x755=$dir/exec/script-0755.sh
x644=$dir/exec/script-0644.sh
n755=$dir/noexec/script-0755.sh

# Policy 0: read permission is all that counts.
allowed 0 "$x755" "0755 file on tmpfs"
allowed 0 "$x644" "0644 file on tmpfs"
allowed 0 "$n755" "0755 file on a noexec tmpfs"
allowed 0 "$dir" "directory"
# Bit 1: execute permission; no execute bit refuses even root.
allowed 2 "$x755" "0755 file on tmpfs"
refused 2 "$x644" "0644 file on tmpfs"
allowed 2 "$n755" "0755 file on a noexec tmpfs"
# Bit 0: noexec mounts.
allowed 1 "$x644" "0644 file on tmpfs"
refused 1 "$n755" "0755 file on a noexec tmpfs"
refused 3 "$n755" "0755 file on a noexec tmpfs"
allowed 3 "$x755" "0755 file on tmpfs"
# Any bit set: only regular files.
refused 1 "$dir" "directory"
refused 2 /dev/null "character device"
# Other errors exit with 2.
check 0 "$dir/missing" 2 "$ex: $dir/missing: No such file or directory" \
	"missing file: error"

echo 0 >"$policy"
# The program tells whether the kernel has trusted_for(2) from procfs,
# without calling it: /proc/sys/fs hidden by a directory of another
# filesystem leaves it unable to tell, and procfs's /proc/sys/kernel bound
# onto it looks like a kernel without the system call.  Both exit with 2.
hidden() {
	name=$1 source=$2 want=$3
	if mount -o bind "$source" /proc/sys/fs; then
		out=$("$ex" "$x755" 2>&1)
		rc=$?
		umount /proc/sys/fs
		if [ "$rc" = 2 ] && [ "$out" = "$ex: $want" ]; then
			result "$name" 1
		else
			result "$name" 0 "expected exit 2 and \"$ex: $want\"; got exit $rc and:
$out"
		fi
	else
		result "$name" 0 "cannot bind-mount $source over /proc/sys/fs"
	fi
}
mkdir -p "$dir/empty"
hidden "cannot tell with /proc/sys/fs hidden" "$dir/empty" \
	"no /proc/sys/fs to tell whether this kernel has trusted_for(2)"
hidden "no trusted_for(2) where procfs lacks the sysctl" /proc/sys/kernel \
	"this kernel has no trusted_for(2)"

umount "$dir/noexec"
now=$(cat "$policy")
result "policy restored to 0" "$([ "$now" = 0 ] && echo 1 || echo 0)" "policy is $now"
ktap_done
exit 0
