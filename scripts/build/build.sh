#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the kernel of the tree: "build.sh config" writes
# the .config (tinyconfig + the base's fragment, bases/BASE/config, + the
# profile's, configs/PROFILE.config and configs/PROFILE-BASE.config, + with
# DEBUG=1 configs/debug.config)
# when its inputs changed, "build.sh headers" installs the uapi headers
# (and generates the system call tables) that the guest programs are
# built against, "build.sh kernel" builds the image.
. "$(dirname "$0")/../lib/lib.sh"

fragment=$OBJ/trusted-for.config

configure() {
	local stamp f
	[ -f "$TOP/configs/$PROFILE.config" ] || die "no configs/$PROFILE.config for profile $PROFILE"
	mkdir -p "$OBJ"
	{
		cat "$BASE_DIR/config"
		for f in "$PROFILE" "$PROFILE-$BASE" debug; do
			[ "$f" != debug ] || [ "$DEBUG" = 1 ] || continue
			[ -f "$TOP/configs/$f.config" ] || continue
			echo "# from configs/$f.config"
			cat "$TOP/configs/$f.config"
		done
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

# check_config FILE: every option that FILE asks for must be in the
# final .config: Kconfig drops silently what a missing dependency
# forbids.  The base's fragment is checked, and so is the config file
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
	done <"$file"
	[ "$bad" = 0 ] || die "the .config lacks options of $file (missing from $BASE_DIR/config, or a dependency is missing)"
}

# A build killed by a signal that make cannot catch (SIGKILL, a power
# cut) can leave a half-written object or vmlinux that is newer than its
# sources, and make would take it as up to date.  A marker file stands
# for the build while it runs; when it is still there at the next
# build, everything in the object directory written since it was made
# is removed, so that make writes it again.
kernel() {
	local running=$STATE/build-running.stamp
	if [ -f "$running" ]; then
		note "the last kernel build in $OBJ did not finish: removing what it wrote"
		find "$OBJ" -type f -newer "$running" ! -name .config -print -delete |
			sed 's/^/interrupted build, removed: /'
	fi
	touch "$running"
	kmake "$(basename "$KERNEL_IMAGE")"
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
