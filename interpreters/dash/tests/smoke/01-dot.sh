PATH=${SMOKE_DIR:-$(dirname "$0")}/lib:$PATH
. helpers.sh
echo "dot status $? level $dot_level"
greet world
. nested.sh
echo "level now $dot_level"
command . helpers.sh; echo "command . status $?"
( . /nonexistent/x ) 2>/dev/null; echo "subshell . of missing file: $?"
if command . /nonexistent/x 2>/dev/null; then echo yes; else echo "command . missing: $?"; fi
f() { . helpers.sh; echo "in f after . : $?"; return 3; }
f; echo "f: $?"
