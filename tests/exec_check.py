#!/usr/bin/env python3
"""Runs `make exec PROG=P ARGS=7` for each hello given (user/examples/hello.c built against
musl and against glibc), and checks that it printed its line and that the kernel relayed its
exit status 7.

    python3 tests/exec_check.py [--make make] [--cpus 2] build/user/hello-musl build/user/hello-glibc

One boot per program.  Prints 'ok NAME' or 'FAIL NAME: why' per program and
'N passed, N failed' last; exit status 0 iff nothing failed.  Python 3 standard library only.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shell_check  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATUS = 7
TIMEOUT = 300


def check(make, cpus, prog):
    """None if `make exec` of prog worked, else why not."""
    argv = make.split() + ['--no-print-directory', '-s', 'exec', f'PROG={prog}',
                           f'ARGS={STATUS}', f'CPUS={cpus}']
    try:
        proc = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return f'no end after {TIMEOUT} s'
    text = shell_check.clean(proc.stdout.decode(errors='replace'))
    lines = text.split('\n')
    status = shell_check.exit_status(text)
    if 'hello, world' not in lines:
        return 'no "hello, world" line:\n' + text
    if status != STATUS:
        return f'the kernel relayed status {status}, want {STATUS}:\n' + text
    if proc.returncode == 0:
        return 'make exec succeeded although the program exited non-zero'
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--make', default='make')
    ap.add_argument('--cpus', type=int, default=2)
    ap.add_argument('progs', nargs='+')
    args = ap.parse_args()
    failed = 0
    for prog in args.progs:
        why = check(args.make, args.cpus, os.path.abspath(prog))
        name = f'make exec PROG={prog} ARGS={STATUS}'
        print(f'FAIL {name}: {why}' if why else f'ok {name}')
        failed += why is not None
    print(f'{len(args.progs) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
