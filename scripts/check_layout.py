#!/usr/bin/env python3
"""Checks the source tree against the layout rule of docs/layout.md.

    scripts/check_layout.py [--root DIR]

The kernel's sources live in rooms: every directory under arch/x86_64,
kernel/ and lib/ (but arch/x86_64/include/, which holds the arch
headers).  The files directly in a room are its product code.  Rooms
named tests/, bench/, torture/, fuzz/, fault_walk/ and testlib/ are proof
rooms: they prove the room they sit in (their parent), and product code
never depends on them.  This script checks, from the sources alone:

  - a file in tests/ is named X_test.c, where X.c, or Y.c for
    X = Y_<topic>, is a product file of the parent room;
  - every KTEST/KTEST_OPTS in X_test.c is suite X (uring_X in
    kernel/uring/), in torture/, fuzz/ and fault_walk/ it is suite
    torture, fuzz or fault_walk (with the same prefix), and there are
    KTESTs nowhere else;
  - KBENCH appears only in bench/X_bench.c, with group X;
  - product files include nothing from a proof room;
  - a room's private header (a .h directly in a room) is included only
    from that room, as "name.h", and from its proof rooms, as "../name.h";
  - arch headers are included only as <asm/...>, and generic headers
    (include/) only as "name.h";
  - no file but include/atomic.h calls a GCC __atomic or __sync builtin:
    atomics and orderings go through atomic.h's named operations.

Includes are resolved as gcc does with the Makefile's -Iinclude
-Iarch/x86_64/include: a quoted name first beside the including file.
Prints each violation as `path:line: message`, then one summary line;
exits 1 if there was any.  `make check` runs it (scripts/static-check.sh).
"""
import argparse
import os
import re
import sys

SOURCE_ROOTS = ('arch/x86_64', 'kernel', 'lib')
GENERIC_INCLUDE = 'include'
ARCH_INCLUDE = 'arch/x86_64/include'
PROOF_ROOMS = {'tests', 'bench', 'torture', 'fuzz', 'fault_walk', 'testlib'}
# Proof rooms that hold one suite each, named after the room.
SUITE_ROOMS = {'torture', 'fuzz', 'fault_walk'}
# Rooms whose suites carry a prefix, so that `ktest.filter=uring_*` selects them all.
SUITE_PREFIX = {'kernel/uring': 'uring_'}
SOURCE_EXTS = ('.c', '.h', '.S')

# Matched against text whose comments are blanked, so a macro named in a
# comment, or #define KTEST(...) itself, is not a use.
RE_MACRO = re.compile(r'^[ \t]*(KTEST_OPTS|KTEST|KBENCH)\s*\(\s*(\w+)\s*,\s*(\w+)', re.M)
RE_BUILTIN = re.compile(r'\b__(?:atomic|sync)_\w+')
ATOMIC_H = 'include/atomic.h'
RE_INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]', re.M)


def strip_comments(text):
    """Blanks C comments, keeping newlines so line numbers stay right."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:end]))
            i = end
        elif text.startswith('//', i):
            end = text.find('\n', i)
            end = n if end < 0 else end
            out.append(' ' * (end - i))
            i = end
        elif c in '"\'':
            # Skip a string or char literal whole: a "/*" inside is no comment.
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


class Tree:
    """The source files under root, and what each room holds."""

    def __init__(self, root):
        self.root = root
        self.files = []
        for top in SOURCE_ROOTS + (GENERIC_INCLUDE,):
            for d, dirs, names in os.walk(os.path.join(root, top)):
                dirs.sort()
                rel = os.path.relpath(d, root)
                self.files += [os.path.join(rel, f) for f in sorted(names)
                               if f.endswith(SOURCE_EXTS)]
        self.files = [f.replace(os.sep, '/') for f in self.files]
        self.fileset = set(self.files)

    def exists(self, path):
        return path in self.fileset


def norm(path):
    return os.path.normpath(path).replace(os.sep, '/')


def in_tree(path, top):
    return path == top or path.startswith(top + '/')


def room_of(path):
    """(room, proof room name or None, room it proves) for a file under a source root."""
    room = os.path.dirname(path)
    name = os.path.basename(room)
    if name in PROOF_ROOMS:
        return room, name, os.path.dirname(room)
    return room, None, room


def is_source(path):
    return any(in_tree(path, top) for top in SOURCE_ROOTS) and not in_tree(path, ARCH_INCLUDE)


def resolve(tree, includer, kind, name):
    """The tree file an #include names, or None (a compiler header such as <stddef.h>)."""
    candidates = [] if kind == '<' else [norm(os.path.join(os.path.dirname(includer), name))]
    candidates += [norm(os.path.join(top, name)) for top in (GENERIC_INCLUDE, ARCH_INCLUDE)]
    for c in candidates:
        if tree.exists(c):
            return c
    return None


def check_tests_file(tree, path, proved):
    """The expected suite of tests/X_test.c, or None after reporting a bad name."""
    base = os.path.basename(path)
    if not base.endswith('_test.c'):
        return None, 'a file in tests/ is named X_test.c, for the product file X.c it tests'
    x = base[:-len('_test.c')]
    parts = x.split('_')
    # X.c itself, or Y.c for X = Y_<topic> (a topic may have underscores too).
    if not any(tree.exists(f'{proved}/{"_".join(parts[:k])}.c') for k in range(len(parts), 0, -1)):
        return None, (f'{base} tests no product file: neither {x}.c nor Y.c for '
                      f'{x} = Y_<topic> is in {proved}/')
    return SUITE_PREFIX.get(proved, '') + x, None


def check_file(tree, path, text, report):
    code = strip_comments(text)
    source = is_source(path)
    room, proof, proved = room_of(path) if source else (None, None, None)

    # Which suite (or KBENCH group) this file may use, if any.
    suite = group = None
    if proof == 'tests':
        if path.endswith('.c'):
            suite, problem = check_tests_file(tree, path, proved)
            if problem:
                report(path, 1, problem)
    elif proof in SUITE_ROOMS:
        suite = SUITE_PREFIX.get(proved, '') + proof
    elif proof == 'bench' and path.endswith('.c'):
        base = os.path.basename(path)
        if base.endswith('_bench.c'):
            group = base[:-len('_bench.c')]
        else:
            report(path, 1, 'a file in bench/ is named X_bench.c, for its KBENCH group X')

    for m in RE_MACRO.finditer(code):
        macro, name, line = m.group(1), m.group(2), line_of(code, m.start())
        if macro == 'KBENCH':
            if proof != 'bench':
                report(path, line, f'KBENCH({name}, ...) outside a bench/ room')
            elif group is not None and name != group:
                report(path, line, f'KBENCH group {name} in {os.path.basename(path)}: '
                       f'expected group {group}')
        elif proof not in SUITE_ROOMS and proof != 'tests':
            report(path, line, f'{macro}({name}, ...) outside a tests/, torture/, fuzz/ or '
                   f'fault_walk/ room')
        elif suite is not None and name != suite:
            report(path, line, f'{macro} suite {name} in {os.path.basename(path)}: '
                   f'expected suite {suite}')

    if path != ATOMIC_H:
        for m in RE_BUILTIN.finditer(code):
            report(path, line_of(code, m.start()),
                   f'{m.group(0)}: atomics go through {ATOMIC_H}, not the builtins')

    for m in RE_INCLUDE.finditer(code):
        kind, name, line = m.group(1), m.group(2).strip(), line_of(code, m.start())
        target = resolve(tree, path, kind, name)
        if target is None:
            continue
        spelled = kind + name + ('>' if kind == '<' else '"')
        if in_tree(target, ARCH_INCLUDE):
            want = '<' + os.path.relpath(target, ARCH_INCLUDE).replace(os.sep, '/') + '>'
            if spelled != want:
                report(path, line, f'arch header {target} is included as {want}, not {spelled}')
            continue
        if in_tree(target, GENERIC_INCLUDE):
            want = '"' + os.path.relpath(target, GENERIC_INCLUDE).replace(os.sep, '/') + '"'
            if spelled != want:
                report(path, line, f'generic header {target} is included as {want}, not {spelled}')
            continue
        t_room, t_proof, _ = room_of(target)
        if t_proof is not None:
            if source and proof is None:
                report(path, line, f'product file includes {target} from proof room '
                       f'{t_room}/')
            continue
        # A room's private header: its room, or that room's proof rooms.
        if source and room == t_room:
            want = os.path.basename(target)
        elif source and proof is not None and proved == t_room:
            want = '../' + os.path.basename(target)
        else:
            report(path, line, f'{target} is private to {t_room}/ and its proof rooms')
            continue
        if kind != '"' or name != want:
            report(path, line, f'{target} is included here as "{want}", not {spelled}')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--root', default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help='the tree to check (default: this repository)')
    opts = ap.parse_args(argv)
    tree = Tree(opts.root)
    found = []

    def report(path, line, message):
        found.append((path, line, message))

    for path in tree.files:
        with open(os.path.join(opts.root, path), encoding='utf-8', errors='replace') as f:
            check_file(tree, path, f.read(), report)
    for path, line, message in found:
        print(f'{path}:{line}: {message}')
    if found:
        nfiles = len({p for p, _, _ in found})
        print(f'check_layout: {len(found)} violation(s) in {nfiles} file(s) '
              f'({len(tree.files)} files checked); see docs/layout.md')
        return 1
    print(f'check_layout: {len(tree.files)} files checked, the layout holds')
    return 0


if __name__ == '__main__':
    sys.exit(main())
