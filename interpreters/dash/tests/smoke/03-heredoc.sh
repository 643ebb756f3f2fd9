name=dash
cat <<EOT
unquoted: $name $((1 + 2)) $(echo sub) \$name
EOT
cat <<'EOT'
quoted: $name $((1 + 2)) $(echo sub)
EOT
	cat <<-EOT
	tabs stripped: $name
	EOT
while read -r a b; do echo "read [$a] [$b]"; done <<EOT
one two three
four
EOT
f() { cat; }
f <<EOT | tr a-z A-Z
piped heredoc $name
EOT
x=$(cat <<EOT
in command substitution
EOT
)
echo "$x"
cat <<A; cat <<B
first
A
second
B
