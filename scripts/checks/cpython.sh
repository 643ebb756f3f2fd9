#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The CPython launcher, tf-python: build it, put it in the guest with the
# part of the standard library its tests use, and run its tests there
# (interpreters/cpython/guest-tests.sh) in one boot of the built kernel.
#
# Prints KTAP: the guest's cases (interpreters/cpython/guest-tests.sh's table, with
# the startup benchmark's figures as "# " lines) as the subtests of one
# case, "tf-python in the guest"; exits 1 if a case failed.  Needs the
# kernel and its uapi headers (make build) and python3-dev.
#
# Variables: TF_CPYTHON_LAUNCHER=tf-python-nocheck tests the launcher built
# without checks instead, to see the refusal cases fail; CPYTHON_RUNS is
# the number of runs of each startup measurement (default 10);
# CPYTHON_TIMEOUT the guest's time limit (default 300 s); CPYTHON_KERNEL
# says what the booted kernel has (interpreters/cpython/guest-tests.sh's KERNEL: both,
# the default, or mainline, the backport without trusted_for(2), with the
# logs then named cpython-mainline-*, for scripts/checks/backport-only.sh).
# CPYTHON_BENCH=1 runs no test: it boots under -icount and prints the
# startup's instructions with and without the checks (guest-tests.sh's
# icount-bench mode; scripts/bench/bench-shells.sh).
. "$(dirname "$0")/../lib/lib.sh"

PYTHON_CONFIG=${PYTHON_CONFIG:-/usr/bin/python3-config}
launcher=${TF_CPYTHON_LAUNCHER:-tf-python}
runs=${CPYTHON_RUNS:-10}
driver=$TOP/interpreters/cpython/guest-tests.sh
out_dir=$OBJ/cpython
sysroot=$out_dir/sysroot
kernel=${CPYTHON_KERNEL:-both}
case "$kernel" in
both) log_name=cpython ;;
mainline) log_name=cpython-mainline ;;
*) ktap_stop "CPYTHON_KERNEL=$kernel: not both or mainline" ;;
esac
guest_out=$LOGS/$log_name-guest-output.log
guest_err=$LOGS/$log_name-guest-stderr.log


case "$launcher" in
tf-python | tf-python-nocheck) ;;
*) ktap_stop "TF_CPYTHON_LAUNCHER=$launcher: not tf-python or tf-python-nocheck" ;;
esac
[ -f "$OBJ/usr/include/linux/trusted-for.h" ] ||
	ktap_stop "build the launcher" "no uapi headers in $OBJ/usr/include: run make build first"
[ -x "$PYTHON_CONFIG" ] || ktap_stop "build the launcher" "no $PYTHON_CONFIG: install python3-dev"

# The launcher, and the same without checks (the benchmark's baseline).
mkdir -p "$out_dir"
for variant in tf-python tf-python-nocheck; do
	flags=()
	[ "$variant" = tf-python ] || flags=(-DTF_NOCHECK)
	# shellcheck disable=SC2046 # python3-config prints several flags
	if ! log=$(gcc $("$PYTHON_CONFIG" --cflags) -Wextra -Werror -isystem "$OBJ/usr/include" \
		"${flags[@]}" -o "$out_dir/$variant" "$TOP/interpreters/cpython/tf-python.c" \
		$("$PYTHON_CONFIG" --ldflags --embed) 2>&1); then
		ktap_stop "build the launcher ($variant)" "$log"
	fi
done
# The guest tests' helper that makes trusted_for(2) fail with ENOSYS, as
# on mainline's kernel.
if ! log=$(gcc -static -O2 -Wall -Wextra -Werror -isystem "$OBJ/usr/include" \
	-o "$out_dir/no-trusted-for" "$TOP/interpreters/cpython/no-trusted-for.c" 2>&1); then
	ktap_stop "build the launcher (no-trusted-for)" "$log"
fi
nocheck() {
	env -i "$out_dir/tf-python-nocheck" "$@"
}

# The guest's root: the launchers, the standard-library files the tests
# load (found by running them here, interpreters/cpython/stdlib-files.py) with their
# bytecode, and the shared libraries of all that, each at its own path.
rm -rf "$sysroot"
mkdir -p "$sysroot/usr/bin"
cp "$out_dir/tf-python" "$out_dir/tf-python-nocheck" "$out_dir/no-trusted-for" "$sysroot/usr/bin/"
stdlib=$(nocheck -c 'import sys; print(sys._stdlib_dir)')
if ! log=$(cd /tmp && nocheck "$TOP/interpreters/cpython/stdlib-files.py" "$TOP/interpreters/cpython/tests" \
	"$out_dir/stdlib-files" 2>&1); then
	ktap_stop "find the standard-library files the tests use" "$log"
fi
mapfile -t files <"$out_dir/stdlib-files"
for f in "${files[@]}"; do
	mkdir -p "$(dirname "$sysroot$stdlib/$f")"
	cp -L "$stdlib/$f" "$sysroot$stdlib/$f"
done
# Hash-based bytecode stays valid whatever the files' times (guest.sh
# copies without keeping them), and importlib reads and checks the
# source as well as the .pyc.  Under policy bit 1 every file Python runs
# needs an execute bit, the standard library's too.
(cd / && nocheck -m compileall -q --invalidation-mode checked-hash "$sysroot$stdlib") >/dev/null ||
	ktap_stop "compile the standard-library subset"
find "$sysroot$stdlib" -type f -name '*.py*' -exec chmod 0755 {} +
for f in "$sysroot/usr/bin/tf-python" $(find "$sysroot$stdlib" -name '*.so'); do
	for lib in $(ldd "$f" | grep -o '/[^ ]*'); do
		mkdir -p "$sysroot$(dirname "$lib")"
		cp -L "$lib" "$sysroot$lib"
	done
done
size_kib=$(du -sk "$sysroot" | cut -f1)
stdlib_kib=$(du -sk "$sysroot$stdlib" | cut -f1)

if [ "${CPYTHON_BENCH:-0}" = 1 ]; then
	if ! log=$(gcc -static -O2 -Wall -Wextra -Werror -o "$out_dir/shell-bench" \
		"$TOP/interpreters/shell-tests/shell-bench.c" 2>&1); then
		die "could not build shell-bench: $log"
	fi
	exec env USE_KVM=0 QEMU_EXTRA="-icount shift=0,sleep=off" KERNEL_EXTRA=noapictimer \
		bash "$TOP/scripts/vm/guest.sh" -n "$log_name-bench" -t 900 \
		-f "$sysroot" -f "$TOP/interpreters/cpython/tests" -f "$out_dir/shell-bench" \
		"$driver" tf-python "$runs" "$kernel" icount-bench
fi

# One boot runs every case.
start=$(now_ns)
rc=0
bash "$TOP/scripts/vm/guest.sh" -n "$log_name" -t "${CPYTHON_TIMEOUT:-300}" \
	-f "$sysroot" -f "$TOP/interpreters/cpython/tests" "$driver" "$launcher" "$runs" "$kernel" \
	>"$guest_out" 2>"$guest_err" || rc=$?
took=$(elapsed "$start")

ktap_note "guest payload: $size_kib KiB (launchers, shared libraries, and a standard-library subset of ${#files[@]} files, $stdlib_kib KiB with bytecode); guest run: $took"
# The driver's KTAP as the subtests of one case.
# A driver that stopped early leaves fewer results than its plan, which
# the tally reports.
ktap_subtest "tf-python in the guest" "$guest_out" "$rc" \
	"guest.sh exit $rc; last lines of its standard error ($guest_err):" \
	"$(tail -n 30 "$guest_err")"
ktap_done
