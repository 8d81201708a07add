#!/usr/bin/env python3
"""console.py SOCKET: type into VeridianOS's serial console while ./debug.sh debugs it.

debug.sh puts QEMU's serial port on a unix socket (and logs it to serial.log); this connects
the terminal to it: what the kernel and the shell print appears here, keys go to the shell
(`hello` + Enter runs hello). Ctrl-] ends it. `./debug.sh --console [--port N]` runs this.
"""
import os
import select
import socket
import sys
import termios
import time
import tty


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: console.py SOCKET")
    path = sys.argv[1]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(100):
        try:
            s.connect(path)
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit("console.py: nothing listens on %s (is ./debug.sh running?)" % path)
    print("connected to %s; Ctrl-] ends" % path, flush=True)
    interactive = os.isatty(0)
    saved = termios.tcgetattr(0) if interactive else None
    try:
        if interactive:
            tty.setraw(0)
        while True:
            ready, _, _ = select.select([s, 0], [], [])
            if s in ready:
                data = s.recv(4096)
                if not data:
                    break
                os.write(1, data)
            if 0 in ready:
                data = os.read(0, 1024)
                if not data or b"\x1d" in data:
                    break
                s.sendall(data.replace(b"\n", b"\r"))
    finally:
        if saved is not None:
            termios.tcsetattr(0, termios.TCSADRAIN, saved)
        print()


if __name__ == "__main__":
    main()
