#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check-all: make check on every base, on the debug kernel and on
# every architecture's QEMU profile, one run after the other, each with
# its own output and summary; then one line per run and the total.  The
# last line is "N passed, N failed"; the exit status is non-zero if any
# run failed.
#
#   scripts/check-all.sh [RUN]...
#   scripts/check-all.sh --list     the runs it would make, in order
#
# A RUN is a set of variables for scripts/check.sh, written as
# "BASE=6.12" or "BASE=6.1,PROFILE=arm64"; without arguments, every run
# that check_runs() lists.
#
# CHECK_ALL_BUDGET=SECONDS: end within that much time.  A run starts
# only if the time gone by plus its estimate fits: the estimate is how
# long the same run took the last time it ran on this machine (kept in
# the cache, scripts/lib/cache.sh).  A run never seen here is estimated
# by its kind, from the runs before it in this invocation:
#
#   - a kernel variant (VARIANT=...) as the same variant on another
#     base in this invocation; else from the longest make check of a
#     base (no VARIANT, PROFILE, MATRIX or POSTING) with its kernel
#     build counted three times (a variant's configuration is larger
#     than the default one: Debian's, with BTF, builds in about twice
#     its time, after its own packages are installed; a new machine's
#     distribution kernel run took 769 s after a make check of 1146 s
#     with a build of 351 s; the debug and data race kernels cost other
#     times, so one variant's time does not stand for another's);
#   - a POSTING=only run as three times the longest make check of a
#     base: on a new machine its four steps took 3451 s after a make
#     check of 1146 s (build-each builds the kernel at 13 commits,
#     syscalls installs 30 cross compilers);
#   - another profile (PROFILE=...) as a variant is before any;
#   - the build matrix (MATRIX=1) as a POSTING=only run: cold, it
#     builds as many kernels;
#   - any other run, and a run whose kind has no measure yet, as the
#     longest run so far.
#
# A base's checks before posting run as a run of their own, POSTING=only,
# after the distribution kernels: cold, their builds (build-each,
# backport-only, syscalls) cost more than the base's whole make check,
# and a machine that builds everything for the first time must boot the
# series and the distribution kernels before it proves bisectability.
# The runs not started are listed as "not run", never counted as
# passed; the exit status does not depend on them.  .ci/run sets it, so
# that a machine with cold caches stays inside CI's time limit with the
# main runs, which come first, done.
. "$(dirname "$0")/lib/lib.sh"

# bases: every base, oldest first.
bases() {
	local conf
	for conf in "$TOP"/bases/*/base.conf; do
		basename "$(dirname "$conf")"
	done | sort -V
}

# check_runs: make check on every base; the distribution kernel of
# every base (Debian's security modules, IMA, the BPF LSM, AppArmor and
# fapolicyd: what a new machine must prove first after the series
# itself); the checks before posting of every base (POSTING=only); the
# debug kernel of the default base; the data race detector on every
# base; the build matrix of every base (MATRIX=1); then every other
# profile of every base.
check_runs() {
	local base conf profile kind
	for kind in "" VARIANT=distro POSTING=only; do
		for base in $(bases); do
			echo "BASE=$base${kind:+,$kind}"
		done
	done
	echo "BASE=6.1,VARIANT=debug"
	for base in $(bases); do
		echo "BASE=$base,VARIANT=kcsan"
	done
	for base in $(bases); do
		echo "BASE=$base,MATRIX=1"
	done
	for base in $(bases); do
		for conf in "$TOP"/qemu_configs/*.conf; do
			profile=$(basename "$conf" .conf)
			[ "$profile" = x86_64 ] || echo "BASE=$base,PROFILE=$profile"
		done
	done
}

if [ "${1:-}" = --list ]; then
	check_runs
	exit
fi
runs=("$@")
[ ${#runs[@]} -gt 0 ] || mapfile -t runs < <(check_runs)
all_start=$(now_ns)
total_passed=0
total_failed=0
lines=()
budget=${CHECK_ALL_BUDGET:-}
[ -z "$budget" ] || [[ $budget =~ ^[1-9][0-9]*$ ]] || die "CHECK_ALL_BUDGET '$budget': not a number of seconds"
not_run=()
longest=0
# The longest base make check (no VARIANT, PROFILE, MATRIX, POSTING)
# and its kernel build in this invocation (0: none yet), and each
# variant's longest run, by its name.
plain_seconds=0
plain_build=0
declare -A variant_seconds=()

# stage_seconds LINE NAME: the seconds that check.sh's "stage times:"
# LINE gives step NAME ("total" for the whole run), 0 if it names none.
stage_seconds() {
	awk -v want="$2" '{
		sub(/^stage times: /, ""); gsub(/;/, ","); n = split($0, parts, ", ")
		for (i = 1; i <= n; i++) {
			split(parts[i], f, " "); sub(/s$/, "", f[2])
			if (f[1] == want) { printf "%d\n", f[2]; found = 1 }
		}
		if (!found) print 0
	}' <<<"$1"
}
for run in "${runs[@]}"; do
	[[ $run =~ ^[A-Z_]+=[^,]+(,[A-Z_]+=[^,]+)*$ ]] || die "run '$run': not VAR=VALUE[,VAR=VALUE]..."
	times_key=$(cache_key check-all "$run")
	if [ -n "$budget" ]; then
		gone=$((($(now_ns) - all_start) / 1000000000))
		if ! estimate=$(cache_get check-all-times "$times_key" 2>/dev/null); then
			estimate=$longest
			variant=
			[[ ,$run, =~ ,VARIANT=([^,]+), ]] && variant=${BASH_REMATCH[1]}
			if [ -n "$variant" ] && [ -n "${variant_seconds[$variant]:-}" ]; then
				estimate=${variant_seconds[$variant]}
			elif [[ -n $variant || ,$run, == *,PROFILE=* ]] && [ "$plain_seconds" -gt 0 ]; then
				estimate=$((plain_seconds + 2 * plain_build))
			elif [[ ,$run, =~ ,(POSTING=only|MATRIX=1), ]] && [ "$plain_seconds" -gt 0 ]; then
				estimate=$((3 * plain_seconds))
			fi
		fi
		if [ $((gone + estimate)) -gt "$budget" ]; then
			not_run+=("$run (${gone} s gone; estimate ${estimate} s)")
			continue
		fi
	fi
	printf '\n======== make check %s ========\n' "${run//,/ }"
	start=$(now_ns)
	log=$(mktemp)
	rc=0
	# shellcheck disable=SC2046 # one word per VAR=VALUE
	env -u BASE -u PROFILE -u DEBUG -u VARIANT -u POSTING -u MATRIX $(tr ',' ' ' <<<"$run") bash "$TOP/scripts/check.sh" 2>&1 |
		tee "$log" || rc=$?
	last=$(tail -n 1 "$log")
	stages=$(grep '^stage times: ' "$log" | tail -n 1 || true)
	rm -f "$log"
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		passed=${BASH_REMATCH[1]}
		failed=${BASH_REMATCH[2]}
	else
		passed=0
		failed=1
		last="stopped without a summary (exit $rc)"
	fi
	[ "$rc" = 0 ] || [ "$failed" != 0 ] || failed=1
	took=$((($(now_ns) - start) / 1000000000))
	# What check.sh measured, where it says (its total leaves out only
	# this script's own work), else the time it took here.
	measured=$took
	if [ -n "$stages" ]; then
		measured=$(stage_seconds "$stages" total)
		[ "$measured" -gt 0 ] || measured=$took
	fi
	[ "$measured" -le "$longest" ] || longest=$measured
	if [[ $run =~ ^BASE=[^,]+$ ]] && [ "$measured" -gt "$plain_seconds" ]; then
		plain_seconds=$measured
		plain_build=$(stage_seconds "$stages" build)
	elif [[ ,$run, =~ ,VARIANT=([^,]+), ]] && [ "$measured" -gt "${variant_seconds[${BASH_REMATCH[1]}]:-0}" ]; then
		variant_seconds[${BASH_REMATCH[1]}]=$measured
	fi
	echo "$took" | cache_put check-all-times "$times_key"
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
	lines+=("$(printf '%-28s %s, in %s' "${run//,/ }" "$last" "$(elapsed "$start")")")
done

printf '\n======== make check-all: %d runs in %s ========\n' "${#lines[@]}" "$(elapsed "$all_start")"
printf '%s\n' "${lines[@]}"
for run in "${not_run[@]}"; do
	printf '%-28s not run: it would not end within the budget of %s s\n' "${run//,/ }" "$budget"
done
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
