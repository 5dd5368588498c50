#!/usr/bin/env python3
"""make compare-linux: the user-space suite on Debian's Linux 6.1 and on ringlet, compared.

Both kernels boot the same initramfs (build/initramfs.cpio: /init is user/init.c, which runs
every /bin/tests/* program and prints a KTAP document with each line a program printed as a
'# NAME: ...' diagnostic) through the same GRUB, under the same QEMU command line (tests/run.py's
qemu_command: TCG, -cpu max, the same -smp and memory); only the ISO differs.  Each serial log
is followed as QEMU writes it, so every line has the time it arrived.  From each log the user
document is taken (the last 'KTAP version 1' up to init's '# user: ran in' line; kernel lines in
between are set aside) and the two are compared test by test, line by line: result lines and
every diagnostic.  Timing lines (a test's '# NAME: timing: ...' lines and init's
'# NAME: ran in T s') are not compared but shown side by side.  A differing line is expected
only if docs/compare-linux.md's allow-list names it, with a reason; any other difference fails
the test it belongs to.  A crash report in either log, or a boot that did not finish, fails too.

    python3 tests/compare_linux.py --kernel build/ringlet.elf --linux build/linux/vmlinuz-V
        [--initramfs build/initramfs.cpio] [--cpus 2] [--mem 256M] [--timeout 600]
        [--logdir build/logs] [--allow docs/compare-linux.md]

The last line is 'N passed, N failed' (one per test program, plus 'user' for init's own lines
and one per boot problem); the exit status is 0 iff no unexplained difference.

With --bench (make compare-linux BENCH=1) nothing is compared: each kernel boots the bench
archive with init running only /bin/bench, 3 times at each of --smp 1,2,4, and the medians go to
docs/perf.md (tests/compare_bench.py; docs/compare-linux.md, "Benchmarks").  Python 3
standard library only.
"""
import argparse
import difflib
import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
import run   # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Linux: the serial console; kernel messages below KERN_ERR stay off it, so they cannot cut
# into the document (a panic still shows); panic=-1 with QEMU's -no-reboot ends a crashed boot.
LINUX_CMDLINE = 'console=ttyS0,115200 loglevel=3 panic=-1'
# ringlet: no self-tests, only init, so both boots run the same programs.
RINGLET_CMDLINE = 'ktest=0'
SIDES = ('linux', 'ringlet')
DOC_START = 'KTAP version 1'
RE_DIAG = re.compile(r'^# (\S+?): (.*)$')            # '# NAME: text'
RE_TIMING = re.compile(r'^(ran in \d+\.\d+ s|timing:.*)$')
RE_NI = re.compile(r'^ringlet: (\S+)\[\d+\] called unimplemented syscall (\S+) \(\d+\)$')
ALLOW_FENCE = '```compare-linux-allow'
USER = 'user'                                        # init's own lines


@dataclass
class Boot:
    """One kernel's boot: its serial log as (seconds since QEMU started, line) pairs."""
    side: str
    status: Optional[int]                            # QEMU's exit status; None: killed
    lines: List[Tuple[float, str]]
    log_path: str
    seconds: float                                   # how long QEMU ran


@dataclass
class Doc:
    """The user document of one log, split by test."""
    blocks: Dict[str, List[str]] = field(default_factory=dict)    # compared lines per test
    timing: Dict[Tuple[str, str], str] = field(default_factory=dict)   # (test, what) -> value
    order: List[str] = field(default_factory=list)                 # tests in log order
    first_line: Optional[float] = None               # when 'KTAP version 1' arrived
    complete: bool = False                           # init's '# user: ran in' line was seen
    set_aside: int = 0                               # kernel lines inside the document


@dataclass
class Allowed:
    """One allow-list entry: a differing line of TEST (a glob) on SIDE matching REGEX."""
    test: str
    side: str                                        # 'linux', 'ringlet' or 'both'
    regex: 're.Pattern'
    reason: str

    def matches(self, test, side, line):
        return (fnmatch.fnmatchcase(test, self.test) and self.side in (side, 'both')
                and self.regex.search(line) is not None)


# ------------------------------------------------------------------------------ booting

def linux_iso(vmlinuz, initramfs, out, cmdline=LINUX_CMDLINE):
    """A GRUB ISO that boots vmlinuz with initramfs: the boot path mkiso.sh gives ringlet
    (same GRUB, same serial terminal), with Linux's 'linux'/'initrd' in place of multiboot2."""
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, 'boot', 'grub'))
        shutil.copy(vmlinuz, os.path.join(d, 'boot', 'vmlinuz'))
        shutil.copy(initramfs, os.path.join(d, 'boot', 'initramfs.cpio'))
        with open(os.path.join(d, 'boot', 'grub', 'grub.cfg'), 'w') as f:
            f.write('set timeout=0\nset default=0\nserial --unit=0 --speed=115200\n'
                    'terminal_input serial\nterminal_output serial\n'
                    f'menuentry "linux" {{\n\tlinux /boot/vmlinuz {cmdline}\n'
                    '\tinitrd /boot/initramfs.cpio\n\tboot\n}\n')
        subprocess.run(['grub-mkrescue', '-o', out, d], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ringlet_iso(kernel, initramfs, out, cmdline=RINGLET_CMDLINE):
    subprocess.run([os.path.join(ROOT, 'scripts', 'mkiso.sh'), kernel, cmdline, out,
                    initramfs], check=True)


def boot(side, iso, opts, log_path=None):
    """Boots iso under run.qemu_command's flags at -smp opts.cpus, following the serial log
    (log_path; default compare-SIDE-smpN.log in opts.logdir) every run.POLL_SECONDS to time
    each line; kills QEMU after opts.timeout seconds."""
    log_path = log_path or os.path.join(opts.logdir, f'compare-{side}-smp{opts.cpus}.log')
    if os.path.exists(log_path):
        os.remove(log_path)
    qargs = SimpleNamespace(qemu='qemu-system-x86_64', mem=opts.mem, iso=iso, qemu_extra='')
    cmd = run.qemu_command(qargs, opts.cpus, log_path)
    lines, partial, log = [], b'', None
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)

    def follow(final=False):
        nonlocal partial, log
        if log is None:
            try:
                log = open(log_path, 'rb')
            except FileNotFoundError:
                return
        now = time.monotonic() - start
        chunks = (partial + log.read()).split(b'\n')
        partial = b'' if final else chunks.pop()
        for c in chunks:
            lines.extend((now, l) for l in ktap.split_lines(c.decode('utf-8', 'replace')))

    hung = False
    try:
        while proc.poll() is None:
            follow()
            if time.monotonic() - start > opts.timeout:
                hung = True
                run.kill_group(proc)
                break
            time.sleep(run.POLL_SECONDS)
    except BaseException:       # Ctrl-C: never leave a QEMU behind
        run.kill_group(proc)
        raise
    finally:
        follow(final=True)
        if log is not None:
            log.close()
    return Boot(side, None if hung else proc.returncode, lines, log_path,
                time.monotonic() - start)


# ------------------------------------------------------------------------------ parsing

def timing_label(text):
    """(label, value) of a timing line's text: 'ran in 0.72 s' -> ('ran in', '0.72 s'),
    'timing: nop: 120 ns' -> ('timing: nop', '120 ns'), 'timing: 5 ms' -> ('timing', '5 ms')."""
    if text.startswith('ran in '):
        return 'ran in', text[len('ran in '):]
    rest = text[len('timing:'):].strip()
    label, sep, value = rest.partition(': ')
    return (f'timing: {label}', value) if sep else ('timing', rest)


def user_document(boot):
    """The user document in boot's log, split by test.  A diagnostic belongs to the test it
    names; plan, results and init's own '# user:' lines go to the test they name or 'user'.
    Timing lines go to doc.timing, one value per (test, label): a label printed twice keeps
    its last value, so a program that times several things gives each its own label."""
    doc = Doc()
    starts = [i for i, (_, l) in enumerate(boot.lines) if l == DOC_START]
    if not starts:
        return doc
    first = starts[-1]
    doc.first_line = boot.lines[first][0]

    def add(test, line):
        if test not in doc.blocks:
            doc.blocks[test] = []
            doc.order.append(test)
        doc.blocks[test].append(line)

    add(USER, DOC_START)
    for _, line in boot.lines[first + 1:]:
        d, r = RE_DIAG.match(line), ktap.RE_RESULT.match(line)
        if d and RE_TIMING.match(d.group(2)):
            label, value = timing_label(d.group(2))
            doc.timing[(d.group(1), label)] = value
            if d.group(1) == USER and label == 'ran in':
                doc.complete = True
                break
        elif d:
            add(d.group(1), line)
        elif r:
            add((r.group(3) or '').split(' #')[0].strip() or USER, line)
        elif ktap.RE_PLAN.match(line):
            add(USER, line)
        else:
            doc.set_aside += 1          # the kernel's own lines: not the programs' output
    return doc


def unimplemented(boot):
    """'CALL (PROGRAM)' for each system call ringlet logged as unimplemented (it logs the
    first call of each number): where a program took another path than on Linux."""
    return [f'{m.group(2)} ({m.group(1)})' for m in (RE_NI.match(l) for _, l in boot.lines) if m]


def crash_reports(boot):
    """Titles of the crash reports (WARNING, BUG, panic...) in boot's log."""
    problems = []
    reports = ktap.scan_reports([l for _, l in boot.lines], problems)
    return [r.title for r in reports]


def read_allow_list(path):
    """The entries of the '```compare-linux-allow' block in path: 'TEST | SIDE | REGEX |
    REASON' a line ('#' lines are comments).  A malformed entry stops the run."""
    entries, inside = [], False
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if not inside:
                inside = line.strip() == ALLOW_FENCE
                continue
            if line.strip() == '```':
                break
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            parts = [p.strip() for p in line.split(' | ', 3)]
            if len(parts) != 4 or parts[1] not in ('linux', 'ringlet', 'both') \
                    or not parts[3]:
                sys.exit(f'{path}:{n}: expected TEST | linux|ringlet|both | REGEX | REASON')
            try:
                rx = re.compile(parts[2])
            except re.error as e:
                sys.exit(f'{path}:{n}: bad regex: {e}')
            entries.append(Allowed(parts[0], parts[1], rx, parts[3]))
    return entries


# ------------------------------------------------------------------------------ comparing

def compare_test(test, linux, ringlet, allow):
    """(verdict, listing) for one test's lines: verdict 'same', 'expected' (every differing
    line allowed) or 'differ'; listing is a unified diff with each allowed line's reason."""
    diff = list(difflib.unified_diff(linux, ringlet, f'linux/{test}', f'ringlet/{test}',
                                     lineterm='', n=2))
    if not diff:
        return 'same', []
    listing, unexplained = [], 0
    for line in diff:
        side = {'-': 'linux', '+': 'ringlet'}.get(line[:1]) if not line.startswith(
            ('---', '+++')) else None
        if side is None:
            listing.append(line)
            continue
        why = next((a.reason for a in allow if a.matches(test, side, line[1:])), None)
        if why is None:
            unexplained += 1
            listing.append(line)
        else:
            listing.append(f'{line}    [expected: {why}]')
    return ('differ' if unexplained else 'expected'), listing


def timing_table(docs):
    """Rows 'TEST  WHAT  linux  ringlet' for every timing line of either document."""
    keys = []
    for side in SIDES:
        for k in docs[side].timing:
            if k not in keys:
                keys.append(k)
    order = {t: i for i, t in enumerate(docs['linux'].order + docs['ringlet'].order)}
    keys.sort(key=lambda k: (k[0] == USER, order.get(k[0], len(order)), k[1]))
    rows = [('test', 'line', 'linux', 'ringlet')]
    rows += [(t, w, docs['linux'].timing.get((t, w), '-'), docs['ringlet'].timing.get((t, w), '-'))
             for t, w in keys]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return ['  '.join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]


def boot_problems(b, doc):
    """What is wrong with a boot as a boot: no document, an unfinished one, a crash."""
    out = [f'{b.side}: crash report {t!r} (log {b.log_path})' for t in crash_reports(b)]
    if doc.first_line is None:
        out.append(f'{b.side}: no user KTAP document in {b.log_path}')
    elif not doc.complete:
        out.append(f"{b.side}: the user document ends early (no '# user: ran in'; "
                   f'QEMU status {b.status}, log {b.log_path})')
    if b.status is None:
        out.append(f'{b.side}: QEMU still running after the timeout, killed')
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kernel', required=True, help="ringlet's ELF")
    ap.add_argument('--linux', required=True, help="Linux's vmlinuz (scripts/fetch_linux.sh)")
    ap.add_argument('--initramfs', default='build/initramfs.cpio')
    ap.add_argument('--cpus', type=int, default=2)
    ap.add_argument('--mem', default='256M')
    ap.add_argument('--timeout', type=float, help='seconds per boot (600; --bench: 240)')
    ap.add_argument('--logdir', default='build/logs')
    ap.add_argument('--allow', default=os.path.join(ROOT, 'docs', 'compare-linux.md'))
    ap.add_argument('--bench', action='store_true',
                    help='time /bin/bench instead of comparing the suite; writes --perf')
    ap.add_argument('--smp', default='1,2,4', help='--bench: the -smp values')
    ap.add_argument('--boots', type=int, default=3, help='--bench: boots per kernel and -smp')
    ap.add_argument('--perf', default=os.path.join(ROOT, 'docs', 'perf.md'),
                    help='--bench: the report to write')
    opts = ap.parse_args(argv)
    if opts.bench:
        import compare_bench    # it uses this module's booting and parsing
        opts.timeout = opts.timeout or 240
        return compare_bench.run_bench(opts)
    opts.timeout = opts.timeout or 600
    t0 = time.monotonic()
    allow = read_allow_list(opts.allow)
    os.makedirs(opts.logdir, exist_ok=True)
    isos = {s: os.path.join(os.path.dirname(opts.kernel), f'compare-{s}.iso') for s in SIDES}
    linux_iso(opts.linux, opts.initramfs, isos['linux'])
    ringlet_iso(opts.kernel, opts.initramfs, isos['ringlet'])
    qargs = SimpleNamespace(qemu='qemu-system-x86_64', mem=opts.mem, iso='ISO', qemu_extra='')
    print(f'compare-linux: {os.path.basename(opts.linux)} and ringlet, one boot each, same '
          f'initramfs ({opts.initramfs}) and QEMU flags:\n  '
          + shlex.join(run.qemu_command(qargs, opts.cpus, 'LOG')), flush=True)
    boots, docs = {}, {}
    for side in SIDES:            # one after the other: they would compete for the host CPUs
        boots[side] = boot(side, isos[side], opts)
        docs[side] = user_document(boots[side])
        b, d = boots[side], docs[side]
        first = f'{d.first_line:.2f} s' if d.first_line is not None else 'never'
        print(f'{side}: QEMU ran {b.seconds:.2f} s (status {b.status}); first user line after '
              f'{first}; {d.set_aside} kernel line(s) inside the document set aside; '
              f'log {b.log_path}', flush=True)
    missing = unimplemented(boots['ringlet'])
    if missing:
        print(f'ringlet: unimplemented system calls called: {", ".join(missing)}')
    firsts = [docs[s].first_line for s in SIDES]
    if None not in firsts and firsts[0] > 0:
        print(f'boot to first user line, ringlet/Linux: {firsts[1] / firsts[0]:.2f}')
    print('timing lines (not compared):')
    for row in timing_table(docs):
        print('  ' + row)

    passed = failed = 0
    tests = list(dict.fromkeys(docs['linux'].order + docs['ringlet'].order))
    for test in tests:
        verdict, listing = compare_test(test, docs['linux'].blocks.get(test, []),
                                        docs['ringlet'].blocks.get(test, []), allow)
        if verdict == 'differ':
            failed += 1
            print(f'FAIL {test}: ringlet differs from Linux')
        else:
            passed += 1
            print(f'ok {test}' + (': only expected differences' if verdict == 'expected'
                                  else ''))
        for line in listing:
            print(f'    {line}')
    for side in SIDES:
        for problem in boot_problems(boots[side], docs[side]):
            failed += 1
            print(f'FAIL boot {problem}')
    print(f'compare-linux took {time.monotonic() - t0:.1f} s')
    print(ktap.totals_line(passed, failed, 0))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
