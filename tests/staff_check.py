#!/usr/bin/env python3
"""The staff check: every lab's skeleton fails its lab and nothing else, the solution scores
full marks three times, and every recorded mutant scores exactly its recorded total.

For each lab (a directory labs/<lab>/ with a grade.py; labs/README.md):

  skeleton   scripts/mklab.py exports the lab's skeleton to build/staff/<lab>/; it must build
             with -Werror (objects of files the export did not change are copied from build/,
             so only the lab's files recompile), and its grader must give exactly the points
             of its boot tests (titles starting 'boot:'): every other points-bearing test
             fails.
  others     the skeleton boots every kernel self-test outside the grader's OWNS globs at
             -smp 2 (ktest.filter=*,-GLOB,...) and all of them pass: the lab's stubs break
             nothing they should not.  An OWNS entry 'user:GLOB' names user tests; then /init
             runs the user suite too and only those may fail.
  solution   the grader scores full marks on the staff tree, three times in a row.
  mutants    labs/staff/<lab>/mutants.json maps each labs/staff/<lab>/mutants/<name>.patch to
             the total the grader must give it: applied to a copy of the staff tree, built,
             graded, reverted.

Prints one line per check and ends with 'N passed, N failed'.

    python3 tests/staff_check.py [--make make] [--labs rcu percpu] [--repeats 3]
"""
import argparse
import ast
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts'))
import ktap   # noqa: E402
import mklab  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The mutant tree lies inside this repository (build/ is ignored): without a ceiling, git
# apply would find the repository above it and skip every path outside its index, silently.
GIT_OUTSIDE = dict(os.environ, GIT_CEILING_DIRECTORIES=os.path.join(ROOT, 'build', 'staff'))
BOOT = 'boot:'          # the title prefix of a grader's boot tests (labs/README.md)
# What a tree needs from build/ to rebuild incrementally: objects with their .d files, the
# two-pass link's intermediates, the user programs and the initramfs.
BUILD_PARTS = ['arch', 'kernel', 'lib', 'user', 'kallsyms0.S', 'kallsyms0.S.o', 'kallsyms0.S.d',
               'kallsyms1.S', 'kallsyms1.S.o', 'kallsyms1.S.d', 'ringlet.0.elf', 'ringlet.elf',
               'initramfs.cpio', 'initramfs.stamp']


class Checker:
    def __init__(self, make):
        self.make, self.passed, self.failed = make, 0, 0

    def verdict(self, ok, what, detail='', seconds=None):
        took = f' ({seconds:.0f}s)' if seconds is not None else ''
        print(f'{"ok" if ok else "FAIL"} {what}{took}' + (f'\n    {detail}' if detail else ''),
              flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok

    def build(self, tree):
        """make all in tree; (ok, last lines of output)."""
        p = subprocess.run(self.make.split() + ['-C', tree, '--no-print-directory', '-j2', 'all'],
                           capture_output=True, text=True)
        return p.returncode == 0, '\n    '.join((p.stdout + p.stderr).splitlines()[-15:])


def labs_of(root):
    d = os.path.join(root, 'labs')
    return sorted(n for n in os.listdir(d) if os.path.isfile(os.path.join(d, n, 'grade.py')))


def owns(grade_py):
    """The grader's OWNS list, read without running it."""
    with open(grade_py) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', '') == 'OWNS'
                                                for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise SystemExit(f'{grade_py}: no OWNS list')


def copy_build(src_root, tree):
    for part in BUILD_PARTS:
        src, dst = os.path.join(src_root, 'build', part), os.path.join(tree, 'build', part)
        if os.path.isdir(src):
            shutil.copytree(src, dst, symlinks=True)
        elif os.path.exists(src):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)


def grade(tree, lab, results, logdir):
    """Run tree's grader for lab; returns its JSON results (None if it wrote none)."""
    if os.path.exists(results):
        os.remove(results)
    subprocess.run([sys.executable, os.path.join(tree, 'labs', lab, 'grade.py'), '-q',
                    '--results', results, '--logdir', logdir], cwd=tree,
                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    if not os.path.exists(results):
        return None
    with open(results) as f:
        return json.load(f)


def describe(res):
    if res is None:
        return 'the grader wrote no results (crashed?)'
    return '; '.join(f'{t}: {v["points"]}/{v["max"]}' + (f' ({v["message"][:160]})'
                                                         if v['message'] else '')
                     for t, v in res['tests'].items())


def check_skeleton(ck, lab, work):
    tree = os.path.join(work, lab)
    shutil.rmtree(tree, ignore_errors=True)
    start = time.monotonic()
    try:
        mklab.export(ROOT, tree, lab)
    except mklab.MarkerError as e:
        return ck.verdict(False, f'{lab}: skeleton export', str(e))
    copy_build(ROOT, tree)
    ok, out = ck.build(tree)
    if not ck.verdict(ok, f'{lab}: skeleton builds with -Werror', '' if ok else out,
                      time.monotonic() - start):
        return False
    start = time.monotonic()
    res = grade(tree, lab, os.path.join(tree, 'build', 'results.json'),
                os.path.join(tree, 'build', 'grade'))
    tests = (res or {}).get('tests', {})
    boot_points = sum(v['max'] for t, v in tests.items() if t.startswith(BOOT))
    leaked = [t for t, v in tests.items() if not t.startswith(BOOT) and v['max'] and v['ok']]
    ok = res is not None and res['score'] == boot_points and not leaked
    ck.verdict(ok, f'{lab}: skeleton scores only its boot points '
               f'({res["score"] if res else "?"}/{res["possible"] if res else "?"}, '
               f'boot points {boot_points})',
               '' if ok else (f'tests the skeleton passes: {leaked}; ' if leaked else '')
               + describe(res), time.monotonic() - start)
    check_others(ck, lab, tree)


def check_others(ck, lab, tree):
    """Every suite outside the lab's OWNS passes on its skeleton."""
    globs = owns(os.path.join(tree, 'labs', lab, 'grade.py'))
    kernel = [g for g in globs if not g.startswith('user:')]
    user = [g[len('user:'):] for g in globs if g.startswith('user:')]
    cmdline = 'ktest.filter=*' + ''.join(f',-{g}' for g in kernel) + ('' if user else ' init=')
    iso = os.path.join(tree, 'build', 'others.iso')
    subprocess.run([os.path.join(tree, 'scripts', 'mkiso.sh'),
                    os.path.join(tree, 'build', 'ringlet.elf'), cmdline, iso], check=True,
                   stdout=subprocess.DEVNULL)
    log = os.path.join(tree, 'build', 'logs', 'others-smp2.log')
    start = time.monotonic()
    p = subprocess.run([sys.executable, os.path.join(ROOT, 'tests', 'run.py'), '--iso', iso,
                        '--smp', '2', '--timeout', '600', '--logdir',
                        os.path.join(tree, 'build', 'logs'), '--label', 'others']
                       + (['--expect-user'] if user else []), capture_output=True, text=True)
    text = ktap.read_log(log) if os.path.exists(log) else ''
    res = ktap.check_log(text)
    bad = [f'{s.name}.{r.name}' for s in res.suites for r in s.results if not r.ok
           and not (s.name == ktap.USER_SUITE and any(fnmatch.fnmatchcase(r.name, g) for g in user))]
    problems = [str(pr) for pr in res.problems
                if not (user and pr.kind == 'exit')]      # owned user failures set status 35
    ok = not bad and not problems and (p.returncode == 0 or user)
    ck.verdict(ok, f'{lab}: skeleton passes every suite outside OWNS ({cmdline})',
               '' if ok else f'failed: {bad[:8]} {problems[:3]} (log {log})',
               time.monotonic() - start)


def check_solution(ck, lab, repeats, work):
    for i in range(repeats):
        start = time.monotonic()
        res = grade(ROOT, lab, os.path.join(work, f'{lab}-solution.json'),
                    os.path.join(work, f'{lab}-solution-logs'))
        ok = res is not None and res['score'] == res['possible']
        if not ck.verdict(ok, f'{lab}: solution scores full marks, run {i + 1} of {repeats}'
                          + (f' ({res["score"]}/{res["possible"]})' if res else ''),
                          '' if ok else describe(res), time.monotonic() - start):
            return


def check_mutants(ck, lab, mutant_tree):
    path = os.path.join(ROOT, 'labs', 'staff', lab, 'mutants.json')
    if not os.path.exists(path):
        return
    with open(path) as f:
        expected = json.load(f)
    for name, want in sorted(expected.items()):
        patch = os.path.join(ROOT, 'labs', 'staff', lab, 'mutants', name + '.patch')
        start = time.monotonic()
        if subprocess.run(['git', 'apply', patch], cwd=mutant_tree, env=GIT_OUTSIDE).returncode:
            ck.verdict(False, f'{lab}: mutant {name} applies', patch)
            continue
        try:
            ok, out = ck.build(mutant_tree)
            res = grade(mutant_tree, lab, os.path.join(mutant_tree, 'build', 'results.json'),
                        os.path.join(mutant_tree, 'build', 'grade', name)) if ok else None
            got = res['score'] if res else None
            ck.verdict(ok and got == want, f'{lab}: mutant {name} scores {want} (got {got})',
                       out if not ok else ('' if got == want else describe(res)),
                       time.monotonic() - start)
        finally:
            subprocess.run(['git', 'apply', '-R', patch], cwd=mutant_tree, env=GIT_OUTSIDE,
                           check=True)


def copy_staff_tree(out):
    """The staff tree's tracked files as they are (markers and all), times preserved."""
    for rel in mklab.tracked_files(ROOT):
        dst = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, rel), dst, follow_symlinks=False)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--make', default='make')
    ap.add_argument('--labs', nargs='*', help='only these labs')
    ap.add_argument('--repeats', type=int, default=3)
    opts = ap.parse_args(argv)
    ck = Checker(opts.make)
    work = os.path.join(ROOT, 'build', 'staff')
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    mutant_tree = os.path.join(work, 'mutant-tree')
    copy_staff_tree(mutant_tree)
    copy_build(ROOT, mutant_tree)
    for lab in opts.labs or labs_of(ROOT):
        check_solution(ck, lab, opts.repeats, work)
        check_skeleton(ck, lab, work)
        check_mutants(ck, lab, mutant_tree)
    print(ktap.totals_line(ck.passed, ck.failed, 0))
    return 0 if ck.failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
