#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build what runs in the guest, statically, against the uapi headers of
# the built kernel: the series' kselftests (in the tree, as a kernel
# developer builds them) and the project's guest programs (guest/*.c).
. "$(dirname "$0")/lib.sh"

[ -d "$OBJ/usr/include/linux" ] || die "no uapi headers in $OBJ/usr/include: build the kernel first"
# Installed as the kselftest runner installs them: each target's tests
# and the files they use, and kselftest-list.txt naming the tests.
rm -rf "$OBJ/kselftest-install"
make -C "$TREE/tools/testing/selftests" O="$OBJ" TARGETS="$SELFTEST_TARGETS" \
	FORCE_TARGETS=1 CC="${CROSS_COMPILE:-}gcc" LDFLAGS=-static \
	INSTALL_PATH="$OBJ/kselftest-install" install
mkdir -p "$OBJ/guest"
for src in "$TOP"/guest/*.c; do
	[ -e "$src" ] || continue
	prog=$OBJ/guest/$(basename "$src" .c)
	"${CROSS_COMPILE:-}gcc" -static -O2 -Wall -Wextra -Werror -isystem "$OBJ/usr/include" \
		-o "$prog" "$src"
	echo "built $prog"
done
