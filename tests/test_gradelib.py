"""tests/gradelib.py without QEMU: verdicts read from a saved log, parents, score and JSON."""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradelib  # noqa: E402
import ktap      # noqa: E402

LOG = '\n'.join([
    'KTAP version 1', '1..1',
    '  KTAP version 1', '  # Subtest: rcu', '  1..3',
    '  ok 1 waits_for_reader',
    '  # EXPECT_EQ failed at kernel/rcu/tests/rcu_test.c:40: gp == 2',
    '  not ok 2 batches_callbacks',
    '  ok 3 needs_cpus # SKIP needs 4 CPUs, 2 online',
    'not ok 1 rcu',
    '# ktest: 1 passed, 1 failed, 1 skipped', ''])


def fake_boot(text=LOG, status=ktap.FAIL_STATUS):
    b = gradelib.Boot(f'ktest.filter=rcu.* fake={id(text)}', smp=2)
    b.text, b.status, b.log = text, status, '/tmp/fake.log'
    b.result = ktap.check_log(text, status)
    return b


class Verdicts(unittest.TestCase):
    def test_passed_failed_skipped_and_missing(self):
        b = fake_boot()
        b.ok()                                  # failed tests are not a boot problem
        b.passed('rcu.waits_for_reader')
        with self.assertRaisesRegex(gradelib.GradeFailure, '(?s)batches_callbacks failed.*gp == 2'):
            b.passed('rcu.b*')
        with self.assertRaisesRegex(gradelib.GradeFailure, 'skipped: needs 4 CPUs'):
            b.passed('rcu.needs_cpus')
        with self.assertRaisesRegex(gradelib.GradeFailure, 'no result for rcu.nothing'):
            b.passed('rcu.nothing')

    def test_boot_problem_fails_ok(self):
        b = fake_boot(LOG.replace('not ok 1 rcu\n', ''), None)
        with self.assertRaises(gradelib.GradeFailure):
            b.ok()

    def test_match(self):
        b = fake_boot()
        self.assertEqual(b.match(r'ktest: (\d+) passed').group(1), '1')
        with self.assertRaises(gradelib.GradeFailure):
            b.match('^never$')


class Scoring(unittest.TestCase):
    def setUp(self):
        self.saved = gradelib.TESTS[:]
        gradelib.TESTS.clear()

    def tearDown(self):
        gradelib.TESTS[:] = self.saved

    def test_parent_failure_fails_children_and_score_is_written(self):
        b = fake_boot()

        @gradelib.test(5, 'boot')
        def boot():
            raise gradelib.GradeFailure('hang')

        @gradelib.test(10, 'child', parent=boot)
        def child():
            b.passed('rcu.waits_for_reader')

        @gradelib.test(7, 'other')
        def other():
            b.passed('rcu.waits_for_reader')

        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'r.json')
            with self.assertRaises(SystemExit) as cm:
                gradelib.run_tests(['-q', '--results', out])
            self.assertEqual(cm.exception.code, 1)
            with open(out) as f:
                res = json.load(f)
        self.assertEqual((res['score'], res['possible']), (7, 22))
        self.assertIn('parent failed', res['tests']['child']['message'])
        self.assertTrue(res['tests']['boot']['root'])

    def test_title_filter_keeps_parents_running(self):
        ran = []

        @gradelib.test(0, 'boot')
        def boot():
            ran.append('boot')

        @gradelib.test(3, 'wanted', parent=boot)
        def wanted():
            ran.append('wanted')

        @gradelib.test(4, 'skipped')
        def skipped():
            ran.append('skipped')

        with self.assertRaises(SystemExit) as cm:
            gradelib.run_tests(['-q', 'wanted'])
        self.assertEqual(cm.exception.code, 0)
        self.assertEqual(ran, ['boot', 'wanted'])


if __name__ == '__main__':
    unittest.main()
