#!/usr/bin/env python3
"""Lab fixed_files's grader (labs/fixed_files/handout.md): file-table updates that never
quiesce the ring, and the done-prefix rule that puts a removed file only when no request
can still use it.

Every test reads KTAP verdicts of the kernel's own uring_files* suites; the boots at -smp 2
and 4 are the parents, and the races are graded over repeats and with the seed's window
widened (percpu_ref.confirm_delay_us), never by one lucky boot."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests'))
from gradelib import Boot, run_tests, test  # noqa: E402

# What the skeleton may break: the fixed-file suites, and the teardown and torture suites
# that update tables thousands of times (the skeleton keeps every removed file until
# unregister, so they run out of memory or see files live too long).
OWNS = ['uring_files*', 'uring_teardown.*', 'uring_torture.*', 'uring_fuzz.*',
        'uring_fault_walk.*']

# Two boots at -smp 2, about 15 s each on an idle machine: the suites once, then the races
# again three times over with the seed's window widened.  (`make test` runs them at 1-8 CPUs.)
b2 = Boot('ktest.filter=uring_files*', smp=2, timeout=300, stall=120)
rep = Boot('ktest.filter=uring_files.*,uring_files_release.*,uring_files_tags.tag* '
           'ktest.repeat=3 percpu_ref.confirm_delay_us=3000', smp=2, timeout=300, stall=120)


@test(5, 'boot: fixed-file suites at -smp 2')
def boot2():
    b2.ok()


@test(15, 'task 1: a removed file lives until its request completes, then goes', parent=boot2)
def _():
    b2.passed('uring_files.removed_file_lives_until_its_request_completes')


@test(15, 'task 1: a removed tagged file posts its tag when no request can use it',
      parent=boot2)
def _():
    b2.passed('uring_files_tags.posted_when_update_or_close_removes_a_file')
    b2.passed('uring_files_tags.tag_waits_for_requests_in_linux_order')


@test(20, 'task 2: the done-prefix rule (removed_file_waits_for_older_generation)',
      parent=boot2)
def _():
    b2.passed('uring_files.removed_file_waits_for_older_generation')


@test(25, 'every uring_files* test at -smp 2', parent=boot2)
def _():
    b2.passed('uring_files*')


@test(20, 'stability: the updates, releases and tags three times over, window widened')
def _():
    rep.ok()
    rep.passed('uring_files*')


run_tests()
