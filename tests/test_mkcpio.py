"""Unit tests for scripts/mkcpio.py: the newc archive it writes, read back by a small parser
here.  Run from the repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import os
import stat
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'scripts'))
import mkcpio  # noqa: E402


def parse(data):
    """[(name, mode, data)] from a newc archive, up to TRAILER!!!."""
    out, pos = [], 0
    while True:
        assert data[pos:pos + 6] == b'070701', data[pos:pos + 6]
        fields = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = fields[1], fields[6], fields[11]
        name = data[pos + 110:pos + 110 + namesize - 1].decode()
        pos += 110 + namesize
        pos += -pos % 4
        body = data[pos:pos + size]
        pos += size + (-size % 4)
        if name == 'TRAILER!!!':
            return out
        out.append((name, mode, body))


class MkCpio(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.top = os.path.join(self.tmp.name, 'root')
        os.makedirs(os.path.join(self.top, 'etc'))
        with open(os.path.join(self.top, 'etc', 'hostname'), 'w') as f:
            f.write('ringlet\n')
        os.symlink('hostname', os.path.join(self.top, 'etc', 'name'))
        self.prog = os.path.join(self.tmp.name, 'prog')
        with open(self.prog, 'wb') as f:
            f.write(b'\x7fELF...')
        os.chmod(self.prog, 0o755)

    def tearDown(self):
        self.tmp.cleanup()

    def test_tree_files_dirs_and_symlinks(self):
        data = mkcpio.build(self.top, adds=[f'bin/tests/prog={self.prog}'], dirs=['tmp=1777'],
                            symlinks=['bin/sh=busybox'])
        self.assertEqual(len(data) % 512, 0)
        entries = {name: (mode, body) for name, mode, body in parse(data)}
        self.assertEqual(entries['etc/hostname'], (stat.S_IFREG | 0o644, b'ringlet\n'))
        self.assertEqual(entries['etc/name'], (stat.S_IFLNK | 0o777, b'hostname'))
        self.assertEqual(entries['bin/tests/prog'], (stat.S_IFREG | 0o755, b'\x7fELF...'))
        self.assertEqual(entries['bin/sh'], (stat.S_IFLNK | 0o777, b'busybox'))
        self.assertEqual(entries['tmp'][0], stat.S_IFDIR | 0o1777)
        self.assertEqual(entries['bin'][0], stat.S_IFDIR | 0o755)     # made as a parent
        self.assertEqual(entries['bin/tests'][0], stat.S_IFDIR | 0o755)

    def test_parents_come_first_and_output_is_deterministic(self):
        args = dict(adds=[f'a/b/c={self.prog}', f'a-b={self.prog}'], symlinks=['a/l=x'])
        data = mkcpio.build(self.top, **args)
        self.assertEqual(data, mkcpio.build(self.top, **args))
        names = [name for name, _, _ in parse(data)]
        for i, name in enumerate(names):
            parent = os.path.dirname(name)
            if parent:
                self.assertIn(parent, names[:i], name)

    def test_character_devices_carry_their_numbers(self):
        data = mkcpio.build(self.top, chardevs=['dev/console=5:1:600', 'dev/null=1:3:666'])
        rdevs = {}
        pos = 0
        while data[pos:pos + 6] == b'070701':
            fields = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
            name = data[pos + 110:pos + 110 + fields[11] - 1].decode()
            rdevs[name] = (fields[1], fields[9], fields[10])
            pos += 110 + fields[11]
            pos += (-pos % 4) + fields[6] + (-fields[6] % 4)
        self.assertEqual(rdevs['dev/console'], (stat.S_IFCHR | 0o600, 5, 1))
        self.assertEqual(rdevs['dev/null'], (stat.S_IFCHR | 0o666, 1, 3))
        self.assertEqual(rdevs['dev'][1:], (0, 0))
        self.assertEqual(rdevs['dev'][0], stat.S_IFDIR | 0o755)      # made as a parent

    def test_bad_specs_are_refused(self):
        for kwargs in (dict(adds=['../x=' + self.prog]), dict(symlinks=['bin/sh']),
                       dict(adds=[f'etc/hostname/x={self.prog}']),
                       dict(chardevs=['dev/console=5:1']), dict(chardevs=['dev/x=a:1:600'])):
            with self.assertRaises(SystemExit):
                mkcpio.build(self.top, **kwargs)


if __name__ == '__main__':
    unittest.main()
