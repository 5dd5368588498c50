#!/usr/bin/env python3
"""Lab rcu's grader (labs/rcu/handout.md): grace periods, callback lists, rcu_barrier.

Two boots: the rcu suite at -smp 2, which every task's points read, and the same suite three
times over at -smp 4 for the stability points.  Each task's points need all of its self-tests:
a correctness test (no reader ever sees a freed object) together with the counts that tell the
real implementation from the skeleton's naive one (grace periods numbered and shared, callbacks
run on their own CPU, a barrier that needs no work queue).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests'))
from gradelib import Boot, test, run_tests  # noqa: E402

# The skeleton stubs only kernel/rcu/rcu.c, whose own suite is the only one it may break.
OWNS = ['rcu.*']

b2 = Boot('ktest.filter=rcu.*', smp=2, timeout=180)
rep = Boot('ktest.filter=rcu.* ktest.repeat=3', smp=4, timeout=420)


def all_passed(boot, *names):
    for name in names:
        boot.passed('rcu.' + name)


@test(5, 'boot: rcu suite at -smp 2')
def boot2():
    b2.ok()


@test(30, 'grace periods: numbered, and each waits for every CPU', parent=boot2)
def _():
    all_passed(b2, 'grace_periods_advance', 'synchronize_waits_for_reader',
               'synchronize_rcu_never_frees_under_a_reader', 'call_rcu_never_frees_under_a_reader')


@test(25, 'callback lists: per CPU, in order, sharing grace periods', parent=boot2)
def _():
    all_passed(b2, 'callbacks_share_grace_periods', 'callback_must_not_sleep',
               'double_call_rcu_warns')


@test(20, 'rcu_barrier: every CPU\'s callbacks, without the work queue', parent=boot2)
def _():
    all_passed(b2, 'barrier_waits_and_callbacks_run_once',
               'barrier_waits_for_other_cpus_callbacks', 'barrier_does_not_wait_for_workers')


@test(20, 'stability: rcu.* three times at -smp 4')
def _():
    rep.ok()
    rep.passed('rcu.*')


run_tests()
