#!/usr/bin/env python3
"""Runs clang-tidy over the kernel's C files; prints what is not suppressed.

    scripts/clang_tidy.py [-j N] [FILE.c ...]

Uses the clang-adjusted compile database that `scripts/compile_commands.py
--clang build/clang-tidy` writes (scripts/static-check.sh makes it first),
force-includes scripts/analyzer-model.h (see there), and runs one clang-tidy
per file, N at a time: clang-tidy 14 given several files in one process
carries analyzer state across them (va_start goes unrecognised after the
first file and every va_list reads as uninitialised).

Suppressions are in tests/clang-tidy-suppressions.txt, one `check:path` per
line, path being the file the warning is in or the .c file analysed.  A
suppression that matches nothing is an error, so stale ones get removed.
Exits 1 on any finding, unmatched suppression or clang-tidy failure.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB_DIR = os.path.join(ROOT, "build", "clang-tidy")
MODEL = os.path.join(ROOT, "scripts", "analyzer-model.h")
SUPPRESSIONS = os.path.join(ROOT, "tests", "clang-tidy-suppressions.txt")

# The clang static analyzer and the bug-finding checks, minus those that
# only restate this kernel's idioms (see docs/static-analysis.md).
CHECKS = ",".join([
    "-*",
    "clang-analyzer-*",
    # memcpy/memset/snprintf "should be" C11 Annex K *_s functions.
    "-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling",
    "bugprone-*",
    # Kernel style: __names are ours to use (freestanding, no libc).
    "-bugprone-reserved-identifier",
    "-bugprone-easily-swappable-parameters",
    # list_for_each_entry(pos, head, member), container_of(ptr, type, member):
    # type, member and lvalue arguments cannot be parenthesised.
    "-bugprone-macro-parentheses",
    # this_cpu_read()'s switch (sizeof(var)) on pointer-typed per-CPU
    # variables (`current`); sizeof(ptr) in mem*() is gcc -Wall's job.
    "-bugprone-sizeof-expression",
    # 64 * 1024, 3 * PAGE_SIZE: small int constants everywhere.
    "-bugprone-implicit-widening-of-multiplication-result",
    # if (!strcmp(a, b)) is the kernel idiom.
    "-bugprone-suspicious-string-compare",
    "misc-redundant-expression",
])

WARNING = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): "
                     r"(?P<kind>warning|error): (?P<msg>.*?)(?: \[(?P<check>[^\]]+)\])?$")


def rel(path):
    path = os.path.normpath(os.path.join(ROOT, path))
    return os.path.relpath(path, ROOT)


def load_suppressions():
    entries = []
    with open(SUPPRESSIONS) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            check, sep, path = line.partition(":")
            if not sep or not check or not path:
                sys.exit("%s:%d: expected check:path" % (rel(SUPPRESSIONS), n))
            entries.append((check, path))
    return entries


def run_one(tidy, src):
    cmd = [tidy, "-p", DB_DIR, "--quiet", "--checks=" + CHECKS, "--header-filter=.*",
           "--extra-arg=-include", "--extra-arg=" + MODEL, src]
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    return src, p.returncode, p.stdout, p.stderr


def parse(src, out):
    """Findings as (key, text): key = (path, line, col, check, msg)."""
    findings, cur = [], None
    for line in out.splitlines():
        m = WARNING.match(line)
        if m:
            key = (rel(m["path"]), int(m["line"]), int(m["col"]),
                   m["check"] or "clang-diagnostic-" + m["kind"], m["msg"])
            cur = [key, src, [line]]
            findings.append(cur)
        elif cur is not None:
            cur[2].append(line)
    return findings


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--verbose", "-v", action="store_true", help="print each finding's notes")
    ap.add_argument("files", nargs="*")
    opts = ap.parse_args()

    tidy = shutil.which("clang-tidy") or shutil.which("clang-tidy-14")
    if not tidy:
        sys.exit("clang_tidy: clang-tidy not found")
    db = os.path.join(DB_DIR, "compile_commands.json")
    if not os.path.exists(db):
        sys.exit("clang_tidy: no %s; run scripts/compile_commands.py --clang build/clang-tidy"
                 % rel(db))
    with open(db) as f:
        files = [e["file"] for e in json.load(f)]
    if opts.files:
        want = {rel(x) for x in opts.files}
        files = [x for x in files if rel(x) in want]
    suppressions = load_suppressions()
    used = set()

    failed, seen, shown = [], set(), 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.j)) as pool:
        for src, rc, out, err in pool.map(lambda s: run_one(tidy, s), files):
            found = parse(rel(src), out)
            if rc != 0 and not found:
                failed.append(src)
                sys.stdout.write("clang-tidy failed on %s (status %d):\n%s%s" % (src, rc, out, err))
                continue
            for key, tu, text in found:
                path, check = key[0], key[3]
                hit = [s for s in suppressions if s[0] == check and s[1] in (path, tu)]
                if hit:
                    used.update(hit)
                    continue
                if key in seen:	# a header's warning, once per file including it
                    continue
                seen.add(key)
                shown += 1
                text = text if opts.verbose else text[:3]
                print("\n".join(t.replace(ROOT + os.sep, "") for t in text))
    stale = [s for s in suppressions if s not in used and not opts.files]
    for check, path in stale:
        print("%s: unmatched suppression %s:%s" % (rel(SUPPRESSIONS), check, path))
    if shown or failed or stale:
        print("clang_tidy: %d finding(s), %d failure(s), %d unmatched suppression(s) in %d files"
              % (shown, len(failed), len(stale), len(files)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
