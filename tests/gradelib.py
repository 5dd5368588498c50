"""The labs' grading library: tests with points over a few memoized QEMU boots.

A lab's grader (labs/<lab>/grade.py) declares boots and tests, then calls run_tests():

    b = Boot('ktest.filter=rcu.*', smp=2, timeout=120)
    @test(5, 'boot: rcu suites at -smp 2')
    def boot2():
        b.ok()
    @test(10, 'rcu.synchronize_waits_for_reader', parent=boot2)
    def _():
        b.passed('rcu.synchronize_waits_for_reader')
    run_tests()

A Boot runs at most once, when a test first asks for it, and its serial log is checked with
tests/ktap.py, the same checker `make test` uses: a test cannot claim a crash report the kernel
did not print, and an unclaimed report, a hang or a wrong exit status is a boot-level problem
(b.ok() fails).  Failed self-tests are not a boot-level problem: they fail the tests that ask
for them.  While QEMU runs, the first failed self-test is printed at once; a boot that prints
nothing for `stall` seconds, or runs past `timeout`, is killed.  Logs stay in build/grade/<lab>/
and every failure names its log.

A test with a parent runs only if the parent passed (as 6.1810's gradelib), so a zero-point or
boot-point parent boots once and its children read the same log.  Graded counts are events,
never times; races are graded over repeats (ktest.repeat=N, or several Boots with run=i).

run_tests() reads the command line: --results FILE writes JSON for an autograder, and any other
word keeps only the tests whose title contains it (and their parents).  It prints
'Score: X/Y' and exits 1 when X < Y.
"""
import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
import run   # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLL_SECONDS = 0.05
# Every boot's self-tests get ktest.timeout (seconds per test) unless the command line sets
# it: a stub that never returns ends its boot in minutes, not at the boot's timeout.
KTEST_TIMEOUT = 120


class GradeFailure(Exception):
    """A test's expectation did not hold; the message says what and where the log is."""


class Settings:
    """Where the kernel and logs are: set by run_tests() from its arguments."""
    kernel = os.path.join(ROOT, 'build', 'ringlet.elf')
    initramfs = os.path.join(ROOT, 'build', 'initramfs.cpio')
    logdir = None
    lab = None
    quiet = False


def _lab_name():
    if Settings.lab is None:
        main = sys.modules.get('__main__')
        path = os.path.abspath(getattr(main, '__file__', 'grade'))
        Settings.lab = os.path.basename(os.path.dirname(path))
    return Settings.lab


def _logdir():
    d = Settings.logdir or os.path.join(ROOT, 'build', 'grade', _lab_name())
    os.makedirs(d, exist_ok=True)
    return d


class Boot:
    """One QEMU boot of the kernel with cmdline at smp CPUs, run on first use, memoized by
    (cmdline, smp, run).  A cmdline without init= gets 'init=' (no user programs), as
    tests/suite.py does for filtered boots; name init= to run /init.  A boot test's title
    starts with 'boot:' (the staff check counts those as the points a skeleton keeps)."""
    _cache = {}

    def __new__(cls, cmdline, smp=2, timeout=120, run=0, stall=None):
        key = (cmdline, smp, run)
        if key not in cls._cache:
            obj = super().__new__(cls)
            obj._init(cmdline, smp, timeout, run, stall)
            cls._cache[key] = obj
        return cls._cache[key]

    def _init(self, cmdline, smp, timeout, run_no, stall):
        if not any(w.startswith('init=') for w in cmdline.split()):
            cmdline = (cmdline + ' init=').strip()
        if 'ktest.timeout=' not in cmdline:
            cmdline += f' ktest.timeout={KTEST_TIMEOUT}'
        self.cmdline, self.smp, self.timeout, self.run, self.stall = (cmdline, smp, timeout,
                                                                      run_no, stall)
        self.result = self.text = self.status = None
        self.expect_user = not any(w == 'init=' for w in cmdline.split())
        slug = re.sub(r'[^A-Za-z0-9]+', '-', cmdline).strip('-')[:60] or 'default'
        self.label = f'{slug}-smp{smp}' + (f'-run{run_no}' if run_no else '')
        self.log = None

    def __repr__(self):
        return f'boot "{self.cmdline}" at -smp {self.smp}'

    # -- running ----------------------------------------------------------------------
    def _boot(self):
        if self.result is not None:
            return
        d = _logdir()
        self.log = os.path.join(d, self.label + '.log')
        iso = os.path.join(d, self.label + '.iso')
        subprocess.run([os.path.join(ROOT, 'scripts', 'mkiso.sh'), Settings.kernel,
                        self.cmdline, iso, Settings.initramfs], check=True,
                       stdout=subprocess.DEVNULL)
        args = argparse.Namespace(qemu='qemu-system-x86_64', mem='256M', iso=iso, qemu_extra='')
        cmd = run.qemu_command(args, self.smp, self.log)
        if os.path.exists(self.log):
            os.remove(self.log)
        _say(f'  booting {self} (log {os.path.relpath(self.log, ROOT)})')
        start = time.monotonic()
        with open(self.log + '.qemu', 'wb') as out:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            watch = _Watch(self.log, start)
            why = None
            try:
                while proc.poll() is None:
                    watch.poll()
                    now = time.monotonic()
                    if now - start > self.timeout:
                        why = f'still running after {self.timeout:g}s'
                    elif self.stall and now - watch.last_output > self.stall:
                        why = f'no output for {self.stall:g}s'
                    if why:
                        run.kill_group(proc)
                        break
                    time.sleep(POLL_SECONDS)
            except BaseException:
                run.kill_group(proc)
                raise
            watch.poll(final=True)
        self.status = None if why else proc.returncode
        self.text = ktap.read_log(self.log) if os.path.exists(self.log) else ''
        self.result = ktap.check_log(self.text, self.status, None, self.expect_user)
        if why:
            self.result.problems.insert(0, ktap.Problem('hang', f'hang: {why}, killed'))
        _say(f'  ... done in {time.monotonic() - start:.1f}s')

    # -- what tests ask ---------------------------------------------------------------
    def ok(self):
        """The boot completed cleanly: no hang, no unclaimed report, a good exit status."""
        self._boot()
        if self.result.problems:
            raise GradeFailure(f'{self}: ' + '; '.join(str(p) for p in self.result.problems)
                               + f' (log {self._rel()})')

    def cases(self, pattern):
        """Every (suite.name, TestResult) whose name matches the glob, kernel suites only."""
        self._boot()
        return [(f'{s.name}.{r.name}', r) for s in self.result.suites
                if s.name != ktap.USER_SUITE for r in s.results
                if fnmatch.fnmatchcase(f'{s.name}.{r.name}', pattern)]

    def passed(self, pattern):
        """Every self-test matching the glob passed (not skipped), and at least one ran."""
        self._check(self.cases(pattern), pattern)

    def user_passed(self, pattern):
        """Every test of init's user suite whose name matches the glob passed."""
        self._boot()
        found = [(r.name, r) for s in self.result.suites if s.name == ktap.USER_SUITE
                 for r in s.results if fnmatch.fnmatchcase(r.name, pattern)]
        self._check(found, f'user test {pattern}')

    def _check(self, found, what):
        if not found:
            raise GradeFailure(f'{self}: no result for {what} (log {self._rel()})'
                               + self._problems_hint())
        bad = [(n, r) for n, r in found if not r.ok or r.skipped]
        if bad:
            n, r = bad[0]
            why = 'skipped: ' + r.skip_reason if r.ok else 'failed'
            diag = ''.join(f'\n      {d}' for d in r.diags[-6:])
            more = f' (and {len(bad) - 1} more)' if len(bad) > 1 else ''
            raise GradeFailure(f'{n} {why}{more} at log line {r.line} of {self._rel()}{diag}')

    def match(self, regex):
        """The first serial line matching regex (re.Match), or a GradeFailure."""
        rx = re.compile(regex)
        for line in self.lines():
            m = rx.search(line)
            if m:
                return m
        raise GradeFailure(f'{self}: no line matches /{regex}/ (log {self._rel()})')

    def lines(self):
        self._boot()
        return ktap.split_lines(self.text)

    def _rel(self):
        return os.path.relpath(self.log, ROOT) if self.log else '?'

    def _problems_hint(self):
        return ('; boot problems: ' + '; '.join(str(p) for p in self.result.problems)
                if self.result.problems else '')


class _Watch:
    """Follows a serial log while QEMU writes it: prints the first failed self-test at once
    and remembers when the last output arrived."""

    def __init__(self, path, start):
        self.path, self.start, self.file, self.partial = path, start, None, b''
        self.last_output, self.reported = time.monotonic(), False

    def poll(self, final=False):
        if self.file is None:
            try:
                self.file = open(self.path, 'rb')
            except FileNotFoundError:
                return
        data = self.file.read()
        if data:
            self.last_output = time.monotonic()
        lines = (self.partial + data).split(b'\n')
        self.partial = b'' if final else lines.pop()
        for raw in lines:
            line = raw.decode('utf-8', 'replace').strip()
            if not self.reported and line.startswith('not ok '):
                self.reported = True
                _say(f'  first failure after {time.monotonic() - self.start:.1f}s: {line}')
        if final:
            self.file.close()


# ------------------------------------------------------------------------------- tests

class Test:
    def __init__(self, fn, points, title, parent):
        self.fn, self.points, self.title, self.parent = fn, points, title, parent
        self.ok = None
        self.message = ''

    def __call__(self):
        return self.run()

    def run(self):
        if self.ok is not None:
            return self.ok
        if self.parent is not None and not self.parent.run():
            self.ok, self.message = False, f'parent failed: {self.parent.title}'
        else:
            start = time.monotonic()
            try:
                self.fn()
                self.ok = True
            except GradeFailure as e:
                self.ok, self.message = False, str(e)
            self.elapsed = time.monotonic() - start
        mark = 'OK' if self.ok else 'FAIL'
        _say(f'{self.title}: {mark} ({self.points if self.ok else 0}/{self.points})'
             + (f'\n    {self.message}' if self.message else ''), force=True)
        return self.ok


TESTS = []


def test(points, title=None, parent=None):
    """Register the decorated function as a test worth points; parent: a test that must pass
    first (its boot is shared).  Returns the Test, usable as another test's parent."""
    def register(fn):
        t = Test(fn, points, title or fn.__name__, parent)
        TESTS.append(t)
        return t
    return register


def _say(msg, force=False):
    if force or not Settings.quiet:
        print(msg, flush=True)


def run_tests(argv=None):
    ap = argparse.ArgumentParser(description=f'grade lab {_lab_name()}')
    ap.add_argument('--results', help='write {"score", "possible", "tests": {...}} here as JSON')
    ap.add_argument('--kernel', default=Settings.kernel)
    ap.add_argument('--initramfs', default=Settings.initramfs)
    ap.add_argument('--logdir', help='where boot logs go (default build/grade/<lab>)')
    ap.add_argument('-q', '--quiet', action='store_true', help='only the verdict lines')
    ap.add_argument('filters', nargs='*', help='run only tests whose title contains one')
    opts = ap.parse_args(argv)
    Settings.kernel, Settings.initramfs = opts.kernel, opts.initramfs
    Settings.logdir, Settings.quiet = opts.logdir, opts.quiet
    chosen = [t for t in TESTS if not opts.filters or any(f in t.title for f in opts.filters)]
    for t in chosen:
        t.run()
    score = sum(t.points for t in chosen if t.ok)
    possible = sum(t.points for t in chosen)
    print(f'Score: {score}/{possible}', flush=True)
    if opts.results:
        with open(opts.results, 'w') as f:
            json.dump({'lab': _lab_name(), 'score': score, 'possible': possible,
                       'tests': {t.title: {'points': t.points if t.ok else 0,
                                           'max': t.points, 'ok': t.ok,
                                           'root': t.parent is None, 'message': t.message}
                                 for t in chosen}}, f, indent=1)
    sys.exit(0 if score == possible else 1)


__all__ = ['Boot', 'test', 'run_tests', 'GradeFailure', 'ROOT']
