# Real `virsh console` under a pty (it needs a controlling TTY): waits for the login prompt, types
# a line, waits for the guest's answer, detaches with ^] and prints what the terminal showed.
#   drive_console.py URI DOMAIN LINE [PROMPT [ANSWER [VIRSH-CONSOLE-OPTION...]]]
# PROMPT (default "login: ") is what to wait for before typing; an empty PROMPT types LINE as soon
# as virsh is attached, again every few seconds until ANSWER+LINE (default "you typed: ") shows.
import os
import pty
import select
import sys
import termios
import time

uri, domain, line = sys.argv[1], sys.argv[2], sys.argv[3]
prompt = (sys.argv[4] if len(sys.argv) > 4 else "login: ").encode()
answer = (sys.argv[5] if len(sys.argv) > 5 else "you typed: ").encode()
options = sys.argv[6:]
pid, fd = pty.fork()
if pid == 0:
    os.execve("/usr/bin/virsh", ["virsh", "-c", uri, "console", domain] + options,
              {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "LC_ALL": "C", "TERM": "dumb"})
seen = b""
ended = False  # virsh closed the terminal (it exited)


def wait_for(text, seconds=30):
    global seen, ended
    deadline = time.monotonic() + seconds
    while text not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            ended = True
            return False
        if not data:
            ended = True
            return False
        seen += data
    return True


def wait_raw(seconds=30):
    # virsh puts its terminal in raw mode after the banner; a line typed before that is echoed and
    # cooked by the line discipline, and the switch (TCSAFLUSH) throws part of it away. The master
    # side reads the terminal's modes, so this waits for them rather than for time.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not ended:
        try:
            lflag = termios.tcgetattr(fd)[3]
        except termios.error:
            return False
        if not lflag & (termios.ICANON | termios.ECHO):
            return True
        wait_for(b"\x00", 0.05)  # keeps reading what virsh writes meanwhile
    return False


if prompt:
    ok = wait_for(b"(Ctrl + ])", 30) and wait_raw()
    ok = ok and wait_for(prompt, 3)
    if not ok:
        # a serial console shows only what the guest writes from now on: Enter asks for a new prompt
        try:
            os.write(fd, b"\r")
            ok = wait_for(prompt, 30)
        except OSError:
            ok = False  # virsh is gone already (it refused the console)
    if ok:
        os.write(fd, line.encode() + b"\r")
        ok = wait_for(answer + line.encode())
else:
    ok = wait_for(b"(Ctrl + ])", 30) and wait_raw()  # the whole banner, then raw mode
    tries = 0
    while ok and tries < 40:
        # the guest may not read its port yet: typed again until it answers
        os.write(fd, line.encode() + b"\r")
        tries += 1
        if wait_for(answer + line.encode(), 3):
            break
    else:
        ok = False
try:
    os.write(fd, b"\x1d")
except OSError:
    pass  # virsh is gone already (it refused the console)
wait_for(b"\x00", 10)  # drain until virsh exits
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, 9)  # virsh did not detach: ended here (it is this script's own child)
    _, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace").replace("\r", ""))
print("\nexit", os.waitstatus_to_exitcode(status), "ok", ok)
