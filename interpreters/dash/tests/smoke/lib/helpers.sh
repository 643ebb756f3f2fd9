# sourced by 01-dot.sh through PATH search
greet() { printf 'hello, %s\n' "$1"; }
dot_level=$((${dot_level:-0} + 1))
return 7
echo "not reached"
