"""Unit tests for tests/compare_bench.py (make compare-linux BENCH=1): the bench lines taken from
a serial log, medians, ratios and targets, and the report keeping its hand-written Gaps.  Run
from the repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import os
import sys
import tempfile
import unittest
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_bench as cb  # noqa: E402
import compare_linux as cl  # noqa: E402

LOG = '''GRUB noise
KTAP version 1
1..1
ringlet: init[1] called unimplemented syscall mount (165)
# uring_bench: bench: nop_batch32 ns_per_op=7039 iters=120960
# uring_bench: bench: update1_table64 failed after 7784 rounds (3120 ns each): io_uring_register_files_update (got -12, Out of memory)
# uring_bench: bench: update1_table1024 failed: io_uring_register_files (got -22, Invalid argument)
# uring_bench: bench: fixed_read_pipe ns_per_op=14409 iters=55115
# uring_bench: ran in 5.20 s
# uring_bench: exit status 1
not ok 1 uring_bench
# user: 0 passed, 1 failed, 0 skipped
# user: ran in 5.21 s
'''


def doc_of(text):
    lines = [(0.5 * i, l) for i, l in enumerate(text.splitlines())]
    return cl.user_document(cl.Boot('ringlet', 1, lines, 'r.log', 6.0))


def results(linux, ringlet, smps=(1, 2)):
    """values for every -smp: each kernel's {case: [per-boot values]}."""
    values = {}
    for side, per_case in (('linux', linux), ('ringlet', ringlet)):
        for smp in smps:
            for case, vs in per_case.items():
                values[side, smp, case] = list(vs)
    return SimpleNamespace(values=values, failures={}, problems=[], setup=[('date', 'today')])


class CompareBench(unittest.TestCase):
    def test_bench_lines_failures_and_boot_time(self):
        values, failures = cb.bench_results(doc_of(LOG))
        self.assertEqual(values, {'nop_batch32': 7039.0, 'fixed_read_pipe': 14409.0,
                                  cb.BOOT: 0.5})
        self.assertEqual(failures['update1_table64'],
                         cb.Failure(7784, 3120, 'io_uring_register_files_update '
                                    '(got -12, Out of memory)'))
        self.assertEqual(failures['update1_table1024'].rounds, 0)

    def test_a_target_is_met_only_at_every_smp(self):
        self.assertEqual(cb.verdict(1.0, [0.9, 1.0], [1, 2]), 'met')
        self.assertEqual(cb.verdict(1.0, [0.9, 1.1], [1, 2]), 'not met')
        self.assertEqual(cb.verdict(0.5, [0.1, None], [1, 4]), 'not met (no ratio at -smp 4)')
        self.assertEqual(cb.verdict(None, [3.0], [1]), 'baseline')

    def test_values_and_ratios_are_readable_at_every_size(self):
        self.assertEqual([cb.fmt('x', v) for v in (950, 12345, 4000610)],
                         ['950 ns', '12.3 us', '4.00 ms'])
        self.assertEqual(cb.fmt(cb.BOOT, 1.234), '1.23 s')
        self.assertEqual([cb.fmt_ratio(r) for r in (12.468, 0.23, 0.0025, None)],
                         ['12.47', '0.23', '0.0025', '-'])

    def test_report_has_medians_ratios_and_keeps_the_gaps(self):
        with tempfile.TemporaryDirectory() as d:
            perf = os.path.join(d, 'perf.md')
            with open(perf, 'w') as f:
                f.write(f'# old\n\n## Gaps\n\n{cb.GAPS_BEGIN}\nNOPs: each request is '
                        f'kzalloc\'d.\n{cb.GAPS_END}\nold tail\n')
            res = results({'nop_batch32': [100, 300, 200], cb.BOOT: [10.0, 12.0, 11.0],
                           'update1_table64': [20000, 30000, 25000]},
                          {'nop_batch32': [900, 1000, 1100], cb.BOOT: [1.0, 1.2, 1.1],
                           'update1_table64': [9000]}, smps=(1,))
            text = cb.report(res, SimpleNamespace(perf=perf, boots=3), [1])
        self.assertIn('| `nop_batch32` | 1.0 | 5.00 | not met |', text)
        self.assertIn('| `boot_to_first_line` | 0.2 | 0.10 | met |', text)
        self.assertIn('| `update1_table64` | 0.5 | 0.36 | met |', text)
        self.assertIn('| `update1_table1024` | 0.5 | - | not met (no ratio at -smp 1) |', text)
        self.assertIn('| `nop_batch32` | 1 | 200 ns | 1000 ns | 5.00 |', text)
        self.assertIn('| `update1_table64` | 1 | 25.0 us | 9000 ns (1 of 3) | 0.36 |', text)
        self.assertIn('| `nop_batch32` | 1 | 100 ns, 300 ns, 200 ns | 900 ns, 1000 ns, 1100 ns |',
                      text)
        self.assertIn(f"{cb.GAPS_BEGIN}\nNOPs: each request is kzalloc'd.\n{cb.GAPS_END}\n",
                      text)
        self.assertNotIn('old tail', text)
        self.assertNotIn('## Failures', text)

    def test_failures_are_listed_per_case_with_how_far_each_got(self):
        res = results({}, {})
        res.failures = {('ringlet', 1, 0, 'update1_table64'): cb.Failure(7784, 3120, 'ENOMEM'),
                        ('ringlet', 2, 1, 'update1_table64'): cb.Failure(0, 0, 'ENOMEM')}
        lines = cb.failure_lines(res.failures, [1, 2])
        self.assertEqual(lines, ['- ringlet, `update1_table64`: failed in 2 boot(s): ENOMEM '
                                 '(rounds done first: -smp 1 boot 1: 7784 at 3120 ns, '
                                 '-smp 2 boot 2: setup)'])
        with tempfile.TemporaryDirectory() as d:
            text = cb.report(res, SimpleNamespace(perf=os.path.join(d, 'none.md'), boots=3),
                             [1, 2])
        self.assertIn('## Failures', text)
        self.assertIn(f'{cb.GAPS_BEGIN}\n{cb.GAPS_DEFAULT}\n{cb.GAPS_END}', text)

    def test_the_committed_report_has_its_gaps_markers(self):
        path = os.path.join(cl.ROOT, 'docs', 'perf.md')
        with open(path) as f:
            text = f.read()
        self.assertIn(cb.GAPS_BEGIN, text)
        self.assertLess(text.index(cb.GAPS_BEGIN), text.index(cb.GAPS_END))


if __name__ == '__main__':
    unittest.main()
