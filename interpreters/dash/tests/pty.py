import os, pty, sys, time, select
# dash-pty.py CMD...: run CMD on a pty, type the lines of stdin, print the transcript.
lines = sys.stdin.read().splitlines()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b''
def drain(t):
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                return
            if not d:
                return
            out += d
drain(0.5)
for l in lines:
    os.write(fd, (l + '\n').encode())
    drain(0.5)
drain(0.5)
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace').replace('\r', ''))
print('[exit status %d]' % os.waitstatus_to_exitcode(st))
