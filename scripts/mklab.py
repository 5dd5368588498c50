#!/usr/bin/env python3
"""Export a lab's tree from the staff tree: the solution with one lab's code cut out.

The repository is the staff tree: every lab solved, with solution markers as comments.  A
marker is alone on its line, in the comment syntax of its file (C, assembly and linker
scripts /* */, Markdown <!-- -->, Python, shell and make #):

    /* LAB(rcu) BEGIN SOLUTION */        the start of lab rcu's code
    /* LAB(rcu) END SOLUTION */          its end
    /* LAB(rcu) STUB: return 0; */       right after END: a live line in rcu's skeleton (a tab
                                         after 'STUB: ' indents it one more level)
    /* LAB(rcu) YOUR CODE HERE: hint */  right after END/STUBs: a comment in the skeleton
    /* LAB(rcu) DELETE FILE */           on a file's first line: rcu's skeleton lacks it
    /* LAB(staff) BEGIN */ ... /* LAB(staff) END */   cut from every export

`--lab X` writes X's skeleton: X's blocks become their STUB and YOUR CODE HERE lines, every
other lab's markers go and their code stays (labs are independent, as 6.1810's are), staff
blocks and labs/staff/ go, and conf/lab.mk says LAB=X.  `--solution` writes the tree with every
lab solved and no markers.  A lab is a directory labs/<name>/; a marker naming anything else,
a nested or unmatched block, or a line that looks like a marker but does not parse is an
error, so a typo can never leak a solution.  Markers inside Markdown code fences are text.

Files keep their modification times when their text does not change, so a copy of build/
next to an export rebuilds only what the export changed (tests/staff_check.py relies on it).
`--git` makes DIR a fresh repository with one commit: no solution in its history.

    python3 scripts/mklab.py (--lab NAME | --solution) --out DIR [--git] [--src REPO]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

STAFF = 'staff'
# File name -> (comment opener, closer).  Files of other kinds are copied as they are, but
# must not contain anything that looks like a marker.
SYNTAX = {'.c': ('/*', '*/'), '.h': ('/*', '*/'), '.S': ('/*', '*/'), '.ld': ('/*', '*/'),
          '.pml': ('/*', '*/'), '.md': ('<!--', '-->'), '.py': ('#', ''), '.sh': ('#', ''),
          '.mk': ('#', ''), 'Makefile': ('#', ''), '.txt': ('#', ''), '.json': (None, None)}
ANY_OPENER = r'(?:/\*|<!--|#|//)'
KINDS = r'BEGIN SOLUTION|END SOLUTION|BEGIN|END|STUB:(?P<stub>.*?)|YOUR CODE HERE:(?P<hint>.*?)|DELETE FILE'


class MarkerError(Exception):
    pass


def syntax_of(path):
    base = os.path.basename(path)
    if base in SYNTAX:
        return SYNTAX[base]
    return SYNTAX.get(os.path.splitext(base)[1], (None, None))


def marker_re(opener, closer):
    tail = r'\s*' + re.escape(closer) if closer else ''
    return re.compile(r'^(?P<indent>\s*)' + re.escape(opener) + r'\s*LAB\((?P<lab>[a-z0-9_]+)\)\s+'
                      r'(?P<kind>' + KINDS + r')' + tail + r'\s*$')


def parse(path, text, labs):
    """Split text into items: ('text', line) or ('block', lab, body lines, stub lines), plus
    the set of labs whose skeleton deletes the file.  Raises MarkerError on any bad marker."""
    opener, closer = syntax_of(path)
    rx = marker_re(opener, closer) if opener else None
    looks_like = re.compile(r'^\s*' + (re.escape(opener) if opener else ANY_OPENER) + r'\s*LAB\s*\(')
    items, deleted, block, after_end, fence = [], set(), None, None, False
    lines = text.split('\n')

    def fail(n, msg):
        raise MarkerError(f'{path}:{n}: {msg}')

    for n, line in enumerate(lines, 1):
        if opener == '<!--' and line.lstrip().startswith('```'):
            fence = not fence
        m = rx.match(line) if rx and not fence else None
        if not m:
            if not fence and looks_like.match(line):
                fail(n, f'malformed marker: {line.strip()!r}')
            after_end = None
            (block[2] if block else items).append(line if block else ('text', line))
            continue
        lab, kind = m['lab'], m['kind']
        if lab != STAFF and lab not in labs:
            fail(n, f'unknown lab {lab!r} (labs: {", ".join(sorted(labs))})')
        solution = kind.endswith('SOLUTION')
        if kind in ('BEGIN', 'END', 'BEGIN SOLUTION', 'END SOLUTION') and solution == (lab == STAFF):
            fail(n, f'{lab} blocks are "BEGIN{"" if lab == STAFF else " SOLUTION"}"/"END..." blocks')
        if kind.startswith('BEGIN'):
            if block:
                fail(n, f'nested block: {lab} inside {block[1]} (opened at line {block[3]})')
            block, after_end = ['block', lab, [], n, []], None
        elif kind.startswith('END'):
            if not block:
                fail(n, f'END of {lab} without a BEGIN')
            if block[1] != lab:
                fail(n, f'END of {lab} closes the {block[1]} block opened at line {block[3]}')
            items.append(('block', lab, block[2], block[4]))
            block, after_end = None, (lab, items[-1])
        elif kind == 'DELETE FILE':
            if n != 1 or lab == STAFF:
                fail(n, 'DELETE FILE must be the first line, for a lab')
            deleted.add(lab)
        else:   # STUB or YOUR CODE HERE: belongs to the block that just ended
            if block or not after_end or after_end[0] != lab or lab == STAFF:
                fail(n, f'{kind.split(":")[0]} of {lab} must follow that lab\'s END line')
            if m['stub'] is not None:   # one space after the colon; more indents the line
                stub = m['stub'][1:] if m['stub'].startswith(' ') else m['stub']
                after_end[1][3].append((m['indent'] + stub).rstrip())
            else:
                after_end[1][3].append(f'{m["indent"]}{opener} YOUR CODE HERE: '
                                       f'{m["hint"].strip()}{" " + closer if closer else ""}')
    if block:
        fail(block[3], f'{block[1]} block never ends')
    return items, deleted


def render(items, lab):
    """The file as lab's skeleton sees it (lab None: every lab solved)."""
    out = []
    for item in items:
        if item[0] == 'text':
            out.append(item[1])
        elif item[1] == STAFF:
            continue
        elif item[1] == lab:
            out.extend(item[3])
        else:
            out.extend(item[2])
    return '\n'.join(out)


def known_labs(src):
    root = os.path.join(src, 'labs')
    if not os.path.isdir(root):
        return set()
    return {d for d in os.listdir(root)
            if d != STAFF and os.path.isdir(os.path.join(root, d))}


def tracked_files(src):
    out = subprocess.run(['git', '-C', src, 'ls-files', '-z'], check=True,
                         capture_output=True).stdout.decode()
    return [f for f in out.split('\0') if f and os.path.lexists(os.path.join(src, f))]


def export(src, out, lab, labs=None):
    """Write the tree for lab (None: all solved) into out.  Returns the files written."""
    labs = known_labs(src) if labs is None else labs
    if lab is not None and lab not in labs:
        raise MarkerError(f'no lab {lab!r} (labs: {", ".join(sorted(labs))})')
    written = []
    for rel in tracked_files(src):
        if rel.startswith(f'labs/{STAFF}/'):
            continue
        path, dest = os.path.join(src, rel), os.path.join(out, rel)
        os.makedirs(os.path.dirname(dest) or '.', exist_ok=True)
        if os.path.islink(path):
            os.symlink(os.readlink(path), dest)
            continue
        with open(path, 'rb') as f:
            data = f.read()
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError:
            shutil.copy2(path, dest)
            written.append(rel)
            continue
        items, deleted = parse(rel, text, labs)
        if lab in deleted:
            continue
        new = render(items, lab)
        if new == text:
            shutil.copy2(path, dest)
        else:
            with open(dest, 'w', encoding='utf-8') as f:
                f.write(new)
            shutil.copymode(path, dest)
        written.append(rel)
    if lab is not None:
        os.makedirs(os.path.join(out, 'conf'), exist_ok=True)
        with open(os.path.join(out, 'conf', 'lab.mk'), 'w') as f:
            f.write(f'LAB={lab}\n')
        written.append('conf/lab.mk')
    return written


def commit(out, lab):
    env = dict(os.environ, GIT_AUTHOR_NAME='ringlet staff', GIT_AUTHOR_EMAIL='staff@ringlet',
               GIT_COMMITTER_NAME='ringlet staff', GIT_COMMITTER_EMAIL='staff@ringlet')
    for cmd in (['init', '-q', '-b', f'lab/{lab or "solution"}'], ['add', '-A'],
                ['commit', '-q', '-m', f'ringlet: {"lab " + lab if lab else "solution"} handout']):
        subprocess.run(['git', '-C', out] + cmd, check=True, env=env)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument('--lab', help="the lab whose skeleton to write")
    which.add_argument('--solution', action='store_true', help='every lab solved, no markers')
    ap.add_argument('--out', required=True, help='directory to write (must not exist)')
    ap.add_argument('--src', default='.', help='the staff tree (default: .)')
    ap.add_argument('--git', action='store_true', help='make OUT a one-commit repository')
    opts = ap.parse_args(argv)
    if os.path.exists(opts.out):
        ap.error(f'{opts.out} exists')
    try:
        files = export(opts.src, opts.out, opts.lab)
    except MarkerError as e:
        shutil.rmtree(opts.out, ignore_errors=True)
        print(f'mklab: {e}', file=sys.stderr)
        return 1
    if opts.git:
        commit(opts.out, opts.lab)
    print(f'mklab: {opts.lab or "solution"}: {len(files)} files in {opts.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
