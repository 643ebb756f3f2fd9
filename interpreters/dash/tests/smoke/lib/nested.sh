echo "nested: level $dot_level"
. helpers.sh
echo "nested: after inner . status $?"
