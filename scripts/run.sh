#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: build and boot the patched kernel and show, from real calls
# in the guest, what trusted_for(2) answers for each policy, mount, file
# mode and kind of file descriptor.
. "$(dirname "$0")/lib/lib.sh"

stage install bash "$TOP/scripts/setup/deps.sh"
stage unpack bash "$TOP/scripts/series/tree.sh" unpack
stage apply bash "$TOP/scripts/series/tree.sh" apply
stage configure bash "$TOP/scripts/build/build.sh" config
stage build bash "$TOP/scripts/build/build.sh" kernel
stage userspace bash "$TOP/scripts/build/userspace.sh"
stage initramfs bash "$TOP/scripts/build/initramfs.sh"
start=$(now_ns)
printf '==> %-10s %s\n' boot "the table program in the guest" >&3
echo
bash "$TOP/scripts/vm/guest.sh" -t 300 -n table trusted-for-table
echo
printf '==> %-10s done in %s (kernel console: %s)\n' boot "$(elapsed "$start")" "$LOGS/table-console.log" >&3
