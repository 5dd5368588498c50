#!/usr/bin/env python3
"""Lab percpu_ref's grader (labs/percpu_ref/handout.md): the switch to atomic mode and its RCU
callback, kill and confirm, switch back and reinit, graded by lib/tests/percpu_ref*_test.c at
-smp 2, the same suite three times at -smp 4, the teardown tests five times with the seed's
window widened, and `make model` (tests/model/run.sh) with the student's callback steps."""
import os
import shutil
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests'))
from gradelib import Boot, test, run_tests, GradeFailure   # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
# The skeleton's always-atomic ref breaks only percpu_ref's own suite: io_uring and the bench
# work on it (slowly), so every other suite must pass on the skeleton.
OWNS = ['percpu_ref*']

b2 = Boot('ktest.filter=percpu_ref*', smp=2, timeout=120)
rep = Boot('ktest.filter=percpu_ref* ktest.repeat=3', smp=4, timeout=300)
delay = Boot('ktest.filter=percpu_ref.teardown* ktest.repeat=5 percpu_ref.confirm_delay_us=3000',
             smp=2, timeout=300)


@test(5, 'boot: percpu_ref suites at -smp 2')
def boot2():
    b2.ok()


def passed(*names):
    for name in names:
        b2.passed('percpu_ref.' + name)


@test(10, 'percpu mode: gets and puts stay on this CPU, the bias hides the count', parent=boot2)
def _():
    passed('init_percpu_get_put_kill_release', 'percpu_get_put_touch_only_this_cpu')


@test(10, 'switch to percpu: atomic refs go percpu, INIT_DEAD refs come back', parent=boot2)
def _():
    passed('init_atomic_switch_both_ways', 'init_dead_then_reinit')


@test(10, 'kill and confirm: the hook runs once, after a grace period, before release',
      parent=boot2)
def _():
    passed('kill_and_confirm_hook_once', 'confirm_hook_runs_before_release')


@test(5, 'one switch at a time', parent=boot2)
def _():
    passed('switches_are_serialized')


@test(10, 'reinit and resurrect, and the reinit warning', parent=boot2)
def _():
    passed('allow_reinit_cycles_and_resurrect', 'reinit_nonzero_warns')


@test(5, 'kill twice and a hidden underflow warn', parent=boot2)
def _():
    passed('kill_twice_warns', 'underflow_warns_at_switch')


@test(10, 'the seed regression tests: WARNING in percpu_ref_exit', parent=boot2)
def _():
    passed('seed_exit_in_confirm_hook_warns', 'seed_signal_from_confirm_warns')


@test(10, 'teardown: signal from release(), then exit', parent=boot2)
def _():
    passed('teardown_release_then_exit', 'teardown_release_then_exit_with_delay')


@test(10, 'every CPU at once: kill, mode switches and reinit under traffic', parent=boot2)
def _():
    for name in ('kill_under_traffic_releases_once_after_last_put',
                 'mode_switches_under_traffic_keep_count', 'reinit_cycles_under_traffic'):
        b2.passed('percpu_ref_traffic.' + name)


# Zero-point roots: the skeleton passes them (its boots are clean, spin is there), so the
# staff check counts only boot2's points as the skeleton's.
@test(0, 'boot: percpu_ref suites three times at -smp 4')
def boot4():
    rep.ok()


@test(5, 'stability: percpu_ref* three times at -smp 4', parent=boot4)
def _():
    rep.passed('percpu_ref*')


@test(0, 'boot: teardown tests five times with confirm_delay_us=3000 at -smp 2')
def boot_delay():
    delay.ok()


@test(5, 'stability: teardown five times with confirm_delay_us=3000 at -smp 2',
      parent=boot_delay)
def _():
    delay.passed('percpu_ref.teardown*')


@test(0, 'make model: spin is installed (make tools)')
def spin():
    if not shutil.which('spin'):
        raise GradeFailure('spin not found: make tools (or apt-get install spin) installs it')


@test(5, 'make model: the safe teardown verifies, the seed is refuted', parent=spin)
def _():
    try:
        out = subprocess.run([os.path.join(ROOT, 'tests', 'model', 'run.sh')], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        raise GradeFailure('tests/model/run.sh took more than 300 s')
    if out.returncode != 0:
        lines = [line for line in out.stdout.splitlines() if line.startswith('not ok')]
        raise GradeFailure('; '.join(lines) or 'tests/model/run.sh failed')


run_tests()
