#!/usr/bin/env python3
"""Boots QEMU with a program as init and exits with that program's status.

usage: boot_init.py -- QEMU-COMMAND...

QEMU's serial console (-serial mon:stdio) is passed through: what the
program prints appears on stdout as it comes, and stdin goes to it.  The
kernel ends with one of
    ringlet: init exited with status N     -> exit N
    ringlet: init killed by signal N       -> exit 128 + N (as a shell reports it)
and then powers QEMU off.  A boot that shows neither line (QEMU could not
start, the kernel crashed, no init) exits 1 with a message.  Used by
`make exec` and `make shell`.  Python 3 standard library only.

Input that is not a terminal (a pipe, a file) is held back until the kernel
prints its first line ("ringlet VERSION booting"): GRUB, which runs before,
reads the serial line and resets the UART, so it would eat the first bytes.
After that QEMU passes them on as the guest takes them (the tty's flow
control).  At the end of that input a ^D follows, the terminal's end of
file, so a shell that was not told `exit` still ends:
    printf 'echo hi\n' | make shell
A terminal is handed to QEMU as it is (QEMU puts it in raw mode itself).
"""
import os
import re
import subprocess
import sys
import threading

RE_EXIT = re.compile(rb'ringlet: init exited with status (\d+)')
RE_KILLED = re.compile(rb'ringlet: init killed by signal (\d+)')
RE_BOOTED = re.compile(rb'ringlet \S+ booting')
EOF_CHAR = b'\x04'     # VEOF, ^D: what a terminal sends for "end of input"


def status_from(line):
    """init's status as a shell would report it, from one console line, or None."""
    m = RE_EXIT.search(line)
    if m:
        return int(m.group(1))
    m = RE_KILLED.search(line)
    return 128 + int(m.group(1)) if m else None


def feed(src, dst, booted):
    """Copies src to dst once booted is set, then a ^D; stops quietly if dst closes."""
    booted.wait()
    try:
        while True:
            chunk = os.read(src.fileno(), 4096)
            if not chunk:
                break
            dst.write(chunk)
            dst.flush()
        dst.write(EOF_CHAR)
        dst.flush()
        dst.close()
    except (BrokenPipeError, ValueError, OSError):
        pass


def main(argv, stdin=None):
    if len(argv) < 3 or argv[1] != '--':
        sys.exit(__doc__.splitlines()[2])
    stdin = sys.stdin if stdin is None else stdin
    held = not stdin.isatty()
    proc = subprocess.Popen(argv[2:], stdout=subprocess.PIPE,
                            stdin=subprocess.PIPE if held else None)
    booted = threading.Event()
    if held:
        threading.Thread(target=feed, args=(stdin, proc.stdin, booted), daemon=True).start()
    status, partial = None, b''
    out = sys.stdout.buffer
    try:
        while True:
            chunk = proc.stdout.read1(4096)
            if not chunk:
                break
            out.write(chunk)
            out.flush()
            lines = (partial + chunk).split(b'\n')
            partial = lines.pop()
            for line in lines:
                if RE_BOOTED.search(line):
                    booted.set()
                found = status_from(line)
                status = found if found is not None else status
    except KeyboardInterrupt:
        proc.terminate()
    qemu = proc.wait()
    found = status_from(partial)
    status = found if found is not None else status
    if status is None:
        print(f'boot_init: no "ringlet: init exited" line (QEMU exit status {qemu})',
              file=sys.stderr)
        return 1
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
