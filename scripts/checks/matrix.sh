#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The build matrix, as the 0-day bot would run it on the series: the
# configurations that a patch to fs/, kernel/ and security/ breaks most
# often, a case each (issue 15, item 1):
#
#   scripts/checks/matrix.sh [CASE...]        (default: every case)
#
#   tinyconfig-x86_64   make tinyconfig as it is (no SYSCTL, SECURITY,
#                       PROC_FS or MULTIUSER; the case fails if one of
#                       them is set), then vmlinux: it links,
#                       __x64_sys_trusted_for is in System.map, the
#                       generated asm/syscalls_64.h has sys_trusted_for
#                       at row BASE_SYSCALL_NR, and that row of
#                       sys_call_table in vmlinux points at it
#   allnoconfig-x86_64, allnoconfig-arm64
#                       make allnoconfig, then vmlinux: it links, and
#                       the architecture's sys_trusted_for is in System.map
#   defconfig-x86_64, defconfig-arm64
#                       make defconfig, then the objects (below)
#   debian-amd64, debian-arm64
#                       Debian's own configuration of the kernel,
#                       through make olddefconfig, then the objects.
#                       amd64: /usr/src/linux-config-BASE's file
#                       (linux-config-BASE is installed if missing).
#                       arm64: linux-config-BASE:arm64 when the package
#                       index has it, else the newest arm64 linux-config
#                       it has (the case's name says which); it is
#                       fetched with apt-get download and kept in the
#                       cache root, CACHE_ROOT/debian-config/.
#
# "The objects": the .o of every C file the series changes (outside
# tools/ and Documentation/), every other object of those files'
# directories (fs/*.o, kernel/*.o, security/landlock/*.o..., not their
# subdirectories) that the configuration builds, built in or as a
# module, and the objects that hold the system call tables
# (arch/x86/entry/syscall_{64,32,x32}.o; arch/arm64/kernel/sys.o,
# sys32.o).  Which objects a configuration builds is asked of kbuild
# itself: each directory's Makefile is read by scripts/Makefile.build,
# with the configuration's auto.conf and the architecture's variables,
# and its real-obj-y and real-obj-m are the list.  The series' own
# objects are built with W=1, the others with the kernel's warnings:
# W=1 on every object of the directories (MATRIX_W1=all) runs
# kernel-doc on each and has the base build the thirty or so of them
# that warn at the head even when nothing of the series is in them (see
# README.md for what it costs).
#
# Every case fails on a build error (the objects that failed are named,
# with the error lines) and on a warning that the base lacks: each
# warning is kept with the object whose build printed it, and the
# objects that warned at the series' head are built again, with the
# same configuration, in a worktree of the tree at the base (only
# those: an object that does not warn at the head has nothing to
# compare); a warning of the head, without its line and column numbers
# and paths, that the same object lacks at the base is new.  The
# worktree, build/BASE-matrix/base-tree, is kept from one run to the
# next.  Warnings of
# the host programs (scripts/, tools/) are not the series' and are left
# out; a warning of vmlinux's link makes the base's vmlinux built too.
#
# A case that cannot run (a configuration package that cannot be had,
# a cross compiler missing) fails with the reason; nothing is skipped.
#
# Cases run JOBS at a time (lib.sh's job pool), each make with one job
# (more when fewer cases than JOBS run), and print in the table's order.
# A case that passed is kept in the cache's results/matrix/
# (scripts/lib/cache.sh), by a digest of every input: the content of the
# tree at the head and at the base (git tree hashes, without
# Documentation/ but its Kconfig files, and tools/testing/), the
# configuration's source (Debian's file), the versions of the compilers,
# binutils, pahole and make, MATRIX_W1 and this script.  The objects
# (obj/CASE/head, obj/CASE/base), the logs (logs/CASE-head.log...) and
# the base's worktree are in build/BASE-matrix/.
#
# Prints KTAP, a case per configuration; exits 1 if any failed.
# shellcheck source=../lib/lib.sh
. "$(dirname "$0")/../lib/lib.sh"

[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree (BASE=$BASE)"
git -C "$TREE" rev-parse -q --verify "$BASE_TAG^{commit}" >/dev/null ||
	die "$TREE has no '$BASE_TAG' tag: run make tree"
N=$BASE_SYSCALL_NR
[[ $N =~ ^[1-9][0-9]*$ ]] || die "BASE_SYSCALL_NR '$N' in bases/$BASE/base.conf is not a number"

MATRIX=$BUILD_ROOT/$BASE-matrix
MOBJ=$MATRIX/obj
MLOGS=$MATRIX/logs
WT=$MATRIX/base-tree
mkdir -p "$MOBJ" "$MLOGS"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/matrix.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
MATRIX_W1=${MATRIX_W1:-series}
case "$MATRIX_W1" in series | all) ;; *) die "MATRIX_W1='$MATRIX_W1': series or all" ;; esac

# The cases, one a line: NAME KARCH CROSS_COMPILE CONFIG KIND
#   CONFIG  a kbuild target (tinyconfig, allnoconfig, defconfig), or
#           "debian": Debian's configuration file, then olddefconfig
#   KIND    vmlinux (it must link) or objects (see above)
case_table() {
	cat <<-EOF
		debian-amd64 x86_64 - debian objects
		debian-arm64 arm64 aarch64-linux-gnu- debian objects
		defconfig-x86_64 x86_64 - defconfig objects
		defconfig-arm64 arm64 aarch64-linux-gnu- defconfig objects
		tinyconfig-x86_64 x86_64 - tinyconfig vmlinux
		allnoconfig-x86_64 x86_64 - allnoconfig vmlinux
		allnoconfig-arm64 arm64 aarch64-linux-gnu- allnoconfig vmlinux
	EOF
}

# tree_key REV: a digest of the files a kernel build reads at REV: the
# git tree without Documentation/ (but with its Kconfig files, which
# Kconfig reads) and without tools/testing/.  Another selftest or
# another line of documentation keeps the key.
tree_key() {
	{
		git -C "$TREE" ls-tree "$1" | grep -v $'\tDocumentation$'
		git -C "$TREE" ls-tree "$1:tools" | grep -v $'\ttesting$'
		git -C "$TREE" ls-tree -r "$1" -- Documentation | grep -E $'\t(.*/)?Kconfig[^/]*$' || true
	} | sha256sum | cut -c1-24
}

# toolchain: the versions of what builds the kernels, one a line (a
# missing tool is a line too).  The compilers' plugin headers are
# listed: Kconfig enables GCC_PLUGINS only when they are there.  (sed,
# not head: under pipefail, a tool that head cut short would fail.)
toolchain() {
	local t plugin
	for t in gcc aarch64-linux-gnu-gcc ld aarch64-linux-gnu-ld pahole make; do
		if command -v "$t" >/dev/null; then
			printf '%s: %s\n' "$t" "$("$t" --version 2>/dev/null | sed -n 1p)"
		else
			printf '%s: none\n' "$t"
		fi
	done
	for t in gcc aarch64-linux-gnu-gcc; do
		plugin=$("$t" -print-file-name=plugin 2>/dev/null || true)
		[ ! -f "$plugin/include/plugin-version.h" ] || echo "$t: plugin headers"
	done
}

# --- Debian's configurations ----------------------------------------------
# debian_amd64: the file of linux-config-BASE (installed if missing), as
# "FILE PACKAGE VERSION", or status 1 with the reason.
debian_amd64() {
	local pkg=linux-config-$BASE f=/usr/src/linux-config-$BASE/config.amd64_none_amd64.xz
	if [ ! -f "$f" ] && ! apt_install -- "$pkg" >"$tmp/apt-amd64.log" 2>&1; then
		echo "apt-get install $pkg failed: $(grep -E '^(E|W): |error' "$tmp/apt-amd64.log" | tail -n 5 | xargs)"
		return 1
	fi
	[ -f "$f" ] || { echo "$pkg is installed, but has no $f"; return 1; }
	echo "$f $pkg $(apt_installed_version "$pkg")"
}

# arm64_candidate PKG: the version of PKG:arm64 that apt would take
# from the package index (empty when the index has none).
arm64_candidate() {
	apt-cache policy "$1:arm64" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v '^(none)$' || true
}

# debian_arm64: Debian's arm64 configuration, as "FILE PACKAGE VERSION",
# or status 1 with the reason.  linux-config-BASE:arm64 when the index
# has it, else the newest arm64 linux-config the index has.  The file is
# fetched once (apt-get download, with a fresh index if the first try
# fails) and kept in CACHE_ROOT/debian-config/PACKAGE_VERSION_arm64/.
debian_arm64() {
	local pkg=linux-config-$BASE ver name v dir deb
	ver=$(arm64_candidate "$pkg")
	if [ -z "$ver" ]; then
		pkg=
		for name in $(apt-cache pkgnames linux-config- 2>/dev/null | sort); do
			v=$(arm64_candidate "$name")
			[ -n "$v" ] || continue
			if [ -z "$pkg" ] || dpkg --compare-versions "$v" gt "$ver"; then
				pkg=$name ver=$v
			fi
		done
		[ -n "$pkg" ] || {
			echo "the package index has no arm64 linux-config package (apt-cache pkgnames linux-config-; is arm64 a dpkg architecture here?)"
			return 1
		}
	fi
	dir=$CACHE_ROOT/debian-config/${pkg}_${ver//:/%}_arm64
	if [ ! -f "$dir/config.arm64_none_arm64.xz" ]; then
		mkdir -p "$tmp/deb"
		if ! (cd "$tmp/deb" && apt-get -q download "$pkg:arm64=$ver") >"$tmp/deb.log" 2>&1; then
			apt_update >>"$tmp/deb.log" 2>&1
			(cd "$tmp/deb" && apt-get -q download "$pkg:arm64=$ver") >>"$tmp/deb.log" 2>&1 || {
				echo "apt-get download $pkg:arm64=$ver failed: $(grep -E '^(E|W): ' "$tmp/deb.log" | tail -n 3 | xargs)"
				return 1
			}
		fi
		deb=$(find "$tmp/deb" -name '*.deb' | head -n 1)
		dpkg-deb -x "$deb" "$tmp/deb/x"
		f=$(find "$tmp/deb/x" -name config.arm64_none_arm64.xz | head -n 1)
		[ -n "$f" ] || { echo "$pkg:arm64 $ver has no config.arm64_none_arm64.xz"; return 1; }
		mkdir -p "$dir"
		cp "$f" "$dir/config.arm64_none_arm64.xz.$$"
		mv "$dir/config.arm64_none_arm64.xz.$$" "$dir/config.arm64_none_arm64.xz"
	fi
	echo "$dir/config.arm64_none_arm64.xz $pkg:arm64 $ver"
}

# --- building -------------------------------------------------------------
# mk SRC OBJ KARCH CROSS ARG...: make in the kernel tree SRC with objects
# in OBJ, with ccache and MAKE_JOBS jobs whose output is kept together by
# target (-Otarget), so that each warning follows the line that names
# the object being made.  SRC "-": make in OBJ itself, whose Makefile
# includes the tree's.  Every make of OBJ has the same variables: a
# change of CC or HOSTCC would have Kconfig remake the configuration.
mk() {
	local src=$1 obj=$2 arch=$3 cross=$4
	local -a where=(-C "$src" O="$obj")
	shift 4
	[ "$cross" != - ] || cross=
	[ "$src" != - ] || where=(-C "$obj")
	make "${where[@]}" ARCH="$arch" ${cross:+CROSS_COMPILE=$cross} \
		CC="ccache ${cross}gcc" HOSTCC="ccache gcc" \
		KBUILD_BUILD_USER=trusted-for KBUILD_BUILD_HOST=matrix \
		KBUILD_BUILD_TIMESTAMP=2022-01-04 -j"$MAKE_JOBS" -Otarget "$@"
}

# configure SRC OBJ KARCH CROSS CONFIG FILE: OBJ's .config: make CONFIG,
# or (CONFIG debian) FILE, uncompressed, through olddefconfig.
configure() {
	local src=$1 obj=$2 arch=$3 cross=$4 config=$5 file=$6
	mkdir -p "$obj"
	rm -f "$obj/.config"
	if [ "$config" = debian ]; then
		xz -dc "$file" >"$obj/.config" && mk "$src" "$obj" "$arch" "$cross" olddefconfig
	else
		mk "$src" "$obj" "$arch" "$cross" "$config"
	fi
}

# configured_objects OBJ KARCH CROSS DIR...: the objects of each DIR
# (not of its subdirectories) that OBJ's configuration builds, as
# kbuild's Makefile.build computes them (real-obj-y, real-obj-m) from
# the directory's Makefile, auto.conf and the architecture's variables:
# make runs in OBJ (its Makefile includes the tree's), through the top
# Makefile, which descends into Makefile.build for each DIR with a goal
# of its own (--eval), so that nothing is built.
configured_objects() {
	local obj=$1 arch=$2 cross=$3
	shift 3
	# shellcheck disable=SC2016 # make expands these
	mk - "$obj" "$arch" "$cross" -s MATRIX_DIRS="$*" \
		--eval='matrix-list: ; $(Q)$(foreach d,$(MATRIX_DIRS),$(MAKE) -f $(srctree)/scripts/Makefile.build obj=$(d) need-modorder=1 matrix-print;)' \
		--eval='matrix-print: ; @echo "matrix-objects $(sort $(real-obj-y) $(real-obj-m))"' \
		matrix-list 2>"$tmp/$case_name.list.err" | sed -n 's/^matrix-objects //p' | tr ' ' '\n' |
		awk -v dirs=" $* " '/\.o$/ { d = $0; sub(/\/[^\/]*$/, "", d); if (index(dirs, " " d " ")) print }' |
		LC_ALL=C sort -u
}

# table_objects KARCH: the objects that hold the system call tables
# (found among the configured ones; the native one must be there).
table_dir() {
	case "$1" in
	x86_64) echo arch/x86/entry ;;
	arm64) echo arch/arm64/kernel ;;
	esac
}
table_re() {
	case "$1" in
	x86_64) echo '^arch/x86/entry/syscall_(64|32|x32)\.o$' ;;
	arm64) echo '^arch/arm64/kernel/sys(32)?\.o$' ;;
	esac
}
native_table() {
	case "$1" in
	x86_64) echo arch/x86/entry/syscall_64.o ;;
	arm64) echo arch/arm64/kernel/sys.o ;;
	esac
}

# attribute LOG: the warning and error lines of a build log, each as
# "KIND<TAB>TARGET<TAB>KEY<TAB>LINE".  TARGET is what the build was
# making when it printed the line (the last kbuild line such as
# "  CC      fs/open.o" before it); KIND is "object" for a kernel object,
# "link" for vmlinux and what makes it (LD, MODPOST, KSYMS...), "other"
# for the host programs (HOSTCC..., scripts/, tools/) and the files
# made before the objects (asm-offsets.s...); KEY is LINE without its
# line and column numbers and objtool's offsets, which the series
# moves.  The paths of the trees and object directories are left out,
# and make's own messages.
attribute() {
	sed -e "s|$TREE/||g" -e "s|$WT/||g" -e "s|$MOBJ/[^/]*/[^/]*/||g" "$1" |
		awk -v OFS='\t' '
		/^  [A-Z][A-Z0-9_]*( \[M\])? +[^ ]+$/ { cmd = $1; target = $NF; next }
		/^make(\[[0-9]+\])?: / { next }
		/: (warning|error|Error): |^WARNING: |^ERROR: |undefined reference to / {
			line = $0
			sub(/^(\.\.\/)+/, "", line)
			key = line
			if (match(key, /^[^: ]*:[0-9]+:([0-9]+:)? */)) {
				f = substr(key, 1, RLENGTH)
				sub(/:[0-9]+:([0-9]+:)? *$/, "", f)
				key = f ": " substr(key, RLENGTH + 1)
			}
			gsub(/\+0x[0-9a-f]+/, "+0x", key)
			if (cmd ~ /^HOST|^YACC$|^LEX$/ || target ~ /^(scripts|tools)\// || target == "")
				kind = "other"
			else if (target ~ /\.o$/ && target !~ /vmlinux/)
				kind = "object"
			else if (target ~ /vmlinux|Module\.symvers|modules/ || cmd ~ /^(LD|MODPOST|KSYMS|SORTTAB|AR|BTF|NM|OBJCOPY)$/)
				kind = "link"
			else
				kind = "other"
			print kind, target, key, line
		}'
}

# new_warnings HEAD BASE: the lines of the attributed file HEAD whose
# kind, target and key BASE lacks (as many times as HEAD has them more
# often), as "TARGET: LINE".  BASE is read in BEGIN, not as awk's first
# file: when it is empty (no warning at the base, the usual case),
# "FNR == NR" would also hold for every line of HEAD.
new_warnings() {
	awk -F'\t' -v base="$2" '
		BEGIN {
			while ((getline line < base) > 0) {
				split(line, f, "\t")
				if (f[1] != "other") seen[f[1] "\t" f[2] "\t" f[3]]++
			}
		}
		$1 != "other" { k = $1 "\t" $2 "\t" $3; if (seen[k] > 0) seen[k]--; else print $2 ": " $4 }
	' "$1"
}

# failed_targets LOG: the objects (or vmlinux) whose make rule failed.
failed_targets() {
	sed -n 's/^make\(\[[0-9]*\]\)\{0,1\}: \*\*\* \[[^]]*: \([^]]*\)\] Error [0-9]*$/\2/p' "$1" |
		sed -e "s|$MOBJ/[^/]*/[^/]*/||" | grep -E '\.o$|vmlinux' | LC_ALL=C sort -u || true
}

# base_tree: make the worktree of the tree at the base, WT, unless it is
# there, at the base and without changes (under a lock: cases run at
# once).  It is kept from one run to the next: checking out and
# removing a kernel tree takes 40 s, and its files' times stay those
# that the base's objects were made from.
base_tree() {
	(
		flock 9
		if [ "$(git -C "$WT" rev-parse HEAD 2>/dev/null)" != "$BASE_COMMIT" ] ||
			[ -n "$(git -C "$WT" status --porcelain 2>&1)" ]; then
			git -C "$TREE" worktree remove --force "$WT" >/dev/null 2>&1 || rm -rf "$WT"
			git -C "$TREE" worktree prune
			git -C "$TREE" worktree add -q --detach "$WT" "$BASE_COMMIT"
		fi
	) 9>"$tmp/base-tree.lock"
}

# make_objects SRC OBJ KARCH CROSS W1 OBJECT...: make the OBJECTs with
# make -k, each made again (its old copy deleted) so that it prints its
# warnings; with W1 "series", the series' own objects with W=1, the
# others with the kernel's warnings; with W1 "all", all with W=1; with
# "none", none.  Status 1 when one failed.
make_objects() {
	local src=$1 obj=$2 arch=$3 cross=$4 w=$5 o rc=0
	shift 5
	local -a w1=() plain=()
	for o in "$@"; do
		if [ "$w" = all ] || { [ "$w" = series ] && grep -qxF "$o" <<<"$TOUCHED_OBJS"; }; then
			w1+=("$o")
		else
			plain+=("$o")
		fi
	done
	(cd "$obj" && rm -f "$@")
	[ ${#w1[@]} -eq 0 ] || mk "$src" "$obj" "$arch" "$cross" -k W=1 "${w1[@]}" || rc=1
	[ ${#plain[@]} -eq 0 ] || mk "$src" "$obj" "$arch" "$cross" -k "${plain[@]}" || rc=1
	return $rc
}

# --- one case -------------------------------------------------------------
# result STATUS TITLE [DETAIL...]: the result of the running case, in
# $tmp/CASE.result: "ok" or "not ok", its title, then its diagnostic.
result() {
	printf '%s\n' "$@" | sed '/^$/d' >"$tmp/$case_name.result"
}

# case_objects OBJ KARCH CROSS: the objects an "objects" case builds,
# from OBJ's configuration (see the header); sets objs (the list) and
# notes (what the configuration leaves out), or returns 1 with the
# reason.
case_objects() {
	local obj=$1 arch=$2 cross=$3 dirs tdir all d f tables
	tdir=$(table_dir "$arch")
	# The directories of the series' C files, but another
	# architecture's.
	dirs=$(xargs -r dirname <<<"$TOUCHED" | grep -E -v "^arch/" | LC_ALL=C sort -u || true)
	dirs="$dirs $(xargs -r dirname <<<"$TOUCHED" | grep -E "^arch/$(srcarch "$arch")/" | LC_ALL=C sort -u || true)"
	# shellcheck disable=SC2086 # one word per directory
	all=$(configured_objects "$obj" "$arch" "$cross" $dirs "$tdir")
	tables=$(grep -E "$(table_re "$arch")" <<<"$all" || true)
	grep -qx "$(native_table "$arch")" <<<"$tables" || {
		echo "kbuild lists no $(native_table "$arch") (make's errors: $(head -c 600 "$tmp/$case_name.list.err"))"
		return 1
	}
	objs=()
	for d in $dirs; do
		if grep -q "^$d/[^/]*$" <<<"$all"; then
			mapfile -t -O "${#objs[@]}" objs < <(grep "^$d/[^/]*$" <<<"$all")
		else
			notes+=("$d/: no object in this configuration")
		fi
	done
	for f in $TOUCHED; do
		grep -qxF "${f%.[cS]}.o" <<<"$all" || ! grep -q "^$(dirname "$f")/[^/]*$" <<<"$all" ||
			notes+=("$f: not built by this configuration")
	done
	mapfile -t objs < <(printf '%s\n' "${objs[@]}" "$tables" | awk 'NF && !seen[$0]++')
}

# srcarch KARCH: the directory under arch/.
srcarch() {
	case "$1" in
	x86_64) echo x86 ;;
	*) echo "$1" ;;
	esac
}

# case_job NAME FILE TITLE: run case NAME (pool_start runs it in a
# subshell; its output is the case's job log), with FILE the
# configuration's source for CONFIG debian.  Every outcome is a result().
# shellcheck disable=SC2317 # run by pool_start
case_job() {
	case_name=$1
	local src_file=$2 title="$1: $3" arch cross config kind
	read -r arch cross config kind < <(case_table | awk -v n="$case_name" '$1 == n { print $2, $3, $4, $5 }')
	local head_obj=$MOBJ/$case_name/head base_obj=$MOBJ/$case_name/base
	local head_log=$MLOGS/$case_name-head.log base_log=$MLOGS/$case_name-base.log
	local start rc=0 checks='' built head_time base_start
	local -a objs=() notes=()
	start=$(now_ns)
	: >"$base_log"
	if [ "$cross" != - ] && ! command -v "${cross}gcc" >/dev/null; then
		result "not ok" "$title" "no ${cross}gcc: Debian's gcc-aarch64-linux-gnu is not installed (make install PROFILE=arm64)"
		return
	fi

	# The head: configure, then build.
	if ! configure "$TREE" "$head_obj" "$arch" "$cross" "$config" "$src_file" >"$head_log" 2>&1; then
		result "not ok" "$title" "configuring at the head failed; last lines of $head_log:" "$(tail -n 15 "$head_log")"
		return
	fi
	if [ "$config" = tinyconfig ]; then
		local opt set=
		for opt in SYSCTL SECURITY PROC_FS MULTIUSER; do
			! grep -q "^CONFIG_$opt=y" "$head_obj/.config" || set="$set CONFIG_$opt"
		done
		if [ -n "$set" ]; then
			result "not ok" "$title" "tinyconfig is no longer the configuration of this case: it sets$set"
			return
		fi
	fi
	if [ "$kind" = vmlinux ]; then
		# Every object is made again, so that each prints its
		# warnings (ccache's copy of them, when it has the object).
		find "$head_obj" -name '*.o' ! -path "$head_obj/scripts/*" ! -path "$head_obj/tools/*" -delete
		built=vmlinux
	else
		local why
		if ! why=$(case_objects "$head_obj" "$arch" "$cross" && declare -p objs notes); then
			result "not ok" "$title" "$why"
			return
		fi
		eval "$why"
		built="${#objs[@]} objects ($(printf '%s\n' "${objs[@]}" | sed 's|/[^/]*$||' | uniq -c |
			awk '{ printf "%s%s %s", s, $2, $1; s = ", " }'))"
	fi
	if [ "$kind" = vmlinux ]; then
		mk "$TREE" "$head_obj" "$arch" "$cross" -k vmlinux >>"$head_log" 2>&1 || rc=$?
	else
		make_objects "$TREE" "$head_obj" "$arch" "$cross" "$MATRIX_W1" "${objs[@]}" >>"$head_log" 2>&1 || rc=$?
	fi
	head_time=$(elapsed "$start")
	attribute "$head_log" >"$tmp/$case_name.head"
	if [ "$rc" != 0 ]; then
		result "not ok" "$title" "the build failed at the head (make -k: $built); failed: $(failed_targets "$head_log" | xargs)" \
			"$(awk -F'\t' '$1 != "other" && $4 ~ /error|Error|undefined reference/ { print $2 ": " $4 }' "$tmp/$case_name.head" |
				head -n 30)" \
			"log: $head_log"
		return
	fi
	if [ "$kind" = vmlinux ] && ! checks=$(vmlinux_checks "$head_obj" "$arch" "$config"); then
		result "not ok" "$title" "$checks"
		return
	fi

	# The base: the objects that warned at the head, or vmlinux if
	# its link did.
	local warned link_warned base_note="no warning at the head, nothing built at the base"
	warned=$(awk -F'\t' '$1 == "object" { print $2 }' "$tmp/$case_name.head" | LC_ALL=C sort -u)
	link_warned=$(awk -F'\t' '$1 == "link"' "$tmp/$case_name.head" | head -n 1)
	: >"$tmp/$case_name.base"
	base_start=$(now_ns)
	if [ -n "$warned$link_warned" ]; then
		local -a base_objs=()
		local brc=0
		base_tree >>"$base_log" 2>&1
		if ! configure "$WT" "$base_obj" "$arch" "$cross" "$config" "$src_file" >>"$base_log" 2>&1; then
			result "not ok" "$title" "configuring at the base failed; last lines of $base_log:" "$(tail -n 15 "$base_log")"
			return
		fi
		if [ -n "$link_warned" ]; then
			find "$base_obj" -name '*.o' ! -path "$base_obj/scripts/*" ! -path "$base_obj/tools/*" -delete
			mk "$WT" "$base_obj" "$arch" "$cross" -k vmlinux >>"$base_log" 2>&1 || brc=$?
			base_note="the link warned at the head: vmlinux built at the base"
		else
			# Only what the base's configuration builds: an object
			# that only the series adds has no warning at the base.
			local -a wdirs
			mapfile -t wdirs < <(xargs dirname <<<"$warned" | LC_ALL=C sort -u)
			mapfile -t base_objs < <(configured_objects "$base_obj" "$arch" "$cross" "${wdirs[@]}" |
				LC_ALL=C comm -12 - <(echo "$warned"))
			local w=$MATRIX_W1
			[ "$kind" = objects ] || w=none
			[ ${#base_objs[@]} -eq 0 ] ||
				make_objects "$WT" "$base_obj" "$arch" "$cross" "$w" "${base_objs[@]}" >>"$base_log" 2>&1 || brc=$?
			base_note="objects that warned at the head: $(wc -l <<<"$warned"), built at the base: ${#base_objs[@]}"
		fi
		if [ "$brc" != 0 ]; then
			result "not ok" "$title" "the build at the base failed, so its warnings cannot be compared; failed: $(failed_targets "$base_log" | xargs)" \
				"log: $base_log"
			return
		fi
		attribute "$base_log" >"$tmp/$case_name.base"
		base_note="$base_note, in $(elapsed "$base_start")"
	fi
	local new
	new=$(new_warnings "$tmp/$case_name.head" "$tmp/$case_name.base")
	if [ -n "$new" ]; then
		result "not ok" "$title" "warnings that the base lacks ($built; $base_note):" \
			"$(head -n 40 <<<"$new")" "log: $head_log"
		return
	fi
	result ok "$title" "${notes[@]}" "$checks" "built $built in $head_time; $base_note"
}

# vmlinux_checks OBJ KARCH CONFIG: that trusted_for is in the linked
# kernel; prints what was found, or why not (status 1).
vmlinux_checks() {
	local obj=$1 arch=$2 config=$3 sym
	case "$arch" in
	x86_64) sym=__x64_sys_trusted_for ;;
	arm64) sym=__arm64_sys_trusted_for ;;
	esac
	[ -f "$obj/vmlinux" ] || { echo "no vmlinux"; return 1; }
	local addr
	addr=$(awk -v s="$sym" '$3 == s { print $1 }' "$obj/System.map")
	[ -n "$addr" ] || { echo "$sym is not in System.map"; return 1; }
	[ "$config" = tinyconfig ] || { echo "$sym in System.map"; return 0; }
	# The generated table, and the row of sys_call_table in vmlinux.
	local hdr=$obj/arch/x86/include/generated/asm/syscalls_64.h
	grep -Eq "^__SYSCALL\($N, sys_trusted_for\)$" "$hdr" ||
		{ echo "asm/syscalls_64.h has no __SYSCALL($N, sys_trusted_for): $(grep -E "^__SYSCALL\($N," "$hdr")"; return 1; }
	local table row
	table=$(awk '$3 == "sys_call_table" { print $1 }' "$obj/System.map")
	[ -n "$table" ] || { echo "no sys_call_table in System.map"; return 1; }
	row=$(printf '%x' $((0x$table + 8 * N)))
	# objdump -s prints the bytes, little-endian, of the eight at that row.
	local bytes
	bytes=$(objdump -s --start-address="0x$row" --stop-address="0x$(printf '%x' $((0x$row + 8)))" "$obj/vmlinux" |
		awk -v a="$row" '$1 == a { print $2 $3 }')
	local got=
	[ ${#bytes} = 16 ] && got=$(printf '%s' "$bytes" | sed 's/../& /g' | awk '{ for (i = NF; i > 0; i--) printf "%s", $i }')
	if [ "$got" != "$addr" ]; then
		echo "sys_call_table[$N] is '${got:-unreadable}', not $sym ($addr)"
		return 1
	fi
	echo "no SYSCTL, SECURITY, PROC_FS, MULTIUSER; $sym in System.map; __SYSCALL($N, sys_trusted_for) in asm/syscalls_64.h; sys_call_table[$N] = $sym in vmlinux"
}

# touched_c: the C files the series changes (not deleted), outside
# tools/ and Documentation/.
touched_c() {
	git -C "$TREE" diff --name-only --diff-filter=d "$BASE_COMMIT" "$HEAD_COMMIT" -- '*.c' '*.S' \
		':!tools/' ':!Documentation/'
}

# --- the run ----------------------------------------------------------------
BASE_COMMIT=$(git -C "$TREE" rev-parse "$BASE_TAG^{commit}")
HEAD_COMMIT=$(git -C "$TREE" rev-parse HEAD)
TOUCHED=$(touched_c)
TOUCHED_OBJS=$(touched_c | sed 's/\.[cS]$/.o/')
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(case_table | awk '{ print $1 }')
for n in "${names[@]}"; do
	case_table | awk -v n="$n" '$1 == n { f = 1 } END { exit !f }' ||
		die "unknown case '$n' (known: $(case_table | awk '{ print $1 }' | xargs))"
done

common_key=$(printf '%s\n' "head $(tree_key "$HEAD_COMMIT")" "base $(tree_key "$BASE_COMMIT")" "$(toolchain)")
declare -A KEY WHAT SRC FAILED
todo=()
for n in "${names[@]}"; do
	read -r arch cross config kind < <(case_table | awk -v n="$n" '$1 == n { print $2, $3, $4, $5 }')
	src=- how="make $config"
	if [ "$config" = debian ]; then
		if [ "$arch" = x86_64 ]; then
			found=$(debian_amd64) || { FAILED[$n]="Debian's amd64 configuration: $found"; continue; }
		else
			found=$(debian_arm64) || { FAILED[$n]="Debian's arm64 configuration: $found"; continue; }
		fi
		read -r src pkg ver <<<"$found"
		how="Debian's configuration from $pkg $ver"
		[ "$arch" = x86_64 ] || [ "$pkg" = "linux-config-$BASE:arm64" ] ||
			how="$how (the package index has no linux-config-$BASE:arm64; this is the newest arm64 one it has)"
		how="$how through olddefconfig"
	fi
	case "$kind.$config" in
	vmlinux.tinyconfig) what="$how (no SYSCTL, SECURITY, PROC_FS, MULTIUSER): vmlinux links, sys_trusted_for at row $N of the table" ;;
	vmlinux.*) what="$how: vmlinux links, with sys_trusted_for" ;;
	objects.*) what="$how: the series' objects (W=1), their directories' and the syscall tables build with no warning the base lacks" ;;
	esac
	SRC[$n]=$src WHAT[$n]=$what
	srckey=in-tree
	[ "$src" = - ] || srckey=@$src
	KEY[$n]=$(cache_key matrix "$n" "$what" "$MATRIX_W1" "$common_key" "$srckey" "@$0")
	cache_get matrix "${KEY[$n]}" >/dev/null 2>&1 || todo+=("$n")
done

# One make job a case, or more when fewer cases than JOBS run.
MAKE_JOBS=1
[ ${#todo[@]} -eq 0 ] || [ $((JOBS / ${#todo[@]})) -le 1 ] || MAKE_JOBS=$((JOBS / ${#todo[@]}))
# shellcheck disable=SC2034 # read by pool_start
POOL_DIR=$tmp/pool
for n in "${todo[@]}"; do
	pool_start "$n" "$MLOGS/$n.job" case_job "$n" "${SRC[$n]}" "${WHAT[$n]}"
done
for n in "${names[@]}"; do
	if [ -n "${FAILED[$n]:-}" ]; then
		ktap_fail "$n: it could not run" "${FAILED[$n]}"
		continue
	fi
	if kept=$(cache_get matrix "${KEY[$n]}" 2>/dev/null); then
		mapfile -t lines <<<"$kept"
		ktap_note "${lines[@]:1}" "(an earlier run's result)"
		ktap_ok "${lines[0]}"
		continue
	fi
	pool_wait "$n"
	if [ ! -f "$tmp/$n.result" ]; then
		ktap_fail "$n: ${WHAT[$n]}" "the case stopped (exit $POOL_RC) before its result; last lines of $MLOGS/$n.job:" \
			"$(tail -n 20 "$MLOGS/$n.job")"
		continue
	fi
	mapfile -t lines <"$tmp/$n.result"
	if [ "${lines[0]}" = ok ]; then
		ktap_note "${lines[@]:2}"
		ktap_ok "${lines[1]}"
		printf '%s\n' "${lines[@]:1}" | cache_put matrix "${KEY[$n]}"
	else
		ktap_fail "${lines[1]}" "${lines[@]:2}"
	fi
done
ktap_done
