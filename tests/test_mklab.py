"""scripts/mklab.py: what a skeleton keeps, what it cuts, and every malformed marker refused.

Marker lines are built from pieces so that this file holds no line that mklab would read as a
marker of its own."""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts'))
import mklab  # noqa: E402

C = '/* ' + 'LAB'


def c(lab, kind):
    return f'{C}({lab}) {kind} */'


SOURCE = '\n'.join([
    'int f(int x)', '{',
    '\t' + c('rcu', 'BEGIN SOLUTION'), '\treturn x + 1;', '\t' + c('rcu', 'END SOLUTION'),
    '\t' + c('rcu', 'STUB: (void)x;'), '\t' + c('rcu', 'STUB: return 0;'),
    '\t' + c('rcu', 'YOUR CODE HERE: add one'),
    '}',
    c('percpu', 'BEGIN SOLUTION'), 'int g;', c('percpu', 'END SOLUTION'),
    c('staff', 'BEGIN'), 'int secret;', c('staff', 'END'), ''])
LABS = {'rcu', 'percpu'}


class Render(unittest.TestCase):
    def skeleton(self, lab, text=SOURCE, path='a.c'):
        items, _ = mklab.parse(path, text, LABS)
        return mklab.render(items, lab)

    def test_own_lab_becomes_stub_and_hint(self):
        out = self.skeleton('rcu')
        self.assertIn('\t(void)x;\n\treturn 0;\n\t/* YOUR CODE HERE: add one */', out)
        self.assertNotIn('x + 1', out)
        self.assertIn('int g;', out)            # the other lab arrives solved
        self.assertNotIn('LAB(', out)
        self.assertNotIn('secret', out)

    def test_other_lab_keeps_code_without_stubs(self):
        out = self.skeleton('percpu')
        self.assertIn('return x + 1;', out)
        self.assertNotIn('return 0;', out)
        self.assertNotIn('int g;', out)
        self.assertNotIn('LAB(', out)

    def test_solution_has_every_lab_and_no_staff(self):
        out = self.skeleton(None)
        self.assertIn('return x + 1;', out)
        self.assertIn('int g;', out)
        self.assertNotIn('secret', out)

    def test_markdown_and_fences(self):
        md = '\n'.join(['<!-- ' + 'LAB(rcu) BEGIN SOLUTION -->', 'the answer',
                        '<!-- ' + 'LAB(rcu) END SOLUTION -->',
                        '<!-- ' + 'LAB(rcu) STUB: Work this out in lab rcu. -->',
                        '```', '<!-- ' + 'LAB(rcu) BEGIN typo inside a fence is text -->', '```'])
        out = self.skeleton('rcu', md, 'doc.md')
        self.assertIn('Work this out in lab rcu.', out)
        self.assertNotIn('the answer', out)
        self.assertIn('typo inside a fence', out)

    def test_a_tab_after_stub_indents_the_line(self):
        text = '\n'.join(['\t' + c('rcu', 'BEGIN SOLUTION'), '\tx;', '\t' + c('rcu', 'END SOLUTION'),
                          '\t' + c('rcu', 'STUB: if (a)'), '\t' + c('rcu', 'STUB: \tb;')])
        self.assertEqual(self.skeleton('rcu', text), '\tif (a)\n\t\tb;')

    def test_python_hash_markers(self):
        py = '\n'.join(['# ' + 'LAB(rcu) BEGIN SOLUTION', 'x = 1', '# ' + 'LAB(rcu) END SOLUTION',
                        '# ' + 'LAB(rcu) STUB: x = 0'])
        self.assertEqual(self.skeleton('rcu', py, 't.py'), 'x = 0')


class Refuse(unittest.TestCase):
    def refused(self, lines, path='a.c'):
        with self.assertRaises(mklab.MarkerError) as cm:
            mklab.parse(path, '\n'.join(lines), LABS)
        return str(cm.exception)

    def test_nested(self):
        self.assertIn('nested', self.refused([c('rcu', 'BEGIN SOLUTION'), c('percpu', 'BEGIN SOLUTION')]))

    def test_unmatched_end_and_unclosed(self):
        self.assertIn('without a BEGIN', self.refused([c('rcu', 'END SOLUTION')]))
        self.assertIn('never ends', self.refused(['x', c('rcu', 'BEGIN SOLUTION')]))

    def test_end_of_other_lab(self):
        self.assertIn('closes', self.refused([c('rcu', 'BEGIN SOLUTION'), c('percpu', 'END SOLUTION')]))

    def test_typo_and_unknown_lab(self):
        self.assertIn('malformed', self.refused([c('rcu', 'BEGIN SOLUTON')]))
        self.assertIn('malformed', self.refused([C + ' (rcu) BEGIN SOLUTION */']))
        self.assertIn('unknown lab', self.refused([c('rcuu', 'BEGIN SOLUTION')]))

    def test_stub_must_follow_its_end(self):
        self.assertIn('must follow', self.refused([c('rcu', 'STUB: x;')]))
        self.assertIn('must follow', self.refused([c('rcu', 'BEGIN SOLUTION'), c('rcu', 'END SOLUTION'),
                                                   'code', c('rcu', 'STUB: x;')]))

    def test_staff_and_lab_block_kinds(self):
        self.assertIn('blocks are', self.refused([c('staff', 'BEGIN SOLUTION')]))
        self.assertIn('blocks are', self.refused([c('rcu', 'BEGIN')]))

    def test_marker_in_a_file_without_comment_syntax(self):
        self.assertIn('malformed', self.refused([c('rcu', 'BEGIN SOLUTION')], 'data.json'))

    def test_delete_file_only_on_line_one(self):
        self.assertIn('first line', self.refused(['x', c('rcu', 'DELETE FILE')]))


class Export(unittest.TestCase):
    def test_tree_has_conf_no_staff_and_deleted_file_gone(self):
        with tempfile.TemporaryDirectory() as d:
            src, out = os.path.join(d, 'src'), os.path.join(d, 'out')
            for rel, text in [('labs/rcu/handout.md', 'hi\n'), ('labs/percpu/handout.md', 'hi\n'),
                              ('labs/staff/rcu/key', 'k\n'), ('a.c', SOURCE),
                              ('t_test.c', c('rcu', 'DELETE FILE') + '\nint t;\n')]:
                os.makedirs(os.path.dirname(os.path.join(src, rel)) or src, exist_ok=True)
                with open(os.path.join(src, rel), 'w') as f:
                    f.write(text)
            subprocess.run(['git', 'init', '-q', src], check=True)
            subprocess.run(['git', '-C', src, 'add', '-A'], check=True)
            mklab.export(src, out, 'rcu')
            self.assertFalse(os.path.exists(os.path.join(out, 'labs/staff')))
            self.assertFalse(os.path.exists(os.path.join(out, 't_test.c')))
            with open(os.path.join(out, 'conf/lab.mk')) as f:
                self.assertEqual(f.read(), 'LAB=rcu\n')
            with open(os.path.join(out, 'a.c')) as f:
                self.assertIn('return 0;', f.read())


if __name__ == '__main__':
    unittest.main()
