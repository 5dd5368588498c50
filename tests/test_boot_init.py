"""Unit tests for scripts/boot_init.py, which turns the kernel's last line about init into
`make exec`'s exit status, and holds piped input back until the kernel is up.  Run from the repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import contextlib
import io
import os
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'scripts'))
import boot_init  # noqa: E402


class StatusFrom(unittest.TestCase):
    def test_exit_status(self):
        self.assertEqual(boot_init.status_from(b'ringlet: init exited with status 0'), 0)
        self.assertEqual(boot_init.status_from(b'ringlet: init exited with status 42\r'), 42)

    def test_killed_by_a_signal_is_128_plus_it(self):
        self.assertEqual(boot_init.status_from(b'ringlet: init killed by signal 11'), 139)

    def test_other_lines(self):
        for line in (b'', b'hello', b'init exited with status 3', b'ringlet: init exited'):
            self.assertIsNone(boot_init.status_from(line))

    def test_the_last_line_wins_and_a_missing_one_fails(self):
        script = ('import sys; sys.stdout.write("ringlet: init exited with status 1\\n'
                  'ringlet: init exited with status 7")')
        out = io.TextIOWrapper(io.BytesIO())
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(boot_init.main(['boot_init.py', '--', sys.executable, '-c', script]),
                             7)
            self.assertEqual(boot_init.main(['boot_init.py', '--', sys.executable, '-c', 'pass']),
                             1)
        out.flush()
        self.assertIn(b'status 7', out.buffer.getvalue())     # passed through


CHILD = r"""
import os, select, sys
early = bool(select.select([0], [], [], 0.3)[0])
sys.stdout.write('GRUB\nringlet 0.1 booting\n')
sys.stdout.flush()
data = b''
while not data.endswith(b'\x04'):
    chunk = os.read(0, 100)
    if not chunk:
        break
    data += chunk
sys.stdout.write(f'got {data!r} early={early}\n')
sys.stdout.write(f'ringlet: init exited with status {len(data)}\n')
"""


class HeldInput(unittest.TestCase):
    def test_piped_input_waits_for_the_kernel_and_ends_with_eof(self):
        with tempfile.TemporaryFile() as script:
            script.write(b'abc\n')
            script.seek(0)
            out = io.TextIOWrapper(io.BytesIO())
            with contextlib.redirect_stdout(out):
                status = boot_init.main(['boot_init.py', '--', sys.executable, '-c', CHILD],
                                        stdin=script)
            out.flush()
        self.assertIn(b"got b'abc\\n\\x04' early=False", out.buffer.getvalue())
        self.assertEqual(status, 5)


if __name__ == '__main__':
    unittest.main()
