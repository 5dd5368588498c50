#!/usr/bin/env python3
"""Boot ringlet's ISO in QEMU once per CPU count and check each serial log.

Each boot runs under a hard timeout (on expiry the whole QEMU process group is killed and the
boot counts as a hang).  The serial log is saved as LOGDIR/<label>-smp<N>.log and checked with
ktap.check_log(): KTAP v1 results, crash reports and their claims, QEMU's exit status.  While
QEMU runs the log is polled every 20 ms to time the last KTAP result line.

    python3 tests/run.py --iso build/ringlet.iso --smp 1,2,4,8 [--timeout 120] [--mem 256M]
        [--qemu-extra "..."] [--logdir build/logs] [--expect-panic REGEX] [--expect-user]
        [--label NAME] [-v]

The last line printed is 'N passed, N failed' (plus ', N skipped' if any), which CI reads;
the exit status is 0 iff nothing failed.  Python 3 standard library only.
"""
import argparse
import os
import shlex
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402  (lives next to this file)

POLL_SECONDS = 0.02      # how often the serial log is read while QEMU runs
KILL_GRACE_SECONDS = 2   # after SIGTERM on timeout, wait this long before SIGKILL


def qemu_command(args, smp, log_path):
    """The QEMU command line of the kernel contract, plus --qemu-extra."""
    return ([args.qemu, '-accel', 'tcg', '-cpu', 'max', '-m', args.mem, '-smp', str(smp),
             '-cdrom', args.iso, '-display', 'none', '-no-reboot',
             '-serial', f'file:{log_path}',
             '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']
            + shlex.split(args.qemu_extra))


class LogWatcher:
    """Follows the serial log as QEMU writes it and remembers when the last KTAP result
    line (top level or suite level) appeared, in seconds since QEMU was started."""

    def __init__(self, path, start):
        self.path, self.start = path, start
        self.file = None
        self.partial = b''          # an incomplete last line, kept for the next read
        self.last_result = None     # seconds after start, or None

    def poll(self, final=False):
        if self.file is None:
            try:
                self.file = open(self.path, 'rb')
            except FileNotFoundError:
                return              # QEMU has not created it yet
        data = self.file.read()
        now = time.monotonic() - self.start
        lines = (self.partial + data).split(b'\n')
        self.partial = b'' if final else lines.pop()
        if any(ktap.is_result_line(l.decode('utf-8', 'replace')) for l in lines):
            self.last_result = now

    def close(self):
        if self.file is not None:
            self.file.close()


def kill_group(proc):
    """Stop QEMU and anything it started: its own process group (see start_new_session)."""
    for sig, wait in ((signal.SIGTERM, KILL_GRACE_SECONDS), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


def boot(args, smp, log_path, out_path):
    """Run one boot.  Returns (exit status or None after a hang, seconds to the last KTAP
    result or None, seconds QEMU ran)."""
    if os.path.exists(log_path):
        os.remove(log_path)         # never check a stale log from an earlier run
    cmd = qemu_command(args, smp, log_path)
    if args.verbose:
        print(f'boot smp={smp}: {shlex.join(cmd)}', flush=True)
    with open(out_path, 'wb') as out:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        watcher = LogWatcher(log_path, start)
        hung = False
        try:
            while proc.poll() is None:
                watcher.poll()
                if time.monotonic() - start > args.timeout:
                    hung = True
                    kill_group(proc)
                    break
                time.sleep(POLL_SECONDS)
        except BaseException:       # Ctrl-C: never leave a QEMU behind
            kill_group(proc)
            raise
        finally:
            watcher.poll(final=True)   # lines written just before QEMU exited
            watcher.close()
    return (None if hung else proc.returncode), watcher.last_result, time.monotonic() - start


def tail(path, n=10):
    """The last n lines of a file, for showing why QEMU itself failed."""
    try:
        with open(path, 'rb') as f:
            return f.read().decode('utf-8', 'replace').splitlines()[-n:]
    except OSError:
        return []


def run_one(args, smp):
    """Boot with smp CPUs, print what was found, and return (passed, failed, skipped)."""
    base = os.path.join(args.logdir, f'{args.label}-smp{smp}')
    log_path, out_path = base + '.log', base + '.qemu.log'
    status, last_result, ran = boot(args, smp, log_path, out_path)
    tag = f'smp={smp}'
    if last_result is None:
        print(f'boot {tag}: no KTAP result line (QEMU ran {ran:.2f}s)')
    else:
        print(f'boot {tag}: last result after {last_result:.2f}s')
    text = ktap.read_log(log_path) if os.path.exists(log_path) else ''
    res = ktap.check_log(text, status, args.expect_panic, getattr(args, 'expect_user', False))
    if status is None:
        res.problems.insert(0, ktap.Problem('hang', f'hang: QEMU still running after '
                                            f'{args.timeout:g}s, killed'))
    for line in ktap.format_result(res, tag, args.verbose):
        print(line)
    if status not in (None, ktap.PASS_STATUS, ktap.FAIL_STATUS):
        for line in tail(out_path):        # e.g. QEMU could not start at all
            print(f'{tag} qemu: {line}')
    if args.verbose or res.problems:
        print(f'{tag} serial log: {log_path} (QEMU exit status: '
              f'{"killed" if status is None else status})')
    return res.counts()


def cpu_counts(text):
    """'1,2,4,8' -> [1, 2, 4, 8]"""
    counts = [int(n) for n in text.split(',')]
    if min(counts) < 1:
        raise ValueError(text)
    return counts


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Boot ringlet's ISO in QEMU for each CPU count "
                                 'and check the KTAP results and crash reports.')
    ap.add_argument('--iso', required=True, help='GRUB ISO image to boot')
    ap.add_argument('--smp', default='1', type=cpu_counts,
                    help='comma-separated CPU counts, one boot each (default 1)')
    ap.add_argument('--timeout', type=float, default=120, help='seconds per boot (default 120)')
    ap.add_argument('--mem', default='256M', help='guest memory (default 256M)')
    ap.add_argument('--qemu-extra', default='', help='extra QEMU arguments (shell-quoted)')
    ap.add_argument('--qemu', default='qemu-system-x86_64', help='QEMU binary')
    ap.add_argument('--logdir', default='build/logs', help='where serial logs are saved')
    ap.add_argument('--expect-panic', metavar='REGEX',
                    help='each boot must end in a panic whose message matches REGEX')
    ap.add_argument('--expect-user', action='store_true',
                    help="init runs after the self-tests: its user-space KTAP must follow")
    ap.add_argument('--label', help='log file name prefix (default: the ISO name)')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='show QEMU commands, passed tests and every crash report')
    args = ap.parse_args(argv)
    if not os.path.isfile(args.iso):
        ap.error(f'no such ISO: {args.iso}')
    args.label = args.label or os.path.splitext(os.path.basename(args.iso))[0]
    return args


def run_many(args, cpu_counts, totals):
    """Boot once per CPU count, one after another (boots compete for the host CPUs),
    adding each boot's (passed, failed, skipped) into totals."""
    for smp in cpu_counts:
        for i, n in enumerate(run_one(args, smp)):
            totals[i] += n
        sys.stdout.flush()


def main(argv=None):
    args = parse_args(argv)
    os.makedirs(args.logdir, exist_ok=True)
    totals = [0, 0, 0]
    run_many(args, args.smp, totals)
    print(ktap.totals_line(*totals))
    return 0 if totals[1] == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
