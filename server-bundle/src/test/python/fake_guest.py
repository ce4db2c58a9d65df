# A stand-in guest's serial console on a real pty (ConsoleOverTheWireTest): prints the pty's path,
# then a banner and a login prompt, and answers every line typed with "you typed: LINE".
import os
import pty
import sys
import tty

master, slave = pty.openpty()
tty.setraw(slave)
print(os.ttyname(slave), flush=True)
os.write(master, b"\r\njvirt fake guest ttyS0\r\n\r\nlogin: ")
line = b""
while True:
    try:
        data = os.read(master, 1024)
    except OSError:
        break
    if not data:
        break
    for ch in data:
        if ch in (10, 13):
            os.write(master, b"\r\nyou typed: " + line + b"\r\nlogin: ")
            line = b""
        else:
            line += bytes([ch])
