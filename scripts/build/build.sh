#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the kernel of the tree: "build.sh config" writes
# the .config when its inputs changed: tinyconfig, then the base's
# fragment (bases/BASE/config), the profile's (configs/PROFILE.config and
# configs/PROFILE-BASE.config) and, with VARIANT=NAME, the variant's
# (configs/variants/NAME.config and NAME-BASE.config, and the options the
# variant takes from Debian's own configuration of the base, see
# configs/variants/distro.conf).  "build.sh headers" installs the uapi
# headers (and generates the system call tables) that the guest programs
# are built against, "build.sh kernel" builds the image.
. "$(dirname "$0")/../lib/lib.sh"

fragment=$OBJ/trusted-for.config

configure() {
	local stamp f
	[ -f "$TOP/configs/$PROFILE.config" ] || die "no configs/$PROFILE.config for profile $PROFILE"
	mkdir -p "$OBJ"
	{
		cat "$BASE_DIR/config"
		for f in "$PROFILE" "$PROFILE-$BASE" ${VARIANT:+"variants/$VARIANT" "variants/$VARIANT-$BASE"}; do
			[ -f "$TOP/configs/$f.config" ] || continue
			echo "# from configs/$f.config"
			cat "$TOP/configs/$f.config"
		done
		debian_options
	} >"$fragment.new"
	stamp=$(cache_key "@$fragment.new" "$(git -C "$TREE" rev-parse "$BASE_TAG")")
	if [ -f "$OBJ/.config" ] && stamp_is config "$stamp"; then
		note "the .config is up to date"
		rm -f "$fragment.new"
		return 0
	fi
	mv "$fragment.new" "$fragment"
	kmake tinyconfig
	(cd "$OBJ" && "$TREE/scripts/kconfig/merge_config.sh" -m .config "$fragment")
	kmake olddefconfig
	check_config "$fragment"
	for t in $SELFTEST_TARGETS; do
		check_config "$TREE/tools/testing/selftests/$t/config"
	done
	stamp_set config "$stamp"
}

# debian_options: the options of Debian's own configuration of the base
# that the variant takes (VARIANT_DEBIAN_OPTIONS, a regular expression
# of option names, from VARIANT_DEBIAN_CONFIG), set or not set as Debian
# has them.  A variant that takes none prints nothing.
debian_options() {
	[ -n "${VARIANT_DEBIAN_OPTIONS:-}" ] || return 0
	[ -f "$VARIANT_DEBIAN_CONFIG" ] ||
		die "no $VARIANT_DEBIAN_CONFIG: the $VARIANT variant needs Debian's configuration (make check installs it)"
	echo "# from Debian's $VARIANT_DEBIAN_CONFIG"
	xzcat "$VARIANT_DEBIAN_CONFIG" |
		grep -E "^(CONFIG_($VARIANT_DEBIAN_OPTIONS)=|# CONFIG_($VARIANT_DEBIAN_OPTIONS) is not set)" ||
		die "$VARIANT_DEBIAN_CONFIG has none of the options $VARIANT_DEBIAN_OPTIONS"
}

# check_config FILE: every option that FILE asks for must be in the
# final .config: Kconfig drops silently what a missing dependency
# forbids.  An option that FILE sets more than once (a variant changes
# what the base's fragment asks for) is checked at its last value, the
# one that merge_config.sh keeps.  The base's fragment is checked, and so is the config file
# of each selftest target, which the fragment must cover.
check_config() {
	local line sym bad=0 file=$1
	while read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		sym=${line%%=*}
		if [ "${line#*=}" = n ]; then
			grep -qx "# $sym is not set" "$OBJ/.config" && continue
		else
			grep -qxF "$line" "$OBJ/.config" && continue
		fi
		echo "config: asked for $line, got: $(grep -E "^(# )?$sym[= ]" "$OBJ/.config" || echo nothing)" >&2
		bad=1
	done < <(sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p; /^CONFIG_/p' "$file" |
		awk -F= '{ last[$1] = $0; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 } }
			END { for (i = 0; i < n; i++) print last[order[i]] }')
	[ "$bad" = 0 ] || die "the .config lacks options of $file (missing from $BASE_DIR/config, or a dependency is missing)"
}

# A build killed by a signal that make cannot catch (SIGKILL, a power
# cut) can leave a half-written object or vmlinux that is newer than its
# sources, and make would take it as up to date.  A marker file stands
# for the build while it runs; when it is still there at the next
# build, everything in the object directory written since it was made
# is removed, so that make writes it again: only what the kernel build
# writes.  The uapi headers (usr/include, which the headers step has just
# installed) and what scripts/build/userspace.sh writes (the selftests,
# their compat build and headers, the guest programs) are left alone:
# the graph builds the guest programs beside the kernel, and a cleanup
# that removed their files under them broke their build (the compat
# selftests then found the system's older headers; rsync lost the file
# it was installing).
kernel() {
	local running=$STATE/build-running.stamp
	if [ -f "$running" ]; then
		note "the last kernel build in $OBJ did not finish: removing what it wrote"
		# (find's -delete cannot be used with -prune; what the guest
		# programs remove while it runs is no error.)
		find "$OBJ" -ignore_readdir_race \( -path "$OBJ/usr/include" -o -path "$OBJ/kselftest*" -o \
			-path "$OBJ/compat-headers" -o -path "$OBJ/guest" -o -path "$OBJ/guest-bpf" \) -prune -o \
			-type f -newer "$running" ! -name .config -print >"$running.list"
		xargs -r -d '\n' rm -f <"$running.list"
		sed 's/^/interrupted build, removed: /' "$running.list"
		rm -f "$running.list"
		# Kconfig's output among them (generated/autoconf.h, config/*)
		# is only written again when auto.conf is missing: without it,
		# every object failed on a missing autoconf.h.
		rm -f "$OBJ/include/config/auto.conf"
	fi
	touch "$running"
	kmake_image
	rm -f "$running"
	[ -f "$OBJ/$KERNEL_IMAGE" ] || die "the build made no $KERNEL_IMAGE"
	echo "kernel: $OBJ/$KERNEL_IMAGE ($(du -k "$OBJ/$KERNEL_IMAGE" | cut -f1) KiB)"
}

case "${1:-}" in
config) configure ;;
headers) kmake headers ;;
kernel) kernel ;;
*) die "usage: $0 config|headers|kernel" ;;
esac
