set -e
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo "i=$i"
for w in a b c; do printf '%s-' "$w"; done; echo
case "foo.tar.gz" in *.gz) echo gz ;; *) echo other ;; esac
v="a:b:c"; IFS=: ; set -- $v; IFS=' '; echo "split $# $2"
echo "${v%%:*} ${v#*:} ${#v} ${undef:-default} ${undef2:=assigned} $undef2"
OPTIND=1; while getopts ab:c opt -a -b arg -c; do echo "opt $opt ${OPTARG-}"; done
eval 'e=evaluated'; echo $e
out=$(echo one; echo two); echo "$out" | wc -l
{ echo to-stderr >&2; } 2>&1
exec 4>/tmp/dash-smoke-out; echo via fd4 >&4; exec 4>&-; cat /tmp/dash-smoke-out; rm -f /tmp/dash-smoke-out
printf '%5.2f|%-4s|%x\n' 3.14159 ab 255
echo -e 'a\tb' ; echo 'back\\slash'
test -n "$0" && [ "$0" != "" ] && echo "dollar0 ok"
command -v cd >/dev/null && echo "cd builtin"
if ! (exit 3); then echo "subshell status caught"; fi
n=$("$SMOKE_SH" -c 'exit 5' || echo $?); echo "nested sh $n"
set +e; false; echo "false: $?"
echo $(( (7 << 2) ^ 5 )) $(( 10 % 3 )) $(( 2 > 1 ? 42 : 0 ))
