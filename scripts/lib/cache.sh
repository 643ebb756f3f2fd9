# SPDX-License-Identifier: GPL-2.0
# What the tooling keeps from one run to the next, in one place.
#
# Results that depend only on their inputs are kept under one root,
# CACHE_ROOT (TRUSTED_FOR_CACHE, default ~/.cache/trusted-for), which a
# new clone or another BUILD_ROOT shares:
#
#   CACHE_ROOT/ccache/           ccache's objects (CCACHE_DIR, unless set)
#   CACHE_ROOT/busybox/PROFILE/  a guest busybox that is not the host's,
#                                with the stamp "from" naming its source
#   CACHE_ROOT/results/NAME/KEY  a check's result for inputs KEY:
#                                static, build-each, syscalls, matrix;
#                                and check-all-times, how long each
#                                run of make check-all took last
#   CACHE_ROOT/debian-config/PACKAGE_VERSION_ARCH/
#                                a Debian kernel configuration that
#                                matrix.sh fetched (apt-get download)
#
# KEY is a digest of every input of the result (cache_key), so a kept
# result is never stale: other inputs give another key.  What describes
# the objects of one configuration (its .config's inputs, a build that
# did not finish) is a stamp in that configuration's state directory,
# $STATE, and goes with the objects (make clean).

CACHE_ROOT=${TRUSTED_FOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trusted-for}
export CCACHE_DIR=${CCACHE_DIR:-$CACHE_ROOT/ccache}

# cache_key WORD...: a digest of the words; a word "@FILE" stands for
# FILE's content.  A missing file is an error, not an empty input.
cache_key() {
	local w
	for w in "$@"; do
		case "$w" in
		@*)
			[ -f "${w#@}" ] || die "cache_key: no file ${w#@}"
			printf 'file %s\n' "$(wc -c <"${w#@}")"
			cat "${w#@}"
			;;
		*) printf 'word %s\n' "$w" ;;
		esac
	done | sha256sum | cut -c1-24
}

# cache_dir NAME: the directory of the results NAME (made if missing),
# for a check that names its results' files itself.
cache_dir() {
	mkdir -p "$CACHE_ROOT/results/$1"
	printf '%s/results/%s\n' "$CACHE_ROOT" "$1"
}

# cache_file NAME KEY: where the result NAME for KEY is kept.
cache_file() {
	printf '%s/results/%s/%s\n' "$CACHE_ROOT" "$1" "$2"
}

# cache_get NAME KEY: print the kept result; status 1 when there is none.
cache_get() {
	local f
	f=$(cache_file "$1" "$2")
	[ -f "$f" ] || return 1
	cat "$f"
}

# cache_put NAME KEY: keep standard input as the result.  Written whole
# or not at all: a reader never sees half a result.
cache_put() {
	local f
	f=$(cache_file "$1" "$2")
	mkdir -p "${f%/*}"
	cat >"$f.$$" && mv "$f.$$" "$f"
}

# stamp_is NAME KEY: true when this configuration's stamp NAME holds KEY.
stamp_is() {
	[ "$(cat "$STATE/$1.stamp" 2>/dev/null)" = "$2" ]
}

# stamp_set NAME KEY: this configuration's stamp NAME holds KEY from now.
stamp_set() {
	echo "$2" >"$STATE/$1.stamp"
}
