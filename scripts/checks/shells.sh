#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The shells of interpreters/ (dash, BusyBox's ash, bash) with their
# quilt series: build them from Debian's sources (scripts/build/shells.sh),
# run interpreters/shell-tests/ on the built kernel in one boot, boot the
# locked-down guest (interpreters/shell-tests/lockdown.sh), then run the
# same programs and tests on this machine's own kernel, a mainline one
# without trusted_for(2), where the exec securebits decide.
#
# Prints KTAP: a case for interpreters/sync-execcheck.sh --check (each
# series adds the one execcheck.h as it is), then one case per place
# (the guest, the locked-down guest, the host), whose subtests are the
# drivers' documents.  The host's case is skipped, with the
# reason, when this machine's kernel has no AT_EXECVE_CHECK (the
# securebits cannot be set there) or is not mainline's (it has
# trusted_for(2)); it needs root, to mount the test's tmpfs.
#
# SHELLS_ORIG=1 tests Debian's programs without the series instead (the
# proof that the tests can fail: their refusal cases must fail then).
# SHELLS_TIMEOUT is the guest's time limit (default 900 s).
. "$(dirname "$0")/../lib/lib.sh"

SHELLS_DIR=${SHELLS_DIR:-$BUILD_ROOT/shells}
suffix=
[ "${SHELLS_ORIG:-0}" = 1 ] && suffix=-orig
payload=$OBJ/shells-payload/shells
tests=$TOP/interpreters/shell-tests

# The one check is written once: each series' patch 0001 must add
# interpreters/common/execcheck.h as it is.
if log=$(bash "$TOP/interpreters/sync-execcheck.sh" --check 2>&1); then
	ktap_ok "each shell's series adds interpreters/common/execcheck.h as it is"
else
	ktap_fail "each shell's series adds interpreters/common/execcheck.h as it is" "$log"
fi
if ! log=$(SHELLS_DIR=$SHELLS_DIR bash "$TOP/scripts/build/shells.sh" 2>&1); then
	ktap_stop "build the shells from Debian's sources" "$log"
fi
ktap_note "$(printf '%s\n' "$log" | grep -E '^(dash|busybox|bash):')"
rm -rf "$(dirname "$payload")"
mkdir -p "$payload"
for sh in dash busybox bash; do
	cp "$SHELLS_DIR/bin/$sh$suffix" "$payload/$sh"
done
sr=$OBJ/kselftest-install/exec/secbits-run
[ -x "$sr" ] || ktap_stop "the shells' tests" "no $sr: run make userspace"

rc=0
bash "$TOP/scripts/vm/guest.sh" -n shells -t "${SHELLS_TIMEOUT:-900}" \
	-f "$payload" -f "$tests" sh /guest/shell-tests/guest-tests.sh /guest/shells \
	>"$LOGS/shells-guest-output.log" 2>"$LOGS/shells-guest-stderr.log" || rc=$?
ktap_subtest "the shells on the built kernel (trusted_for(2) and AT_EXECVE_CHECK)" \
	"$LOGS/shells-guest-output.log" "$rc" "guest.sh exit $rc; its standard error:" \
	"$(tail -n 20 "$LOGS/shells-guest-stderr.log")"

# The locked-down guest: the patched BusyBox as /bin/busybox (so /bin/sh
# and the shell of /init), policy 3 from the kernel's command line,
# SECBIT_EXEC_RESTRICT_FILE set and locked by init (tf.secbits=0x300).
overlay=$OBJ/shells-payload/overlay
mkdir -p "$overlay/bin"
cp "$payload/busybox" "$overlay/bin/busybox"
rc=0
GUEST_OVERLAY=$overlay KERNEL_EXTRA="${KERNEL_EXTRA:+$KERNEL_EXTRA }sysctl.fs.trusted_for_policy=3 tf.secbits=0x300" \
	bash "$TOP/scripts/vm/guest.sh" -n shells-lockdown -t 300 \
	-f "$payload" -f "$tests" sh /guest/shell-tests/lockdown.sh \
	>"$LOGS/shells-lockdown-ktap.log" 2>"$LOGS/shells-lockdown-stderr.log" || rc=$?
ktap_subtest "a locked-down guest: the patched BusyBox as /bin/sh, policy 3, RESTRICT_FILE locked by init" \
	"$LOGS/shells-lockdown-ktap.log" "$rc" "guest.sh exit $rc; its standard error:" \
	"$(tail -n 20 "$LOGS/shells-lockdown-stderr.log")"

host="the same shells on this machine's kernel ($(uname -r)), without trusted_for(2)"
if [ "$(id -u)" != 0 ]; then
	ktap_skip "$host" "not root: the tests mount tmpfs"
elif [ -e /proc/sys/fs/trusted_for_policy ]; then
	ktap_skip "$host" "this machine's kernel has trusted_for(2)"
elif ! gcc -O2 -Wall -o "$OBJ/shells-payload/secbits-run-host" \
	"$TREE/tools/testing/selftests/exec/secbits-run.c" 2>"$LOGS/shells-host.log"; then
	ktap_fail "$host" "could not build secbits-run for this machine:" "$(cat "$LOGS/shells-host.log")"
elif ! "$OBJ/shells-payload/secbits-run-host" 0x100 /bin/true 2>/dev/null; then
	ktap_skip "$host" "this machine's kernel has no exec securebits (before Linux 6.14)"
else
	# uid 1000 runs the shells and reads the test files: where a parent
	# of the build directory is closed to it, the host run works in a
	# directory of /tmp instead.
	stage=$OBJ/shells-payload
	if ! "$stage/secbits-run-host" -u 1000 0x0 "$payload/dash" -c : 2>/dev/null; then
		stage=$(mktemp -d "${TMPDIR:-/tmp}/tf-shells.XXXXXX")
		chmod 0755 "$stage"
		cp -a "$payload" "$OBJ/shells-payload/secbits-run-host" "$stage/"
	fi
	rc=0
	SECBITS_RUN=$stage/secbits-run-host MATRIX_DIR=$stage/matrix BYPASS_DIR=$stage/bypass \
		sh "$tests/guest-tests.sh" "$stage/shells" >"$LOGS/shells-host-output.log" 2>&1 || rc=$?
	[ "$stage" = "$OBJ/shells-payload" ] || rm -rf "$stage" || true
	ktap_subtest "$host" "$LOGS/shells-host-output.log" "$rc" \
		"guest-tests.sh exit $rc on this machine; the log: $LOGS/shells-host-output.log"
fi
ktap_done
