"""Unit tests of scripts/check_layout.py on small synthetic trees.

Each test writes a tree that keeps the layout rule (docs/layout.md), breaks
it in one way, and checks that exactly that violation is printed, as
`path:line: message`, and that the exit status says so.
"""
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                'scripts'))
import check_layout  # noqa: E402

# A tree that keeps every rule: a room with a private header and its tests
# (one split by topic), kernel/uring's prefixed suites and proof rooms, a
# bench, an arch file, and generic headers that name KTEST in a comment and
# in the macro's own definition.
GOOD = {
    'include/ktest.h': '/* KTEST(suite, name) declares a test. */\n#define KTEST(s, n) x\n',
    'include/kbench.h': '#define KBENCH(g, n) x\n',
    'arch/x86_64/include/asm/x86.h': '',
    'arch/x86_64/traps.c': '#include <asm/x86.h>\n#include "ktest.h"\n#include <stddef.h>\n',
    'arch/x86_64/tests/traps_test.c': '#include "ktest.h"\nKTEST(traps, fault)\n{\n}\n',
    'kernel/foo/foo.c': '#include "internal.h"\n',
    'kernel/foo/internal.h': '',
    'kernel/foo/tests/foo_test.c':
        '#include "../internal.h"\n#include "ktest.h"\n\nKTEST(foo, one)\n{\n}\n'
        'KTEST_OPTS(foo, two, .min_cpus = 2)\n{\n}\n',
    'kernel/foo/tests/foo_pipe_test.c': 'KTEST(foo_pipe, one)\n{\n}\n',
    'kernel/uring/setup.c': '#include "internal.h"\n',
    'kernel/uring/internal.h': '',
    'kernel/uring/tests/setup_test.c':
        '#include "../testlib/harness.h"\n#include "../internal.h"\nKTEST(uring_setup, a)\n',
    'kernel/uring/testlib/harness.h': '#include "ktest.h"\n',
    'kernel/uring/testlib/harness.c': '#include "harness.h"\n',
    'kernel/uring/torture/torture.c': '#include "../testlib/harness.h"\nKTEST(uring_torture, a)\n',
    'kernel/uring/fault_walk/fault_walk.c': 'KTEST(uring_fault_walk, a)\n',
    'kernel/uring/bench/uring_bench.c': '#include "../testlib/harness.h"\nKBENCH(uring, all)\n',
    'lib/bench/glob_bench.c': 'KBENCH(glob, match)\n',
    'lib/glob.c': '/* not a test: KTEST(glob, x) in a comment */\n',
    'include/atomic.h': '#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)\n',
}


class CheckLayoutTest(unittest.TestCase):
    def run_tree(self, changes):
        """Writes GOOD with changes (path: text, or None to drop), checks it: (status, lines)."""
        files = dict(GOOD)
        files.update(changes)
        with tempfile.TemporaryDirectory() as root:
            for path, text in files.items():
                if text is None:
                    continue
                full = os.path.join(root, path)
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, 'w') as f:
                    f.write(text)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                status = check_layout.main(['--root', root])
        return status, out.getvalue().splitlines()

    def assertViolation(self, changes, where, words):
        """Exactly one violation, at where (path:line), with every one of words in it."""
        status, lines = self.run_tree(changes)
        self.assertEqual(status, 1, lines)
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(lines[0].startswith(where + ': '), lines)
        for w in words:
            self.assertIn(w, lines[0])
        self.assertTrue(lines[1].startswith('check_layout: 1 violation(s) in 1 file(s)'), lines)

    def test_good_tree_passes(self):
        status, lines = self.run_tree({})
        self.assertEqual(status, 0, lines)
        self.assertEqual(len(lines), 1)
        self.assertIn('the layout holds', lines[0])

    def test_tests_file_not_named_x_test(self):
        self.assertViolation({'kernel/foo/tests/helpers.c': ''},
                             'kernel/foo/tests/helpers.c:1', ['X_test.c'])

    def test_tests_file_that_tests_no_product_file(self):
        self.assertViolation({'kernel/foo/tests/bar_test.c': 'KTEST(bar, a)\n'},
                             'kernel/foo/tests/bar_test.c:1', ['no product file', 'bar.c'])

    def test_topic_needs_its_product_file(self):
        self.assertViolation({'kernel/foo/foo.c': None, 'kernel/foo/foo_x.c': '',
                              'kernel/foo/tests/foo_test.c': None},
                             'kernel/foo/tests/foo_pipe_test.c:1', ['no product file'])

    def test_ktest_with_another_files_suite(self):
        self.assertViolation({'kernel/foo/tests/foo_test.c': '\n\nKTEST(bar, one)\n'},
                             'kernel/foo/tests/foo_test.c:3', ['suite bar', 'expected suite foo'])

    def test_ktest_opts_on_a_continued_line_is_checked(self):
        self.assertViolation({'kernel/foo/tests/foo_test.c': 'KTEST_OPTS(\n\tfoo_x, a, .x = 1)\n'},
                             'kernel/foo/tests/foo_test.c:1', ['expected suite foo'])

    def test_uring_suite_without_its_prefix(self):
        self.assertViolation({'kernel/uring/tests/setup_test.c': 'KTEST(setup, a)\n'},
                             'kernel/uring/tests/setup_test.c:1', ['expected suite uring_setup'])

    def test_torture_room_with_another_suite(self):
        self.assertViolation({'kernel/uring/torture/torture.c': 'KTEST(torture, a)\n'},
                             'kernel/uring/torture/torture.c:1', ['expected suite uring_torture'])

    def test_ktest_in_a_product_file(self):
        self.assertViolation({'kernel/foo/foo.c': '#include "internal.h"\nKTEST(foo, a)\n'},
                             'kernel/foo/foo.c:2', ['outside a tests/'])

    def test_ktest_in_testlib(self):
        self.assertViolation({'kernel/uring/testlib/harness.c': 'KTEST(uring_setup, a)\n'},
                             'kernel/uring/testlib/harness.c:1', ['outside a tests/'])

    def test_kbench_outside_bench(self):
        self.assertViolation({'kernel/foo/tests/foo_test.c': 'KBENCH(foo, a)\n'},
                             'kernel/foo/tests/foo_test.c:1', ['outside a bench/'])

    def test_kbench_with_another_group(self):
        self.assertViolation({'lib/bench/glob_bench.c': 'KBENCH(string, a)\n'},
                             'lib/bench/glob_bench.c:1', ['group string', 'expected group glob'])

    def test_bench_file_not_named_x_bench(self):
        self.assertViolation({'lib/bench/glob_bench.c': None, 'lib/bench/glob.c': ''},
                             'lib/bench/glob.c:1', ['X_bench.c'])

    def test_product_file_includes_from_a_proof_room(self):
        self.assertViolation({'kernel/uring/setup.c': '#include "internal.h"\n'
                                                      '#include "testlib/harness.h"\n'},
                             'kernel/uring/setup.c:2', ['proof room', 'kernel/uring/testlib/'])

    def test_private_header_from_another_room(self):
        self.assertViolation({'lib/glob.c': '#include "../kernel/foo/internal.h"\n'},
                             'lib/glob.c:1', ['private to kernel/foo/'])

    def test_private_header_from_another_rooms_proof_room(self):
        self.assertViolation({'kernel/uring/tests/setup_test.c':
                              '#include "../../foo/internal.h"\nKTEST(uring_setup, a)\n'},
                             'kernel/uring/tests/setup_test.c:1', ['private to kernel/foo/'])

    def test_private_header_spelled_by_a_longer_path(self):
        self.assertViolation({'kernel/foo/tests/foo_test.c':
                              '#include "../../foo/internal.h"\nKTEST(foo, a)\n'},
                             'kernel/foo/tests/foo_test.c:1', ['as "../internal.h"'])

    def test_arch_header_in_quotes(self):
        self.assertViolation({'arch/x86_64/traps.c': '#include "asm/x86.h"\n'},
                             'arch/x86_64/traps.c:1', ['<asm/x86.h>'])

    def test_generic_header_in_angle_brackets(self):
        self.assertViolation({'kernel/foo/foo.c': '#include "internal.h"\n#include <ktest.h>\n'},
                             'kernel/foo/foo.c:2', ['"ktest.h"'])

    def test_atomic_builtin_outside_atomic_h(self):
        self.assertViolation({'kernel/foo/foo.c': '#include "internal.h"\n'
                              'int f(int *p) { return __atomic_load_n(p, 0); }\n'},
                             'kernel/foo/foo.c:2', ['__atomic_load_n', 'atomic.h'])

    def test_every_violation_is_printed(self):
        status, lines = self.run_tree({'kernel/foo/foo.c': 'KTEST(foo, a)\nKTEST(foo, b)\n'})
        self.assertEqual(status, 1)
        self.assertEqual(lines[:2], ['kernel/foo/foo.c:1: KTEST(foo, ...) outside a tests/, '
                                     'torture/, fuzz/ or fault_walk/ room',
                                     'kernel/foo/foo.c:2: KTEST(foo, ...) outside a tests/, '
                                     'torture/, fuzz/ or fault_walk/ room'])
        self.assertTrue(lines[2].startswith('check_layout: 2 violation(s) in 1 file(s)'))


if __name__ == '__main__':
    unittest.main()
