#!/usr/bin/env python3
"""Lab rings' grader (labs/rings/handout.md): SQ consumption, batched CQ posting, CQ overflow.

Two suites carry every graded test: uring_submit (submit.c's SQ side) and uring_complete
(complete.c's CQ side).  Each boots on its own, so one glob per boot.  The batch is graded by
a count (ctx->nr_cq_commits), never a time; the storm of overflowing completions runs at
-smp 1, 2 and 4, and three times over at -smp 4.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests'))
from gradelib import Boot, test, run_tests  # noqa: E402

# What the skeleton may break: the two suites above.  uring_files_tags.tag_overflows_and_is_kept
# and uring_torture.* overflow the CQ ring by design, so they need the overflow list too.
OWNS = ['uring_submit.*', 'uring_complete.*', 'uring_files_tags.tag_overflows_and_is_kept',
        'uring_torture.*']

SUITES = ('uring_submit', 'uring_complete')


def boots(smp, repeat=1, timeout=180):
    """One boot per suite: [(suite glob, Boot)].  No stall limit: with ktest.repeat a test
    prints its line only after its last repetition, and on a loaded two-core host the storm's
    three repetitions at -smp 4 have taken over a minute.  A failed expectation ends its test
    at once anyway (a missing CQE within 2 s, the storm's reaper after 0.5 s without one)."""
    extra = f' ktest.repeat={repeat}' if repeat > 1 else ''
    return [(f'{s}.*', Boot(f'ktest.filter={s}.*{extra}', smp=smp, timeout=timeout))
            for s in SUITES]


(_, sub2), (_, com2) = boots(2)


@test(5, 'boot: uring_submit and uring_complete at -smp 2')
def boot2():
    sub2.ok()
    com2.ok()


# Task 1 (easy): consuming the SQ ring.
@test(10, 'uring_submit.indexes_wrap_at_2_pow_32', parent=boot2)
def _():
    sub2.passed('uring_submit.indexes_wrap_at_2_pow_32')


@test(10, 'uring_submit.bad_index_is_dropped_counted_and_ends_the_batch', parent=boot2)
def _():
    sub2.passed('uring_submit.bad_index_is_dropped_counted_and_ends_the_batch')


# Task 2 (moderate): one CQ tail update per submission batch.
@test(20, 'uring_complete.a_batch_publishes_the_cq_tail_once', parent=boot2)
def _():
    com2.passed('uring_complete.a_batch_publishes_the_cq_tail_once')


# Task 3 (moderate): the overflow list.
@test(10, 'uring_complete.cq_overflow_is_kept_and_flushed_in_order', parent=boot2)
def _():
    com2.passed('uring_complete.cq_overflow_is_kept_and_flushed_in_order')


@test(5, 'uring_complete.teardown_with_overflowed_cqes_frees_them', parent=boot2)
def _():
    com2.passed('uring_complete.teardown_with_overflowed_cqes_frees_them')


@test(10, 'uring_complete.room_in_the_ring_does_not_let_a_cqe_overtake_the_overflow',
      parent=boot2)
def _():
    com2.passed('uring_complete.room_in_the_ring_does_not_let_a_cqe_overtake_the_overflow')


@test(15, 'uring_complete.overflow_from_every_cpu_loses_nothing', parent=boot2)
def _():
    com2.passed('uring_complete.overflow_from_every_cpu_loses_nothing')


# Every CPU count: the whole of both suites.
@test(5, 'smp 1: uring_submit.* and uring_complete.* pass')
def _():
    for glob, b in boots(1):
        b.ok()
        b.passed(glob)


@test(10, 'stability: uring_submit.* and uring_complete.* three times at -smp 4')
def _():
    for glob, b in boots(4, repeat=3, timeout=300):
        b.ok()
        b.passed(glob)


run_tests()
