#!/bin/bash
# host-test.sh: the dash series on this host, where the exec securebits
# decide (a kernel with AT_EXECVE_CHECK, with or without trusted_for(2)).
# Runs every file entry point, standard input and -c with dash and
# dash-orig under no bits, SECBIT_EXEC_RESTRICT_FILE (0x100) and
# SECBIT_EXEC_DENY_INTERACTIVE (0x400); one line per case and program:
# label, bits, program, output and status, newlines shown as "|".
# Needs root for the two tmpfs mounts (noexec and exec).
#
#   tests/host-test.sh [BIN]     (BIN: default /work/main/build/shells/bin)
dir=$(cd "$(dirname "$0")" && pwd)
B=${1:-/work/main/build/shells/bin}
SB=${SECBITS:-/tmp/dash-secbits}
E=/tmp/dash-exec N=/tmp/dash-noexec
[ -x "$SB" ] || gcc -O2 -Wall -o "$SB" "$dir/secbits.c" || exit 1
mkdir -p $E $N
mountpoint -q $N || mount -t tmpfs -o noexec none $N || exit 1
mountpoint -q $E || mount -t tmpfs -o exec none $E || exit 1
rm -rf "${E:?}"/* "${N:?}"/*
mkdir -p $E/bin $E/funcs $E/home $E/home-ro
printf 'echo ran ok.sh\n' >$E/ok.sh; chmod 755 $E/ok.sh
printf 'echo ran ro.sh\n' >$E/ro.sh; chmod 644 $E/ro.sh
printf 'echo ran nx.sh\n' >$N/nx.sh; chmod 755 $N/nx.sh
printf 'echo ran dotok\n' >$E/bin/dotok; chmod 755 $E/bin/dotok
printf 'echo ran dotro\n' >$E/bin/dotro; chmod 644 $E/bin/dotro
printf 'myfunc() { echo ran myfunc; }\n' >$E/funcs/myfunc; chmod 644 $E/funcs/myfunc
printf 'okfunc() { echo ran okfunc; }\n' >$E/funcs/okfunc; chmod 755 $E/funcs/okfunc
printf 'echo ran profile-ok\n' >$E/home/.profile; chmod 755 $E/home/.profile
printf 'echo ran profile-ro\n' >$E/home-ro/.profile; chmod 644 $E/home-ro/.profile
printf 'echo ran env-ok\n' >$E/env-ok.sh; chmod 755 $E/env-ok.sh
printf 'echo ran env-ro\n' >$E/env-ro.sh; chmod 644 $E/env-ro.sh
ln -s $N/nx.sh $E/link-nx.sh
mkfifo $E/fifo; chmod 755 $E/fifo

# t LABEL BITS SHELL-ARGS... : run "SHELL SHELL-ARGS" in bash -c (so $S may be used)
t() {
	local label=$1 bits=$2; shift 2
	for v in dash dash-orig; do
		out=$(S=$B/$v $SB "$bits" bash -c "$*" 2>&1 </dev/null | tr '\n' '|')
		printf '%-28s %-5s %-9s %s\n' "$label" "$bits" "$v" "$out"
	done
}
T='; echo "[rc=$?]"'
for bits in 0 0x100; do
	echo "== bits $bits (0: none; 0x100: SECBIT_EXEC_RESTRICT_FILE)"
	t "sh ok.sh (0755 exec)" $bits "\$S $E/ok.sh$T"
	t "sh ro.sh (0644)" $bits "\$S $E/ro.sh$T"
	t "sh nx.sh (noexec)" $bits "\$S $N/nx.sh$T"
	t "sh symlink->noexec" $bits "\$S $E/link-nx.sh$T"
	t ". ok.sh" $bits "\$S -c '. $E/ok.sh; echo after \$?'$T"
	t ". ro.sh" $bits "\$S -c '. $E/ro.sh; echo after \$?'$T"
	t ". nx.sh" $bits "\$S -c '. $N/nx.sh; echo after \$?'$T"
	t "command . ro.sh" $bits "\$S -c 'command . $E/ro.sh; echo after \$?'$T"
	t ". dotok (PATH)" $bits "PATH=$E/bin:\$PATH \$S -c '. dotok; echo after \$?'$T"
	t ". dotro (PATH)" $bits "PATH=$E/bin:\$PATH \$S -c '. dotro; echo after \$?'$T"
	t "exec 3<ro; . /dev/fd/3" $bits "\$S -c 'exec 3<$E/ro.sh; . /dev/fd/3; echo after \$?'$T"
	t ". /proc/self/fd/3" $bits "\$S -c 'exec 3<$E/ro.sh; . /proc/self/fd/3; echo after \$?'$T"
	t ". /dev/stdin <<heredoc" $bits "\$S -c '. /dev/stdin <<X
echo ran heredoc
X
echo after \$?'$T"
	t ". FIFO (0755)" $bits "(echo echo ran fifo >$E/fifo &) ; \$S -c '. $E/fifo; echo after \$?'$T"
	t "%func 0644" $bits "\$S -c 'PATH=$E/funcs%func:\$PATH; myfunc; echo after \$?'$T"
	t "%func 0755" $bits "\$S -c 'PATH=$E/funcs%func:\$PATH; okfunc; echo after \$?'$T"
	t "login .profile 0755" $bits "HOME=$E/home \$S -l -c 'echo cmd'$T"
	t "login .profile 0644" $bits "HOME=$E/home-ro \$S -l -c 'echo cmd'$T"
	t "ENV 0755 (-i)" $bits "ENV=$E/env-ok.sh \$S -i -c 'echo cmd'$T"
	t "ENV 0644 (-i)" $bits "ENV=$E/env-ro.sh \$S -i -c 'echo cmd'$T"
	t "ENV 0644, -i <ok.sh" $bits "ENV=$E/env-ro.sh \$S -i <$E/ok.sh$T"
	t "stdin: sh <ok.sh" $bits "\$S <$E/ok.sh$T"
	t "stdin: sh -s <ro.sh" $bits "\$S -s <$E/ro.sh$T"
	t "stdin: sh <nx.sh" $bits "\$S <$N/nx.sh$T"
	t "stdin: pipe" $bits "echo echo ran pipe | \$S$T"
	t "-c" $bits "\$S -c 'echo ran -c'$T"
done
# shellcheck disable=SC2043
for bits in 0x400; do
	echo "== bits $bits (SECBIT_EXEC_DENY_INTERACTIVE)"
	t "-c" $bits "\$S -c 'echo ran -c'$T"
	t "stdin: pipe" $bits "echo echo ran pipe | \$S$T"
	t "stdin: heredoc" $bits "\$S <<X$T
echo ran heredoc
X"
	t "stdin: sh <ok.sh (0755)" $bits "\$S <$E/ok.sh$T"
	t "stdin: sh <ro.sh (0644)" $bits "\$S <$E/ro.sh$T"
	t "stdin: sh <nx.sh (noexec)" $bits "\$S <$N/nx.sh$T"
	t "sh ro.sh (file, not enf.)" $bits "\$S $E/ro.sh$T"
	t "-c + -s <ok.sh" $bits "\$S -s -c 'echo ran -c' <$E/ok.sh$T"
done
echo "== EXECCHECK_DEBUG=1"
t "debug sh ro.sh" 0x100 "EXECCHECK_DEBUG=1 \$S $E/ro.sh$T"
t "debug sh ok.sh" 0x100 "EXECCHECK_DEBUG=1 \$S $E/ok.sh$T"
t "debug -c" 0x500 "EXECCHECK_DEBUG=1 \$S -c 'echo x'$T"
echo "== environment code (patch 0003): PS4, ENV command substitution"
for bits in 0 0x400; do
	t "PS4=\$(cmd) -x ok.sh" $bits "PS4='\$(echo PWNED-PS4 >&2)+ ' \$S -x $E/ok.sh$T"
	t "ENV=\$(cmd) -i ok.sh" $bits "ENV='\$(echo PWNED-ENV >&2)' \$S -i $E/ok.sh 2>&1 | grep -v tty$T"
done
