#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Ways to make a patched shell run a file that it must refuse:
#
#   bypass.sh KIND SHELL
#
# KIND is dash, ash or bash; SHELL the program; SECBITS_RUN as for
# matrix.sh.  The setting: an evil file, mode 0755, on a noexec tmpfs
# ($E); fs.trusted_for_policy 3 where the kernel has trusted_for(2);
# SECBIT_EXEC_RESTRICT_FILE set (so that a kernel without trusted_for
# refuses the same files); the shell runs as uid 1000 a trusted script
# (an exec mount, mode 0755, root's) that makes the attempt.  The evil
# file prints a marker.  Each attempt has its expected answer: "refused"
# (the marker never shows, and the shell says it refused) or "ran" (it
# shows, and the comment says why that is right).  Prints KTAP lines, as matrix.sh.
set -u
kind=$1
sh=$2
run=${SECBITS_RUN:?SECBITS_RUN: the secbits-run program}
top=${BYPASS_DIR:-/tmp/shell-bypass}

umount "$top/exec" "$top/noexec" 2>/dev/null
mkdir -p "$top/exec" "$top/noexec"
mount -t tmpfs -o mode=0755 exec "$top/exec" || exit 1
mount -t tmpfs -o mode=0755,noexec noexec "$top/noexec" || exit 1
# The attempts name /dev/fd, which a guest without udev lacks.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
X=$top/exec
N=$top/noexec
E=$N/evil.sh
echo "echo MARK-evil" >"$E"
chmod 0755 "$E"
mkdir -p "$N/home" "$X/user" "$N/bin"
cp "$E" "$N/home/.profile"
cp "$E" "$N/bin/evil-in-path"
ln -s "$E" "$X/link.sh"
mkfifo -m 0666 "$X/fifo.sh"
chown 1000:1000 "$X/user"
cat >"$X/good.sh" <<'GOOD'
echo good
GOOD
chmod 0755 "$X/good.sh"
if [ -f /proc/sys/fs/trusted_for_policy ]; then
	old_policy=$(cat /proc/sys/fs/trusted_for_policy)
	echo 3 >/proc/sys/fs/trusted_for_policy
fi

n=0
# attempt WANT NAME SCRIPT: run SCRIPT (written to a trusted file) with
# the shell as uid 1000 under RESTRICT_FILE.
attempt() {
	want=$1 name=$2
	n=$((n + 1))
	printf '%s\n' "$3" >"$X/attempt-$n.sh"
	chmod 0755 "$X/attempt-$n.sh"
	out=$(cd / && E=$E N=$N X=$X SH=$sh timeout 20 "$run" -u 1000 0x100 "$sh" "$X/attempt-$n.sh" 2>&1 </dev/null)
	# A refusal says so: a file that could not be opened at all is no
	# refusal, and must not pass for one.
	got=other
	case "$out" in
	*MARK-evil*) got=ran ;;
	*efuse*) got=refused ;;
	esac
	if [ "$got" = "$want" ]; then
		echo "ok - $kind bypass $name: $want"
	else
		echo "not ok - $kind bypass $name: want $want, got $got"
		printf '%s\n' "$out" | head -n 5 | sed 's/^/# | /'
	fi
}

# The file itself, as each entry point takes it: the baseline.
attempt refused "sh FILE" '"$SH" "$E"'
attempt refused ". FILE" '. "$E"'
# Another name of the same open file: the check is of the file that is
# read, whatever the path.
attempt refused "exec 3<FILE; . /dev/fd/3" 'exec 3<"$E"; . /dev/fd/3'
attempt refused "exec 3<FILE; . /proc/self/fd/3" 'exec 3<"$E"; . /proc/self/fd/3'
attempt refused ". /proc/self/root/FILE" '. "/proc/self/root$E"'
attempt refused "a symlink on the exec mount to FILE" '. "$X/link.sh"'
# A symlink that named a passing file, swapped to FILE once that passed:
# each open is checked on its own descriptor.
attempt refused "a symlink swapped to FILE after a check" '
ln -s "$X/good.sh" "$X/user/swap.sh" && . "$X/user/swap.sh" &&
ln -sf "$E" "$X/user/swap.sh" && . "$X/user/swap.sh"'
attempt refused "sh /proc/self/fd/0 < FILE" '"$SH" /proc/self/fd/0 <"$E"'
attempt refused "exec 3<FILE; sh <&3" 'exec 3<"$E"; "$SH" <&3'
attempt refused "sh -s < FILE" '"$SH" -s <"$E"'
# /proc/self/fd/0 (/dev/stdin) on a pipe is a path that names no
# regular file.
attempt refused "cat FILE | sh /proc/self/fd/0" 'cat "$E" | "$SH" /proc/self/fd/0'
# Searching PATH finds the file on the noexec mount: it is still that file.
attempt refused ". NAME found in PATH" 'PATH="$N/bin:$PATH"; . evil-in-path'
attempt refused "cd to the noexec mount, . ./FILE" 'cd "$N" && . ./evil.sh'
attempt refused "a function that sources FILE" 'f() { . "$E"; }; f'
attempt refused "a trap that sources FILE" 'trap ". \"\$E\"" EXIT; :'
attempt refused "command . FILE" 'command . "$E"'
case "$kind" in
dash | ash) attempt refused "ENV=FILE sh -i" 'ENV=$E "$SH" -i </dev/null' ;;
esac
attempt refused "a login shell whose HOME holds .profile" 'HOME=$N/home "$SH" -l </dev/null'
# A FIFO named like a script is no regular file: trusted_for(2) and
# AT_EXECVE_CHECK refuse it as a script argument.
attempt refused "sh FIFO (a FIFO named like a script)" '
timeout 5 cat "$E" >"$X/fifo.sh" & "$SH" "$X/fifo.sh"; st=$?; wait; exit $st'
case "$kind" in
bash | ash)
	attempt refused "source FILE" 'source "$E"'
	;;
esac
if [ "$kind" = bash ]; then
	attempt refused "builtin source FILE" 'builtin source "$E"'
	attempt refused "builtin . FILE" 'builtin . "$E"'
	attempt refused "BASH_ENV=FILE bash SCRIPT" 'BASH_ENV=$E "$SH" "$X/good.sh"'
	attempt refused "bash --rcfile FILE -i" '"$SH" --rcfile "$E" -i </dev/null'
	attempt refused "bash --init-file FILE -i" '"$SH" --init-file "$E" -i </dev/null'
fi
# What the shell must let through, and why.
# Code from no file: a pipe is not a file, and system(3) pipes and
# "sh -c" run everywhere; SECBIT_EXEC_DENY_INTERACTIVE refuses these
# (the locked-down guest's service tests that).
attempt ran "cat FILE | sh (code from no file)" 'cat "$E" | "$SH"'
attempt ran "sh -c \"\$(cat FILE)\" (code from no file)" '"$SH" -c "$(cat "$E")"'
attempt ran "sh < FIFO (standard input that is no file)" '
timeout 5 cat "$E" >"$X/fifo.sh" & "$SH" <"$X/fifo.sh"; wait'
# Data turned into code inside the shell: nothing the kernel can see.
attempt ran "eval \"\$(cat FILE)\" (data, no file run)" 'eval "$(cat "$E")"'
attempt ran "a here-document of FILE's text piped to sh" '"$SH" <<EOF
$(cat "$E")
EOF'
# A copy made executable on a mount that allows execution is a file the
# policy allows: execve(2) would run a copied program there too.  The
# policy is the mounts and modes the administrator chose.
attempt ran "cp FILE to a writable exec mount, chmod +x, sh COPY" '
cp "$E" "$X/user/copy.sh" && chmod 0755 "$X/user/copy.sh" && "$SH" "$X/user/copy.sh"'
# A file that passed, rewritten while it runs: the check is of the file,
# not of its bytes (execve(2) of a writable script is the same).
attempt ran "a passing script that appends FILE to itself" '
cp "$X/good.sh" "$X/user/grow.sh" && chmod 0755 "$X/user/grow.sh" &&
printf "cat \"\$E\" >>\"\$0\"\n" >>"$X/user/grow.sh" && "$SH" "$X/user/grow.sh"'

if [ -n "${old_policy:-}" ]; then echo "$old_policy" >/proc/sys/fs/trusted_for_policy; fi
umount "$X" "$N"
