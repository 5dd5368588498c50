#!/usr/bin/env python3
"""Runs the user programs on this host's Linux: the same static binaries ringlet runs, so
the exit codes here are the ones ringlet must give (each test checks Linux 6.1's results).

    python3 tests/user_host.py --dir build/user [-v]

Checks, each one line 'ok NAME' or 'FAIL NAME: why':
  - every test program in DIR/tests exits 0 (77 = skip, counted as such);
  - DIR/init run on DIR/tests exits 0 and prints a KTAP document that tests/ktap.py accepts,
    with one result per test; a test that hangs is killed after init's timeout, and fails;
  - the examples: cat and wc agree with the expected output, forkall 3 exits 0.
Prints 'N passed, N failed' (', N skipped') last; exit status 0 iff nothing failed.
Tests create their fixtures in /tmp, as on ringlet.
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402

TIMEOUT = 120
SKIP = 77


def run(argv, stdin=b''):
    """(exit status, stdout+stderr text) of argv; a signal gives -N, a hang -1000."""
    try:
        p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return -1000, f'timed out after {TIMEOUT}s'
    return p.returncode, p.stdout.decode('utf-8', 'replace')


def test_programs(tests_dir):
    """One result (name, 'ok'|'skip'|'fail', why) per test binary."""
    out = []
    for name in sorted(os.listdir(tests_dir)):
        status, text = run([os.path.join(tests_dir, name)])
        verdict = 'ok' if status == 0 else 'skip' if status == SKIP else 'fail'
        out.append((f'tests/{name}', verdict, f'exit status {status}\n{text}'.rstrip()))
    return out


def test_init(user_dir):
    tests_dir = os.path.join(user_dir, 'tests')
    status, text = run([os.path.join(user_dir, 'init'), tests_dir])
    # init's document comes after the kernel's: wrap it in an empty kernel document.
    res = ktap.check_log('KTAP version 1\n1..0\n' + text, None, None, expect_user=True)
    problems = [str(p) for p in res.problems]
    user = [s for s in res.suites if s.name == ktap.USER_SUITE]
    if user and len(user[0].results) != len(os.listdir(tests_dir)):
        problems.append(f'{len(user[0].results)} results for {len(os.listdir(tests_dir))} tests')
    if status != (1 if user and user[0].counts()[1] else 0):
        problems.append(f'exit status {status}')
    return [('init', 'fail' if problems else 'ok', '\n'.join(problems + [text]))]


def test_init_timeout(user_dir):
    """A test that hangs (cat reading init's stdin, which stays open) is killed after the
    timeout and fails; the run goes on and init says why."""
    with tempfile.TemporaryDirectory(dir='/tmp') as tests_dir:
        os.symlink(os.path.abspath(os.path.join(user_dir, 'bin', 'cat')),
                   os.path.join(tests_dir, 'hang'))
        rfd, wfd = os.pipe()        # the write end stays open: cat never sees end of file
        p = subprocess.Popen([os.path.join(user_dir, 'init'), tests_dir, '1'],
                             stdin=rfd, stdout=subprocess.PIPE)
        os.close(rfd)
        try:
            text, _ = p.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            return [('init-timeout', 'fail', 'init did not end')]
        finally:
            os.close(wfd)
    text = text.decode('utf-8', 'replace')
    want = ['# hang: still running after 1 s: killed', '# hang: killed by signal 9 (Killed)',
            'not ok 1 hang', '# user: 0 passed, 1 failed, 0 skipped']
    good = p.returncode == 1 and all(w in text.splitlines() for w in want)
    return [('init-timeout', 'ok' if good else 'fail', f'exit status {p.returncode}\n{text}')]


def test_examples(user_dir):
    bin_dir = os.path.join(user_dir, 'bin')
    out = []
    with tempfile.NamedTemporaryFile('wb', dir='/tmp', suffix='.txt') as f:
        f.write(b'one two\nthree\n\n  four  five six\n')
        f.flush()
        checks = [
            ('cat', [os.path.join(bin_dir, 'cat'), f.name, '-'], b'seven\n',
             (0, 'one two\nthree\n\n  four  five six\nseven\n')),
            ('wc', [os.path.join(bin_dir, 'wc'), f.name], b'',
             (0, f'      4       6      32 {f.name}\n')),
            ('wc-stdin', [os.path.join(bin_dir, 'wc')], b'a b\nc\n', (0, '      2       3       6\n')),
            ('cat-missing', [os.path.join(bin_dir, 'cat'), '/nonexistent'], b'',
             (1, 'cat: /nonexistent: No such file or directory\n')),
        ]
        for name, argv, stdin, want in checks:
            got = run(argv, stdin)
            out.append((f'bin/{name}', 'ok' if got == want else 'fail',
                        f'got {got!r}, want {want!r}'))
    status, text = run([os.path.join(bin_dir, 'forkall'), '3'])
    good = status == 0 and 'forkall: 3 children, 0 failed' in text and text.count('child ') == 3
    out.append(('bin/forkall', 'ok' if good else 'fail', f'exit status {status}\n{text}'))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--dir', default='build/user', help='where the user programs were built')
    ap.add_argument('-v', '--verbose', action='store_true')
    opts = ap.parse_args(argv)
    results = (test_programs(os.path.join(opts.dir, 'tests')) + test_init(opts.dir) +
               test_init_timeout(opts.dir) + test_examples(opts.dir))
    for name, verdict, why in results:
        if verdict == 'fail' or opts.verbose:
            print(f'{verdict.upper() if verdict == "fail" else verdict} host {name}')
            if verdict == 'fail':
                print('\n'.join('    ' + l for l in why.splitlines()))
    counts = [sum(1 for r in results if r[1] == v) for v in ('ok', 'fail', 'skip')]
    print(ktap.totals_line(*counts))
    return 1 if counts[1] else 0


if __name__ == '__main__':
    sys.exit(main())
