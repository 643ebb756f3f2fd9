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
# A KCSAN report of a race in the base kernel's code alone is shown as a
# note (lib.sh, kernel_problems).
problems=$(kernel_problems "${logs[@]}" 2>&1 || true)
base_races=$(kernel_problems --base "${logs[@]}" 2>/dev/null || true)
[ -z "$base_races" ] || ktap_note "KCSAN races of the base kernel's code, not failed:" "$base_races"
if [ -z "$problems" ]; then
	ktap_ok "$name"
else
	ktap_fail "$name" "$problems"
fi
ktap_done
