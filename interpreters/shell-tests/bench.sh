#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The cost of the checks, in the guest (scripts/bench/bench-shells.sh
# boots it under -icount, where the clock counts instructions):
#
#   bench.sh DIR RUNS
#
# For each shell in DIR (dash, busybox as ash, bash) and its unpatched
# build (NAME-orig): a script that sources 1000 small files, and a
# script that does nothing, each timed RUNS times with shell-bench, under
# fs.trusted_for_policy 0 and 3 (where the kernel has trusted_for(2)).
# Prints a table, then per shell and policy the instructions that one
# check adds: (patched - unpatched) / 1001 for the sourcing script (1000
# files and the script itself).
dir=$1
runs=$2
bench=${SHELL_BENCH:-/guest/shell-bench}
work=/tmp/shell-bench
mkdir -p "$work/lib"
i=0
: >"$work/source-1000.sh"
while [ $i -lt 1000 ]; do
	echo "v$i=$i" >"$work/lib/f$i.sh"
	echo ". $work/lib/f$i.sh" >>"$work/source-1000.sh"
	i=$((i + 1))
done
echo ":" >"$work/empty.sh"
chmod -R 0755 "$work"
# BusyBox runs the applet its name says: each build gets a link "ash".
mkdir -p "$work/orig"
ln -sf "$dir/busybox" "$work/ash"
ln -sf "$dir/busybox-orig" "$work/orig/ash"
policies=-
[ -f /proc/sys/fs/trusted_for_policy ] && policies="0 3"
printf '%-6s %-6s %-12s %12s %12s %12s\n' shell policy script patched unpatched per-check
for k in dash ash bash; do
	case $k in ash) p=$work/ash o=$work/orig/ash ;; *) p=$dir/$k o=$dir/$k-orig ;; esac
	[ -x "$p" ] && [ -x "$o" ] || continue
	for pol in $policies; do
		[ "$pol" = - ] || echo "$pol" >/proc/sys/fs/trusted_for_policy
		for s in source-1000 empty; do
			a=$("$bench" "$runs" "$p" "$work/$s.sh") || exit 1
			b=$("$bench" "$runs" "$o" "$work/$s.sh") || exit 1
			a=${a%% *} b=${b%% *}
			checks=1
			[ $s = source-1000 ] && checks=1001
			printf '%-6s %-6s %-12s %12d %12d %12d\n' "$k" "$pol" "$s" "$a" "$b" $(((a - b) / checks))
		done
	done
done
[ "$policies" = - ] || echo 0 >/proc/sys/fs/trusted_for_policy
