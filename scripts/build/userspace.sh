#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build what runs in the guest, statically, against the uapi headers of
# the built kernel: the series' kselftests (in the tree, as a kernel
# developer builds them), their 32-bit (compat) build when the profile
# has one, and the project's guest programs (guest/*.c).
. "$(dirname "$0")/../lib/lib.sh"

[ -d "$OBJ/usr/include/linux" ] || die "no uapi headers in $OBJ/usr/include: scripts/build/build.sh headers first"
# Installed as the kselftest runner installs them: each target's tests
# and the files they use, and kselftest-list.txt naming the tests.
# ARCH is given so that a make ARCH=... alias cannot leak in.
rm -rf "$OBJ/kselftest-install"
make -C "$TREE/tools/testing/selftests" O="$OBJ" ARCH="$KARCH" TARGETS="$SELFTEST_TARGETS" \
	-j"$JOBS" FORCE_TARGETS=1 CC="${CROSS_COMPILE:-}gcc" LDFLAGS=-static \
	INSTALL_PATH="$OBJ/kselftest-install" install

# The same tests as 32-bit programs, which enter the kernel through its
# compat system call table: built apart (BUILD), installed apart.  Their
# system call numbers must be the compat ones of this very tree, never
# a literal: x86's uapi headers carry asm/unistd_32.h, while arm64's
# lack arm's numbers, which arm's own uapi headers of the tree give.
rm -rf "$COMPAT_INSTALL"
if [ -n "$COMPAT_CC" ]; then
	hdrs=$OBJ/usr/include
	if [ -n "$COMPAT_HEADERS_ARCH" ]; then
		hdrs=$OBJ/compat-headers/include
		make -C "$TREE" O="$OBJ/compat-headers" ARCH="$COMPAT_HEADERS_ARCH" \
			INSTALL_HDR_PATH="$OBJ/compat-headers" headers_install
	fi
	# The compat number of trusted_for in those headers must be the one
	# the kernel's compat table gives sys_trusted_for.
	nr=$(printf '#include <asm/unistd.h>\n__NR_trusted_for\n' |
		$COMPAT_CC -E -P -isystem "$hdrs" - | tail -n 1)
	[[ $nr =~ ^[0-9()+\ ]+$ ]] || die "no compat __NR_trusted_for in $hdrs (got '$nr')"
	nr=$((nr))
	# COMPAT_SYSCALL_TABLE lists candidates, the first that exists (in
	# the objects, then in the tree) wins: a table that a newer kernel
	# generates comes before the hand-written one an older kernel has.
	table=
	for t in $COMPAT_SYSCALL_TABLE; do
		for f in "$OBJ/$t" "$TREE/$t"; do
			[ -n "$table" ] || [ ! -f "$f" ] || table=$f
		done
	done
	[ -n "$table" ] || die "none of the compat tables exists: $COMPAT_SYSCALL_TABLE"
	grep -qE "^__SYSCALL\($nr, sys_trusted_for\)|^#define __NR_trusted_for $nr\$" "$table" ||
		die "compat __NR_trusted_for is $nr in $hdrs, but $table does not give $nr to sys_trusted_for"
	echo "compat: __NR_trusted_for is $nr, as in $table"
	# shellcheck disable=SC2086 # COMPAT_CC is a command with its options
	make -C "$TREE/tools/testing/selftests" O="$OBJ" ARCH="$KARCH" TARGETS="$COMPAT_TARGETS" \
		-j"$JOBS" BUILD="$OBJ/kselftest-compat" KHDR_INCLUDES="-isystem $hdrs" \
		FORCE_TARGETS=1 CC="$COMPAT_CC" LDFLAGS=-static \
		INSTALL_PATH="$COMPAT_INSTALL" install
	# A compiler that quietly made native programs would test nothing new.
	native=$(find "$COMPAT_INSTALL" -type f -exec file {} + | grep 'ELF 64-bit' || true)
	[ -z "$native" ] || die "64-bit programs in the compat build: $native"
fi

mkdir -p "$OBJ/guest"
for src in "$TOP"/guest/*.c; do
	[ -e "$src" ] || continue
	prog=$OBJ/guest/$(basename "$src" .c)
	"${CROSS_COMPILE:-}gcc" -static -O2 -Wall -Wextra -Werror -isystem "$OBJ/usr/include" \
		-isystem "$TREE/tools/testing/selftests" -o "$prog" "$src"
	echo "built $prog"
done

# The kernel variant's BPF programs (VARIANT_BPF_DIR, e.g. guest/bpf):
# each NAME.bpf.c is compiled for BPF by clang, and bpftool writes its
# skeleton, NAME.skel.h (the object and the code that loads it, for
# libbpf); each other .c there is a guest program that includes
# skeletons and the kselftest harness, with libbpf linked statically.
if [ -n "$VARIANT_BPF_DIR" ]; then
	src_dir=$TOP/$VARIANT_BPF_DIR
	gen=$OBJ/guest-bpf
	rm -rf "$gen"
	mkdir -p "$gen"
	for src in "$src_dir"/*.bpf.c; do
		name=$(basename "$src" .bpf.c)
		clang -O2 -g -Wall -Werror -target bpf -isystem "$OBJ/usr/include" \
			-idirafter "/usr/include/$(gcc -dumpmachine)" -c "$src" -o "$gen/$name.bpf.o"
		bpftool gen skeleton "$gen/$name.bpf.o" name "${name//-/_}_bpf" >"$gen/$name.skel.h"
		echo "built $gen/$name.bpf.o and its skeleton"
	done
	for src in "$src_dir"/*.c; do
		case "$src" in *.bpf.c) continue ;; esac
		prog=$OBJ/guest/$(basename "$src" .c)
		gcc -static -O2 -Wall -Wextra -Werror -isystem "$OBJ/usr/include" -I"$gen" -I"$src_dir" -I"$TOP/guest" \
			-isystem "$TREE/tools/testing/selftests" -o "$prog" "$src" -lbpf -lelf -lz -lzstd
		echo "built $prog"
	done
fi
