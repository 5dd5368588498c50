#!/usr/bin/env python3
"""Lab mutants' grader (labs/mutants/handout.md): your tests of percpu_ref against mutants.

Your suite (every KTEST suite named percpu_ref*, normally lib/tests/percpu_ref_test.c) boots
once on the correct code at -smp 2 and must pass there.  Then each mutant, a small wrong
change to lib/percpu_ref.c or include/percpu_ref.h, is applied with `git apply` to a copy of
this tree (build/ included, so the build is incremental), the copy is built and booted with
the same command line, and the mutant counts as killed if any of your tests fails or the
boot itself fails (a crash report no test claimed, a hang, a bad exit status).  Points for
a mutant need your suite to pass on the correct code.

Mutants come from labs/mutants/targets/ (public: you may read them) and
labs/staff/mutants/targets/ (staff-only; absent from your tree, so those tests fail at home
and are graded by the staff).  Each mutant boot has MUTANT_TIMEOUT seconds; a hang counts
as a kill, but costs that long."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from gradelib import Boot, test, run_tests, GradeFailure   # noqa: E402
import ktap  # noqa: E402

OWNS = ['percpu_ref*']       # the skeleton has no percpu_ref tests at all
CMDLINE = 'ktest.filter=percpu_ref* init='
SMP = 2
MUTANT_TIMEOUT = 90
# Each mutant's name and where its patch lives; staff mutants are listed even when absent,
# so that the total is the same in every tree.
PUBLIC = ['sum_at_once', 'put_before_hook']
STAFF = ['percpu_without_bias', 'clear_before_hook', 'exit_ignores_switch',
         'tryget_live_ignores_dead', 'tryget_revives_zero']
POINTS = 13

b2 = Boot(CMDLINE, smp=SMP, timeout=120)


@test(9, 'boot: your percpu_ref tests boot at -smp 2')
def boot2():
    b2.ok()


@test(0, 'your tests pass on the correct percpu_ref', parent=boot2)
def correct():
    b2.passed('percpu_ref*')


_copy = {}


def tree_copy():
    """A copy of this tree with build/ (mtimes kept: make rebuilds only what a patch
    touches), made once; each mutant is applied to it and reverted after."""
    if 'dir' not in _copy:
        work = tempfile.mkdtemp(prefix='ringlet-mutants.')
        dst = os.path.join(work, 'tree')
        shutil.copytree(ROOT, dst, symlinks=True,
                        ignore=shutil.ignore_patterns('.git', 'logs', '*.iso.log'))
        _copy['dir'] = dst
    return _copy['dir']


def boot_mutant(name, patch):
    """True if the suite kills the mutant (some test fails, or the boot does)."""
    tree = tree_copy()
    subprocess.run(['git', 'apply', patch], cwd=tree, check=True)
    try:
        build = subprocess.run(['make', '-s', '-j2', 'build/ringlet.iso', f'CMDLINE={CMDLINE}'],
                               cwd=tree, capture_output=True, text=True)
        if build.returncode != 0:
            raise GradeFailure(f'mutant {name} does not build: {build.stderr.strip()[-300:]}')
        log = os.path.join(tree, 'build', f'mutant-{name}.log')
        cmd = ['qemu-system-x86_64', '-accel', 'tcg', '-cpu', 'max', '-m', '256M',
               '-smp', str(SMP), '-cdrom', os.path.join(tree, 'build', 'ringlet.iso'),
               '-display', 'none', '-no-reboot', '-serial', f'file:{log}',
               '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']
        try:
            status = subprocess.run(cmd, timeout=MUTANT_TIMEOUT,
                                    start_new_session=True).returncode
        except subprocess.TimeoutExpired:
            return True, 'the boot hung'
        with open(log, errors='replace') as f:
            res = ktap.check_log(f.read(), exit_status=status)
    finally:
        subprocess.run(['git', 'apply', '-R', patch], cwd=tree, check=True)
    failed = [f'{s.name}.{r.name}' for s in res.suites for r in s.results if not r.ok]
    if res.problems:
        return True, f'boot failed: {res.problems[0]}'
    if failed:
        return True, f'{", ".join(failed[:3])} failed'
    return False, 'every test passed'


def mutant_test(name, where):
    patch = os.path.join(where, 'targets', f'{name}.patch')

    @test(POINTS, f'mutant {name} killed', parent=correct)
    def _():
        if not os.path.exists(patch):
            raise GradeFailure(f'{os.path.relpath(patch, ROOT)} is staff-only: graded by the staff')
        t = time.time()
        killed, why = boot_mutant(name, patch)
        print(f'  {name}: {why} ({time.time() - t:.1f} s)')
        if not killed:
            raise GradeFailure(f'mutant {name} survived: {why}')


for _name in PUBLIC:
    mutant_test(_name, HERE)
for _name in STAFF:
    mutant_test(_name, os.path.join(ROOT, 'labs', 'staff', 'mutants'))

try:
    run_tests()
finally:
    if 'dir' in _copy:
        shutil.rmtree(os.path.dirname(_copy['dir']), ignore_errors=True)
