#!/usr/bin/env python3
"""Checks that C lines changed since the clang-format baseline follow .clang-format.

    scripts/clang_format_check.py [--base REV] [--fix] [FILE ...]

The tree is not clang-formatted and will not be: the baseline commit in
tests/clang-format-base grandfathers every line it has.  Lines added or
changed since then (committed, staged, unstaged, or in new untracked .c/.h
files) must be as `clang-format --lines` would make them, except that

  - the width of whitespace inside a line is free: a tab before a
    trailing comment or between a #define's name and value, as the tree
    aligns them, is as good as clang-format's spaces (its presence and the
    indentation are still checked);
  - preprocessor directives (#define bodies and their continuation lines)
    are not checked: the tree hand-formats its macros;
  - moved code keeps its grandfathering: a changed line that, together with
    the line before or after it, appears as two consecutive lines of some
    C file at the baseline was moved (a file renamed, a test carried to
    another file), not written, and is not checked.

Prints a diff per offending hunk and exits 1; --fix rewrites those lines
instead (whole clang-format output for the changed ranges).
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE_FILE = os.path.join(ROOT, "tests", "clang-format-base")
# Headers only the assembler includes (.macro bodies): not C.
EXCLUDE = {"arch/x86_64/include/asm/long_mode.h", "arch/x86_64/include/asm/uaccess_asm.h",
           "arch/x86_64/include/asm/calling.h"}
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
INNER_WS = re.compile(r"(?<=\S)[ \t]+(?=\S)")


def git(*args, check=True):
    p = subprocess.run(["git"] + list(args), cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    if check and p.returncode:
        sys.exit("clang_format_check: git %s: %s" % (" ".join(args), p.stderr.strip()))
    return p


def read_base():
    with open(BASE_FILE) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                return line
    sys.exit("clang_format_check: no commit in %s" % os.path.relpath(BASE_FILE, ROOT))


def ensure_commit(base):
    if git("cat-file", "-e", base + "^{commit}", check=False).returncode == 0:
        return
    shallow = git("rev-parse", "--is-shallow-repository", check=False).stdout.strip()
    if shallow == "true":
        print("clang_format_check: baseline %s not in this shallow clone; fetching history" % base)
        git("fetch", "--quiet", "--unshallow", check=False)
        if git("cat-file", "-e", base + "^{commit}", check=False).returncode == 0:
            return
    sys.exit("clang_format_check: baseline commit %s is not in this repository "
             "(a shallow clone? run: git fetch --unshallow)" % base)


def is_c(path):
    return path.endswith((".c", ".h")) and path not in EXCLUDE


def changed_files(base):
    out = git("diff", "--name-only", "--diff-filter=d", base, "--").stdout.split()
    new = git("ls-files", "--others", "--exclude-standard").stdout.split()
    return sorted({p for p in out if is_c(p)}), sorted(p for p in new if is_c(p))


def changed_ranges(base, path):
    """1-based inclusive line ranges of path (working tree) that differ from base."""
    ranges = []
    for line in git("diff", "-U0", "--no-color", "--no-ext-diff", base, "--", path).stdout.splitlines():
        m = HUNK.match(line)
        if m:
            start, count = int(m.group(1)), int(m.group(2) or "1")
            if count:
                ranges.append((start, start + count - 1))
    return ranges


def base_pairs(base):
    """Every pair of consecutive lines (stripped) in the baseline's C files."""
    pairs = set()
    names = git("ls-tree", "-r", "--name-only", base).stdout.split()
    for name in names:
        if not is_c(name):
            continue
        lines = [x.strip() for x in git("show", "%s:%s" % (base, name)).stdout.splitlines()]
        pairs.update(zip(lines, lines[1:]))
    return pairs


def drop_moved(path, ranges, pairs):
    """ranges minus the lines that were moved from elsewhere (see the docstring)."""
    with open(os.path.join(ROOT, path)) as f:
        lines = [x.strip() for x in f.read().splitlines()]
    keep = []
    for a, b in ranges:
        for n in range(a, b + 1):
            i = n - 1
            moved = (i > 0 and (lines[i - 1], lines[i]) in pairs) or \
                (i + 1 < len(lines) and (lines[i], lines[i + 1]) in pairs)
            if moved:
                continue
            if keep and keep[-1][1] == n - 1:
                keep[-1] = (keep[-1][0], n)
            else:
                keep.append((n, n))
    return keep


def preprocessor_lines(lines):
    """For each line, whether it is part of a preprocessor directive."""
    flags, cont = [], False
    for line in lines:
        pp = cont or line.lstrip().startswith("#")
        flags.append(pp)
        cont = pp and line.rstrip().endswith("\\")
    return flags


def norm(line):
    indent = len(line) - len(line.lstrip(" \t"))
    return line[:indent] + INNER_WS.sub(" ", line[indent:])


def check_file(tool, path, ranges, fix):
    with open(os.path.join(ROOT, path)) as f:
        text = f.read()
    orig = text.splitlines()
    cmd = [tool, "--style=file", "--assume-filename=" + path]
    cmd += ["--lines=%d:%d" % r for r in ranges]
    out = subprocess.run(cmd, cwd=ROOT, input=text, stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    fmt = out.splitlines()
    pp_orig, pp_fmt = preprocessor_lines(orig), preprocessor_lines(fmt)
    changed = set()
    for a, b in ranges:
        changed.update(range(a - 1, b))
    bad = []
    sm = difflib.SequenceMatcher(None, orig, fmt, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        touched = set(range(i1, i2)) if i2 > i1 else {i1 - 1, i1}
        if not touched & changed:
            continue	# clang-format's own reach beyond the changed lines
        if [norm(x) for x in orig[i1:i2]] == [norm(x) for x in fmt[j1:j2]]:
            continue	# alignment whitespace only
        if all(pp_orig[i1:i2]) and all(pp_fmt[j1:j2]):
            continue	# a preprocessor directive
        bad.append((i1, i2, j1, j2))
    if not bad:
        return 0
    if fix:
        new = list(orig)
        for i1, i2, j1, j2 in reversed(bad):
            new[i1:i2] = fmt[j1:j2]
        with open(os.path.join(ROOT, path), "w") as f:
            f.write("\n".join(new) + ("\n" if text.endswith("\n") else ""))
        print("clang_format_check: fixed %d hunk(s) in %s" % (len(bad), path))
        return 0
    for i1, i2, j1, j2 in bad:
        print("--- %s:%d (as written)\n+++ %s:%d (clang-format)" % (path, i1 + 1, path, j1 + 1))
        for line in orig[i1:i2]:
            print("-" + line)
        for line in fmt[j1:j2]:
            print("+" + line)
    return len(bad)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", help="baseline commit (default: tests/clang-format-base)")
    ap.add_argument("--fix", action="store_true", help="rewrite the offending lines")
    ap.add_argument("files", nargs="*", help="only these files")
    opts = ap.parse_args()

    tool = shutil.which("clang-format") or shutil.which("clang-format-14")
    if not tool:
        sys.exit("clang_format_check: clang-format not found")
    base = opts.base or read_base()
    ensure_commit(base)
    tracked, untracked = changed_files(base)
    work = [(p, changed_ranges(base, p)) for p in tracked]
    for p in untracked:
        with open(os.path.join(ROOT, p)) as f:
            n = len(f.read().splitlines())
        if n:
            work.append((p, [(1, n)]))
    pairs = base_pairs(base)
    work = [(p, drop_moved(p, r, pairs)) for p, r in work]
    if opts.files:
        want = {os.path.relpath(os.path.abspath(x), ROOT) for x in opts.files}
        work = [w for w in work if w[0] in want]
    hunks = files = 0
    for path, ranges in work:
        if not ranges:
            continue
        n = check_file(tool, path, ranges, opts.fix)
        hunks += n
        files += n > 0
    lines = sum(b - a + 1 for _, rs in work for a, b in rs)
    if hunks:
        print("clang_format_check: %d hunk(s) in %d file(s) differ from clang-format "
              "(baseline %s, %d changed lines checked); fix by hand or run %s --fix"
              % (hunks, files, base[:12], lines, os.path.relpath(__file__, ROOT)))
        return 1
    print("clang_format_check: %d changed line(s) in %d file(s) since %s conform"
          % (lines, len([w for w in work if w[1]]), base[:12]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
