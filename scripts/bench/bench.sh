#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot the built kernel twice and run guest/trusted-for-bench,
# which times trusted_for(2) against getppid, fstat, faccessat2,
# mainline's execveat(AT_EXECVE_CHECK) and open+close on one file, and
# prints a table per run:
#
#   1. plain TCG (or KVM with USE_KVM=1): nanoseconds of guest clock per
#      call, noisy under an emulator;
#   2. TCG with -icount shift=0,sleep=off: the guest clock advances one
#      nanosecond per executed instruction, so the figures are exact,
#      repeatable instruction counts.
#
# Ends with ratios, in instructions from the -icount table: trusted_for
# under policy 0 (entry, fdget, the hook: the floor of what the answer
# needs) to getppid and fstat, and under policy 3 (an execution's open of
# the file: permission, file_open hooks, fanotify) to AT_EXECVE_CHECK on
# the same file; and the one target: AT_EXECVE_CHECK in at most 8,000
# instructions (the check makes the open, the credentials and the hook,
# and builds no mm).  A benchmark, not a test: it exits 0 whatever the
# figures, and non-zero only when a guest or a build fails.
#
# WITHOUT=N (make bench WITHOUT=7) also builds the kernel of the whole
# series less patch N (git revert in the worktree CONF_DIR/without-tree,
# objects in CONF_DIR/obj-without), runs the -icount table on it in the
# same run, and prints each row on both kernels: what patch N changes.
#
# The program is $OBJ/guest/trusted-for-bench, which make build makes
# (compiled here if missing); BENCH_PROG=FILE runs another build of it.
#
# "bench.sh profile" (make bench-profile) says where the instructions of
# one call of each one-call row go: it boots the kernel stopped, with
# QEMU's gdbstub, runs the program with -p, and scripts/bench/bench-profile.py
# single-steps the kernel through each profiled call (x86_64 only).
. "$(dirname "$0")/../lib/lib.sh"

mode=${1:-bench}
case "$mode" in
bench | profile) ;;
*) die "usage: bench.sh [profile]" ;;
esac

[ -f "$OBJ/$KERNEL_IMAGE" ] || die "no kernel at $OBJ/$KERNEL_IMAGE: run make build first"
[ -f "$OBJ/initramfs.cpio" ] || die "no initramfs at $OBJ/initramfs.cpio: run make build first"

prog=${BENCH_PROG:-$OBJ/guest/trusted-for-bench}
src=$TOP/guest/trusted-for-bench.c
if [ -n "${BENCH_PROG:-}" ]; then
	[ -x "$prog" ] || die "BENCH_PROG=$prog is not an executable file"
elif [ ! -x "$prog" ]; then
	# As scripts/build/userspace.sh builds every guest/*.c.
	[ -d "$OBJ/usr/include/linux" ] || die "no uapi headers in $OBJ/usr/include: run make build first"
	mkdir -p "$OBJ/guest"
	"${CROSS_COMPILE:-}gcc" -static -O2 -Wall -Wextra -Werror -isystem "$OBJ/usr/include" \
		-o "$prog" "$src"
	echo "built $prog"
elif [ "$src" -nt "$prog" ]; then
	echo "note: $src is newer than $prog (make build rebuilds it)"
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU model}, load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "QEMU: $("$QEMU" --version | head -n 1)"
# The figures depend on how the kernel was compiled: tinyconfig builds
# for size (-Os), where distributions build with -O2.
if grep -q '^CONFIG_CC_OPTIMIZE_FOR_SIZE=y' "$OBJ/.config" 2>/dev/null; then
	optimize="-Os (CONFIG_CC_OPTIMIZE_FOR_SIZE)"
else
	optimize="-O2 (CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE)"
fi
echo "kernel: $OBJ/$KERNEL_IMAGE, compiled with $optimize"

out=$(mktemp)
without_out=$(mktemp)
trap 'rm -f "$out" "$without_out"' EXIT

# The kernel without patch WITHOUT, built before any guest runs.
without=${WITHOUT:-}
if [ -n "$without" ]; then
	[ "$mode" = bench ] || die "WITHOUT=$without: make bench only"
	without_kernel "$without"
fi

# profile: the guest waits for gdb at its first instruction; gdb stops it
# at each marked call and lets it go at the end.
if [ "$mode" = profile ]; then
	[ "$PROFILE" = x86_64 ] || die "make bench-profile: x86_64 only (it stops at entry_SYSCALL_64), not $PROFILE"
	command -v gdb >/dev/null || die "no gdb: apt-get install gdb"
	[ -f "$OBJ/vmlinux" ] || die "no $OBJ/vmlinux: run make build first"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	report=$LOGS/bench-profile.txt
	rm -f "$report"
	QEMU_EXTRA="-gdb tcp:127.0.0.1:$port -S" KERNEL_EXTRA=nokaslr \
		bash "$TOP/scripts/vm/guest.sh" -t 300 -n bench-profile "$prog" -p >"$out" 2>&1 &
	guest=$!
	until ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port "; do
		kill -0 "$guest" 2>/dev/null || { cat "$out"; die "the guest ended before QEMU listened on port $port"; }
		sleep 0.2
	done
	rc=0
	PROFILE_VMLINUX=$OBJ/vmlinux PROFILE_GDB=127.0.0.1:$port PROFILE_OUT=$report \
		timeout 600 gdb -q -nx -batch -x "$TOP/scripts/bench/bench-profile.py" "$OBJ/vmlinux" >"$LOGS/bench-profile-gdb.log" 2>&1 || rc=$?
	grc=0
	wait "$guest" || grc=$?
	cat "$out"
	if [ "$rc" -ne 0 ] || [ ! -s "$report" ] || ! grep -q 'calls profiled$' "$report"; then
		tail -n 20 "$LOGS/bench-profile-gdb.log" >&2
		die "gdb failed (exit $rc; log $LOGS/bench-profile-gdb.log)"
	fi
	[ "$grc" -eq 0 ] || die "the guest failed (exit $grc; console $LOGS/bench-profile-console.log)"
	echo
	cat "$report"
	exit 0
fi

# bench NAME HEADING UNIT [VAR=VALUE]...: run the benchmark in a guest
# with the given environment, print its output under HEADING.
# BENCH_OUT is where the output goes (default: $out).
bench() {
	local name=$1 heading=$2 unit=$3 start rc=0 to=${BENCH_OUT:-$out}
	shift 3
	start=$(now_ns)
	echo
	echo "==> $heading"
	env "$@" bash "$TOP/scripts/vm/guest.sh" -t 300 -n "$name" "$prog" -u "$unit" >"$to" || rc=$?
	cat "$to"
	if [ "$rc" -ne 0 ]; then
		echo "==> the guest failed (exit $rc); console: $LOGS/$name-console.log" >&2
		exit "$rc"
	fi
	echo "==> done in $(elapsed "$start") (console: $LOGS/$name-console.log)"
}

accel=tcg
[ "${USE_KVM:-0}" = 1 ] && accel=kvm
bench bench "accelerator ${accel^^}: $QEMU $QEMU_MACHINE -accel $accel; unit: ns of guest clock (wall-clock time)" ns
icount="-icount shift=0,sleep=off"
bench bench-icount "accelerator TCG with icount: $QEMU $QEMU_MACHINE -accel tcg $icount, kernel option noapictimer (skips a busy-wait calibration that is slow under icount); unit: instructions (the guest clock advances 1 ns per instruction)" insn USE_KVM=0 QEMU_EXTRA="$icount" KERNEL_EXTRA=noapictimer

if [ -n "$without" ]; then
	BENCH_OUT=$without_out bench bench-icount-without \
		"the kernel without patch $without ($WITHOUT_SUBJECT), accelerator TCG with icount, as above; unit: instructions" \
		insn USE_KVM=0 QEMU_EXTRA="$icount" KERNEL_EXTRA=noapictimer GUEST_KERNEL="$WITHOUT_IMAGE"
fi

# median ROW [FILE]: the median column of ROW in an -icount table.
median() {
	awk -v row="$1" '$1 == row && NF == 7 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9.]+$/ { print $3 }' "${2:-$out}"
}
getppid=$(median getppid)
fstat=$(median fstat)
check=$(median execve-check)
tf0=$(median tf-p0)
tf3=$(median tf-p3)
# ratio NAME A B: A / B, or why there is none.
ratio() {
	if [ -n "$2" ] && [ -n "$3" ]; then
		awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%s = %.3f (%s / %s)\n", n, a / b, a, b }'
	else
		echo "$1: no figures in the table"
	fi
}
echo
echo "ratios, in instructions per call (-icount table):"
ratio "trusted_for (policy 0) / getppid" "$tf0" "$getppid"
ratio "trusted_for (policy 0) / fstat" "$tf0" "$fstat"
ratio "trusted_for (policy 3) / execveat(AT_EXECVE_CHECK)" "$tf3" "$check"
if [ -n "$check" ]; then
	awk -v c="$check" 'BEGIN {
		printf "execveat(AT_EXECVE_CHECK): %s instructions per call (target <= 8000): %s\n",
			c, c <= 8000 ? "met" : "missed"
	}'
else
	echo "execveat(AT_EXECVE_CHECK): no figures in the table"
fi
if [ -n "$without" ]; then
	echo
	echo "patch $without ($WITHOUT_SUBJECT), median instructions per call:"
	printf '%-14s %12s %12s %8s\n' row without with ratio
	awk 'NF == 7 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9.]+$/ { print $1, $3 }' "$without_out" | while read -r row before; do
		after=$(median "$row")
		[ -n "$after" ] || after=-
		awk -v r="$row" -v b="$before" -v a="$after" 'BEGIN {
			printf "%-14s %12s %12s %8s\n", r, b, a, a == "-" ? "-" : sprintf("%.3f", a / b)
		}'
	done
fi
echo "(make bench-profile says which functions each call's instructions go to)"
