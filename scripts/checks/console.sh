#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The kernel console of the first boot and of the kselftests' boot: no
# oops, BUG, WARNING, KASAN or other line that KERNEL_PROBLEM_RE names
# (the other suites' guests fail on such a line themselves: guest.sh
# exits 125).  Prints KTAP: one case.
. "$(dirname "$0")/../lib/lib.sh"

name="no oops, BUG, WARNING or KASAN line in the kernel console"
# The kselftests' boot is not made when T= names other suites alone; the
# first boot always is.
logs=("$LOGS/boot-console.log")
[ ! -f "$LOGS/kselftest-console.log" ] || logs+=("$LOGS/kselftest-console.log")
problems=$(grep -hE "$KERNEL_PROBLEM_RE" "${logs[@]}" 2>&1 || true)
if [ -z "$problems" ]; then
	ktap_ok "$name"
else
	ktap_fail "$name" "$problems"
fi
ktap_done
