#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: boot the patched kernel (the Makefile's graph builds it
# first) and show, from real calls in the guest, what trusted_for(2)
# answers for each policy, mount, file mode and kind of file descriptor.
. "$(dirname "$0")/lib/lib.sh"

start=$(now_ns)
printf '==> %-10s %s\n' boot "the table program in the guest" >&3
echo
bash "$TOP/scripts/vm/guest.sh" -t 300 -n table trusted-for-table
echo
printf '==> %-10s done in %s (kernel console: %s)\n' boot "$(elapsed "$start")" "$LOGS/table-console.log" >&3
