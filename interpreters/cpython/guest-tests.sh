#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run in the guest by scripts/checks/cpython.sh: the trusted_for cases of the
# tf-python launcher, and its startup benchmark.
#
#   guest-tests.sh [LAUNCHER [RUNS [KERNEL [MODE]]]]
#
# LAUNCHER is tf-python (the default) or tf-python-nocheck, the same
# launcher without checks, which must fail the refusal cases.  RUNS is
# the number of runs of each startup measurement (default 10).  KERNEL
# says what the booted kernel has: "both" (the default: trusted_for(2),
# AT_EXECVE_CHECK and the exec securebits, the whole series) or
# "mainline" (the series' backport of AT_EXECVE_CHECK and the exec
# securebits alone, as mainline has them); the table's cases for the other
# kernel are not run, and the policy is set only where the kernel has it.  The exec securebits are set
# by the kselftests' secbits-run, as root or as uid 1000 with no
# capability; no-trusted-for makes trusted_for(2) fail with ENOSYS, as on
# mainline's kernel, which has the rest.
#
# MODE "icount-bench" runs no test: it prints, for hello.py, the guest
# clock (instructions under -icount) that /guest/shell-bench measures for
# tf-python and tf-python-nocheck, with no securebit and under
# SECBIT_EXEC_RESTRICT_FILE, and the difference per file checked
# (scripts/bench/bench-shells.sh).
#
# /guest/sysroot (the launcher, its libraries and the standard-library
# subset, at their own paths) is moved to /, the guest's root, a tmpfs
# without noexec.  The test scripts are copied to /tmp/exec (exec) and
# /tmp/noexec (a tmpfs mounted noexec), all with execute bits except
# /tmp/exec/nox.py.  Prints KTAP: a case a line of the table, numbered
# in the table's order, each preceded by "# " lines: why it failed,
# its benchmark figures, and its output ("# | ").  The policy is 0 again
# at the end.
# shellcheck disable=SC3043 # busybox sh has local
launcher=${1:-tf-python}
runs=${2:-10}
kernel=${3:-both}
mode=${4:-tests}
# PY, LIB and SB are for the commands of the table.
# shellcheck disable=SC2034
PY=/usr/bin/$launcher
# shellcheck disable=SC2034
LIB=/usr/lib/python3.11
# shellcheck disable=SC2034
SB=/kselftest/interpreter/secbits-run
# shellcheck disable=SC2034
NOTF=/usr/bin/no-trusted-for
policy_file=/proc/sys/fs/trusted_for_policy

# The expected outcomes.  Fields, separated by "|":
#   id | kernel | policy | exit status | patterns the output must match
#   (grep -E, separated by " ;; ") | patterns it must not match |
#   description | command
# kernel: "any", or the only KERNEL (above) the case runs on; the first
# table leaves it out ("both": it is about trusted_for(2)).  The output is standard output and error
# together.  "-": no pattern.
cases() {
	sed 's/^\([0-9]*\)|/\1|both|/' <<'EOF'
1|0|0|^hello, world$|refused|a script on a noexec mount runs under policy 0|$PY /tmp/noexec/hello.py
2|1|126|^tf-python: /tmp/noexec/hello.py: Permission denied \(refused by trusted_for\)$|hello, world|a script on a noexec mount is refused under policy 1|$PY /tmp/noexec/hello.py
3|1|0|^hello, world$|refused|a script on an exec mount runs under policy 1|$PY /tmp/exec/hello.py
4|2|126|^tf-python: /tmp/exec/nox.py: Permission denied \(refused by trusted_for\)$|hello, world|a script without the execute bit is refused under policy 2|$PY /tmp/exec/nox.py
5|2|0|^hello, world$|refused|a script with the execute bit runs under policy 2|$PY /tmp/exec/hello.py
6|1|3|^RAN:importer$ ;; ^ImportError: cannot import 'tfmod': /tmp/noexec/tfmod.py: Permission denied \(refused by trusted_for\)$|RAN:tfmod|a module imported from a noexec directory is refused with ImportError under policy 1, its main script runs|$PY /tmp/exec/importer.py /tmp/noexec
7|0|0|^RAN:importer$ ;; ^RAN:tfmod$ ;; ^imported /tmp/noexec/tfmod.py$|refused|a module imported from a noexec directory runs under policy 0|$PY /tmp/exec/importer.py /tmp/noexec
8|1|1|^/usr/bin/tf-python: cannot import 'tfmod': /tmp/noexec/tfmod.py: Permission denied \(refused by trusted_for\)$|RAN:tfmod|-m (runpy) of a module on a noexec mount is refused under policy 1|cd /tmp/noexec && $PY -m tfmod
9|1|0|^RAN:tfmod$|refused|-m (runpy) of a module on an exec mount runs under policy 1|cd /tmp/exec && $PY -m tfmod
10|3|0|^RAN:stdlib$ ;; ^json from /usr/lib/python3.11/json/__init__.py$ ;; ^json accelerator: _json$ ;; ^tf-python: trusted_for /usr/lib/python3.11/json/__init__.py: ok$ ;; ^tf-python: trusted_for /usr/lib/python3.11/pathlib.py: ok$ ;; ^tf-python: AT_EXECVE_CHECK /usr/lib/python3.11/json/__init__.py: ok \(not enforced\)$|refused|standard-library imports (json, collections, pathlib, datetime...) from an exec mount work under policy 3, each checked; AT_EXECVE_CHECK is asked about each too, not enforced without a securebit|TF_PYTHON_VERBOSE=1 $PY /tmp/exec/stdlib.py
11|1|126|^tf-python: -c: inline code refused: .*Permission denied$|RAN:inline|inline code (-c) is refused under policy 1|$PY -c 'print("RAN:inline")'
12|2|126|^tf-python: -c: inline code refused: .*Permission denied$|RAN:inline|inline code (-c) is refused under policy 2|$PY -c 'print("RAN:inline")'
13|0|0|^RAN:inline$|refused|inline code (-c) runs under policy 0|$PY -c 'print("RAN:inline")'
14|1|126|^tf-python: <stdin>: Permission denied \(refused by trusted_for\)$|hello, world|a script piped on standard input is refused under policy 1|pipe_in /tmp/exec/hello.py $PY -
15|0|0|^hello, world$|refused|a script piped on standard input runs under policy 0|pipe_in /tmp/exec/hello.py $PY -
16|3|0|^hello, world$|refused|standard input redirected from a script on an exec mount runs under policy 3|$PY - </tmp/exec/hello.py
17|1|126|^tf-python: <stdin>: Permission denied \(refused by trusted_for\)$|hello, world|standard input redirected from a script on a noexec mount is refused under policy 1|$PY - </tmp/noexec/hello.py
18|2|1|^ImportError: cannot import 'textwrap': /usr/lib/python3.11/textwrap.py: Permission denied \(refused by trusted_for\)$|RAN:stdlib|a standard-library module without the execute bit (as Debian installs them) is refused under policy 2|without_x $LIB/textwrap.py $LIB/__pycache__/textwrap.cpython-311.pyc -- $PY /tmp/exec/stdlib.py
19|2|1|^_trusted_for.RefusedError: \[Errno 13\] Permission denied \(refused by trusted_for\): '/usr/lib/python3.11/encodings/__init__.py'$|hello, world ;; SystemError|a refused file of the interpreter's startup (encodings) stops it with the file named under policy 2|without_x $LIB/encodings/__init__.py $LIB/encodings/__pycache__/__init__.cpython-311.pyc -- $PY /tmp/exec/hello.py
20|-|0|^# startup |-|the startup benchmark of hello.py ran with and without the hook (figures below, no time limit)|bench
EOF
	cat <<'EOF'
21|both|0|0|^hello, world$ ;; ^tf-python: trusted_for /tmp/exec/hello.py: ok$ ;; ^tf-python: AT_EXECVE_CHECK /tmp/exec/hello.py: ok$ ;; ^tf-python: AT_EXECVE_CHECK /usr/lib/python3.11/encodings/__init__.py: ok$|refused|under SECBIT_EXEC_RESTRICT_FILE (set by root) a script on an exec mount and the modules of the startup pass both checks and run under policy 0|TF_PYTHON_VERBOSE=1 $SB 0x100 $PY /tmp/exec/hello.py
22|both|0|126|^tf-python: /tmp/noexec/hello.py: Permission denied \(refused by AT_EXECVE_CHECK, SECBIT_EXEC_RESTRICT_FILE\)$|hello, world|under SECBIT_EXEC_RESTRICT_FILE a script on a noexec mount is refused under policy 0|$SB 0x100 $PY /tmp/noexec/hello.py
23|both|0|126|^tf-python: /tmp/exec/nox.py: Permission denied \(refused by AT_EXECVE_CHECK, SECBIT_EXEC_RESTRICT_FILE\)$|hello, world|under SECBIT_EXEC_RESTRICT_FILE a script without the execute bit is refused under policy 0|$SB 0x100 $PY /tmp/exec/nox.py
24|both|0|3|^RAN:importer$ ;; ^ImportError: cannot import 'tfmod': /tmp/noexec/tfmod.py: Permission denied \(refused by AT_EXECVE_CHECK, SECBIT_EXEC_RESTRICT_FILE\)$|RAN:tfmod|SECBIT_EXEC_RESTRICT_FILE set by an unprivileged parent: a module imported from a noexec mount is refused with ImportError under policy 0|$SB -u 1000 0x100 $PY /tmp/exec/importer.py /tmp/noexec
25|both|0|1|^/usr/bin/tf-python: cannot import 'tfmod': /tmp/noexec/tfmod.py: Permission denied \(refused by AT_EXECVE_CHECK, SECBIT_EXEC_RESTRICT_FILE\)$|RAN:tfmod|SECBIT_EXEC_RESTRICT_FILE set by an unprivileged parent: -m of a module on a noexec mount is refused under policy 0|cd /tmp/noexec && $SB -u 1000 0x100 $PY -m tfmod
26|both|0|0|^RAN:inline$|refused|SECBIT_EXEC_RESTRICT_FILE alone leaves -c to the policy: it runs under policy 0|$SB 0x100 $PY -c 'print("RAN:inline")'
27|both|0|126|^tf-python: -c: inline code refused: SECBIT_EXEC_DENY_INTERACTIVE is set$|RAN:inline|under SECBIT_EXEC_DENY_INTERACTIVE (set by an unprivileged parent) -c is refused under policy 0|$SB -u 1000 0x400 $PY -c 'print("RAN:inline")'
28|both|0|126|^tf-python: <stdin>: Permission denied \(refused by AT_EXECVE_CHECK, SECBIT_EXEC_DENY_INTERACTIVE\)$|hello, world|under SECBIT_EXEC_DENY_INTERACTIVE (set by an unprivileged parent, which makes the pipe) a script piped on standard input is refused under policy 0|$SB -u 1000 0x400 /bin/sh -c "cat /tmp/exec/hello.py | $PY -"
29|both|0|0|^hello, world$|refused|under SECBIT_EXEC_DENY_INTERACTIVE standard input redirected from a script on an exec mount runs (fd 0 passes the check)|$SB -u 1000 0x400 $PY - </tmp/exec/hello.py
30|both|0|126|^tf-python: <stdin>: Permission denied \(refused by AT_EXECVE_CHECK, SECBIT_EXEC_DENY_INTERACTIVE\)$|hello, world|under SECBIT_EXEC_DENY_INTERACTIVE standard input redirected from a script on a noexec mount is refused under policy 0|$SB -u 1000 0x400 $PY - </tmp/noexec/hello.py
31|both|0|0|^hello, world$|refused|SECBIT_EXEC_DENY_INTERACTIVE alone leaves files to the policy: a script on a noexec mount runs under policy 0|$SB 0x400 $PY /tmp/noexec/hello.py
32|both|1|126|^tf-python: /tmp/noexec/hello.py: Permission denied \(refused by trusted_for\)$|hello, world ;; AT_EXECVE_CHECK|with the securebits set, trusted_for(2) is still asked first: its refusal under policy 1 stands, and no check follows|TF_PYTHON_VERBOSE=1 $SB 0x500 $PY /tmp/noexec/hello.py
33|both|0|0|^hello, world$ ;; ^tf-python: trusted_for <stdin>: ok$ ;; ^tf-python: AT_EXECVE_CHECK <stdin>: Permission denied \(not enforced\)$|refused|the descriptor's read mode is the read right: a pipe made by root (mode 0600) and read by a uid-1000 launcher, as in "cmd, piped to sudo -u user python3 -", passes trusted_for(2) under policy 0, and SECBIT_EXEC_RESTRICT_FILE leaves standard input to trusted_for(2): AT_EXECVE_CHECK refuses the pipe, and is not enforced|TF_PYTHON_VERBOSE=1 pipe_in /tmp/exec/hello.py $SB -u 1000 0x100 $PY -
34|both|0|1|^ImportError: cannot import 'textwrap': /usr/lib/python3.11/textwrap.py: Permission denied \(refused by AT_EXECVE_CHECK, SECBIT_EXEC_RESTRICT_FILE\)$|RAN:stdlib|under SECBIT_EXEC_RESTRICT_FILE a standard-library module without the execute bit (as Debian installs them) is refused under policy 0|without_x $LIB/textwrap.py $LIB/__pycache__/textwrap.cpython-311.pyc -- $SB 0x100 $PY /tmp/exec/stdlib.py
35|any|1|0|^hello, world$ ;; ^tf-python: no trusted_for\(2\): the exec securebits decide$ ;; ^tf-python: AT_EXECVE_CHECK /tmp/noexec/hello.py: Permission denied \(not enforced\)$|refused|on a kernel without trusted_for(2) (mainline's, made by no-trusted-for) and with no securebit set, a script on a noexec mount runs as under mainline's interpreters (which still ask AT_EXECVE_CHECK, and do not enforce its answer), whatever the policy (1)|TF_PYTHON_VERBOSE=1 $NOTF $PY /tmp/noexec/hello.py
36|any|1|126|^tf-python: /tmp/noexec/hello.py: Permission denied \(refused by AT_EXECVE_CHECK, SECBIT_EXEC_RESTRICT_FILE\)$|hello, world|on a kernel without trusted_for(2), SECBIT_EXEC_RESTRICT_FILE set by an unprivileged parent refuses a script on a noexec mount|$NOTF $SB -u 1000 0x100 $PY /tmp/noexec/hello.py
37|any|1|0|^hello, world$|refused|on a kernel without trusted_for(2), SECBIT_EXEC_RESTRICT_FILE set by an unprivileged parent lets a script on an exec mount run|$NOTF $SB -u 1000 0x100 $PY /tmp/exec/hello.py
38|any|1|126|^tf-python: -c: inline code refused: SECBIT_EXEC_DENY_INTERACTIVE is set$|RAN:inline|on a kernel without trusted_for(2), SECBIT_EXEC_DENY_INTERACTIVE refuses -c|$NOTF $SB -u 1000 0x400 $PY -c 'print("RAN:inline")'
39|any|1|0|^RAN:inline$|refused|on a kernel without trusted_for(2) and with no securebit set, -c runs, whatever the policy (1)|$NOTF $PY -c 'print("RAN:inline")'
40|any|0|126|^tf-python: no trusted_for\(2\) and no AT_EXECVE_CHECK: nothing can be asked, refusing$|hello, world|a kernel with neither interface (no-trusted-for hides the sysctl and, with -e, makes execveat(2) answer EINVAL, as a kernel without AT_EXECVE_CHECK does): nothing can be asked, and the launcher refuses to start, without calling trusted_for(2)|$NOTF -e $PY /tmp/exec/hello.py
41|both|3|126|^tf-python: /tmp/exec/hello.py: trusted_for failed, refusing: Function not implemented$|hello, world|on a kernel with trusted_for(2) (its sysctl is there), a seccomp filter that answers ENOSYS blocks the question: the script is refused under policy 3|$NOTF -b $PY /tmp/exec/hello.py
42|both|0|126|^tf-python: /tmp/exec/hello.py: trusted_for failed, refusing: Function not implemented$|hello, world|the same blocked call refuses under policy 0 too: ENOSYS is no answer where the kernel has the call|$NOTF -b $PY /tmp/exec/hello.py
43|both|0|126|^tf-python: no procfs on /proc/sys/fs: cannot tell whether the kernel has trusted_for\(2\), refusing$|hello, world|without /proc nothing tells whether the kernel has trusted_for(2): the launcher refuses to start, without calling it|$NOTF -p $PY /tmp/exec/hello.py
EOF
}

pipe_in() { # pipe_in FILE COMMAND...: COMMAND with FILE piped on its stdin
	local f="$1"
	shift
	# shellcheck disable=SC2002 # a pipe, not a file, is the point
	cat "$f" | "$@"
}

without_x() { # without_x FILE... -- COMMAND...: COMMAND with FILEs not executable
	local files="" rc
	while [ "$1" != -- ]; do
		files="$files $1"
		shift
	done
	shift
	# shellcheck disable=SC2086 # a list of paths without spaces
	chmod a-x $files
	"$@"
	rc=$?
	# shellcheck disable=SC2086
	chmod a+x $files
	return "$rc"
}

set_policy() { # not on a kernel without trusted_for(2): it has no policy
	[ "$kernel" = mainline ] || echo "$1" >"$policy_file"
}

now_cs() { # uptime in centiseconds
	local up
	read -r up _ </proc/uptime
	echo "${up%.*}${up#*.}" | sed 's/^0*//; s/^$/0/'
}

# run_timed VAR POLICY COMMAND...: run COMMAND under POLICY and add its
# duration in centiseconds to VAR; fails unless it prints hello, world.
run_timed() {
	local var="$1" start took
	set_policy "$2"
	shift 2
	start=$(now_cs)
	[ "$("$@" 2>&1)" = "hello, world" ] || return 1
	# shellcheck disable=SC2034 # read by the eval
	took=$(($(now_cs) - start))
	eval "$var=\$(($var + took))"
}

# The three variants take turns, round after round: QEMU keeps the code
# it translated across guest processes, so what runs first runs slower.
bench() {
	local base=0 hook0=0 hook3=0 i=0 n hello=/tmp/exec/hello.py
	while [ "$i" -le "$runs" ]; do
		run_timed base 0 /usr/bin/tf-python-nocheck "$hello" || return 1
		run_timed hook0 0 /usr/bin/tf-python "$hello" || return 1
		run_timed hook3 3 /usr/bin/tf-python "$hello" || return 1
		# Round 0 warms up and is not counted.
		[ "$i" = 0 ] && base=0 hook0=0 hook3=0
		i=$((i + 1))
	done
	set_policy 3
	n=$(TF_PYTHON_VERBOSE=1 /usr/bin/tf-python "$hello" 2>&1 | grep -c ': trusted_for .*: ok$')
	set_policy 0
	echo "# startup of hello.py, mean of $runs interleaved runs (guest clock, 10 ms resolution, TCG):"
	echo "# startup without the hook (tf-python-nocheck), policy 0: $((base * 10 / runs)) ms"
	echo "# startup with the hook (tf-python), policy 0: $((hook0 * 10 / runs)) ms"
	echo "# startup with the hook (tf-python), policy 3: $((hook3 * 10 / runs)) ms"
	echo "# files checked by trusted_for when tf-python runs hello.py: $n"
}

# The startup's instructions, with the checks and without, with no
# securebit (each file: trusted_for(2) where the kernel has it, then
# AT_EXECVE_CHECK) and under SECBIT_EXEC_RESTRICT_FILE (the same calls,
# enforced).  The policy stays 0.
icount_bench() {
	local hello=/tmp/exec/hello.py bits a b n
	n=$(TF_PYTHON_VERBOSE=1 "$SB" 0x100 /usr/bin/tf-python "$hello" 2>&1 | grep -c ': AT_EXECVE_CHECK .*: ok$')
	[ "$n" -gt 0 ] || { echo "icount-bench: tf-python checked no file" >&2; return 1; }
	echo "tf-python $hello: $n files checked; median of $runs runs, from fork to exit"
	printf '%-10s %14s %14s %10s\n' securebits tf-python nocheck per-file
	for bits in 0 0x100; do
		a=$(/guest/shell-bench "$runs" "$SB" "$bits" /usr/bin/tf-python "$hello") || return 1
		b=$(/guest/shell-bench "$runs" "$SB" "$bits" /usr/bin/tf-python-nocheck "$hello") || return 1
		a=${a%% *} b=${b%% *}
		printf '%-10s %14d %14d %10d\n' "$bits" "$a" "$b" $(((a - b) / n))
	done
}

# Put the launcher, its libraries and the standard library in place.
for d in /guest/sysroot/*; do
	if [ -e "/${d##*/}" ]; then
		cp -a "$d" /
	else
		mv "$d" /
	fi
done
mkdir -p /tmp/exec /tmp/noexec
mount -t tmpfs -o noexec,mode=0755 noexec /tmp/noexec || echo "# mount noexec failed"
for dir in /tmp/exec /tmp/noexec; do
	cp /guest/tests/*.py "$dir/"
	chmod 0755 "$dir"/*.py
done
cp /guest/tests/hello.py /tmp/exec/nox.py
chmod 0644 /tmp/exec/nox.py
out=/tmp/case.out

if [ "$mode" = icount-bench ]; then
	icount_bench
	exit
fi
case "$kernel" in
both | mainline) ;;
*)
	echo "guest-tests.sh: KERNEL '$kernel': both or mainline" >&2
	exit 2
	;;
esac
cases | awk -F'|' -v k="$kernel" '$2 == "any" || $2 == k' >/tmp/cases
echo "KTAP version 1"
echo "1..$(grep -c '^[0-9]' /tmp/cases)"
echo "# launcher under test: $PY ($($PY -V 2>&1)); kernel: $kernel"
failed=0
n=0
while IFS='|' read -r _ _ policy want must mustnot desc cmd; do
	n=$((n + 1))
	set_policy 0
	[ "$policy" = - ] || set_policy "$policy"
	(eval "$cmd") </dev/null >"$out" 2>&1
	rc=$?
	set_policy 0
	why=
	[ "$rc" = "$want" ] || why="exit status $rc, expected $want"
	rest="$must"
	while [ "$must" != - ] && [ -n "$rest" ]; do
		pat=${rest%% ;; *}
		[ "$pat" = "$rest" ] && rest= || rest=${rest#* ;; }
		grep -qE -- "$pat" "$out" || why="${why:+$why; }no line matches: $pat"
	done
	rest="$mustnot"
	while [ "$mustnot" != - ] && [ -n "$rest" ]; do
		pat=${rest%% ;; *}
		[ "$pat" = "$rest" ] && rest= || rest=${rest#* ;; }
		! grep -qE -- "$pat" "$out" || why="${why:+$why; }a line matches what must not happen: $pat"
	done
	# Benchmark figures as details, the rest as the case's output.
	grep '^# ' "$out"
	grep -v '^# ' "$out" | sed 's/^/# | /'
	if [ -z "$why" ]; then
		echo "ok $n $desc"
	else
		failed=$((failed + 1))
		echo "# $why"
		echo "# command (policy $policy): $cmd"
		echo "not ok $n $desc"
	fi
done </tmp/cases
set_policy 0
[ "$kernel" = mainline ] || echo "# fs.trusted_for_policy restored to $(cat "$policy_file")"
echo "# $failed failed"
[ "$failed" = 0 ]
