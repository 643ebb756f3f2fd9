#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prove that trusted_for(2) has its intended number in every system call
# ABI of every architecture of the current base, with the kernel's own
# generation machinery rather than by reading the .tbl files:
#
#   scripts/checks/syscalls.sh [ARCH...]          (default: every architecture)
#
# For each ARCH, in a scratch object directory: make headers_install,
# archheaders and asm-generic (plus the arch's "kapi" rules where the
# kernel-internal tables are only made at archprepare), then for each ABI
#
#   uapi   the C preprocessor evaluates __NR_trusted_for from the
#          installed <asm/unistd.h> with the macros that select the ABI
#          (_MIPS_SIM, __ILP32__, __ARM_EABI__, __s390x__, __arch64__...);
#          it must equal BASE_SYSCALL_NR plus the ABI's offset, and no
#          other __NR_ name of that ABI may have the same value;
#   table  the kernel's generated system call table for that ABI, read
#          through the preprocessor, has sys_trusted_for at the row of
#          that number, and nothing else there; where the kernel sizes
#          the table with a macro (__NR_syscalls, NR_syscalls,
#          __NR_compat_syscalls...), it is larger than the row.
#
# Then scripts/checksyscalls.sh, as the kernel build runs it: for each
# architecture whose cross compiler Debian 12 packages (installed here
# with apt-get when missing), make tinyconfig and make prepare at the
# series' head and at the base, in scratch object directories; a
# "syscall trusted_for not implemented" warning, or any checksyscalls
# warning the base lacks, fails.  Both parts run JOBS architectures or
# kernels at a time (lib.sh's job pool) and print in a fixed order.
# Results are kept in the cache's results/syscalls/ (scripts/lib/cache.sh)
# by the content of the tree's arch, include and scripts directories,
# the compiler version and this script, so a second run, in this clone
# or another, with the same inputs is fast.  SYSCALLS_CROSS=0 skips this part;
# SYSCALLS_CROSS_NAMES="mips arm64..." runs only those kernels;
# SYSCALLS_NO_INSTALL=1 installs nothing.
#
# Prints KTAP: a case per checksyscalls run, and per architecture a
# subtest with a case per ABI; exits 1 if any failed.
. "$(dirname "$0")/../lib/lib.sh"

N=$BASE_SYSCALL_NR
[[ $N =~ ^[1-9][0-9]*$ ]] || die "BASE_SYSCALL_NR '$N' in bases/$BASE/base.conf is not a number"
[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree (BASE=$BASE)"
git -C "$TREE" rev-parse -q --verify "$BASE_TAG^{commit}" >/dev/null ||
	die "$TREE has no '$BASE_TAG' tag: run make tree"
command -v python3 >/dev/null || die "python3 is needed to evaluate the numbers"
SYSCALLS_CROSS=${SYSCALLS_CROSS:-1}
case "$SYSCALLS_CROSS" in 0 | 1) ;; *) die "SYSCALLS_CROSS='$SYSCALLS_CROSS': 0 or 1" ;; esac

# content_key COMMIT: a digest of what the results depend on at COMMIT:
# the arch and include trees, the kernel's scripts and top-level
# Makefiles (git's tree hashes, so only their content counts).  Commits
# that differ elsewhere (fs/, Documentation/, the selftests) share it.
content_key() {
	git -C "$TREE" rev-parse "$1:arch" "$1:include" "$1:scripts" "$1:Makefile" "$1:Kbuild" |
		sha256sum | cut -c1-16
}
head=$(content_key HEAD)
base=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
base_key=$(content_key "$base")
self_hash=$(sha256sum <"$0" | cut -c1-12)
# The results are kept outside the clone, like ccache's objects: a new
# clone of the project, or another build root, with the same inputs
# reuses them (scripts/lib/cache.sh).
cache_dir=$(cache_dir syscalls)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/syscalls.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ok NAME / not_ok NAME DETAIL...: one KTAP case.
ok() { ktap_ok "$1"; }
not_ok() { ktap_fail "$@"; }

# The ABIs, one a line: NAME ARCH UAPI-DEFINES EXPECTED TABLE COLUMN ROW SIZE
#   UAPI-DEFINES  -D options (comma-separated) that select the ABI in the
#                 installed <asm/unistd.h>; "-" for none
#   EXPECTED      the number user space passes, as a python expression of N
#   TABLE         the generated kernel table, under the object directory
#                 (an entry "src:PATH" is a header of the source tree);
#                 "uapi" means the __SYSCALL rows of <asm/unistd.h>
#   COLUMN        which entry of a row is this ABI's: 1 native, 2 compat
#   ROW           the table row trusted_for must be at (a python expression)
#   SIZE          FILE:MACRO of the table's size, or "-"
# Each offset has its reason next to it.  Lines whose first uapi or
# table file does not exist in this base are left out, and said so.
LP64=-D__CHAR_BIT__=8,-D__SIZEOF_LONG__=8,-D__SIZEOF_POINTER__=8,-D__LP64__
ILP32=-D__CHAR_BIT__=8,-D__SIZEOF_LONG__=4,-D__SIZEOF_POINTER__=4
abi_table() {
	cat <<-EOF
		# alpha kept OSF/1's numbers below 110 apart, so its copies of the common numbers run 110 higher
		alpha alpha -D__alpha__,$LP64 N+110 asm/syscall_table.h 1 N+110 -
		# arc, csky, hexagon, loongarch, nios2, openrisc, riscv: asm-generic numbers, no offset
		arc arc -D__arc__,$ILP32 N asm/syscall_table_32.h 1 N -
		csky csky -D__csky__,$ILP32 N asm/syscall_table_32.h 1 N -
		hexagon hexagon -D__hexagon__,$ILP32 N asm/syscall_table_32.h 1 N -
		loongarch loongarch -D__loongarch__,$LP64 N asm/syscall_table_64.h 1 N -
		nios2 nios2 -D__nios2__,$ILP32 N asm/syscall_table_32.h 1 N -
		openrisc openrisc -D__or1k__,$ILP32 N asm/syscall_table_32.h 1 N -
		riscv64 riscv -D__riscv,$LP64 N asm/syscall_table_64.h 1 N -
		riscv32 riscv -D__riscv,$ILP32 N asm/syscall_table_32.h 1 N -
		# arm EABI: __NR_SYSCALL_BASE is 0, the number goes in r7 as is
		arm-eabi arm -D__arm__,-D__ARM_EABI__,$ILP32 N calls-eabi.S 1 N asm/unistd-nr.h:__NR_syscalls
		# arm OABI: the number is the swi immediate, offset by __NR_OABI_SYSCALL_BASE 0x900000
		arm-oabi arm -D__arm__,$ILP32 N+0x900000 calls-oabi.S 1 N asm/unistd-nr.h:__NR_syscalls
		# arm64 native: asm-generic numbers, no offset
		arm64 arm64 -D__aarch64__,$LP64 N asm/syscall_table_64.h 1 N -
		# arm64 compat (AArch32 tasks): arm EABI's numbers, no offset
		arm64-compat arm64 -D__aarch64__,$LP64 N asm/syscall_table_32.h 1 N asm/unistd_compat_32.h:__NR_compat32_syscalls
		# ia64 numbers start at 1024 (__NR_ni_syscall), table row = number - 1024
		ia64 ia64 -D__ia64__,$LP64 N+1024 asm/syscall_table.h 1 N -
		# m68k, microblaze, sh, xtensa: no offset
		m68k m68k -D__m68k__,$ILP32 N asm/syscall_table.h 1 N -
		microblaze microblaze -D__microblaze__,$ILP32 N asm/syscall_table.h 1 N -
		sh sh -D__sh__,$ILP32 N asm/syscall_table.h 1 N -
		xtensa xtensa -D__xtensa__,$ILP32 N asm/syscall_table.h 1 N -
		# mips o32: __NR_O32_Linux is 4000 (_MIPS_SIM_ABI32 is 1)
		mips-o32 mips -D__mips__,-D_MIPS_SIM=1,$ILP32 N+4000 asm/syscall_table_o32.h 1 N -
		# mips n64: __NR_64_Linux is 5000 (_MIPS_SIM_ABI64 is 3)
		mips-n64 mips -D__mips__,-D_MIPS_SIM=3,$LP64 N+5000 asm/syscall_table_n64.h 1 N -
		# mips n32: __NR_N32_Linux is 6000 (_MIPS_SIM_NABI32 is 2)
		mips-n32 mips -D__mips__,-D_MIPS_SIM=2,$ILP32 N+6000 asm/syscall_table_n32.h 1 N -
		# parisc: __NR_Linux is 0 in both widths
		parisc32 parisc -D__hppa__,$ILP32 N asm/syscall_table_32.h 1 N -
		parisc64 parisc -D__hppa__,$LP64 N asm/syscall_table_64.h 1 N -
		# powerpc: no offset; the SPU table has the same numbers
		powerpc32 powerpc -D__powerpc__,$ILP32 N asm/syscall_table_32.h 1 N -
		powerpc64 powerpc -D__powerpc__,-D__powerpc64__,$LP64 N asm/syscall_table_64.h 1 N -
		powerpc-spu powerpc -D__powerpc__,-D__powerpc64__,$LP64 N asm/syscall_table_spu.h 1 N -
		# s390: no offset; the 31-bit compat entry is the table's second column
		s390x s390 -D__s390__,-D__s390x__,$LP64 N asm/syscall_table.h 1 N asm/unistd_nr.h:NR_syscalls
		s390-compat s390 -D__s390__,$ILP32 N asm/syscall_table.h 2 N asm/unistd_nr.h:NR_syscalls
		# sparc: no offset in either width
		sparc32 sparc -D__sparc__,$ILP32 N asm/syscall_table_32.h 1 N -
		sparc64 sparc -D__sparc__,-D__arch64__,$LP64 N asm/syscall_table_64.h 1 N -
		# x86: i386 and x86_64 have no offset
		i386 x86 -D__i386__,$ILP32 N asm/syscalls_32.h 1 N -
		x86_64 x86 -D__x86_64__,$LP64 N asm/syscalls_64.h 1 N -
		# x32: x86_64's table, with __X32_SYSCALL_BIT (0x40000000) or'ed into the number
		x32 x86 -D__x86_64__,-D__ILP32__,$ILP32 N|0x40000000 asm/syscalls_x32.h 1 N -
	EOF
}

# What differs in 6.1, before the asm-generic architectures generated
# their tables (6.11): their table is __SYSCALL rows of the installed
# asm-generic/unistd.h, and arm64's compat numbers and table are the
# hand-written asm/unistd32.h, sized by __NR_compat_syscalls in
# asm/unistd.h.
abi_override() {
	local name=$1 table=$2
	[ -f "$TREE/scripts/syscall.tbl" ] && { echo "$table"; return; }
	case "$name" in
	arc | csky | hexagon | loongarch | nios2 | openrisc | riscv* | arm64) echo uapi ;;
	arm64-compat) echo src:arch/arm64/include/asm/unistd32.h ;;
	*) echo "$table" ;;
	esac
}

# calc EXPR: evaluate an integer expression of N (and C literals).
calc() {
	python3 -c '
import re, sys
expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", sys.argv[1])
if not re.fullmatch(r"[\sN0-9a-fA-FxX()+\-*|<>&~]*", expr):
    sys.exit("not an integer expression: " + sys.argv[1])
print(eval(expr, {"__builtins__": {}}, {"N": int(sys.argv[2])}))' "$1" "$N"
}

# values FILE: read "NAME EXPR" lines, print "NAME VALUE" for each
# whose expression is an integer one (the others are not numbers).
values() {
	python3 -c '
import re, sys
for line in open(sys.argv[1]):
    name, _, expr = line.strip().partition(" ")
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
    if expr and re.fullmatch(r"[\s0-9a-fA-FxX()+\-*|<>&~]*", expr):
        try:
            print(name, eval(expr, {"__builtins__": {}}, {}))
        except Exception:
            pass' "$1"
}

# cpp_abi MODE ARCH DEFINES ARG...: the preprocessor with no predefined
# macro but the ABI's DEFINES, on ARCH's installed headers (MODE uapi)
# or with the kernel's include path (MODE kernel, as LINUXINCLUDE).
cpp_abi() {
	local mode=$1 arch=$2 defs=$3 o=$tmp/$2
	local -a args=(-E -P -undef -nostdinc) d
	shift 3
	if [ "$mode" = uapi ]; then
		args+=(-I "$o/usr/include")
	else
		args+=(-I "$TREE/arch/$arch/include" -I "$o/arch/$arch/include/generated"
			-I "$TREE/include" -I "$TREE/arch/$arch/include/uapi"
			-I "$o/arch/$arch/include/generated/uapi" -I "$TREE/include/uapi" -D__KERNEL__)
	fi
	if [ "$defs" != - ]; then
		IFS=, read -r -a d <<<"$defs"
		args+=("${d[@]}")
	fi
	gcc "${args[@]}" "$@"
}

# gen_headers ARCH: install ARCH's uapi headers and generate its tables
# in $tmp/ARCH with the kernel's make rules.  The x86 tables of x86_64
# and x32 are made only for those configurations: their options are
# given on the command line.  arm's and s390's kernel tables are made at
# archprepare, by the "kapi" rule of their tools Makefile, run here.
gen_headers() {
	local arch=$1 o=$tmp/$1 log=$tmp/$1.make.log
	local -a extra=()
	[ "$arch" = x86 ] && extra=(CONFIG_X86_64=y CONFIG_X86_X32_ABI=y)
	make -C "$TREE" O="$o" ARCH="$arch" INSTALL_HDR_PATH="$o/usr" "${extra[@]}" \
		headers_install archheaders asm-generic >"$log" 2>&1 || return 1
	local kapi=
	case "$arch" in
	arm) kapi=arch/arm/tools ;;
	s390) kapi=arch/s390/kernel/syscalls ;;
	esac
	[ -z "$kapi" ] && return 0
	(cd "$o" && make -f "$TREE/scripts/Makefile.build" obj="$kapi" srctree="$TREE" VPATH="$TREE" \
		ARCH="$arch" SRCARCH="$arch" CONFIG_SHELL=sh AWK=awk kapi) >>"$log" 2>&1
}

# uapi_numbers MODE ARCH DEFINES HEADER OUT: every __NR_ name that
# HEADER defines for the ABI, with its value, as "NAME VALUE" lines in
# OUT.  The names are stringified, so that only the values expand.
uapi_numbers() {
	local mode=$1 arch=$2 defs=$3 hdr=$4 out=$5
	printf '#include <%s>\n' "$hdr" >"$tmp/nr.c"
	cpp_abi "$mode" "$arch" "$defs" -dM "$tmp/nr.c" >"$tmp/nr.macros" || return 1
	{
		printf '#include <%s>\n#define TF_NAME(x) #x\n' "$hdr"
		sed -n 's/^#define \(__NR_[A-Za-z0-9_]*\) .*/@nr TF_NAME(\1) \1/p' "$tmp/nr.macros" |
			grep -v '(__NR3264_'
	} >"$tmp/nr2.c"
	cpp_abi "$mode" "$arch" "$defs" "$tmp/nr2.c" >"$tmp/nr.out" || return 1
	sed -n 's/^@nr "\([^"]*\)" /\1 /p' "$tmp/nr.out" >"$tmp/nr.exprs"
	values "$tmp/nr.exprs" >"$out"
}

# table_rows MODE ARCH DEFINES FILE OUT: the rows of a generated table, read
# through the preprocessor, as "ROW NATIVE COMPAT" lines in OUT (tables
# without numbers, like s390's, count their rows).
table_rows() {
	local mode=$1 arch=$2 defs=$3 file=$4 out=$5
	printf '%s\n' '#define __SYSCALL(nr, f) @row nr @@ f f' \
		'#define __SYSCALL_WITH_COMPAT(nr, n, c) @row nr @@ n c' \
		'#define SYSCALL(n, c) @row - @@ n c' \
		"#include \"$file\"" >"$tmp/rows.c"
	cpp_abi "$mode" "$arch" "$defs" "$tmp/rows.c" |
		awk -F' *@@ *' '/^@row / { sub(/^@row /, "", $1); i++; if ($1 == "-") $1 = i - 1; print $1 "@@" $2 }' \
		>"$tmp/rows.raw" || return 1
	# The row numbers may be expressions (__NR_foo, or 244 + 15).
	awk -F'@@' '{ print NR, $1 }' "$tmp/rows.raw" >"$tmp/rows.exprs"
	values "$tmp/rows.exprs" | sort -n | cut -d' ' -f2 >"$tmp/rows.nums"
	[ "$(wc -l <"$tmp/rows.nums")" = "$(wc -l <"$tmp/rows.raw")" ] ||
		{ echo "a row number is not an integer expression" >&2; return 1; }
	paste -d' ' "$tmp/rows.nums" <(sed 's/^.*@@//' "$tmp/rows.raw") >"$out"
}

# check_abi NAME ARCH DEFINES EXPECTED TABLE COLUMN ROW SIZE: the uapi
# and table checks of one ABI, one result each.
check_abi() {
	local name=$1 arch=$2 defs=$3 expected=$4 table=$5 column=$6 row=$7 size=$8
	local want got others hdr=asm/unistd.h nrname=__NR_trusted_for o=$tmp/$2 f mode=uapi
	want=$(calc "$expected")
	# uapi: the number user space sees.  arm64's compat numbers are
	# kernel-internal: asm/unistd32.h (6.1) or the generated
	# asm/unistd_compat_32.h, whose names have a "compat32_" prefix.
	if [ "$name" = arm64-compat ]; then
		mode=kernel
		if [ "$table" = src:arch/arm64/include/asm/unistd32.h ]; then
			hdr=asm/unistd32.h
			size=asm/unistd.h:__NR_compat_syscalls
		else
			hdr=asm/unistd_compat_32.h nrname=__NR_compat32_trusted_for
		fi
	fi
	if ! uapi_numbers "$mode" "$arch" "$defs" "$hdr" "$tmp/numbers" 2>"$tmp/err"; then
		not_ok "$name: $nrname in <$hdr> (the preprocessor failed)" "$(head -n 20 "$tmp/err")"
	else
		got=$(awk -v n="$nrname" '$1 == n { print $2 }' "$tmp/numbers")
		others=$(awk -v n="$nrname" -v v="$want" '$1 != n && $2 == v && $1 !~ /syscalls$/ { print $1 }' "$tmp/numbers" | xargs)
		if [ -z "$got" ]; then
			not_ok "$name: $nrname is not defined by <$hdr> ($(wc -l <"$tmp/numbers") __NR_ names are)"
		elif [ "$got" != "$want" ]; then
			not_ok "$name: $nrname is $got, expected $want ($expected, N=$N)"
		elif [ -n "$others" ]; then
			not_ok "$name: $nrname is $want, but so is $others"
		else
			ok "$name: $nrname = $want$( [ "$want" -lt 65536 ] || printf ' (%#x)' "$want") ($expected, N=$N) in <$hdr>, alone among its $(wc -l <"$tmp/numbers") __NR_ names"
		fi
	fi
	# table: the row the kernel dispatches to.
	local trow file
	trow=$(calc "$row")
	case "$table" in
	uapi) file=$o/usr/include/asm/unistd.h ;;
	src:*) file=$TREE/${table#src:} ;;
	calls-*) file=$o/arch/$arch/include/generated/$table ;;
	*) file=$o/arch/$arch/include/generated/$table ;;
	esac
	if [ ! -f "$file" ]; then
		not_ok "$name: table ${file#"$tmp"/} was not generated"
		return
	fi
	mode=kernel
	[ "$table" = uapi ] && mode=uapi
	if ! table_rows "$mode" "$arch" "$defs" "$file" "$tmp/rows" 2>"$tmp/err"; then
		not_ok "$name: table ${file#"$tmp"/} (the preprocessor failed)" "$(head -n 20 "$tmp/err")"
		return
	fi
	local at mine size_v=
	at=$(awk -v r="$trow" '$1 == r' "$tmp/rows")
	mine=$(awk -v c="$column" '$(c + 1) == "sys_trusted_for" || $(c + 1) == "compat_sys_trusted_for" { print $1 }' "$tmp/rows" | xargs)
	if [ "$size" != - ]; then
		f=${size%%:*}
		printf '#include <%s>\n@size %s\n' "$f" "${size#*:}" >"$tmp/size.c"
		size_v=$(cpp_abi kernel "$arch" "$defs,-DCONFIG_COMPAT" "$tmp/size.c" 2>/dev/null |
			sed -n 's/^@size /size /p' >"$tmp/size.e" && values "$tmp/size.e" | cut -d' ' -f2)
	fi
	local where="${table#src:}"
	[ "$table" = uapi ] && where="__SYSCALL rows of <asm/unistd.h>"
	if [ "$mine" != "$trow" ]; then
		not_ok "$name: sys_trusted_for is at row(s) '${mine:-none}' of $where, expected $trow" \
			"row $trow: ${at:-none}"
	elif [ "$(printf '%s\n' "$at" | wc -l)" != 1 ]; then
		not_ok "$name: row $trow of $where is there more than once" "$at"
	elif [ "$size" != - ] && ! [ "${size_v:-0}" -gt "$trow" ] 2>/dev/null; then
		not_ok "$name: ${size#*:} (${size%%:*}) is '${size_v:-undefined}', not above row $trow"
	else
		ok "$name: row $trow of $where is sys_trusted_for, alone${size_v:+; ${size#*:} = $size_v}"
	fi
}

# --- numbers and tables --------------------------------------------------
arches=("$@")
if [ ${#arches[@]} -eq 0 ]; then
	mapfile -t arches < <(abi_table | awk '!/^#/ { print $2 }' | awk '!seen[$0]++')
fi
for arch in "${arches[@]}"; do
	abi_table | awk -v a="$arch" '!/^#/ && $2 == a { f = 1 } END { exit !f }' ||
		die "unknown architecture '$arch' (known: $(abi_table | awk '!/^#/ { print $2 }' | sort -u | xargs))"
done
# abi_job ARCH: generate ARCH's headers and tables and check each of its
# ABIs, in a directory of its own (pool_start runs it in a subshell).
# shellcheck disable=SC2317 # run by pool_start
# It prints a KTAP document of its own, a subtest of the run's.
abi_job() {
	local arch=$1
	KTAP_BUF= KTAP_COUNT=0 KTAP_FAILED=0
	tmp=$tmp/job-$arch
	mkdir -p "$tmp"
	if ! gen_headers "$arch"; then
		not_ok "$arch: make headers_install archheaders asm-generic failed" \
			"$(tail -n 20 "$tmp/$arch.make.log")"
		ktap_done
		return
	fi
	while read -r name a defs expected table column row size; do
		[ "$a" = "$arch" ] || continue
		table=$(abi_override "$name" "$table")
		check_abi "$name" "$a" "$defs" "$expected" "$table" "$column" "$row" "$size"
	done < <(abi_table | grep -v '^#')
	ktap_done
}

# The architectures run JOBS at a time and print in order.  A run with
# the same commit and script prints the results of the last one for an
# architecture that passed.
POOL_DIR=$tmp/pool
for arch in "${arches[@]}"; do
	[ -d "$TREE/arch/$arch" ] || continue
	[ -f "$cache_dir/abi-$arch-$head-$self_hash" ] && continue
	pool_start "abi-$arch" "$tmp/abi-$arch.out" abi_job "$arch"
done
for arch in "${arches[@]}"; do
	if [ ! -d "$TREE/arch/$arch" ]; then
		ktap_note "$arch: not in this base (Linux $BASE)"
		continue
	fi
	key=$cache_dir/abi-$arch-$head-$self_hash
	if [ -f "$key" ]; then
		ktap_subtest "$arch: numbers and tables (an earlier run's results)" "$key" 0
		continue
	fi
	pool_wait "abi-$arch"
	ktap_subtest "$arch: numbers and tables" "$tmp/abi-$arch.out" "$POOL_RC" \
		"the checks of $arch stopped or failed (exit $POOL_RC)" "$(tail -n 20 "$tmp/abi-$arch.out")"
	[ "$POOL_RC" != 0 ] || sed -n '/^KTAP version/,$p' "$tmp/abi-$arch.out" >"$key"
	rm -rf "${tmp:?}/job-$arch"
done

# --- checksyscalls.sh ------------------------------------------------------
if [ "$SYSCALLS_CROSS" != 1 ]; then
	ktap_note "checksyscalls: not run (SYSCALLS_CROSS=0)"
	ktap_done
	exit
fi
if [ $# -ne 0 ] && [ -z "${SYSCALLS_CROSS_NAMES:-}" ]; then
	ktap_note "checksyscalls: run only without ARCH arguments, or with SYSCALLS_CROSS_NAMES"
	ktap_done
	exit
fi

# The kernels whose checksyscalls.sh runs are checked, one a line:
# NAME ARCH DEBIAN-PACKAGE CROSS_COMPILE CONFIG-OPTIONS ("-": none).
# Each starts from tinyconfig; the options, enabled on top, select a
# 64-bit kernel with its compat ABIs where make prepare checks them
# (mips runs checksyscalls once per ABI: n64, then n32 and o32).
# SYSCALLS_CROSS_NAMES="NAME..." keeps only those.
cross_table() {
	local names=" ${SYSCALLS_CROSS_NAMES:-} "
	cross_all | awk -v names="$names" 'names ~ /^ *$/ || index(names, " " $1 " ")'
}
# cross_all: every line of the table.
cross_all() {
	cat <<-EOF
		x86_64 x86_64 gcc - -
		i386 i386 gcc-i686-linux-gnu i686-linux-gnu- -
		arm64 arm64 gcc-aarch64-linux-gnu aarch64-linux-gnu- -
		arm arm gcc-arm-linux-gnueabihf arm-linux-gnueabihf- -
		riscv64 riscv gcc-riscv64-linux-gnu riscv64-linux-gnu- -
		powerpc64le powerpc gcc-powerpc64le-linux-gnu powerpc64le-linux-gnu- PPC64,CPU_LITTLE_ENDIAN
		s390x s390 gcc-s390x-linux-gnu s390x-linux-gnu- -
		mips mips gcc-mips-linux-gnu mips-linux-gnu- -
		mips64el mips gcc-mips64el-linux-gnuabi64 mips64el-linux-gnuabi64- CPU_MIPS64_R2,64BIT,CPU_LITTLE_ENDIAN,MIPS32_O32,MIPS32_N32
		alpha alpha gcc-alpha-linux-gnu alpha-linux-gnu- -
		parisc parisc gcc-hppa-linux-gnu hppa-linux-gnu- -
		m68k m68k gcc-m68k-linux-gnu m68k-linux-gnu- -
		sh4 sh gcc-sh4-linux-gnu sh4-linux-gnu- -
		sparc64 sparc64 gcc-sparc64-linux-gnu sparc64-linux-gnu- -
		arc arc gcc-arc-linux-gnu arc-linux-gnu- -
	EOF
}

# install_cross: apt-get install the cross compilers that are missing
# (none when all are there: safe to run every time).
install_cross() {
	local start
	start=$(now_ns)
	# --no-remove: these packages conflict with gcc-multilib, which apt
	# would otherwise remove without asking.
	apt_install --no-remove -- $(cross_table | awk '{ print $3 }' | sort -u) >"$tmp/apt.log" 2>&1 || {
		ktap_note "$(tail -n 20 "$tmp/apt.log")"
		return 1
	}
	[ ! -s "$tmp/apt.log" ] || ktap_note "cross compilers installed in $(elapsed "$start")"
}

# checksyscalls SRC COMMIT NAME ARCH CROSS OPTIONS: the checksyscalls.sh
# warnings of make prepare for this kernel, as sorted lines in
# $tmp/cs-NAME-COMMIT, or a failed make's log tail (status 1).  Kept in
# $cache_dir by commit, compiler and this script.
# cs_key NAME COMMIT CROSS: the file that keeps checksyscalls' result.
cs_key() {
	local ccver
	ccver=$("${3/#-/}gcc" --version | head -n 1)
	echo "$cache_dir/cs-$1-$2-$(printf '%s %s\n' "$ccver" "$self_hash" | sha256sum | cut -c1-12)"
}

# shellcheck disable=SC2317 # run by pool_start
checksyscalls() {
	local src=$1 commit=$2 name=$3 arch=$4 cross=$5 opts=$6 o=$tmp/obj-cs-$3-$2 key out
	[ "$cross" = - ] && cross=
	key=$(cs_key "$name" "$commit" "$cross")
	out=$tmp/cs-$name-$commit
	if [ -f "$key" ]; then
		cp "$key" "$out"
		return 0
	fi
	rm -rf "$o"
	local -a mk=(make -C "$src" O="$o" ARCH="$arch" ${cross:+CROSS_COMPILE=$cross} -j"$JOBS") enable=() opt
	if [ "$opts" != - ]; then
		for opt in ${opts//,/ }; do enable+=(-e "$opt"); done
	fi
	{
		"${mk[@]}" tinyconfig &&
			if [ ${#enable[@]} -gt 0 ]; then
				"$src/scripts/config" --file "$o/.config" "${enable[@]}" &&
					"${mk[@]}" olddefconfig
			fi &&
			"${mk[@]}" prepare
	} >"$o.log" 2>&1 || {
		echo "make prepare failed (ARCH=$arch ${cross:+CROSS_COMPILE=$cross}); last lines:"
		tail -n 15 "$o.log"
		rm -rf "$o"
		return 1
	}
	# "Checking missing-syscalls for N32" (mips) names the ABI of the
	# warnings after it.
	awk '/Checking missing-syscalls for/ { abi = $NF ": " }
	     /warning: #warning syscall/ { sub(/.*#warning /, ""); sub(/ \[-Wcpp\]$/, ""); print abi $0 }' \
		"$o.log" | LC_ALL=C sort -u >"$out"
	cp "$out" "$key"
	rm -rf "$o"
}

if [ "${SYSCALLS_NO_INSTALL:-0}" != 1 ] && ! install_cross; then
	not_ok "checksyscalls: apt-get install of the cross compilers failed"
fi
for n in ${SYSCALLS_CROSS_NAMES:-}; do
	cross_all | awk -v n="$n" '$1 == n { f = 1 } END { exit !f }' ||
		die "SYSCALLS_CROSS_NAMES: unknown '$n' (known: $(cross_all | awk '{ print $1 }' | xargs))"
done
# Every kernel is made at the head and at the base, JOBS makes at a time
# (make prepare runs mostly one step after another), then the results
# are compared in the table's order.
cross=()
while read -r name arch pkg cc opts; do
	if [ "$cc" != - ] && ! command -v "${cc}gcc" >/dev/null; then
		not_ok "checksyscalls $name: no ${cc}gcc (Debian package $pkg)"
		continue
	fi
	cross+=("$name $arch $cc $opts")
done < <(cross_table)
# The base's source, from git archive (the tree's repository is only
# read), when a result at the base is not kept yet.
base_src=/nonexistent
for c in "${cross[@]}"; do
	read -r name arch cc opts <<<"$c"
	if [ ! -f "$(cs_key "$name" "$base_key" "$cc")" ]; then
		base_src=$tmp/base
		mkdir -p "$base_src"
		git -C "$TREE" archive "$base" | tar -x -C "$base_src"
		break
	fi
done
for c in "${cross[@]}"; do
	read -r name arch cc opts <<<"$c"
	pool_start "$name-head" "$tmp/err-$name-head" checksyscalls "$TREE" "$head" "$name" "$arch" "$cc" "$opts"
	pool_start "$name-base" "$tmp/err-$name-base" checksyscalls "$base_src" "$base_key" "$name" "$arch" "$cc" "$opts"
done
for c in "${cross[@]}"; do
	read -r name arch cc opts <<<"$c"
	pool_wait "$name-head"
	head_rc=$POOL_RC head_time=$POOL_TIME
	pool_wait "$name-base"
	if [ "$head_rc" != 0 ]; then
		not_ok "checksyscalls $name: at the series' head" "$(cat "$tmp/err-$name-head")"
		continue
	fi
	if [ "$POOL_RC" != 0 ]; then
		not_ok "checksyscalls $name: at the base" "$(cat "$tmp/err-$name-base")"
		continue
	fi
	mine=$(grep -F trusted_for "$tmp/cs-$name-$head" || true)
	new=$(LC_ALL=C comm -23 "$tmp/cs-$name-$head" "$tmp/cs-$name-$base_key")
	if [ -n "$mine$new" ]; then
		not_ok "checksyscalls $name (ARCH=$arch): warnings the base lacks" \
			"$(printf '%s\n' "$mine" "$new" | LC_ALL=C sort -u | sed '/^$/d')"
	else
		ok "checksyscalls $name (ARCH=$arch, $("${cc/#-/}gcc" -dumpversion)): no warning the base lacks ($(wc -l <"$tmp/cs-$name-$head") at both; head $head_time, base $POOL_TIME)"
	fi
done
ktap_done
