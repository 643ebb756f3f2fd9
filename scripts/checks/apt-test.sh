#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Tests of scripts/lib/apt.sh, the tooling's one package installer, against
# apt sources made here: a local repository with two small made-up
# packages, and a source that always fails to download.  apt-get is
# pointed at them with APT_CONFIG, with package lists of its own, so
# the machine's lists are not touched; the made-up packages are
# installed for real (they hold no file) and purged at the end.
#
# Prints KTAP (scripts/lib/ktap.sh), a case per check, and exits 1 if a case
# failed.
. "$(dirname "$0")/../lib/lib.sh"


probe=trusted-for-apt-probe
t=$(mktemp -d "${TMPDIR:-/tmp}/tf-apt-test.XXXXXX")
cleanup() {
	dpkg --purge "$probe" "$probe-late" >/dev/null 2>&1 || true
	rm -rf "$t"
}
trap cleanup EXIT

# make_deb NAME: a package with no file, in $t/debs.
make_deb() {
	mkdir -p "$t/pkg-$1/DEBIAN" "$t/debs"
	printf '%s\n' "Package: $1" "Version: 1.0" "Architecture: all" \
		"Maintainer: trusted_for tooling <tooling@trusted-for.invalid>" \
		"Description: apt-test.sh's made-up package" " It holds no file." \
		>"$t/pkg-$1/DEBIAN/control"
	dpkg-deb -b "$t/pkg-$1" "$t/debs/${1}_1.0_all.deb" >/dev/null
}

# apt_conf NAME SOURCE...: an APT_CONFIG file whose sources are the
# SOURCE lines, with lists and cache under $t/NAME.
apt_conf() {
	local d=$t/$1
	shift
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/parts"
	printf '%s\n' "$@" >"$d/sources.list"
	cat >"$d/apt.conf" <<-EOF
		Dir::Etc::SourceList "$d/sources.list";
		Dir::Etc::SourceParts "$d/parts";
		Dir::State::Lists "$d/lists";
		Dir::Cache "$d/cache";
	EOF
	echo "$d/apt.conf"
}

make_deb "$probe"
make_deb "$probe-late"
mkdir -p "$t/repo"
cp "$t/debs/${probe}_1.0_all.deb" "$t/repo/"
cp "$t/debs/${probe}-late_1.0_all.deb" "$t/repo/"
(cd "$t/repo" && dpkg-scanpackages . /dev/null >Packages 2>/dev/null)
good="deb [trusted=yes] file:$t/repo ./"
broken="deb [trusted=yes] file:$t/no-such-repository ./"
export APT_RETRY_SLEEP=0

# run NAME COMMAND...: run COMMAND in a subshell (apt.sh keeps state per
# script), its status in $rc and its output in $t/NAME.out.
run() {
	local name=$1
	shift
	rc=0
	("$@") >"$t/$name.out" 2>&1 3>&1 || rc=$?
}

# 1. A source that fails to download: apt-get update exits non-zero,
# every try; the install from the other source still goes through.
conf=$(apt_conf broken "$good" "$broken")
if APT_CONFIG=$conf apt-get -q update >"$t/update.out" 2>&1; then
	ktap_fail "the broken source makes apt-get update fail" "$(tail -n 5 "$t/update.out")"
else
	ktap_ok "the broken source makes apt-get update fail"
fi
run tolerated env APT_CONFIG="$conf" bash -c ". '$TOP/scripts/lib/lib.sh'; apt_install -- $probe"
if [ "$rc" = 0 ] && [ -n "$(apt_installed_version "$probe")" ] &&
	grep -q "apt-get update reported errors 3 times" "$t/tolerated.out" &&
	[ "$(grep -c '^apt-get update (try' "$t/tolerated.out")" = 3 ]; then
	ktap_ok "a failing apt-get update is tried 3 times, then the install goes on"
else
	ktap_fail "a failing apt-get update is tried 3 times, then the install goes on" \
		"exit $rc, installed: '$(apt_installed_version "$probe")'" "$(tail -n 15 "$t/tolerated.out")"
fi

# 2. A package that no source has: fails, and says which and why.
run absent env APT_CONFIG="$conf" bash -c \
	". '$TOP/scripts/lib/lib.sh'; apt_install -- $probe trusted-for-no-such-package"
if [ "$rc" != 0 ] &&
	grep -q '^error: not installed after two tries: trusted-for-no-such-package;' "$t/absent.out" &&
	grep -q 'E: Unable to locate package trusted-for-no-such-package' "$t/absent.out"; then
	ktap_ok "a package no source offers fails the install, named with apt's message"
else
	ktap_fail "a package no source offers fails the install, named with apt's message" \
		"exit $rc" "$(tail -n 15 "$t/absent.out")"
fi

# 3. An install that fails once (its .deb is not in the repository yet)
# is tried again after a new apt-get update, which here puts it there.
rm "$t/repo/${probe}-late_1.0_all.deb"
conf=$(apt_conf late "$good")
cat >>"$conf" <<-EOF
	APT::Update::Post-Invoke { "n=\$(cat $t/updates 2>/dev/null || echo 0); echo \$((n + 1)) >$t/updates; [ \$n -lt 1 ] || cp $t/debs/${probe}-late_1.0_all.deb $t/repo/"; };
EOF
run retried env APT_CONFIG="$conf" bash -c ". '$TOP/scripts/lib/lib.sh'; apt_install -- $probe-late"
if [ "$rc" = 0 ] && [ -n "$(apt_installed_version "$probe-late")" ] &&
	grep -q "apt-get install failed; updating the lists and trying once more" "$t/retried.out"; then
	ktap_ok "an install that fails is tried once more, after a new apt-get update"
else
	ktap_fail "an install that fails is tried once more, after a new apt-get update" \
		"exit $rc, installed: '$(apt_installed_version "$probe-late")'" "$(tail -n 15 "$t/retried.out")"
fi

# 4. Every installer goes through apt.sh: no other apt-get install or
# update in the tooling.
others=$(grep -rnE --include='*.sh' 'apt-get( [^ ]+)* (install|update)' "$TOP"/scripts "$TOP"/cpython "$TOP"/man "$TOP"/guest |
	grep -vE '^[^:]*/(apt|apt-test)\.sh:|^[^:]*:[0-9]+:\s*#|"[^"]*apt-get install [^"]*"' || true)
if [ -z "$others" ]; then
	ktap_ok "no script but apt.sh runs apt-get install or update"
else
	ktap_fail "no script but apt.sh runs apt-get install or update" "$others"
fi

ktap_done
