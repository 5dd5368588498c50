"""Unit tests for tests/shell_check.py's parsing of a `make shell` console.  Run from the
repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shell_check  # noqa: E402

CONSOLE = ('ringlet 0.1 booting\r\necho hi\r\nexit 3\r\n\r\nBusyBox v1.35.0 built-in shell (ash)\r\n'
           '/bin/sh: can\'t access tty; job control turned off\r\n'
           '/ # \x1b[6necho hi\r\nhi\r\n'
           '/ # cat f\r\nringlet: exe[8] called unimplemented syscall sendfile (40)\r\n'
           'a\r\n\r\nb\r\n'
           '/ # exit 3\r\nringlet: init exited with status 3\r\n')


class ParseSession(unittest.TestCase):
    def test_blocks_from_the_first_prompt(self):
        blocks, notes = shell_check.parse_session(CONSOLE)
        self.assertEqual(blocks, [('echo hi', ['hi']), ('cat f', ['a', '', 'b']),
                                  ('exit 3', [])])
        self.assertEqual(notes, ['ringlet: exe[8] called unimplemented syscall sendfile (40)'])

    def test_no_prompt_no_blocks(self):
        self.assertEqual(shell_check.parse_session('ringlet 0.1 booting\r\npanic\r\n'), ([], []))

    def test_exit_status(self):
        self.assertEqual(shell_check.exit_status(CONSOLE), 3)
        self.assertIsNone(shell_check.exit_status('/ # exit 3\r\n'))

    def test_clean_drops_escapes_and_carriage_returns(self):
        self.assertEqual(shell_check.clean('a\x1b[6nb\r\nc\x1b[1;1H\r'), 'ab\nc')


if __name__ == '__main__':
    unittest.main()
