"""Unit tests for tests/insn_count.py (make insn-count): a trace split into kernel and user
instructions, kernel instructions given to the function they lie in, and the gdb script that
the boots run.  Run from the repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import insn_count as ic  # noqa: E402

K = 0xffffffff80100000
SYMS = [(K, 'entry_SYSCALL_64'), (K + 0x100, 'io_submit_sqes'), (K + 0x180, 'memset')]


class TraceTest(unittest.TestCase):
    def test_split_counts_upper_half_as_kernel(self):
        pcs = [0x401000, K + 4, K + 0x104, 0x401004, K + 0x190]
        self.assertEqual(ic.split_trace(pcs), (3, 2))

    def test_by_function_takes_the_symbol_at_or_below(self):
        pcs = [K, K + 0xff, K + 0x100, K + 0x17f, K + 0x180, K + 0x400, 0x401000]
        counts = ic.by_function(pcs, SYMS)
        self.assertEqual(counts, {'entry_SYSCALL_64': 2, 'io_submit_sqes': 2, 'memset': 2})

    def test_by_function_below_every_symbol(self):
        self.assertEqual(ic.by_function([K - 1], SYMS), {'?': 1})

    def test_gdb_script_is_python(self):
        text = ic.GDB_SCRIPT % {'port': 1234, 'addr': 0x401c00, 'out': '/tmp/x.trace',
                                'max_steps': 10}
        compile(text, 'gdb-script', 'exec')
        self.assertIn("'*0x401c00'", text)
        self.assertIn("'%x' % pc", text)


if __name__ == '__main__':
    unittest.main()
