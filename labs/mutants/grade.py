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
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from gradelib import Boot, test, run_tests, GradeFailure, Settings   # noqa: E402
import ktap  # noqa: E402
import run  # noqa: E402

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
# What a copy needs from build/ to rebuild only what a patch touches (as tests/staff_check.py
# copies it): objects with their .d files, the link's intermediates, the initramfs.
BUILD_PARTS = ['arch', 'kernel', 'lib', 'user', 'kallsyms0.S', 'kallsyms0.S.o', 'kallsyms0.S.d',
               'kallsyms1.S', 'kallsyms1.S.o', 'kallsyms1.S.d', 'ringlet.0.elf', 'ringlet.elf',
               'initramfs.cpio', 'initramfs.stamp']


def tree_copy():
    """A copy of this tree (your untracked test file included, .git and build/ left out)
    plus the parts of build/ that keep the build incremental, made once; each mutant is
    applied to it and reverted after."""
    if 'dir' not in _copy:
        work = tempfile.mkdtemp(prefix='ringlet-mutants.')
        dst = os.path.join(work, 'tree')
        shutil.copytree(ROOT, dst, symlinks=True, ignore=lambda d, names: (
            [n for n in names if n in ('.git', 'build')] if d == ROOT else []))
        for part in BUILD_PARTS:
            src = os.path.join(ROOT, 'build', part)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(dst, 'build', part), symlinks=True)
            elif os.path.exists(src):
                os.makedirs(os.path.join(dst, 'build'), exist_ok=True)
                shutil.copy2(src, os.path.join(dst, 'build', part))
        _copy['dir'] = dst
    return _copy['dir']


def git_apply(tree, patch, *flags):
    """git apply in tree as a plain directory: inside an enclosing repository git would
    skip every path outside tree, silently."""
    env = dict(os.environ, GIT_CEILING_DIRECTORIES=os.path.dirname(tree))
    subprocess.run(['git', 'apply', *flags, patch], cwd=tree, env=env, check=True)


def boot_mutant(name, patch):
    """True if the suite kills the mutant (some test fails, or the boot does)."""
    tree = tree_copy()
    git_apply(tree, patch)
    try:
        build = subprocess.run(['make', '-s', '-j2', 'build/ringlet.elf'],
                               cwd=tree, capture_output=True, text=True)
        if build.returncode != 0:
            raise GradeFailure(f'mutant {name} does not build: {build.stderr.strip()[-300:]}')
        iso = os.path.join(tree, 'build', f'mutant-{name}.iso')
        subprocess.run([os.path.join(tree, 'scripts', 'mkiso.sh'),
                        os.path.join(tree, 'build', 'ringlet.elf'), CMDLINE, iso,
                        os.path.join(tree, 'build', 'initramfs.cpio')],
                       check=True, stdout=subprocess.DEVNULL)
        logdir = Settings.logdir or os.path.join(ROOT, 'build', 'grade', 'mutants')
        os.makedirs(logdir, exist_ok=True)
        log = os.path.join(logdir, f'mutant-{name}.log')
        args = argparse.Namespace(qemu='qemu-system-x86_64', mem='256M', iso=iso, qemu_extra='')
        with open(log + '.qemu', 'wb') as out:
            proc = subprocess.Popen(run.qemu_command(args, SMP, log), stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            try:
                status = proc.wait(timeout=MUTANT_TIMEOUT)
            except subprocess.TimeoutExpired:
                run.kill_group(proc)
                return True, f'the boot hung (log {log})'
            except BaseException:
                run.kill_group(proc)
                raise
        res = ktap.check_log(ktap.read_log(log), exit_status=status)
    finally:
        git_apply(tree, patch, '-R')
    failed = [f'{s.name}.{r.name}' for s in res.suites for r in s.results if not r.ok]
    if res.problems:
        return True, f'boot failed: {res.problems[0]} (log {log})'
    if failed:
        return True, f'{", ".join(failed[:3])} failed (log {log})'
    return False, f'every test passed (log {log})'


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
