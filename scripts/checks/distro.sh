#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The "distro" suite (make check VARIANT=distro): on the kernel built with
# Debian's security modules (configs/variants/distro.conf), boot once and
#
#   - check that every module that CONFIG_LSM names and the .config
#     builds is active, as /sys/kernel/security/lsm lists them: the
#     ordinary ones in CONFIG_LSM's order, at most one exclusive module
#     (the first of SELinux, Smack and AppArmor in that order: they
#     cannot be stacked on these kernels), nothing else but the
#     capability module; IMA is active;
#   - run guest/bpf/trusted-for-bpf-lsm, a BPF LSM program attached to
#     file_trusted_for and its kselftest harness tests, as a subtest;
#   - run guest/trusted-for-ima.c, which loads an IMA policy that
#     measures executions and checks what AT_EXECVE_CHECK and
#     trusted_for(2) measure, as a subtest;
#   - run guest/trusted-for-apparmor.c, which loads AppArmor profiles
#     with Debian's apparmor_parser and compares the three answers under
#     them, as a subtest;
#   - run guest/trusted-for-fapolicyd.c, which starts Debian's fapolicyd
#     with a rule that denies one file's execution and compares the three
#     answers, as a subtest.
#
# apparmor_parser and fapolicyd come from this machine, staged by
# scripts/build/distro-sysroot.sh into a tree that the guest copies onto
# its root.
#
# Prints KTAP.  The expected list is computed here from the .config and
# the tree, not from what the guest prints.
. "$(dirname "$0")/../lib/lib.sh"

config=$OBJ/.config
[ -f "$config" ] || ktap_stop "the distribution kernel is configured" "no $config"
[ -x "$OBJ/guest/trusted-for-bpf-lsm" ] ||
	ktap_stop "the BPF LSM test is built" "no $OBJ/guest/trusted-for-bpf-lsm: run make build VARIANT=distro"
distro_root=$OBJ/distro-root
bash "$TOP/scripts/build/distro-sysroot.sh" "$distro_root" >"$LOGS/distro-sysroot.log" 2>&1 ||
	ktap_stop "apparmor_parser and fapolicyd are staged for the guest" "$(tail -n 20 "$LOGS/distro-sysroot.log")"

# built NAME: the module NAME is built into this kernel.
built() {
	local sym
	case "$1" in
	landlock) sym=SECURITY_LANDLOCK ;;
	lockdown) sym=SECURITY_LOCKDOWN_LSM ;;
	yama) sym=SECURITY_YAMA ;;
	loadpin) sym=SECURITY_LOADPIN ;;
	safesetid) sym=SECURITY_SAFESETID ;;
	integrity) sym=INTEGRITY ;;
	ima) sym=IMA ;;
	evm) sym=EVM ;;
	apparmor) sym=SECURITY_APPARMOR ;;
	selinux) sym=SECURITY_SELINUX ;;
	smack) sym=SECURITY_SMACK ;;
	tomoyo) sym=SECURITY_TOMOYO ;;
	bpf) sym=BPF_LSM ;;
	ipe) sym=SECURITY_IPE ;;
	*) return 2 ;;
	esac
	grep -qx "CONFIG_$sym=y" "$config"
}

order=$(sed -n 's/^CONFIG_LSM="\(.*\)"$/\1/p' "$config")
[ -n "$order" ] || ktap_stop "CONFIG_LSM is set" "no CONFIG_LSM in $config"
# The modules the kernel lists (security_add_hooks() adds a name), and
# where: an early module (lockdown with SECURITY_LOCKDOWN_LSM_EARLY)
# comes first, the ordered ones in CONFIG_LSM's order, the ones that
# the kernel places last (IMA and EVM, where the tree makes them modules
# of their own) at the end.  "integrity" registers no hooks: where IMA
# and EVM are modules it stands for them, elsewhere it is not listed and
# IMA's securityfs directory shows that it is active.
ima_lsms=no
grep -q 'DEFINE_LSM(ima)' "$TREE/security/integrity/ima/ima_main.c" 2>/dev/null && ima_lsms=yes
ordered=() anywhere=() absent=() exclusive_taken=
for name in ${order//,/ }; do
	rc=0
	built "$name" || rc=$?
	[ "$rc" != 2 ] || ktap_stop "CONFIG_LSM names known modules" "unknown module '$name' in CONFIG_LSM"
	[ "$rc" = 0 ] || continue
	case "$name" in
	selinux | smack | apparmor)
		if [ -n "$exclusive_taken" ]; then
			absent+=("$name")
			continue
		fi
		exclusive_taken=$name
		;;
	esac
	case "$name" in
	lockdown) grep -qx CONFIG_SECURITY_LOCKDOWN_LSM_EARLY=y "$config" && anywhere+=(lockdown) || ordered+=(lockdown) ;;
	integrity)
		if [ "$ima_lsms" = yes ]; then
			for m in ima evm; do built "$m" && anywhere+=("$m"); done
		fi
		;;
	*) ordered+=("$name") ;;
	esac
done
expected=(capability "${ordered[@]}" "${anywhere[@]}")

guest_out=$LOGS/distro-guest-output.log
guest_err=$LOGS/distro-guest-stderr.log
rc=0
bash "$TOP/scripts/vm/guest.sh" -n distro -t "${GUEST_TIMEOUT:-600}" -f "$distro_root" sh /guest/bin/distro-run.sh \
	>"$guest_out" 2>"$guest_err" || rc=$?
[ "$rc" = 0 ] || ktap_stop "the distribution kernel's guest ran" "guest.sh exit $rc:" "$(tail -n 30 "$guest_err")"

listed=$(sed -n 's/^lsm: //p' "$guest_out" | head -n 1)
ktap_note "CONFIG_LSM=\"$order\"" "/sys/kernel/security/lsm: $listed"
for name in "${expected[@]}"; do
	if [[ ",$listed," == *",$name,"* ]]; then
		ktap_ok "$name is active"
	else
		ktap_fail "$name is active" "not in /sys/kernel/security/lsm: $listed"
	fi
done
# The ordered modules, in the order the list gives them.
got=$(tr ',' '\n' <<<"$listed" | grep -x -F "${ordered[@]/#/-e}" | paste -sd, || true)
want=$(IFS=,; echo "${ordered[*]}")
if [ "$got" = "$want" ]; then
	ktap_ok "the ordered modules are active in CONFIG_LSM's order"
else
	ktap_fail "the ordered modules are active in CONFIG_LSM's order" "want $want, got $got"
fi
for name in "${absent[@]}"; do
	if [[ ",$listed," == *",$name,"* ]]; then
		ktap_fail "$name is built but not active ($exclusive_taken is the exclusive module)" "listed: $listed"
	else
		ktap_ok "$name is built but not active ($exclusive_taken is the exclusive module)"
	fi
done
extra=$(tr ',' '\n' <<<"$listed" | grep -v -x -F "${expected[@]/#/-e}" | paste -sd, || true)
if [ -z "$extra" ]; then
	ktap_ok "no other module is active"
else
	ktap_fail "no other module is active" "also listed: $extra"
fi
if [ "$(sed -n 's/^ima: //p' "$guest_out")" = yes ]; then
	ktap_ok "IMA is active (its securityfs directory exists)"
else
	ktap_fail "IMA is active (its securityfs directory exists)" "no /sys/kernel/security/ima"
fi
status=$(sed -n 's/^bpf-lsm status: //p' "$guest_out")
sed -n '1,/^bpf-lsm status:/p' "$guest_out" | sed -n '/^TAP version\|^KTAP version/,$p' |
	grep -v '^bpf-lsm status:' >"$guest_out.bpf"
ktap_subtest "a BPF LSM program on file_trusted_for (guest/bpf)" "$guest_out.bpf" "${status:-125}" \
	"trusted-for-bpf-lsm exit ${status:-unknown}; the guest's output: $guest_out"
status=$(sed -n 's/^ima status: //p' "$guest_out")
sed -n '/^bpf-lsm status:/,/^ima status:/p' "$guest_out" | sed '1d;$d' >"$guest_out.ima"
ktap_subtest "IMA measures what AT_EXECVE_CHECK checks (guest/trusted-for-ima.c)" "$guest_out.ima" "${status:-125}" \
	"trusted-for-ima exit ${status:-unknown}; the guest's output: $guest_out"
status=$(sed -n 's/^apparmor status: //p' "$guest_out")
sed -n '/^ima status:/,/^apparmor status:/p' "$guest_out" | sed '1d;$d' >"$guest_out.apparmor"
ktap_subtest "AppArmor's execute permission in trusted_for(2) under bit 1, execve(2) and AT_EXECVE_CHECK (guest/trusted-for-apparmor.c)" \
	"$guest_out.apparmor" "${status:-125}" "trusted-for-apparmor exit ${status:-unknown}; the guest's output: $guest_out"
status=$(sed -n 's/^fapolicyd status: //p' "$guest_out")
sed -n '/^apparmor status:/,/^fapolicyd status:/p' "$guest_out" | sed '1d;$d' >"$guest_out.fapolicyd"
ktap_subtest "fapolicyd's refusal in trusted_for(2) under bit 1, execve(2) and AT_EXECVE_CHECK (guest/trusted-for-fapolicyd.c)" \
	"$guest_out.fapolicyd" "${status:-125}" "trusted-for-fapolicyd exit ${status:-unknown}; the guest's output: $guest_out"
ktap_done
