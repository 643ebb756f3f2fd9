# The hello world of the startup benchmark, and the script of the
# script, stdin and noexec cases.
print("hello, world")
