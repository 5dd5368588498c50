"""Unit tests for the user-space part of tests/ktap.py: init's flat KTAP document after the
kernel's (user/init.c prints it), counted as the suite 'user'.  Run from the repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
from test_ktap import log, suite  # noqa: E402

KERNEL = [suite('slab', ['ok 1 a', 'ok 2 b'])]


def user(*lines, plan=None, totals=None):
    """init's document: header, plan (defaults to the results' count), lines, totals."""
    results = [l for l in lines if l.startswith(('ok ', 'not ok '))]
    if totals is None:
        passed = sum(1 for r in results if r.startswith('ok ') and '# SKIP' not in r)
        skipped = sum(1 for r in results if '# SKIP' in r)
        totals = (passed, len(results) - passed - skipped, skipped)
    return (['ringlet: starting /init', 'KTAP version 1',
             f'1..{len(results) if plan is None else plan}'] + list(lines) +
            ([] if totals is False else [f'# user: {totals[0]} passed, {totals[1]} failed, '
                                         f'{totals[2]} skipped']))


def check(after, expect_user=True, status=None):
    return ktap.check_log(log(*KERNEL, after=['# ktest: 2 passed, 0 failed, 0 skipped'] + after),
                          status, None, expect_user)


class UserDocument(unittest.TestCase):
    def test_good_document_counts_as_suite_user(self):
        res = check(user('# proc: hello', 'ok 1 proc', 'ok 2 files # SKIP', 'ok 3 mem'),
                    status=ktap.PASS_STATUS)
        self.assertEqual(res.problems, [])
        self.assertEqual([s.name for s in res.suites], ['slab', 'user'])
        self.assertEqual(res.suites[1].counts(), (2, 0, 1))
        self.assertEqual(res.counts(), (4, 0, 1))
        self.assertEqual(res.suites[1].results[0].diags, ['# proc: hello'])

    def test_failed_user_test_fails_and_keeps_its_output(self):
        res = check(user('# fault: killed by signal 11 (Segmentation fault)', 'not ok 1 fault'),
                    status=ktap.FAIL_STATUS)
        self.assertEqual(res.problems, [])
        self.assertEqual(res.counts(), (2, 1, 0))
        lines = ktap.format_result(res, 'smp=1')
        self.assertIn('smp=1 FAIL user.fault (log line 14)', lines)
        self.assertIn('    # fault: killed by signal 11 (Segmentation fault)', lines)

    def test_missing_document_is_a_problem_only_when_expected(self):
        self.assertEqual(check([], expect_user=False).problems, [])
        problems = check([]).problems
        self.assertEqual(len(problems), 1)
        self.assertIn('init did not run', problems[0].message)

    def test_log_ending_inside_the_user_tests(self):
        res = check(user('ok 1 proc', plan=3, totals=False))
        messages = [p.message for p in res.problems]
        self.assertTrue(any('2 of 3 have no result' in m for m in messages), messages)
        self.assertTrue(any("no '# user:" in m for m in messages), messages)

    def test_totals_must_agree(self):
        res = check(user('ok 1 proc', 'not ok 2 files', totals=(2, 0, 0)))
        self.assertTrue(any('disagree' in p.message for p in res.problems))

    def test_misnumbered_and_late_lines(self):
        res = check(user('ok 2 proc', plan=1) + ['ok 3 late'])
        messages = [p.message for p in res.problems]
        self.assertTrue(any('numbered 2, expected 1' in m for m in messages), messages)
        self.assertTrue(any("after the '# user:' totals" in m for m in messages), messages)

    def test_indented_nested_output_is_free_form(self):
        res = check(user('    KTAP version 1', '    1..1', '    ok 1 inner', 'ok 1 outer'))
        self.assertEqual(res.problems, [])
        self.assertEqual(res.suites[1].counts(), (1, 0, 0))

    def test_a_second_user_document_is_a_reboot(self):
        res = check(user('ok 1 proc') + ['KTAP version 1'])
        self.assertTrue(any('init run twice' in p.message for p in res.problems))

    def test_user_version_before_the_kernel_is_done_is_a_reboot(self):
        text = log(*KERNEL, plan=2, after=['KTAP version 1', '1..1', 'ok 1 proc'])
        res = ktap.check_log(text, None, None, True)
        self.assertTrue(any('second top-level' in p.message for p in res.problems))


if __name__ == '__main__':
    unittest.main()
