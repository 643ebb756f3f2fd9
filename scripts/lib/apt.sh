# SPDX-License-Identifier: GPL-2.0
# The one way the tooling installs Debian packages.  Sourced by
# lib.sh; every installer (deps.sh, busybox.sh, syscalls.sh) goes
# through it.
#
#   apt_update              apt-get update, once per script
#   apt_install [OPT]... -- PKG[=VERSION]...
#                           install the PKGs that are not installed yet
#                           (at that VERSION), with apt-get's OPTs
#   apt_installed_version PKG
#                           the installed version, or nothing
#   apt_source PKG VERSION DIR
#                           Debian's source package PKG at VERSION,
#                           unpacked (its own patches applied) in DIR
#
# An index that fails to download (a mirror in the middle of a sync,
# "File has unexpected size") is often one this run needs nothing from:
# apt_update tries APT_UPDATE_TRIES times (default 3), then goes on with
# the lists it has.  apt_install tries an install that fails a second
# time, after a new apt_update; then each package that is still not
# installed is named with apt's own error lines, and apt_install fails.
# Only a package that is really missing fails a run.
#
# apt-get reads APT_CONFIG as usual, which is how scripts/checks/apt-test.sh
# points it at sources of its own.

APT_UPDATE_TRIES=${APT_UPDATE_TRIES:-3}
# Another apt or dpkg run (a second make in another clone) holds the
# lock for a while: wait for it instead of failing.
APT_GET=(apt-get -q -o DPkg::Lock::Timeout=600)
apt_updated=0

apt_say() {
	if { true >&3; } 2>/dev/null; then
		printf '    %s\n' "$*" >&3
	else
		printf '    %s\n' "$*" >&2
	fi
}

# apt_has PKG[=VERSION]: PKG is installed (at VERSION, when given).
apt_has() {
	local have
	have=$(apt_installed_version "${1%%=*}")
	case "$1" in
	*=*) [ "$have" = "${1#*=}" ] ;;
	*) [ -n "$have" ] ;;
	esac
}

apt_installed_version() {
	# dpkg-query fails on a package it has never seen: that is "none".
	{ dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$1" 2>/dev/null || true; } |
		sed -n 's/^ii *//p'
}

apt_update() {
	local try
	[ "$apt_updated" = 1 ] && return 0
	apt_updated=1
	for ((try = 1; try <= APT_UPDATE_TRIES; try++)); do
		echo "apt-get update (try $try of $APT_UPDATE_TRIES)"
		"${APT_GET[@]}" update && return 0
		[ "$try" -lt "$APT_UPDATE_TRIES" ] && sleep "${APT_RETRY_SLEEP:-5}"
	done
	apt_say "apt-get update reported errors $APT_UPDATE_TRIES times; going on with the lists it has"
	return 0
}

apt_install() {
	local opts=() pkgs=() missing=() p log try
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	for p in "$@"; do
		apt_has "$p" || pkgs+=("$p")
	done
	[ ${#pkgs[@]} -gt 0 ] || return 0
	apt_say "installing: ${pkgs[*]}"
	log=$(mktemp "${TMPDIR:-/tmp}/tf-apt.XXXXXX")
	for try in 1 2; do
		apt_update
		if DEBIAN_FRONTEND=noninteractive "${APT_GET[@]}" install -y --no-install-recommends \
			"${opts[@]}" "${pkgs[@]}" >"$log" 2>&1; then
			cat "$log"
			break
		fi
		cat "$log"
		[ "$try" = 2 ] || apt_say "apt-get install failed; updating the lists and trying once more"
		# A retry gets fresh lists: the failure may have been a stale one.
		apt_updated=0
	done
	for p in "${pkgs[@]}"; do
		apt_has "$p" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		{
			echo "error: not installed after two tries: ${missing[*]}; apt-get said:"
			grep -E '^(E|W): ' "$log" | sed 's/^/    /'
		} >&2
		rm -f "$log"
		return 1
	fi
	rm -f "$log"
	return 0
}

# The deb-src list of the tooling's own: apt-get source needs deb-src
# entries, which a Debian machine often lacks.
APT_SRC_LIST=${APT_SRC_LIST:-/etc/apt/sources.list.d/trusted-for-deb-src.sources}

# apt_deb822_src: the host's apt sources that have binary packages
# ("Types: deb"), as deb-src stanzas: deb822 stanzas, and the one-line
# "deb ..." entries of sources.list.  No mirror is named here: they are
# the machine's own.
apt_deb822_src() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		if [ ! -f "$f" ] || [ "$f" = "$APT_SRC_LIST" ]; then continue; fi
		awk -v RS= -v ORS='\n\n' '/(^|\n)Types:([^\n]* )?deb( [^\n]*)?(\n|$)/ {
			gsub(/(^|\n)#[^\n]*/, "")
			sub(/Types:[^\n]*/, "Types: deb-src")
			print
		}' "$f"
	done
	[ -f /etc/apt/sources.list ] &&
		sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) \([^ ]*\) \(.*\)$/Types: deb-src\nURIs: \2\nSuites: \3\nComponents: \4\n/p' \
			/etc/apt/sources.list
	true
}

apt_source() {
	local pkg=$1 version=$2 dir=$3 work
	if ! apt-get source --print-uris -q "$pkg=$version" >/dev/null 2>&1; then
		apt_say "adding deb-src lines ($APT_SRC_LIST) for Debian's $pkg source"
		apt_deb822_src >"$APT_SRC_LIST.new"
		if [ ! -s "$APT_SRC_LIST.new" ]; then
			echo "error: no Debian source found in /etc/apt to derive deb-src lines from" >&2
			return 1
		fi
		mv "$APT_SRC_LIST.new" "$APT_SRC_LIST"
		# An index that fails to download (a mirror mid-sync) need not
		# be the one with the source: apt-get source says if it is.
		apt_updated=0
		apt_update
	fi
	work=$(mktemp -d "${TMPDIR:-/tmp}/tf-src.XXXXXX")
	if ! (cd "$work" && "${APT_GET[@]}" source --download-only "$pkg=$version" &&
		dpkg-source -x "${pkg}_"*.dsc src); then
		rm -rf "$work"
		echo "error: could not fetch and unpack Debian's source of $pkg $version" >&2
		return 1
	fi
	rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	mv "$work/src" "$dir"
	rm -rf "$work"
}
