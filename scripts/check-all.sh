#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check-all: make check on every base, on the debug kernel and on
# every architecture's QEMU profile, one run after the other, each with
# its own output and summary; then one line per run and the total.  The
# last line is "N passed, N failed"; the exit status is non-zero if any
# run failed.
#
#   scripts/check-all.sh [RUN]...
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
#   - a kernel variant (VARIANT=...) from the parts of the longest
#     POSTING=1 run that it has too: that run's total less its
#     posting-only steps (warnings, build-each, backport-only, syscalls), with
#     its kernel build counted three times (a variant's configuration is
#     larger than the default one: Debian's, with BTF, builds in about
#     twice its time, after its own packages are installed);
#   - any other run (POSTING=1, MATRIX=1, another profile), and a
#     variant before any POSTING=1 run, as the longest run so far.
#
# A POSTING=1 run that does not fit gives way to the same base's run
# without POSTING=1, after the distribution kernels (estimated as the
# longest POSTING=1 run less its posting-only steps), when that fits
# then: every base's host checks and suites run in CI.
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

# check_runs: every base with the default profile and the pre-posting
# checks (POSTING=1), the distribution kernel of every base (Debian's
# security modules, IMA, the BPF LSM, AppArmor and fapolicyd: what a
# new machine must prove first after the series itself), the debug
# kernel of the default base, the data race detector on every base, the
# build matrix of every base (MATRIX=1), then every other profile of
# every base.
check_runs() {
	local base conf profile
	for base in $(bases); do
		echo "BASE=$base,POSTING=1"
	done
	for base in $(bases); do
		echo "BASE=$base,VARIANT=distro"
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
# The estimate of a variant never run here (0: no POSTING=1 run yet).
variant_estimate=0

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
# The runs that stand in for a POSTING=1 run that did not fit.
fallbacks=()
i=0
while [ "$i" -lt ${#runs[@]} ]; do
	run=${runs[$i]}
	i=$((i + 1))
	[[ $run =~ ^[A-Z_]+=[^,]+(,[A-Z_]+=[^,]+)*$ ]] || die "run '$run': not VAR=VALUE[,VAR=VALUE]..."
	times_key=$(cache_key check-all "$run")
	if [ -n "$budget" ]; then
		gone=$((($(now_ns) - all_start) / 1000000000))
		if ! estimate=$(cache_get check-all-times "$times_key" 2>/dev/null); then
			estimate=$longest
			if [[ ,$run, == *,VARIANT=* ]] && [ "$variant_estimate" -gt 0 ]; then
				estimate=$variant_estimate
			elif [[ " ${fallbacks[*]} " == *" $run "* ]] && [ "${plain_estimate:-0}" -gt 0 ]; then
				estimate=$plain_estimate
			fi
		fi
		if [ $((gone + estimate)) -gt "$budget" ] && [[ ,$run, == *,POSTING=1,* ]]; then
			# A base's checks before posting that do not fit: the
			# same base's make check without them, after the
			# distribution kernels (which run that base's suites
			# too, in Debian's security stack), if it fits then.
			alt=$(sed -e 's/,POSTING=1//' -e 's/^POSTING=1,//' <<<"$run")
			pos=$i
			for ((j = i; j < ${#runs[@]}; j++)); do
				[[ ,${runs[$j]}, != *,VARIANT=distro,* ]] || pos=$((j + 1))
			done
			runs=("${runs[@]:0:pos}" "$alt" "${runs[@]:pos}")
			fallbacks+=("$alt")
			not_run+=("$run (${gone} s gone; estimate ${estimate} s; $alt comes after the distribution kernels instead)")
			continue
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
	if [[ ,$run, == *,POSTING=1,* ]] && [ -n "$stages" ]; then
		shared=$measured
		for step in warnings build-each backport-only syscalls; do
			shared=$((shared - $(stage_seconds "$stages" "$step")))
		done
		[ "$shared" -le "${plain_estimate:-0}" ] || plain_estimate=$shared
		shared=$((shared + 2 * $(stage_seconds "$stages" build)))
		[ "$shared" -le "$variant_estimate" ] || variant_estimate=$shared
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
