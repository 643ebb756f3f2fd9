#!/bin/bash
# run.sh SHELL [BITS]: run the smoke set with SHELL (under the securebits
# BITS, default 0) and print one transcript; the transcripts of dash and
# dash-orig must be identical.  Needs the secbits helper (../secbits.c; own-suites.sh
# builds it) as $SECBITS, default /tmp/dash-secbits.
sh=$1 bits=${2:-0} dir=$(cd "$(dirname "$0")" && pwd)
secbits=${SECBITS:-/tmp/dash-secbits}
cd "$dir" || exit 1
run() {
	"$secbits" "$bits" env SMOKE_SH="$sh" SMOKE_DIR="$dir" "$@" 2>&1 | sed "s|$sh|SHELL|g"
	echo "[rc=${PIPESTATUS[0]}]"
}
for f in 0*.sh; do
	echo "=== $f"
	run "$sh" "./$f"
done
echo "=== -c . ./01-dot.sh"
run "$sh" -c '. ./01-dot.sh; echo "status $?"'
echo "=== stdin file 03"
run "$sh" -s <./03-heredoc.sh
echo "=== stdin pipe 06"
cat ./06-stdin.sh | run "$sh" # a pipe, on purpose
echo "=== stdin file 06"
run "$sh" <./06-stdin.sh
