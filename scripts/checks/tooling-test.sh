#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The tooling never loses work: tests of the project's own scripts.
#
#   scripts/checks/tooling-test.sh [sandbox|kernel|all]
#
# sandbox: in a throwaway copy of the project with a small made-up
# kernel tree (a git repository with a "base" tag and two commits),
# make export, make export-check and the tree script are run over
# uncommitted and unexported work, over patch files edited by hand, and
# with the patch files on a full filesystem (a small tmpfs), and must
# refuse or fail without changing the patch files or the tree.
#
# sandbox also runs lib.sh's job pool with jobs that end out of order,
# the tally on made-up logs, the Makefile's graph, the cache helper and
# the per-configuration layout.
#
# kernel: with the real tree and kernel of this BASE and PROFILE (built
# by make build): a kernel build killed with SIGKILL midway leaves the
# tree and the patch files as they were and the next build recovers and
# boots; a guest that hangs is killed after its time limit and reported
# with its console tail; make guest refuses objects that make build did
# not make from the tree and guest/ as they are.
#
# Prints KTAP (scripts/lib/ktap.sh), a case per check, and exits 1 if a case
# failed.
. "$(dirname "$0")/../lib/lib.sh"

what=${1:-all}
case "$what" in sandbox | kernel | all) ;; *) die "usage: $0 [sandbox|kernel|all]" ;; esac

# dir_digest DIR: a digest of every file's name and content under DIR.
dir_digest() {
	(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) | sha256sum
}

# tree_digest TREE: its HEAD and its uncommitted changes.
tree_digest() {
	{ git -C "$1" rev-parse HEAD; git -C "$1" status --porcelain; git -C "$1" diff; } | sha256sum
}

sb=
cleanup() {
	[ -n "$sb" ] || return 0
	mountpoint -q "$sb/full" 2>/dev/null && umount "$sb/full"
	rm -rf "$sb"
}
trap cleanup EXIT

# The made-up project: this project's scripts and base configuration,
# an empty series with its cover letter, and a two-file kernel tree.
sandbox_setup() {
	sb=$(mktemp -d "${TMPDIR:-/tmp}/tf-tooling.XXXXXX")
	proj=$sb/proj
	sb_tree=$sb/build/$BASE/linux
	mkdir -p "$proj/bases/$BASE/series" "$sb_tree" "$sb/build/$BASE/state"
	cp -r "$TOP/scripts" "$TOP/qemu_configs" "$proj/"
	cp "$BASE_DIR/base.conf" "$proj/bases/$BASE/"
	cp "$SERIES_DIR/0000-cover-letter.patch" "$proj/bases/$BASE/series/"
	: >"$proj/bases/$BASE/series/series"
	git -C "$proj" init -q
	git -C "$sb_tree" init -q -b made-up
	printf 'int answer(void)\n{\n\treturn 42;\n}\n' >"$sb_tree/answer.c"
	git -C "$sb_tree" add answer.c
	git -C "$sb_tree" commit -q -m "the base"
	git -C "$sb_tree" tag base
	echo "$BASE_PACKAGE_VERSION" >"$sb/build/$BASE/state/base-package-version"
	echo "$BASE_PACKAGE_VERSION" >"$sb/build/$BASE/state/tree-package-version"
	sb_lib 'record_applied'
	sb_commit 1 "answer: Explain the answer"
}

# sb_lib CODE: run CODE with the sandbox project's lib.sh and series.sh.
sb_lib() {
	BUILD_ROOT=$sb/build bash -c ". '$proj/scripts/lib/lib.sh'; . '$proj/scripts/lib/series.sh'; $1"
}

# sb_run SCRIPT [ARG]...: run one of the sandbox project's scripts, its
# output in $sb/out; returns its exit status.
sb_run() {
	BUILD_ROOT=$sb/build TRUSTED_FOR_CACHE=$sb/cache bash "$proj/scripts/$1" "${@:2}" >"$sb/out" 2>&1 3>&1
}

# sb_commit N SUBJECT: a commit in the made-up tree.
sb_commit() {
	echo "/* change $1 */" >>"$sb_tree/answer.c"
	git -C "$sb_tree" commit -q -a -m "$2" -m "Change $1 of the made-up series."
}

sandbox_tests() {
	local series tree before

	sandbox_setup
	series=$proj/bases/$BASE/series
	if sb_run series/export.sh && [ "$(cat "$series/series")" = 0001-answer-Explain-the-answer.patch ]; then
		ktap_ok "export writes the tree's commit as a patch file"
	else
		ktap_fail "export writes the tree's commit as a patch file" "$(cat "$sb/out")"
	fi

	echo "/* not committed */" >>"$sb_tree/answer.c"
	before=$(dir_digest "$series")
	tree=$(tree_digest "$sb_tree")
	if ! sb_run series/export.sh && grep -q 'uncommitted changes' "$sb/out" &&
		[ "$(dir_digest "$series")" = "$before" ] && [ "$(tree_digest "$sb_tree")" = "$tree" ]; then
		ktap_ok "export over uncommitted tree work refuses and changes nothing"
	else
		ktap_fail "export over uncommitted tree work refuses and changes nothing" "$(cat "$sb/out")"
	fi
	git -C "$sb_tree" checkout -q answer.c

	sb_commit 2 "answer: Say it twice"
	if ! sb_run series/export-check.sh && grep -q 'differ' "$sb/out"; then
		ktap_ok "export-check reports a commit that is not exported"
	else
		ktap_fail "export-check reports a commit that is not exported" "$(cat "$sb/out")"
	fi

	tree=$(tree_digest "$sb_tree")
	mkdir -p "$sb/cache"
	if ! sb_run setup/distclean.sh && grep -q 'holds work the patch files lack' "$sb/out" &&
		[ "$(tree_digest "$sb_tree")" = "$tree" ] && [ -d "$sb/cache" ]; then
		ktap_ok "make distclean refuses while a tree holds an unexported commit"
	else
		ktap_fail "make distclean refuses while a tree holds an unexported commit" "$(cat "$sb/out")"
	fi

	if sb_run series/tree.sh apply && [ "$(tree_digest "$sb_tree")" = "$tree" ]; then
		ktap_ok "the tree script keeps an unexported commit when the patch files did not change"
	else
		ktap_fail "the tree script keeps an unexported commit when the patch files did not change" "$(cat "$sb/out")"
	fi

	# Patch files edited by hand while the tree holds unexported work:
	# neither side may win silently.
	cp -r "$series" "$sb/series.saved"
	sed -i 's/^Change 1 of the made-up series\.$/Change 1, edited in the patch file./' \
		"$series/0001-answer-Explain-the-answer.patch"
	before=$(dir_digest "$series")
	if ! sb_run series/tree.sh apply && grep -q 'refusing\|export or discard' "$sb/out" &&
		[ "$(tree_digest "$sb_tree")" = "$tree" ] && [ "$(dir_digest "$series")" = "$before" ]; then
		ktap_ok "the tree script refuses to reset unexported work when the patch files changed"
	else
		ktap_fail "the tree script refuses to reset unexported work when the patch files changed" "$(cat "$sb/out")"
	fi
	if ! sb_run series/export.sh && grep -q 'changed since the tree was made' "$sb/out" &&
		[ "$(tree_digest "$sb_tree")" = "$tree" ] && [ "$(dir_digest "$series")" = "$before" ]; then
		ktap_ok "export refuses to overwrite patch files edited since the tree was made"
	else
		ktap_fail "export refuses to overwrite patch files edited since the tree was made" "$(cat "$sb/out")"
	fi
	rm -rf "$series"
	mv "$sb/series.saved" "$series"

	echo "0.0-0" >"$sb/build/$BASE/state/base-package-version"
	if ! sb_run series/tree.sh unpack && grep -q 'export it' "$sb/out" &&
		[ "$(tree_digest "$sb_tree")" = "$tree" ]; then
		ktap_ok "the tree script refuses to unpack another base over unexported work"
	else
		ktap_fail "the tree script refuses to unpack another base over unexported work" "$(cat "$sb/out")"
	fi
	echo "$BASE_PACKAGE_VERSION" >"$sb/build/$BASE/state/base-package-version"

	full_disk_test
	reapply_keeps_head_test
	reapply_touches_test
	without_test
}

# The benchmarks' WITHOUT=N (lib.sh, without_kernel): a number that names
# no patch of the tree, and a patch that cannot be reverted on top of the
# series (the made-up patch 2 edits the lines of patch 1), stop with the
# reason, before anything is built.
without_test() {
	local n want got ok=1 report=
	for n in x 0 9 1; do
		case $n in
		x | 0) want="WITHOUT=$n: not a patch number" ;;
		9) want="WITHOUT=9: the tree has fewer than 9 patches on base" ;;
		1) want="WITHOUT=1: the kernel without patch 1 (answer: Explain the answer) was not made" ;;
		esac
		if got=$(sb_lib "without_kernel $n" 2>&1); then
			ok=0
			report+="WITHOUT=$n succeeded: $got"$'\n'
		elif ! grep -qF "$want" <<<"$got"; then
			ok=0
			report+="WITHOUT=$n said: $got"$'\n'
		fi
	done
	if [ -e "$sb/build/$BASE-$PROFILE/obj-without/.config" ]; then
		ok=0
		report+="a kernel build started"
	fi
	if [ "$ok" = 1 ] && grep -q "cannot be reverted" "$sb/build/$BASE-$PROFILE/logs/without-build.log"; then
		ktap_ok "make bench WITHOUT=N refuses a number that names no patch, and a patch that cannot be reverted"
	else
		ktap_fail "make bench WITHOUT=N refuses a number that names no patch, and a patch that cannot be reverted" "$report"
	fi
}

# Patch files changed in one file's lines, applied again: the tree's other
# files keep their times (a checkout from the old commits to the new
# ones), so that make rebuilds only what changed.
reapply_touches_test() {
	local name="re-applying changed patch files rewrites only the files that differ"
	local series=$proj/bases/$BASE/series before after
	printf 'int other(void);\n' >"$sb_tree/other.c"
	git -C "$sb_tree" add other.c
	git -C "$sb_tree" commit -q -m "other: Add another file" -m "A file the edit below leaves alone."
	sb_run series/export.sh || { ktap_fail "$name" "export: $(cat "$sb/out")"; return; }
	touch -d '2000-01-01 00:00:00' "$sb_tree/other.c"
	before=$(stat -c %Y "$sb_tree/other.c")
	sed -i 's|^+/\* change 2 \*/$|+/* change two */|' "$series"/0002-*.patch
	sb_run series/tree.sh apply
	after=$(stat -c %Y "$sb_tree/other.c")
	if grep -q 'change two' "$sb_tree/answer.c" && [ "$after" = "$before" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "other.c's time: $before before, $after after; answer.c:" \
			"$(cat "$sb_tree/answer.c")" "$(cat "$sb/out")"
	fi
}

# An undo: the patch files go back to an older state (as "git checkout
# bases/BASE/series" does after an export), and the tree script applies
# them again; the commits the tree held before stay on a branch whose
# name it prints.
reapply_keeps_head_test() {
	local name="re-applying older patch files keeps the tree's commits on a named branch"
	local series=$proj/bases/$BASE/series head kept
	sb_run series/export.sh || { ktap_fail "$name" "export: $(cat "$sb/out")"; return; }
	cp -r "$series" "$sb/series.older"
	sb_commit 3 "answer: Say it a third time"
	sb_run series/export.sh || { ktap_fail "$name" "export: $(cat "$sb/out")"; return; }
	head=$(git -C "$sb_tree" rev-parse HEAD)
	rm -rf "$series"
	cp -r "$sb/series.older" "$series"
	sb_run series/tree.sh apply
	kept=$(sed -n 's/.*kept on branch \([^ ]*\)$/\1/p' "$sb/out")
	if [ -n "$kept" ] && [ "$(git -C "$sb_tree" rev-parse "$kept" 2>/dev/null)" = "$head" ] &&
		[ "$(git -C "$sb_tree" rev-parse HEAD)" != "$head" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "branch '${kept}'" "$(cat "$sb/out")"
	fi
}

# The patch files on a filesystem with no space left: the export of the
# second commit must fail, say so, and leave the old files whole; with
# space again, it must succeed.
full_disk_test() {
	local name="export on a full filesystem fails and leaves the patch files whole" kib before
	local series=$proj/bases/$BASE/series

	mkdir "$sb/full"
	kib=$(($(du -sk "$proj" | cut -f1) + 256))
	if ! mount -t tmpfs -o size=${kib}k tooling-full "$sb/full" 2>"$sb/out"; then
		ktap_fail "$name" "cannot mount a tmpfs for the test: $(cat "$sb/out")"
		return
	fi
	cp -a "$proj" "$sb/full/"
	proj=$sb/full/proj
	series=$proj/bases/$BASE/series
	dd if=/dev/zero of="$sb/full/filler" bs=4k 2>/dev/null || true
	before=$(dir_digest "$series")
	if ! sb_run series/export.sh && grep -q 'could not write the patch files' "$sb/out" &&
		[ "$(dir_digest "$series")" = "$before" ] && [ ! -e "$series.new" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "$(cat "$sb/out")" "$(ls -la "$series" "$proj/bases/$BASE")"
	fi
	rm -f "$sb/full/filler"
	if sb_run series/export.sh && [ "$(grep -c . "$series/series")" = 2 ] && sb_run series/export-check.sh; then
		ktap_ok "export succeeds once there is space again"
	else
		ktap_fail "export succeeds once there is space again" "$(cat "$sb/out")"
	fi
}

# A kernel build killed midway, then built again and booted.
killed_build_test() {
	local name="a killed kernel build changes neither the tree nor the patch files, and the next build recovers"
	local series tree pid log=$LOGS/tooling-build.log running

	[ -f "$OBJ/$KERNEL_IMAGE" ] || { ktap_fail "$name" "no kernel at $OBJ/$KERNEL_IMAGE: run make build first"; return; }
	series=$(dir_digest "$SERIES_DIR")
	tree=$(tree_digest "$TREE")
	# A source file with a new time stamp (same content) gives the build
	# something to compile and link.
	touch "$TREE/fs/open.c"
	setsid bash "$TOP/scripts/build/build.sh" kernel >"$log" 2>&1 &
	pid=$!
	sleep "${TOOLING_KILL_AFTER:-3}"
	running=$(ps -o comm= -s "$pid" 2>/dev/null | sort -u | tr '\n' ' ')
	kill -KILL -- "-$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	if [ "$(dir_digest "$SERIES_DIR")" != "$series" ] || [ "$(tree_digest "$TREE")" != "$tree" ]; then
		ktap_fail "$name" "the tree or the patch files changed after the kill"
		return
	fi
	if bash "$TOP/scripts/build/build.sh" kernel >"$log.again" 2>&1 3>&1 &&
		grep -q 'did not finish: removing what it wrote' "$log.again" &&
		bash "$TOP/scripts/vm/guest.sh" -t 120 -n tooling-boot true >>"$log.again" 2>&1; then
		ktap_ok "$name"
		echo "# killed after ${TOOLING_KILL_AFTER:-3} s while running: ${running:-nothing}"
		echo "# the next build removed $(grep -c '^interrupted build, removed: ' "$log.again") files the killed one wrote"
	else
		cat "$log.again" >>"$log"
		ktap_fail "$name" "the build or the boot after the kill failed; see $log" "$(tail -n 20 "$log")"
	fi
}

# A guest that never powers off: guest.sh must kill QEMU after the time
# limit, exit 124 and print the console's tail.
hung_guest_test() {
	local name="a hung guest is killed after its time limit and reported with its console tail"
	local series tree rc=0 err=$LOGS/tooling-hang.err

	series=$(dir_digest "$SERIES_DIR")
	tree=$(tree_digest "$TREE")
	bash "$TOP/scripts/vm/guest.sh" -t "${TOOLING_HANG_TIMEOUT:-15}" -n tooling-hang sleep 100000 \
		>/dev/null 2>"$err" || rc=$?
	if [ "$rc" = 124 ] && grep -q 'no power-off within' "$err" &&
		grep -q 'last 50 lines of the kernel console' "$err" && grep -q '^    | ' "$err" &&
		! pgrep -f "$LOGS/tooling-hang-console.log" >/dev/null &&
		[ "$(dir_digest "$SERIES_DIR")" = "$series" ] && [ "$(tree_digest "$TREE")" = "$tree" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "guest.sh exit $rc (want 124)" "$(head -n 5 "$err")"
	fi
}

# make guest (guest.sh -b) boots what make build made from the inputs as
# they are, and refuses once they changed: a new file in guest/ (a probe,
# removed at the end) makes the objects stale.  Without -b, as the
# suites call it, guest.sh boots them all the same.
stale_guest_test() {
	local name="make guest refuses a kernel and guest built from other inputs than the tree and guest/ as they are"
	local probe=$TOP/guest/.tooling-stale-probe err=$LOGS/tooling-fresh.err rc_fresh=0 rc_stale=0 rc_plain=0
	bash "$TOP/scripts/vm/guest.sh" -b -n tooling-fresh true >/dev/null 2>"$err" || rc_fresh=$?
	echo "a file that make build never saw" >"$probe"
	bash "$TOP/scripts/vm/guest.sh" -b -n tooling-fresh true >/dev/null 2>>"$err" || rc_stale=$?
	bash "$TOP/scripts/vm/guest.sh" -n tooling-fresh true >/dev/null 2>>"$err" || rc_plain=$?
	rm -f "$probe"
	if [ "$rc_fresh" = 0 ] && [ "$rc_stale" != 0 ] && [ "$rc_plain" = 0 ] &&
		grep -q 'run make build first' "$err"; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "up to date: exit $rc_fresh (want 0); after a new file: exit $rc_stale (want non-zero);" \
			"without -b: exit $rc_plain (want 0)" "$(head -n 5 "$err")"
	fi
}

# The guest's kselftest runner with patterns (make test T=...): only the
# programs they name, and a pattern that names none is an error.
kselftest_filter_test() {
	local name="the kselftest runner runs only the programs that T= names"
	local out rc_none=0
	out=$(bash "$TOP/scripts/vm/guest.sh" -n tooling-filter run-kselftests.sh 'interpreter/trusted_for_fuzz*' 2>&1 |
		grep -v '^    ')
	bash "$TOP/scripts/vm/guest.sh" -n tooling-filter run-kselftests.sh 'interpreter/no-such-test' >/dev/null 2>&1 || rc_none=$?
	if [ "$out" = "KTAP version 1
1..1
ok 1 interpreter/trusted_for_fuzz_test" ] && [ "$rc_none" = 2 ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "with interpreter/trusted_for_fuzz*:" "$out" "with a pattern that names nothing: exit $rc_none (want 2)"
	fi
}

# "make guest" without CMD: a shell in the guest on a terminal (a pty
# that a small Python driver holds), which prompts, runs a command typed
# at it and ends the guest with the status of its "exit".
guest_shell_test() {
	local name="make guest without CMD gives a shell in the guest on this terminal"
	local out
	out=$(python3 - bash "$TOP/scripts/vm/guest.sh" -b -i -t 120 -n tooling-shell sh 2>&1 <<'EOF2'
import os, pty, select, sys, time

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
seen = b''


def wait_for(text, seconds):
    global seen
    end = time.time() + seconds
    while time.time() < end:
        if select.select([fd], [], [], 0.5)[0]:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return False
            if not data:
                return False
            seen += data
            if text in seen:
                return True
    return False


prompt = wait_for(b'# ', 120)
os.write(fd, b'echo tf-$((6*7))\r')
echoed = prompt and wait_for(b'tf-42', 60)
os.write(fd, b'exit 7\r')
status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
print(f'prompt {prompt} echoed {echoed} status {status}')
if not echoed:
    print(seen.decode(errors='replace')[-600:])
EOF2
)
	if [ "$(head -n 1 <<<"$out")" = "prompt True echoed True status 7" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "$out"
	fi
}

# The job pool of lib.sh (syscalls.sh's ABI checks and kernels): each
# job's output and exit status are kept whatever order the jobs end in,
# and no more than POOL_JOBS run at once, but that many do.
pool_test() {
	local name="the job pool keeps each job's output and status and runs POOL_JOBS at once"
	local d got=() i bad=
	d=$(mktemp -d)
	# job ID SECONDS STATUS: mark itself running, note how many are,
	# sleep, print its ID and exit with STATUS.
	job() {
		touch "$d/running.$1"
		find "$d" -name 'running.*' | wc -l >>"$d/concurrent"
		sleep "$2"
		rm -f "$d/running.$1"
		echo "out $1"
		return "$3"
	}
	POOL_JOBS=2 POOL_DIR=$d/pool
	pool_start j1 "$d/j1.out" job j1 0.6 0
	pool_start j2 "$d/j2.out" job j2 0.1 3
	pool_start j3 "$d/j3.out" job j3 0.1 0
	pool_start j4 "$d/j4.out" job j4 0.1 7
	for i in j1 j2 j3 j4; do
		pool_wait "$i"
		got+=("$i:$POOL_RC:$(cat "$d/$i.out")")
	done
	[ "${got[*]}" = "j1:0:out j1 j2:3:out j2 j3:0:out j3 j4:7:out j4" ] || bad="statuses and outputs: ${got[*]}"
	[ "$(sort -n "$d/concurrent" | tail -n 1)" = 2 ] ||
		bad="${bad:+$bad; }most jobs at once: $(sort -n "$d/concurrent" | tail -n 1) (want 2)"
	rm -rf "$d"
	if [ -z "$bad" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "$bad"
	fi
}

# The one parser and tally, scripts/lib/ktap-tally.py, on made-up logs: each
# case gives a log, its exit status, the tally's expected exit status and
# a line its output must have.
tally_test() {
	local d out rc bad=
	d=$(mktemp -d)
	# tally_case NAME STATUS WANT-RC WANT-LINE LOG-TEXT
	tally_case() {
		printf '%s\n' "$5" >"$d/log"
		rc=0
		out=$(python3 "$TOP/scripts/lib/ktap-tally.py" --allow "$d/allow" "s=$d/log:$2" 2>&1) || rc=$?
		if [ "$rc" != "$3" ] || ! grep -qxF -- "$4" <<<"$out"; then
			bad+="$1: exit $rc (want $3), no line \"$4\" in:"$'\n'"$out"$'\n'
		fi
	}
	echo "prog case_allowed hostfs only" >"$d/allow"
	local nested='noise before the document
KTAP version 1
1..2
    TAP version 13
    1..2
    ok 1 first
    # a note
    ok 2 case_allowed # SKIP no hostfs
ok 1 prog
ok 2 alone'
	tally_case "nested documents, an allowed skip" 0 0 "2 passed, 0 failed" "$nested"
	# The same program one level deeper (backport-only nests a whole
	# kselftest run in a case of its own): the allow-list still applies.
	tally_case "an allowed skip one level deeper" 0 0 "1 passed, 0 failed" 'KTAP version 1
1..1
    KTAP version 1
    1..1
        KTAP version 1
        1..2
        ok 1 first
        ok 2 case_allowed # SKIP no hostfs
    ok 1 prog
ok 1 the kselftests on another kernel'
	tally_case "a failed case" 0 1 "FAIL: s: prog: second" 'KTAP version 1
1..1
    KTAP version 1
    1..2
    ok 1 first
    not ok 2 second
not ok 1 prog'
	tally_case "a skip that no allow-list names" 0 1 "SKIP: s: other (no reason)" 'KTAP version 1
1..1
ok 1 other # SKIP no reason'
	tally_case "fewer results than the plan" 0 1 "FAIL: s: prog: 1 results for a plan of 3" 'KTAP version 1
1..1
    KTAP version 1
    1..3
    ok 1 first
not ok 1 prog'
	tally_case "no plan" 0 1 "FAIL: s: no KTAP plan" 'KTAP version 1
ok 1 first'
	tally_case "no KTAP document" 3 1 "FAIL: s: no KTAP output (exit 3)" 'ok 1 a line without a document'
	tally_case "an exit status with no failed case" 2 1 "FAIL: s: exit 2, with no failed case" 'KTAP version 1
1..1
ok 1 first'
	tally_case "not ok, with every subtest passed" 0 1 "FAIL: s: prog: not ok, with no failed case" 'KTAP version 1
1..1
    KTAP version 1
    1..1
    ok 1 first
# prog: exit status 1
not ok 1 prog'
	tally_case "Bail out!" 0 1 "FAIL: s: Bail out! stopped" 'KTAP version 1
1..1
Bail out! stopped
ok 1 first'
	# The shell helper's documents, read back.
	out=$(KTAP_BUF= KTAP_COUNT=0 KTAP_FAILED=0
		ktap_ok "one"; ktap_fail "two" "why"; ktap_skip "three" "reason"; ktap_done) && rc=0 || rc=$?
	tally_case "scripts/lib/ktap.sh's document" 0 1 "1 passed, 2 failed" "$out"
	[ "$rc" = 1 ] || bad+="ktap_done returned $rc after a failed case (want 1)"$'\n'
	rm -rf "$d"
	if [ -z "$bad" ]; then
		ktap_ok "the KTAP tally: nesting, plans, skips, exit statuses, Bail out!"
	else
		ktap_fail "the KTAP tally: nesting, plans, skips, exit statuses, Bail out!" "$bad"
	fi
}

# The Makefile's graph, as make -n lists the steps (one order that the
# graph allows): make test prepares the kernel, runs the guest suites and
# the console check; make check also the host checks, the tooling's test
# after all of them, then the checks before posting; MATRIX=1 the tree,
# then the build matrix.
graph_test() {
	local name="the Makefile's graph: make test's, make check's and POSTING=only's steps, in order"
	local want_test="install unpack apply configure headers build userspace initramfs boot tests cpython shells harden manpage-run distro console"
	local want_check="$want_test static apt checkpatch manpage doc-errors series-sync export-check tooling warnings build-each backport-only syscalls"
	local want_matrix="install unpack apply matrix"
	local want_posting="install unpack apply configure headers build userspace initramfs warnings build-each backport-only syscalls"
	local got_test got_check got_matrix got_posting
	got_test=$(env -u MAKEFLAGS -u MAKELEVEL make -n --no-print-directory -C "$TOP" graph-test 2>&1 | awk '{ print $3 }' | xargs)
	got_check=$(env -u MAKEFLAGS -u MAKELEVEL make -n --no-print-directory -C "$TOP" graph-check 2>&1 | awk '{ print $3 }' | xargs)
	got_matrix=$(env -u MAKEFLAGS -u MAKELEVEL make -n --no-print-directory -C "$TOP" graph-matrix 2>&1 | awk '{ print $3 }' | xargs)
	got_posting=$(env -u MAKEFLAGS -u MAKELEVEL POSTING=only make -n --no-print-directory -C "$TOP" graph-check 2>&1 | awk '{ print $3 }' | xargs)
	if [ "$got_test" = "$want_test" ] && [ "$got_check" = "$want_check" ] &&
		[ "$got_matrix" = "$want_matrix" ] && [ "$got_posting" = "$want_posting" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "graph-test: $got_test" "graph-check: $got_check" "graph-matrix: $got_matrix" \
			"POSTING=only graph-check: $got_posting"
	fi
}

# scripts/lib/cache.sh: a result is found again by the digest of its
# inputs and read back whole, another input (a file's content, a word,
# the order of the words) gives another key, a result never kept is a
# miss, and everything goes under the cache root.
cache_test() {
	local name="the cache keeps a result by its inputs' digest, under one root"
	local d why=
	d=$(mktemp -d "${TMPDIR:-/tmp}/tf-cache.XXXXXX")
	why=$(
		# shellcheck disable=SC2030 # the subshell's own cache root
		export TRUSTED_FOR_CACHE=$d/root
		unset CCACHE_DIR
		. "$TOP/scripts/lib/cache.sh"
		echo one >"$d/in"
		k1=$(cache_key a "@$d/in")
		[ "$(cache_key a "@$d/in")" = "$k1" ] || echo "the same inputs gave two keys"
		echo two >"$d/in"
		k2=$(cache_key a "@$d/in")
		[ "$k2" != "$k1" ] || echo "another file content gave the same key"
		[ "$(cache_key b "@$d/in")" != "$k2" ] || echo "another word gave the same key"
		[ "$(cache_key "a b")" != "$(cache_key a b)" ] || echo "'a b' and 'a' 'b' gave the same key"
		! cache_get t "$k1" >/dev/null 2>&1 || echo "a result never kept was found"
		printf 'line 1\nline 2\n' | cache_put t "$k1"
		[ "$(cache_get t "$k1")" = "$(printf 'line 1\nline 2')" ] || echo "the kept result did not come back whole"
		! cache_get t "$k2" >/dev/null 2>&1 || echo "a result was found under another key"
		[ -f "$d/root/results/t/$k1" ] || echo "the result is not under the cache root"
		[ "$CCACHE_DIR" = "$d/root/ccache" ] || echo "ccache's directory is $CCACHE_DIR, not under the root"
		[ -z "$(find "$d/root" -name '*.[0-9]*')" ] || echo "a temporary file was left"
	)
	rm -rf "$d"
	if [ -z "$why" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "$why"
	fi
}

# make check-all's order and budget, with a check.sh that only says
# what it was asked to run and prints made-up stage times: a base's make
# check of 600 s (its build 200), the distribution kernels 300 s, the
# debug kernel 1200 s, a POSTING=only run 1100 s, every other run 1 s.
# Under a budget of 1100 s: the bases' make check run first; each
# variant's first run is estimated from them (600 + 2 * 200 = 1000 s)
# and runs, the second distribution kernel as the first (300 s), the
# distribution kernels before the checks before posting; those,
# estimated at three times a base's make check (1800 s), do not run;
# the build matrix, estimated as those, does not either; the other
# profiles, estimated as a first variant (1000 s), run.  Then, with the first distribution kernel's
# 300 s kept from a run before and a budget of 500 s, the second is
# estimated as that (300 s) and runs, and the debug kernel from the
# base's make check (1000 s), not as another variant, and does not.
# check-all.sh --list names every run in that order.
check_all_test() {
	local name="make check-all runs the bases, the distribution kernels, then the checks before posting, and estimates each kind of run from the runs before it"
	local d want got all="BASE=6.1 BASE=6.12 BASE=6.1,VARIANT=distro BASE=6.12,VARIANT=distro BASE=6.1,POSTING=only BASE=6.12,POSTING=only BASE=6.1,VARIANT=debug BASE=6.1,VARIANT=kcsan BASE=6.12,VARIANT=kcsan BASE=6.1,MATRIX=1 BASE=6.12,MATRIX=1 BASE=6.1,PROFILE=arm64 BASE=6.1,PROFILE=riscv64 BASE=6.12,PROFILE=arm64 BASE=6.12,PROFILE=riscv64"
	d=$(mktemp -d "${TMPDIR:-/tmp}/tf-check-all.XXXXXX")
	mkdir -p "$d/proj/bases"
	cp -r "$TOP/scripts" "$TOP/qemu_configs" "$d/proj/"
	for conf in "$TOP"/bases/*/base.conf; do
		mkdir -p "$d/proj/bases/$(basename "$(dirname "$conf")")"
		cp "$conf" "$d/proj/bases/$(basename "$(dirname "$conf")")/"
	done
	cat >"$d/proj/scripts/check.sh" <<'EOF2'
#!/usr/bin/env bash
echo "BASE=${BASE:-} VARIANT=${VARIANT:-} POSTING=${POSTING:-} MATRIX=${MATRIX:-} PROFILE=${PROFILE:-}" >>"$CHECK_ALL_TEST_ORDER"
case "${VARIANT:-}/${POSTING:-}${MATRIX:-}${PROFILE:-}" in
/) echo "stage times: build 200.0s, tests 300.0s, tooling 100.0s; total 600.0s" ;;
/only) echo "stage times: build 1.0s, build-each 1000.0s, syscalls 99.0s; total 1100.0s" ;;
distro/) echo "stage times: build 250.0s; total 300.0s" ;;
debug/) echo "stage times: build 1000.0s; total 1200.0s" ;;
*) echo "stage times: build 0.5s; total 1.0s" ;;
esac
echo "1 passed, 0 failed"
EOF2
	CHECK_ALL_TEST_ORDER=$d/order CHECK_ALL_BUDGET=1100 BUILD_ROOT=$d/build TRUSTED_FOR_CACHE=$d/cache \
		bash "$d/proj/scripts/check-all.sh" >"$d/out" 2>&1 3>&1 || true
	TRUSTED_FOR_CACHE=$d/cache2 bash -c '. "$1/scripts/lib/lib.sh"
		echo 300 | cache_put check-all-times "$(cache_key check-all BASE=6.1,VARIANT=distro)"' - "$TOP"
	CHECK_ALL_TEST_ORDER=$d/order CHECK_ALL_BUDGET=500 BUILD_ROOT=$d/build TRUSTED_FOR_CACHE=$d/cache2 \
		bash "$d/proj/scripts/check-all.sh" BASE=6.1 BASE=6.1,VARIANT=distro BASE=6.12,VARIANT=distro BASE=6.1,VARIANT=debug \
		>"$d/out2" 2>&1 3>&1 || true
	want="BASE=6.1 VARIANT= POSTING= MATRIX= PROFILE=
BASE=6.12 VARIANT= POSTING= MATRIX= PROFILE=
BASE=6.1 VARIANT=distro POSTING= MATRIX= PROFILE=
BASE=6.12 VARIANT=distro POSTING= MATRIX= PROFILE=
BASE=6.1 VARIANT=debug POSTING= MATRIX= PROFILE=
BASE=6.1 VARIANT=kcsan POSTING= MATRIX= PROFILE=
BASE=6.12 VARIANT=kcsan POSTING= MATRIX= PROFILE=
BASE=6.1 VARIANT= POSTING= MATRIX= PROFILE=arm64
BASE=6.1 VARIANT= POSTING= MATRIX= PROFILE=riscv64
BASE=6.12 VARIANT= POSTING= MATRIX= PROFILE=arm64
BASE=6.12 VARIANT= POSTING= MATRIX= PROFILE=riscv64
BASE=6.1 VARIANT= POSTING= MATRIX= PROFILE=
BASE=6.1 VARIANT=distro POSTING= MATRIX= PROFILE=
BASE=6.12 VARIANT=distro POSTING= MATRIX= PROFILE="
	got=$(cat "$d/order" 2>/dev/null)
	if [ "$got" = "$want" ] && [ "$(bash "$TOP/scripts/check-all.sh" --list | xargs)" = "$all" ] &&
		grep -q '^BASE=6.1 POSTING=only .*estimate 1800 s.*not run' "$d/out" &&
		grep -q '^BASE=6.1 VARIANT=debug .*estimate 1000 s.*not run' "$d/out2" &&
		grep -q '^BASE=6.1 MATRIX=1 .*estimate 1800 s.*not run' "$d/out"; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "runs:" "$got" "output:" "$(tail -n 15 "$d/out")" "$(tail -n 5 "$d/out2")" \
			"check-all.sh --list:" "$(bash "$TOP/scripts/check-all.sh" --list | xargs)"
	fi
	rm -rf "$d"
}

# make fixup: a change to a file of patch 1 is folded into patch 1 and
# no file is written, b.h (which patch 2 changes, as the syscall table's
# header is changed after trusted_for(2)) keeping its time; a change that
# conflicts with a later patch leaves the tree as it was, the change
# uncommitted; without C= or with a commit outside the series it
# refuses.
fixup_test() {
	local name="make fixup folds a change into its patch without writing a file, and a conflict loses nothing"
	local d t why= before head tree
	d=$(mktemp -d "${TMPDIR:-/tmp}/tf-fixup.XXXXXX")
	t=$d/build/$BASE/linux
	mkdir -p "$t" "$d/build/$BASE/state"
	git -C "$t" init -q -b series
	printf 'int a;\n' >"$t/a.c"
	printf '#define B 1\n' >"$t/b.h"
	git -C "$t" add a.c b.h
	git -C "$t" commit -q -m "the base"
	git -C "$t" tag base
	printf 'int x1;\n' >>"$t/a.c"
	git -C "$t" commit -q -a -m "a: Add x1"
	printf '#define C 2\n' >>"$t/b.h"
	git -C "$t" commit -q -a -m "b: Add C"
	fx() { BUILD_ROOT=$d/build C=$1 bash "$TOP/scripts/series/fixup.sh" >"$d/out" 2>&1; }
	touch -d '2000-01-01 00:00:00' "$t/b.h"
	before=$(stat -c %Y "$t/b.h")
	printf 'int y;\n' >>"$t/a.c"
	fx "$(git -C "$t" rev-parse HEAD~1)" || why="fixup failed: $(cat "$d/out")"
	[ -n "$why" ] || [ "$(stat -c %Y "$t/b.h")" = "$before" ] || why="b.h was written"
	[ -n "$why" ] || [ -z "$(git -C "$t" status --porcelain)" ] || why="the tree is not clean: $(git -C "$t" status --short)"
	[ -n "$why" ] || [ "$(git -C "$t" rev-list --count base..HEAD)" = 2 ] || why="not two patches: $(git -C "$t" log --oneline)"
	[ -n "$why" ] || git -C "$t" show HEAD~1 | grep -q '^+int y;' || why="patch 1 lacks the change: $(git -C "$t" show HEAD~1)"
	# A change to x1, which patch 2 does not touch but a fix-up of patch
	# 1 cannot carry once patch 2 rewrote the line: here patch 2 does.
	if [ -z "$why" ]; then
		sed -i 's/x1/x2/' "$t/a.c"
		git -C "$t" commit -q -a -m "a: Rename x1"
		sed -i 's/x2/x3/' "$t/a.c"
		head=$(git -C "$t" rev-parse HEAD)
		tree=$(tree_digest "$t")
		if fx "$(git -C "$t" rev-parse HEAD~2)"; then
			why="a conflicting fixup succeeded: $(cat "$d/out")"
		elif ! grep -q 'the tree is as it was' "$d/out" || [ "$(tree_digest "$t")" != "$tree" ] ||
			[ "$(git -C "$t" rev-parse HEAD)" != "$head" ]; then
			why="a conflict changed the tree: $(cat "$d/out"; git -C "$t" status --short)"
		elif fx "" || ! grep -q 'make fixup C=COMMIT' "$d/out"; then
			why="no C= did not refuse: $(cat "$d/out")"
		elif fx base || ! grep -q 'not a patch of the series' "$d/out"; then
			why="C=base did not refuse: $(cat "$d/out")"
		fi
	fi
	if [ -z "$why" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "$why"
	fi
	rm -rf "$d"
}

# T= (make test T=...): a guest suite that no pattern names is not run
# and records nothing, the kselftests among them when no pattern names a
# program; the host checks are not filtered.
t_filter_test() {
	local name="T= leaves out the guest suites it does not name"
	local d logs out why=
	d=$(mktemp -d "${TMPDIR:-/tmp}/tf-tfilter.XXXXXX")
	logs=$(BUILD_ROOT=$d bash -c ". '$TOP/scripts/lib/lib.sh'; echo \$LOGS")
	step() { BUILD_ROOT=$d GUEST_STEPS="tests cpython shells harden manpage-run distro" T=$1 \
		bash "$TOP/scripts/check-step.sh" "$2" 3>&1 2>&1; }
	BUILD_ROOT=$d bash "$TOP/scripts/check-step.sh" --start 3>/dev/null
	out=$(step interpreter/trusted_for_test cpython)
	[[ $out == *"not run: not named by T=interpreter/trusted_for_test"* ]] || why="cpython ran under T=interpreter/trusted_for_test: $out"
	out=$(step 'cpython,harden' tests)
	[[ $out == *"not run: not named by T=cpython,harden"* ]] || why="$why; the kselftests ran under T=cpython,harden: $out"
	out=$(step 'man*' harden)
	[[ $out == *"not run: not named by T=man*"* ]] || why="$why; harden ran under T=man*: $out"
	[ -z "$(find "$logs/results" -type f ! -name times 2>/dev/null)" ] || why="$why; a left-out suite recorded a result"
	rm -rf "$d"
	if [ -z "$why" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "${why#; }"
	fi
}

# scripts/checks/doc-errors.sh on copies of the documents and tests, as
# a developer would leave them: with the unknown usage's error changed to
# EOPNOTSUPP in the code's test alone, the table's row for it fails; with
# an error the table does not give the man page added to it, the man
# page's case fails; as they are, every case passes.
doc_errors_test() {
	local name="doc-errors fails when the tests or a document leave the table behind"
	local d why= rc
	d=$(mktemp -d "${TMPDIR:-/tmp}/tf-docerr.XXXXXX")
	cp -r "$TREE/tools/testing/selftests/interpreter" "$d/tests"
	cp "$TOP/man/trusted_for.2" "$d/man.2"
	docerr() { DOC_ERRORS_TESTS=$d/tests DOC_ERRORS_MAN=$d/man.2 bash "$TOP/scripts/checks/doc-errors.sh" >"$d/out" 2>&1; }
	docerr || why="as they are: $(grep -A2 '^# \|^not ok' "$d/out" | head -n 6)"
	sed -i '/^TEST_F(args, usage_zero)/,/^}/s/EINVAL/EOPNOTSUPP/' "$d/tests/trusted_for_test.c"
	rc=0; docerr || rc=$?
	[ "$rc" != 0 ] && grep -q '^not ok .*EINVAL.*args.usage_zero' "$d/out" ||
		why="$why; a test that no longer expects EINVAL went unnoticed"
	cp -r "$TREE/tools/testing/selftests/interpreter/." "$d/tests/"
	sed -i 's/^\.SH ERRORS$/.SH ERRORS\n.TP\n.B EOPNOTSUPP\nThe usage is not supported./' "$d/man.2"
	rc=0; docerr || rc=$?
	[ "$rc" != 0 ] && grep -q '^not ok .*man lists' "$d/out" && grep -q 'only in the document: EOPNOTSUPP' "$d/out" ||
		why="$why; an error only the man page lists went unnoticed"
	rm -rf "$d"
	if [ -z "$why" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "${why#; }"
	fi
}

# A run's start keeps the logs of the run before it, one run back: a
# log moves to logs/previous, and the next start replaces it there.
previous_logs_test() {
	local name="a run keeps the last run's logs in logs/previous, one run back"
	local d logs why=
	d=$(mktemp -d "${TMPDIR:-/tmp}/tf-logs.XXXXXX")
	logs=$(BUILD_ROOT=$d bash -c ". '$TOP/scripts/lib/lib.sh'; echo \$LOGS")
	start() { BUILD_ROOT=$d bash "$TOP/scripts/check-step.sh" --start 3>/dev/null; }
	start && echo one >"$logs/tests.log" && echo 0 >"$logs/results/tests"
	start && echo two >"$logs/tests.log"
	[ "$(cat "$logs/previous/tests.log" 2>/dev/null)" = one ] || why="the first run's log is not in previous/"
	[ -f "$logs/previous/results/tests" ] || why="$why; the first run's results are not in previous/"
	[ ! -e "$logs/results/tests" ] || why="$why; the results were not emptied"
	start
	[ "$(cat "$logs/previous/tests.log" 2>/dev/null)" = two ] || why="$why; the second run's log did not replace the first's"
	[ ! -e "$logs/previous/previous" ] || why="$why; previous/ was kept inside previous/"
	[ ! -e "$logs/tests.log" ] || why="$why; the log stayed in logs/"
	rm -rf "$d"
	if [ -z "$why" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "${why#; }"
	fi
}

# One directory per configuration: the objects, logs and state of two
# configurations (another profile, a kernel variant, another base) are
# never the same directory, and a base's tree is shared by its own.
# DEBUG=1 is the debug variant; a variant made for x86_64 only refuses
# another profile.
layout_test() {
	local name="each configuration has its own build/BASE-PROFILE[-VARIANT]/{obj,logs,state}"
	local d got want
	d=$(mktemp -d "${TMPDIR:-/tmp}/tf-layout.XXXXXX")
	got=$(for conf in "BASE=6.1 PROFILE=x86_64" "BASE=6.1 PROFILE=x86_64 DEBUG=1" \
		"BASE=6.1 PROFILE=x86_64 VARIANT=debug" "BASE=6.12 PROFILE=x86_64 VARIANT=distro" \
		"BASE=6.1 PROFILE=x86_64 VARIANT=kcsan" "BASE=6.1 PROFILE=arm64 VARIANT=distro" \
		"BASE=6.1 PROFILE=x86_64 VARIANT=nosuch" "BASE=6.1 PROFILE=x86_64 DEBUG=1 VARIANT=kcsan" \
		"BASE=6.1 PROFILE=arm64" "BASE=6.12 PROFILE=x86_64"; do
		# shellcheck disable=SC2086 # one word per VAR=VALUE
		env -u DEBUG -u VARIANT $conf BUILD_ROOT="$d" bash -c \
			". '$TOP/scripts/lib/lib.sh'; echo \"\$TREE \$OBJ \$LOGS \$STATE\"" 2>&1 |
			sed "s|$d/||g"
	done)
	want="6.1/linux 6.1-x86_64/obj 6.1-x86_64/logs 6.1-x86_64/state
6.1/linux 6.1-x86_64-debug/obj 6.1-x86_64-debug/logs 6.1-x86_64-debug/state
6.1/linux 6.1-x86_64-debug/obj 6.1-x86_64-debug/logs 6.1-x86_64-debug/state
6.12/linux 6.12-x86_64-distro/obj 6.12-x86_64-distro/logs 6.12-x86_64-distro/state
6.1/linux 6.1-x86_64-kcsan/obj 6.1-x86_64-kcsan/logs 6.1-x86_64-kcsan/state
error: the distro kernel is made for the profiles x86_64, not arm64
error: unknown kernel variant 'nosuch': no configs/variants/nosuch.conf
error: DEBUG=1 is VARIANT=debug, not VARIANT=kcsan
6.1/linux 6.1-arm64/obj 6.1-arm64/logs 6.1-arm64/state
6.12/linux 6.12-x86_64/obj 6.12-x86_64/logs 6.12-x86_64/state"
	rm -rf "$d"
	if [ "$got" = "$want" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "got:" "$got"
	fi
}
# A KCSAN report whose stacks name only the base kernel's code is shown,
# not failed; one that names the series' code, and any other problem
# line, fails (lib.sh, kernel_problems).
kcsan_filter_test() {
	local d name="a KCSAN race of the base kernel is a note, one in the series' code fails"
	local got want
	d=$(mktemp -d)
	cat >"$d/console" <<'LOG'
[    3.2] ==================================================================
[    3.2] BUG: KCSAN: data-race in console_flush_all / vprintk_emit
[    3.2]  number+0x36e/0x3ce
[    3.2]  put_dec+0x58/0x5d
[    3.2] value changed: 0x0000000000000002 -> 0x0000000000000000
[    3.2] ==================================================================
[    4.1] ==================================================================
[    4.1] BUG: KCSAN: data-race in proc_dointvec_minmax / do_sys_open
[    4.1]  __do_sys_trusted_for+0x20/0x60
[    4.1] ==================================================================
[    5.0] WARNING: CPU: 0 PID: 1 at fs/open.c:1 f+0x0/0x1
LOG
	got=$(kernel_problems "$d/console"; echo --; kernel_problems --base "$d/console")
	want='[    4.1] BUG: KCSAN: data-race in proc_dointvec_minmax / do_sys_open
[    5.0] WARNING: CPU: 0 PID: 1 at fs/open.c:1 f+0x0/0x1
--
[    3.2] BUG: KCSAN: data-race in console_flush_all / vprintk_emit'
	rm -rf "$d"
	if [ "$got" = "$want" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "got:" "$got"
	fi
}

# x86's compressed image: a piggy.o that carries another kernel than the
# one just linked (ccache returned it for the same piggy.S) is made again
# without ccache; one that carries it is left alone (lib.sh, kmake_image).
# kmake is a stand-in that assembles piggy.S, as kbuild would.
piggy_test() {
	local name="a cached piggy.o that carries an older kernel is made again without ccache"
	local d got
	d=$(mktemp -d)
	got=$(
		OBJ=$d/obj KERNEL_IMAGE=arch/x86/boot/bzImage
		dir=$OBJ/arch/x86/boot/compressed
		mkdir -p "$dir"
		printf '.section ".rodata..compressed","a"\n.incbin "%s"\n' "$dir/vmlinux.bin.xz" >"$dir/piggy.S"
		kmake() {
			echo "kmake $* ccache-disabled=${CCACHE_DISABLE:-0}"
			[ -f "$dir/piggy.o" ] || gcc -c -o "$dir/piggy.o" "$dir/piggy.S"
		}
		echo "the kernel built before" >"$dir/vmlinux.bin.xz"
		kmake_image
		echo "the kernel just linked" >"$dir/vmlinux.bin.xz"
		kmake_image | sed 's/^.*carries another kernel.*$/stale piggy.o/'
		piggy_holds "$dir/piggy.o" "$dir/vmlinux.bin.xz" && echo "carries the new kernel" || echo "carries an old kernel"
	)
	rm -rf "$d"
	local want="kmake bzImage ccache-disabled=0
kmake bzImage ccache-disabled=0
stale piggy.o
kmake bzImage ccache-disabled=1
carries the new kernel"
	if [ "$got" = "$want" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "got:" "$got"
	fi
}

if [ "$what" != kernel ]; then
	piggy_test
	pool_test
	tally_test
	graph_test
	cache_test
	check_all_test
	fixup_test
	t_filter_test
	doc_errors_test
	previous_logs_test
	layout_test
	kcsan_filter_test
	sandbox_tests
fi
if [ "$what" != sandbox ]; then
	killed_build_test
	hung_guest_test
	stale_guest_test
	guest_shell_test
	kselftest_filter_test
fi
ktap_done
