#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The patched shells' answers, case by case, against a rule written here
# independently of the shells' code:
#
#   matrix.sh KIND SHELL
#
# KIND is dash, ash or bash (what entry points the shell has); SHELL the
# program.  Run as root, with SECBITS_RUN naming the selftests' secbits-run
# (it sets the securebits and the user, then runs the shell).  Prints the
# cases as KTAP lines (no plan: guest-tests.sh numbers and counts them).
#
# Each entry point that takes code from a file is tried with every
#   fs.trusted_for_policy (0..3; "-" on a kernel without trusted_for(2)),
#   mount (an exec and a noexec tmpfs), mode (0755, 0644),
#   securebits (none, RESTRICT_FILE, DENY_INTERACTIVE, both) and user (0,
#   1000),
# and code from no file (-c, a pipe on standard input) with every policy,
# securebits and user.  The file prints a marker; the expected answer:
#
#   a file is refused when the policy refuses it (bit 0: the noexec
#   mount; bit 1: no execute permission for the user, root included, who
#   needs one x bit) or when AT_EXECVE_CHECK refuses it (noexec mount, no
#   x) and a securebit enforces that answer: RESTRICT_FILE for files,
#   either bit for standard input that is a regular file;
#   code from no file is refused when DENY_INTERACTIVE is set, never by
#   the policy.
#
# Then, without procfs (a chroot that has no /proc), where the shell
# cannot read the policy: every file must pass AT_EXECVE_CHECK, whatever
# the policy and the securebits (policy 0, no bit set): a file on the
# noexec mount or without an execute bit is refused.
#
# A refused script, standard input or -c exits 126 without the marker; a
# refused ". FILE" makes the sourcing script exit 126 (dot.sh passes the
# status on); a refused start-up file (ENV, profile, rc, BASH_ENV) is
# skipped, the shell exits 0 without its marker.
set -u
kind=$1
sh=$2
run=${SECBITS_RUN:?SECBITS_RUN: the secbits-run program}
top=${MATRIX_DIR:-/tmp/shell-matrix}

if [ -f /proc/sys/fs/trusted_for_policy ]; then
	policies="0 1 2 3"
	old_policy=$(cat /proc/sys/fs/trusted_for_policy)
else
	policies=-
fi

setup() {
	umount "$top/exec" "$top/noexec" 2>/dev/null
	mkdir -p "$top/exec" "$top/noexec"
	mount -t tmpfs -o mode=0755 exec "$top/exec" || exit 1
	mount -t tmpfs -o mode=0755,noexec noexec "$top/noexec" || exit 1
	t=$top/exec/trusted
	mkdir -p "$t"
	printf '. "$1" || exit "$?"\n' >"$t/dot.sh"
	printf 'PATH="$2:$PATH"\n. "$1" || exit "$?"\n' >"$t/dotpath.sh"
	printf 'source "$1" || exit "$?"\n' >"$t/source.sh"
	: >"$t/empty.sh"
	chmod 0755 "$t"/*.sh
	for m in exec noexec; do
		for mode in 0755 0644; do
			d=$top/$m/d$mode
			mkdir -p "$d/home"
			echo "echo MARK-ran" >"$d/f.sh"
			cp "$d/f.sh" "$d/home/.profile"
			chmod "$mode" "$d/f.sh" "$d/home/.profile"
		done
	done
}

# expect_file POLICY MOUNT MODE BITS ORIGIN: "refused" or "ran".
expect_file() {
	p=$1 m=$2 mode=$3 b=$4 origin=$5
	tf=0 chk=0
	case "$mode" in 0755) ;; *) chk=1 ;; esac
	[ "$m" = noexec ] && chk=1
	if [ "$p" != - ]; then
		[ $((p & 1)) = 1 ] && [ "$m" = noexec ] && tf=1
		[ $((p & 2)) = 2 ] && [ "$mode" = 0644 ] && tf=1
	fi
	enforce=0
	case "$origin" in
	file) [ $((b & 0x100)) != 0 ] && enforce=1 ;;
	stdin) [ $((b & 0x500)) != 0 ] && enforce=1 ;;
	esac
	if [ $tf = 1 ] || { [ $chk = 1 ] && [ $enforce = 1 ]; }; then
		echo refused
	else
		echo ran
	fi
}

# entries: "NAME ORIGIN HOW" per line; HOW says how a refusal shows
# (exit: 126 without the marker; skip: 0 without the marker).
entries() {
	echo "script file exit"
	echo "dot file exit"
	echo "dot-path-search file exit"
	echo "stdin-redirect stdin exit"
	echo "stdin-s stdin exit"
	case "$kind" in
	dash | ash)
		echo "env-interactive file skip"
		echo "login-profile file skip"
		;;
	bash)
		echo "source file exit"
		echo "rcfile-interactive file skip"
		echo "bash-env file skip"
		echo "login-profile file skip"
		;;
	esac
}

# try ENTRY FILE DIR UIDOPT BITS: run the shell; sets out and rc.
try() {
	e=$1 f=$2 d=$3
	shift 3
	case "$e" in
	script) out=$("$run" "$@" "$sh" "$f" 2>&1 </dev/null) ;;
	dot) out=$("$run" "$@" "$sh" "$t/dot.sh" "$f" 2>&1 </dev/null) ;;
	dot-path-search) out=$("$run" "$@" "$sh" "$t/dotpath.sh" f.sh "$d" 2>&1 </dev/null) ;;
	source) out=$("$run" "$@" "$sh" "$t/source.sh" "$f" 2>&1 </dev/null) ;;
	stdin-redirect) out=$("$run" "$@" "$sh" 2>&1 <"$f") ;;
	stdin-s) out=$("$run" "$@" "$sh" -s 2>&1 <"$f") ;;
	env-interactive) out=$(ENV=$f "$run" "$@" "$sh" -i 2>&1 <"$t/empty.sh") ;;
	rcfile-interactive) out=$("$run" "$@" "$sh" --rcfile "$f" -i 2>&1 <"$t/empty.sh") ;;
	bash-env) out=$(BASH_ENV=$f "$run" "$@" "$sh" "$t/empty.sh" 2>&1 </dev/null) ;;
	login-profile) out=$(HOME=$d/home "$run" "$@" "$sh" -l 2>&1 <"$t/empty.sh") ;;
	c) out=$("$run" "$@" "$sh" -c 'echo MARK-ran' 2>&1 </dev/null) ;;
	pipe) out=$(echo 'echo MARK-ran' | "$run" "$@" "$sh" 2>&1) ;;
	esac
	rc=$?
}

# refusal: the shell said it refused (a file it could not open is not a
# refusal, and must not pass for one).
refusal() {
	case "$out" in *efuse*) return 0 ;; esac
	return 1
}

# verdict WANT HOW: ok when the outcome is WANT, else prints why not.
verdict() {
	ran=0
	case "$out" in *MARK-ran*) ran=1 ;; esac
	if [ "$1" = ran ]; then
		[ $ran = 1 ] && [ $rc = 0 ] && return 0
	elif [ "$2" = exit ]; then
		[ $ran = 0 ] && [ $rc = 126 ] && refusal && return 0
	else
		[ $ran = 0 ] && [ $rc = 0 ] && refusal && return 0
	fi
	return 1
}

report() {
	if verdict "$1" "$2"; then
		echo "ok - $3: $1"
	else
		echo "not ok - $3: want $1, got exit $rc, marker $ran"
		printf '%s\n' "$out" | head -n 5 | sed 's/^/# | /'
	fi
}

setup
for p in $policies; do
	[ "$p" = - ] || echo "$p" >/proc/sys/fs/trusted_for_policy
	for b in 0x0 0x100 0x400 0x500; do
		for u in 0 1000; do
			uidopt=
			[ $u = 0 ] || uidopt="-u $u"
			for m in exec noexec; do
				for mode in 0755 0644; do
					d=$top/$m/d$mode
					entries | while read -r e origin how; do
						want=$(expect_file "$p" "$m" "$mode" "$b" "$origin")
						# shellcheck disable=SC2086 # -u UID, or nothing
						try "$e" "$d/f.sh" "$d" $uidopt "$b"
						report "$want" "$how" "$kind policy=$p bits=$b uid=$u $m $mode $e"
					done
				done
			done
			for e in c pipe; do
				want=ran
				[ $((b & 0x400)) != 0 ] && want=refused
				# shellcheck disable=SC2086
				try "$e" - - $uidopt "$b"
				report "$want" exit "$kind policy=$p bits=$b uid=$u no-file $e"
			done
		done
	done
done
[ "$policies" = - ] || echo 0 >/proc/sys/fs/trusted_for_policy
# The shell under test, in the chroot, under its own name (busybox runs
# the applet that its name says).
prog=$(readlink -f "$sh")
cp "$prog" "$top/$kind"
for m in exec noexec; do
	for mode in 0755 0644; do
		want=ran
		{ [ "$m" = noexec ] || [ "$mode" = 0644 ]; } && want=refused
		out=$(chroot "$top" "/$kind" "/$m/d$mode/f.sh" 2>&1 </dev/null)
		rc=$?
		report "$want" exit "$kind no-procfs (chroot) policy=0 bits=0x0 uid=0 $m $mode script"
		out=$(chroot "$top" "/$kind" /exec/trusted/dot.sh "/$m/d$mode/f.sh" 2>&1 </dev/null)
		rc=$?
		report "$want" exit "$kind no-procfs (chroot) policy=0 bits=0x0 uid=0 $m $mode dot"
	done
done
rm -f "$top/$kind"
[ "$policies" = - ] || echo "$old_policy" >/proc/sys/fs/trusted_for_policy
umount "$top/exec" "$top/noexec"
