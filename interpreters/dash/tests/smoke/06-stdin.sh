# also run as the shell's standard input (a pipe, a regular file)
echo "line 1"
read -r next || echo "read: no line left for read (dash reads its input in blocks)"
echo "line 2"
