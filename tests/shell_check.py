#!/usr/bin/env python3
"""Boots `make shell` (Debian's busybox as init=/bin/sh) once with a script piped in, and
checks what every command printed, line for line, and that `exit 3` is the status relayed.

    python3 tests/shell_check.py [--make make] [--cpus 2] [-v]

The guest sees a terminal, so busybox's sh is interactive: it prints its banner, the
"job control turned off" line (no controlling terminal, as with init=/bin/sh on Linux), then
a prompt "/ # " before each command, which its line editor echoes.  parse_session() cuts the
console output into (command, output lines) after the first prompt; the kernel's
"called unimplemented syscall" notes are left out (listed with -v), so a system call that
falls back quietly does not fail the check, while one that breaks a command does.
The expected output is what the same busybox prints on Linux for the same commands.
Prints 'ok NAME' or 'FAIL NAME: why' per check and 'N passed, N failed' last; exit status 0
iff nothing failed.  Python 3 standard library only.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = '/ # '
TIMEOUT = 300
RE_CSI = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]')
RE_KERNEL_NOTE = re.compile(r'^ringlet: \S+\[\d+\] called unimplemented syscall ')
RE_EXIT = re.compile(r'^ringlet: init exited with status (\d+)$')

# (command, the lines it prints): ls, cat, echo, mkdir, rm, wc, pipelines, redirection,
# a /proc/self/exe applet (cat, wc, ls run that way), and the user/ programs.
SESSION = [
    ('echo hi', ['hi']),
    ('mkdir /tmp/d', []),
    ('echo text > /tmp/d/f', []),
    ('echo more >> /tmp/d/f', []),
    ('cat /tmp/d/f', ['text', 'more']),
    ('ls /tmp', ['d']),
    ('ls -l /tmp/d', ['total 4',
                      '-rw-r--r--    1 0        0               10 Jan  1  1970 f']),
    ('wc /tmp/d/f', ['        2         2        10 /tmp/d/f']),
    ('cat < /tmp/d/f | wc -c', ['10']),
    ('echo a b c | wc', ['        1         3         6']),
    ('echo one two | cat | cat | wc -w', ['2']),
    ('cat /nonexistent', ['cat: can\'t open \'/nonexistent\': No such file or directory']),
    ('echo $?', ['1']),
    ('rm -r /tmp/d', []),
    ('ls /tmp', []),
    ('/bin/wc /etc/hostname', ['      1       1       8 /etc/hostname']),
    ('/bin/cat /etc/hostname', ['ringlet']),
    ('forkall 2 > /tmp/fa; echo $?', ['0']),
    ('tail -n 1 /tmp/fa', ['forkall: 2 children, 0 failed']),
    ('rm /tmp/fa', []),
    ('exit 3', []),
]
STATUS = 3


def clean(text):
    """Console text as lines: CR/LF to LF, terminal escapes (the editor's cursor query) out."""
    return RE_CSI.sub('', text.replace('\r\n', '\n').replace('\r', ''))


def parse_session(text):
    """[(command, [output lines])] for each prompt in text, and the kernel notes left out.

    Everything up to the first prompt (boot, the typed-ahead echo, the banner) is skipped.
    A block runs from one prompt to the next; its first line is the command as echoed, the
    rest its output.  The last block ends at the kernel's "init exited" line.
    """
    text = clean(text)
    notes, blocks = [], []
    start = text.find(PROMPT)
    if start < 0:
        return [], notes
    for block in text[start + len(PROMPT):].split('\n' + PROMPT):
        lines = block.split('\n')
        out = []
        for line in lines[1:]:
            if RE_KERNEL_NOTE.match(line):
                notes.append(line)
            elif RE_EXIT.match(line):
                break
            else:
                out.append(line)
        while out and out[-1] == '':
            out.pop()
        blocks.append((lines[0], out))
    return blocks, notes


def exit_status(text):
    """The status in the kernel's "init exited" line, or None."""
    for line in clean(text).split('\n'):
        m = RE_EXIT.match(line)
        if m:
            return int(m.group(1))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--make', default='make')
    ap.add_argument('--cpus', type=int, default=2)
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    script = ''.join(cmd + '\n' for cmd, _ in SESSION)
    argv = args.make.split() + ['--no-print-directory', '-s', 'shell', f'CPUS={args.cpus}']
    try:
        proc = subprocess.run(argv, cwd=ROOT, input=script.encode(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=TIMEOUT)
        text = proc.stdout.decode(errors='replace')
    except subprocess.TimeoutExpired as e:
        text = (e.stdout or b'').decode(errors='replace') + '\n(timed out)'
        proc = None
    blocks, notes = parse_session(text)
    passed = failed = 0

    def report(ok, name, why=''):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f'ok {name}')
        else:
            failed += 1
            print(f'FAIL {name}: {why}')

    for i, (cmd, want) in enumerate(SESSION):
        if i >= len(blocks):
            report(False, cmd, 'no prompt for it')
            continue
        got_cmd, got = blocks[i]
        report(got_cmd == cmd and got == want, cmd,
               f'echoed {got_cmd!r}, printed {got!r}, want {want!r}')
    report(len(blocks) == len(SESSION), 'no more prompts',
           f'{len(blocks)} prompts for {len(SESSION)} commands')
    status = exit_status(text)
    report(status == STATUS, f'exit {STATUS} relayed',
           f'kernel says {status}, make returned {proc and proc.returncode}')
    report(proc is not None and proc.returncode != 0, 'make shell fails on a non-zero exit',
           f'make returned {proc and proc.returncode}')
    if args.verbose or failed:
        for note in notes:
            print(f'# {note}')
    if failed:
        print('# console output:')
        for line in clean(text).split('\n'):
            print(f'# {line}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
