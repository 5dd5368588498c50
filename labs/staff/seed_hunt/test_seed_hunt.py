#!/usr/bin/env python3
"""Unit tests of lab seed_hunt's staff tools: mkhistory.py on a tiny tree, and grade_key.py.

    python3 -m unittest discover -s labs/staff/seed_hunt -p 'test_*.py'
"""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import grade_key  # noqa: E402
import mkhistory  # noqa: E402

FILES_C = '''/*
 * A tiny stand-in for files.c: the whole table, freed at once.
 */
#include "internal.h"
#include "slab.h"

static void io_files_put_one(struct fixed_file_data *data)
{
	kfree(data);
}

/*
 * Retires the current generation and installs none, so the last release
 * signals data->done.  uring_lock held, or no request left (teardown).
 */
static void io_files_retire(struct fixed_file_data *data)
{
	spin_lock(&data->lock);
	data->dying = true;
	spin_unlock(&data->lock);
''' + mkhistory.BAD + '''}

void io_files_done(struct fixed_file_data *data)
{
	io_files_retire(data);
	io_files_put_one(data);
}
'''


def git(repo, *args):
    return subprocess.run(['git', '-C', repo] + list(args), check=True, text=True,
                          stdout=subprocess.PIPE).stdout


class MkHistory(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.skel = os.path.join(self.tmp.name, 'skel')
        os.makedirs(os.path.join(self.skel, 'kernel', 'uring'))
        os.makedirs(os.path.join(self.skel, 'tests'))
        with open(os.path.join(self.skel, mkhistory.FILES_C), 'w') as f:
            f.write(FILES_C)
        with open(os.path.join(self.skel, mkhistory.BASE), 'w') as f:
            f.write('# baseline\n' + '0' * 40 + '\n')

    def tearDown(self):
        self.tmp.cleanup()

    def make(self, name, seed=3, key=None):
        out = os.path.join(self.tmp.name, name)
        key = key or os.path.join(self.tmp.name, name + '.key')
        r = subprocess.run([sys.executable, os.path.join(HERE, 'mkhistory.py'), '--tree',
                            self.skel, '--out', out, '--key', key, '--seed', str(seed)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return r, out, key

    def test_one_commit_brings_the_seed_back(self):
        r, out, key = self.make('a')
        self.assertEqual(r.returncode, 0, r.stdout)
        with open(key) as f:
            bad, subject = f.read().strip().split(' ', 1)
        log = git(out, 'log', '--format=%H', '--reverse').split()
        root = log[0]
        self.assertIn(mkhistory.GOOD, git(out, 'show', f'{root}:{mkhistory.FILES_C}'))
        self.assertIn(bad, log[1:])
        self.assertEqual(git(out, 'log', '-1', '--format=%s', bad).strip(), subject)
        # Exactly one commit touches the kill: the key's, good before it and bad after.
        touching = [h for h in log if mkhistory.BAD.strip() in git(out, 'show', h, '--format=',
                                                                    '--', mkhistory.FILES_C)]
        self.assertEqual(touching, [bad])
        self.assertIn(mkhistory.BAD, git(out, 'show', f'HEAD:{mkhistory.FILES_C}'))
        # make check's baseline is the history's own first commit.
        self.assertIn(root, git(out, 'show', f'HEAD:{mkhistory.BASE}'))

    def test_same_seed_same_key(self):
        _, _, key1 = self.make('a', seed=9)
        _, _, key2 = self.make('b', seed=9)
        with open(key1) as f1, open(key2) as f2:
            self.assertEqual(f1.read(), f2.read())

    def test_key_inside_the_repository_is_refused(self):
        out = os.path.join(self.tmp.name, 'c')
        r, _, _ = self.make('c', key=os.path.join(out, 'key'))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('outside', r.stdout)

    def test_not_a_skeleton_is_refused(self):
        with open(os.path.join(self.skel, mkhistory.FILES_C), 'w') as f:
            f.write(FILES_C.replace(mkhistory.BAD, mkhistory.GOOD))
        r, _, _ = self.make('d')
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('not lab seed_hunt', r.stdout)


class GradeKey(unittest.TestCase):
    KEY = 'ab' * 20 + ' files.c: a bland subject\n'

    def test_abbreviated_hash_matches(self):
        ok, msg = grade_key.verdict(self.KEY, 'notes\nfirst bad commit: abababa\n')
        self.assertTrue(ok, msg)

    def test_other_hash_fails(self):
        ok, msg = grade_key.verdict(self.KEY, 'First bad commit: 1234567\n')
        self.assertFalse(ok)
        self.assertIn('wrong', msg)

    def test_two_answers_fail(self):
        ok, _ = grade_key.verdict(self.KEY, 'first bad commit: abababa\n'
                                  'first bad commit: 1234567\n')
        self.assertFalse(ok)

    def test_no_answer_fails(self):
        ok, msg = grade_key.verdict(self.KEY, 'first bad commit: <hash>\n')
        self.assertFalse(ok)
        self.assertIn('no "first bad commit', msg)


if __name__ == '__main__':
    unittest.main()
