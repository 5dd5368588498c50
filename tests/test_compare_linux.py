"""Unit tests for tests/compare_linux.py: the user document taken from a serial log, timing
lines, the allow-list and the verdicts, on logs written here.  Run from the repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_linux as cl  # noqa: E402

LINUX = '''GRUB noise
[    0.000000] Linux version 6.1.0
KTAP version 1
1..2
# auxv: ran in 0.01 s
ok 1 auxv
# files: statfs: f_type 0x858458f6
# files: timing: open x1000: 5 ms
# files: ran in 0.03 s
ok 2 files
# user: 2 passed, 0 failed, 0 skipped
# user: ran in 0.05 s
[    3.1] reboot: Power down
'''


def boot_of(side, text, status=0):
    lines = [(0.5 * i, l) for i, l in enumerate(text.splitlines())]
    return cl.Boot(side, status, lines, f'{side}.log', 9.0)


class CompareLinux(unittest.TestCase):
    def test_document_split_by_test_with_timing_set_apart(self):
        doc = cl.user_document(boot_of('linux', LINUX))
        self.assertTrue(doc.complete)
        self.assertEqual(doc.first_line, 1.0)
        self.assertEqual(doc.order, ['user', 'auxv', 'files'])
        self.assertEqual(doc.blocks['files'], ['# files: statfs: f_type 0x858458f6',
                                               'ok 2 files'])
        self.assertEqual(doc.blocks['user'], ['KTAP version 1', '1..2',
                                              '# user: 2 passed, 0 failed, 0 skipped'])
        self.assertEqual(doc.timing[('files', 'timing: open x1000')], '5 ms')
        self.assertEqual(doc.timing[('user', 'ran in')], '0.05 s')
        self.assertEqual(doc.set_aside, 0)

    def test_kernel_lines_inside_are_set_aside_and_the_last_document_counts(self):
        text = 'KTAP version 1\n1..0\n' + LINUX.replace(
            '# auxv: ran', 'ringlet: init[1] called unimplemented syscall mount (165)\n'
            '# auxv: ran')
        doc = cl.user_document(boot_of('ringlet', text))
        self.assertEqual(doc.set_aside, 1)
        self.assertEqual(cl.unimplemented(boot_of('ringlet', text)), ['mount (init)'])
        self.assertEqual(doc.blocks['user'][1], '1..2')

    def test_unfinished_and_missing_documents_are_boot_problems(self):
        cut = boot_of('ringlet', LINUX.split('# files: ran')[0], status=None)
        problems = cl.boot_problems(cut, cl.user_document(cut))
        self.assertEqual(len(problems), 2)                      # ends early; killed
        empty = boot_of('linux', 'nothing\n')
        self.assertIn('no user KTAP document', cl.boot_problems(
            empty, cl.user_document(empty))[0])
        crash = boot_of('ringlet', LINUX.replace('ok 1 auxv', 'BUG: bad thing\nok 1 auxv'))
        self.assertIn('crash report', cl.boot_problems(crash, cl.user_document(crash))[0])

    def test_a_difference_fails_unless_allowed(self):
        linux = ['# files: statfs: f_type 0x858458f6', 'ok 2 files']
        ringlet = ['# files: statfs: f_type 0x1', 'ok 2 files']
        verdict, listing = cl.compare_test('files', linux, ringlet, [])
        self.assertEqual(verdict, 'differ')
        self.assertIn('-# files: statfs: f_type 0x858458f6', listing)
        self.assertIn('+# files: statfs: f_type 0x1', listing)
        with tempfile.NamedTemporaryFile('w', suffix='.md', delete=False) as f:
            f.write('text\n```compare-linux-allow\n# comment\n'
                    'fil* | both | statfs: f_type | ramfs is not tmpfs (docs/fs.md limits)\n'
                    '```\n')
        try:
            allow = cl.read_allow_list(f.name)
        finally:
            os.unlink(f.name)
        verdict, listing = cl.compare_test('files', linux, ringlet, allow)
        self.assertEqual(verdict, 'expected')
        self.assertTrue(any('[expected: ramfs is not tmpfs' in l for l in listing))
        # One side only: the other side's line is still a difference.
        one = [cl.Allowed('files', 'ringlet', allow[0].regex, 'why')]
        self.assertEqual(cl.compare_test('files', linux, ringlet, one)[0], 'differ')
        self.assertEqual(cl.compare_test('files', linux, list(linux), [])[0], 'same')

    def test_malformed_allow_entries_stop_the_run(self):
        for entry in ('files | ringlet | x', 'files | neither | x | why', 'f | both | ( | why'):
            with tempfile.NamedTemporaryFile('w', suffix='.md', delete=False) as f:
                f.write(f'```compare-linux-allow\n{entry}\n```\n')
            try:
                with self.assertRaises(SystemExit):
                    cl.read_allow_list(f.name)
            finally:
                os.unlink(f.name)

    def test_timing_table_shows_both_sides(self):
        docs = {'linux': cl.user_document(boot_of('linux', LINUX)),
                'ringlet': cl.user_document(boot_of('ringlet', LINUX.replace('0.03 s', '0.50 s')))}
        rows = cl.timing_table(docs)
        self.assertEqual(rows[0].split(), ['test', 'line', 'linux', 'ringlet'])
        self.assertTrue(any(r.split()[:2] == ['files', 'ran'] and '0.03 s  0.50 s' in r
                            for r in rows))
        self.assertTrue(rows[-1].startswith('user'))

    def test_the_allow_list_in_the_docs_parses(self):
        cl.read_allow_list(os.path.join(cl.ROOT, 'docs', 'compare-linux.md'))


if __name__ == '__main__':
    unittest.main()
