fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }
echo "fact 10 = $(fact 10)"
counter=0
inc() { local step=${1:-1}; counter=$((counter + step)); }
inc; inc 5; echo "counter $counter step=${step-unset}"
args() { echo "$# args: $*"; shift; echo "after shift: $@"; }
args a "b c" d
set -- x y z; echo "outer $#: $*"
rec() { [ "$1" -gt 0 ] && rec $(($1 - 1)); echo "unwind $1"; }
rec 3
unset -f inc; command -v inc || echo "inc gone"
