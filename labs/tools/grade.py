#!/usr/bin/env python3
"""Lab tools's grader (labs/tools/handout.md): the student's own self-tests of
kernel/locking/mutex.c (suite mutex), a negative test that claims a real WARNING, a
ktest.filter of their own, and the suite three times over at -smp 4.

The kernel's tests/ktap.py checker stands behind every verdict: a test cannot claim a report
the kernel did not print, and an unclaimed report fails the boot."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests'))
from gradelib import ROOT, Boot, GradeFailure, run_tests, test  # noqa: E402

# The skeleton has no mutex tests at all; nothing else changes.
OWNS = ['mutex.*']
MIN_TESTS = 3
FILTER_FILE = 'filter-tools.txt'
# The WARNING the negative test must claim: mutex_unlock's own, nobody else's.
WARN_LINE = r'^WARNING: CPU: \d+ PID: \d+ at kernel/locking/mutex\.c:\d+ mutex_unlock\+0x'

b2 = Boot('ktest.filter=mutex.*,spinlock.* ktest.timeout=60', smp=2, timeout=120, stall=60)
b1 = Boot('ktest.filter=mutex.* ktest.timeout=60', smp=1, timeout=120, stall=60)
rep = Boot('ktest.filter=mutex.* ktest.repeat=3 ktest.timeout=60', smp=4, timeout=240,
           stall=90)


def mutex_results(boot):
    return [(name, r) for name, r in boot.cases('mutex.*')]


@test(5, 'boot: mutex and spinlock suites at -smp 2')
def boot2():
    b2.ok()


@test(5, 'boot: mutex suite three times at -smp 4')
def boot4():
    rep.ok()


@test(20, f'task 2: at least {MIN_TESTS} mutex tests pass at -smp 2', parent=boot2)
def _():
    good = [n for n, r in mutex_results(b2) if r.ok and not r.skipped]
    if len(good) < MIN_TESTS:
        raise GradeFailure(f'{len(good)} mutex tests passed ({", ".join(good) or "none"}); '
                           f'{MIN_TESTS} needed')


def needs_two_cpus():
    """The mutex tests skipped at -smp 1 because they need more CPUs."""
    b1.ok()
    return {n for n, r in mutex_results(b1) if r.skipped and r.skip_reason.startswith('needs')}


@test(10, 'task 3: a mutex test on several CPUs (.min_cpus = 2) passes at -smp 2',
      parent=boot2)
def _():
    several = needs_two_cpus()
    if not several:
        raise GradeFailure('no mutex test is skipped at -smp 1 for want of CPUs '
                           '(declare it with .min_cpus = 2)')
    for name in sorted(several):
        b2.passed(name)


def claimed_in_mutex(boot):
    """(test name, title) for each '# expected report' line inside suite mutex."""
    suite, pending, found = None, [], []
    for line in boot.lines():
        s = line.strip()
        m = re.match(r'^# Subtest: (\S+)$', s)
        if m:
            suite = m.group(1)
            continue
        m = re.match(r'^# expected report: (.*)$', s)
        if m and suite == 'mutex':
            pending.append(m.group(1))
            continue
        m = re.match(r'^(?:not )?ok \d+ (\S+)', s)
        if m and line.startswith('  '):
            found += [(f'{suite}.{m.group(1)}', title) for title in pending]
            pending = []
    return found


@test(25, "task 4: a negative mutex test claims mutex_unlock's WARNING, which happened",
      parent=boot2)
def _():
    claims = [(n, t) for n, t in claimed_in_mutex(b2) if t.startswith('WARNING in ')]
    if not claims:
        raise GradeFailure('no mutex test claimed a WARNING (.expect_report = "WARNING in ...")')
    b2.match(WARN_LINE)
    b2.passed(claims[0][0])


def read_filter():
    path = os.path.join(ROOT, FILTER_FILE)
    try:
        with open(path) as f:
            lines = [ln.strip() for ln in f if ln.strip() and not ln.startswith('#')]
    except FileNotFoundError:
        raise GradeFailure(f'{FILTER_FILE} is missing') from None
    if len(lines) != 1 or ' ' in lines[0]:
        raise GradeFailure(f'{FILTER_FILE}: expected one line holding one ktest.filter value')
    return lines[0]


@test(15, 'task 5: filter-tools.txt runs every spinlock test and the one-CPU mutex tests',
      parent=boot2)
def _():
    value = read_filter()
    several = needs_two_cpus()
    want = {n for n, _ in b2.cases('spinlock.*')} | \
        {n for n, _ in mutex_results(b2) if n not in several}
    if not any(n.startswith('mutex.') for n in want):
        raise GradeFailure('there are no one-CPU mutex tests to select')
    mine = Boot(f'ktest.filter={value} ktest.timeout=60', smp=2, timeout=120, stall=60)
    mine.ok()
    got = {n for n, _ in mine.cases('*')}
    if got != want:
        extra, missing = sorted(got - want), sorted(want - got)
        raise GradeFailure(f'ktest.filter={value} ran {len(got)} tests; '
                           f'should not run: {extra[:5]}; should run: {missing[:5]}')


@test(20, 'task 6: every mutex test passes three times over at -smp 4', parent=boot4)
def _():
    rep.passed('mutex.*')
    if len(mutex_results(rep)) < MIN_TESTS:
        raise GradeFailure(f'fewer than {MIN_TESTS} mutex tests ran')


run_tests()
