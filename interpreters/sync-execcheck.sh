#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# interpreters/common/execcheck.h is written once; each shell's quilt
# series adds it with its first patch, 0001-execcheck-header.patch, made
# here from the header and the shell's EXECCHECK_PATH (shell.conf):
#
#   interpreters/sync-execcheck.sh          rewrite the patches
#   interpreters/sync-execcheck.sh --check  fail, naming them, when a
#                                           patch differs from the header
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
header=$here/common/execcheck.h
check=0
[ "${1:-}" = --check ] && check=1
status=0

make_patch() {
	local path=$1 n
	n=$(wc -l <"$header")
	cat <<HDR
Description: Add execcheck.h, which asks the kernel whether code may run
 The shell includes it in one source file and calls execcheck() on each
 descriptor it is about to read code from: trusted_for(2) and its
 fs.trusted_for_policy, then execveat(2)'s AT_EXECVE_CHECK under the exec
 securebits of Linux 6.14.  The same file is added to dash, BusyBox and
 bash, so that the three shells decide alike; the rules are in the
 header's first comment.
Author: Trusted-for Developers <dev@trusted-for.example.org>
Forwarded: no
Last-Update: 2026-12-05
---
--- /dev/null
+++ b/$path
@@ -0,0 +1,$n @@
HDR
	sed 's/^/+/' "$header"
}

for conf in "$here"/*/shell.conf; do
	sh=$(basename "$(dirname "$conf")")
	path=$(sed -n 's/^EXECCHECK_PATH=//p' "$conf")
	[ -n "$path" ] || { echo "error: $conf: no EXECCHECK_PATH" >&2; exit 1; }
	out=$here/$sh/patches/0001-execcheck-header.patch
	if [ $check = 1 ]; then
		if ! make_patch "$path" | cmp -s - "$out"; then
			echo "interpreters/$sh/patches/0001-execcheck-header.patch differs from interpreters/common/execcheck.h: run interpreters/sync-execcheck.sh" >&2
			status=1
		fi
	else
		mkdir -p "$(dirname "$out")"
		make_patch "$path" >"$out"
		grep -qx 0001-execcheck-header.patch "$here/$sh/patches/series" 2>/dev/null ||
			{ echo 0001-execcheck-header.patch | cat - "$here/$sh/patches/series" 2>/dev/null >"$out.series" || true; mv "$out.series" "$here/$sh/patches/series"; }
		echo "interpreters/$sh/patches/0001-execcheck-header.patch"
	fi
done
exit $status
