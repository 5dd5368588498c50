"""Unit tests for tests/suite.py's plan rules.  Run from the repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import suite  # noqa: E402


class BootCmdline(unittest.TestCase):
    def test_a_plain_boot_runs_init(self):
        self.assertEqual(suite.boot_cmdline(''), ('', True))

    def test_a_filtered_boot_runs_no_program(self):
        self.assertEqual(suite.boot_cmdline('ktest.filter=slab.* ktest.repeat=3'),
                         ('ktest.filter=slab.* ktest.repeat=3 init=', False))

    def test_an_init_named_on_the_command_line_is_kept(self):
        self.assertEqual(suite.boot_cmdline('ktest.filter=x.* init=/bin/tests/proc'),
                         ('ktest.filter=x.* init=/bin/tests/proc', True))
        self.assertEqual(suite.boot_cmdline('init='), ('init=', False))

    def test_the_plan_runs_the_user_suite_at_every_cpu_count_once(self):
        # A boot that hands init a directory ('-- DIR') runs only the programs there.
        runs = [cpus for _, cmd, cpus, _, _ in suite.PLAN
                if suite.boot_cmdline(cmd)[1] and ' -- ' not in cmd]
        self.assertEqual(runs, [[1, 2, 4, 8]])


if __name__ == '__main__':
    unittest.main()
