#!/usr/bin/env python3
"""Lab uring_app's grader (labs/uring_app/handout.md): ucat and ucp on io_uring.

One boot: the counter's own self-tests (syscall_stats.*), then init running only the lab's
user test (/bin/uring_app holds it alone), with the kernel counting system calls (the boot
option syscall_stats, include/syscall_stats.h) so that every process prints "syscalls: pid P comm C total T name N ..." at exit.  The test
prints "part NAME: ok|FAIL" for each part it checks, and "budget: PROG pid P blocks N" for
the runs it counts (ok: the run itself was right); the budget is graded here from the kernel's own lines for those pids:
at most N/8 + 4 io_uring_enter calls, none of the calls that move bytes without the ring,
and io_uring_register for the fixed files.
"""
import os
import re
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests'))
from gradelib import Boot, test, run_tests, GradeFailure  # noqa: E402

# No kernel suite is stubbed in this lab's skeleton: only the user test uring_app fails there.
OWNS = ['user:uring_app']

ENTER_SLACK = 4
PLAIN_IO = ('read', 'write', 'pread64', 'pwrite64', 'readv', 'preadv', 'pwritev', 'sendfile',
            'copy_file_range', 'splice')

b = Boot('ktest.filter=syscall_stats.* syscall_stats init=/init -- /bin/uring_app', smp=2, timeout=120, stall=60)


def part(name):
    """The user test's part NAME printed 'ok'."""
    for line in b.lines():
        m = re.search(r'^# uring_app: part (\w+): (ok|FAIL)$', line)
        if m and m.group(1) == name:
            if m.group(2) != 'ok':
                raise GradeFailure(f'part {name} failed: see the "# uring_app:" lines before it '
                                   f'in {b._rel()}')
            return
    raise GradeFailure(f'no "part {name}" line in {b._rel()} (did uring_app run to the end?)')


def counts(prog):
    """(blocks, {call: count}) of the counted run of prog, from the kernel's line."""
    m = b.match(r'^# uring_app: budget: ' + prog + r' pid (\d+) blocks (\d+) (ok|FAIL)$')
    pid, blocks = m.group(1), int(m.group(2))
    if m.group(3) != 'ok':
        raise GradeFailure(f'the counted run of {prog} failed (exit status or output): see '
                           f'{b._rel()}')
    rec = b.match(r'^syscalls: pid ' + pid + ' comm ' + prog + r' (.*)$').group(1).split()
    if rec == ['lost']:
        raise GradeFailure(f'the kernel lost the counts of {prog} (pid {pid}): regrade')
    return blocks, {rec[i]: int(rec[i + 1]) for i in range(0, len(rec) - 1, 2)}


def budget(prog):
    blocks, c = counts(prog)
    limit = blocks // 8 + ENTER_SLACK
    if c.get('io_uring_enter', 0) > limit:
        raise GradeFailure(f'{prog} made {c.get("io_uring_enter", 0)} io_uring_enter calls for '
                           f'{blocks} blocks; the budget is {limit}')
    plain = [f'{k} {c[k]}' for k in PLAIN_IO if c.get(k)]
    if plain:
        raise GradeFailure(f'{prog} moved bytes without the ring: ' + ', '.join(plain))


@test(10, 'boot: syscall_stats self-tests, then init runs uring_app at -smp 2')
def boot():
    b.ok()
    b.passed('syscall_stats.*')


# Task 1 (moderate): ucat.
@test(20, 'ucat: output byte-identical for 0, 1, 4095, 4096, 1 MiB+3 bytes and two files',
      parent=boot)
def _():
    part('ucat_sizes')


@test(15, 'ucat: at most N/8 + 4 io_uring_enter calls and no read(2) for N blocks',
      parent=boot)
def _():
    budget('ucat')


# Task 2 (moderate): ucp.
@test(15, 'ucp: copies 0, 1, 4095, 4096, 1 MiB+3 bytes with the mode, truncates DST',
      parent=boot)
def _():
    part('ucp_sizes')


@test(10, 'ucp: copies 2 MiB + 5 bytes', parent=boot)
def _():
    part('ucp_large')


@test(10, 'ucp: at most N/8 + 4 io_uring_enter calls and no read/write(2) for N blocks',
      parent=boot)
def _():
    budget('ucp')


# Task 3 (easy): errors as cat and cp report them.
@test(10, 'errors: missing file, directory, uncreatable DST: the message and exit 1',
      parent=boot)
def _():
    part('errors')


# Task 4 (easy): fixed files.
@test(10, 'fixed files: ucat and ucp register their files (io_uring_register)', parent=boot)
def _():
    for prog in ('ucat', 'ucp'):
        if not counts(prog)[1].get('io_uring_register'):
            raise GradeFailure(f'{prog} never called io_uring_register: no fixed files')
    part('fixed_files')


run_tests()
