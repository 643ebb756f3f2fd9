trap 'echo "EXIT trap, status $?"' EXIT
trap 'echo got USR1' USR1
kill -USR1 $$
echo "after USR1"
trap - USR1
( trap 'echo sub EXIT' EXIT; echo in subshell )
"$SMOKE_SH" -c 'trap "echo caught HUP; exit 4" HUP; kill -HUP $$; echo not reached'; echo "child status $?"
"$SMOKE_SH" -c 'trap "" INT; kill -INT $$; echo ignored INT'
trap 'echo in INT trap' INT; kill -INT $$; echo "after INT"
false
