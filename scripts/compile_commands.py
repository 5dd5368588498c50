#!/usr/bin/env python3
"""Writes build/compile_commands.json from the Makefile, without building.

The commands are the Makefile's own: `make -n -B V=1` prints the compile
recipe of every object in $(OBJS) (every .c and .S under arch/x86_64/,
kernel/ and lib/), and each line with `-c SRC -o OBJ` becomes an
entry.  Nothing is compiled and no network is needed.

    scripts/compile_commands.py            build/compile_commands.json,
                                           plus a top-level symlink to it
    scripts/compile_commands.py --clang DIR
                                           the same commands adjusted for
                                           clang tooling (clang-tidy), in
                                           DIR/compile_commands.json

--clang swaps gcc for clang, drops the gcc-only flags clang rejects and the
dependency-file and -Werror flags; C files only (no assembler).
"""
import argparse
import json
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# gcc flags clang 14 rejects ("unknown argument") or that only matter to a
# real compile (dependency files, warnings as errors).
CLANG_DROP = {"-fno-toplevel-reorder", "-fno-shrink-wrap", "-MMD", "-MP", "-Werror"}


def make_commands():
    """The compile command of every object, as make would run it."""
    # The extra makefile on stdin is read after the Makefile, so $(OBJS)
    # is set by then (--eval would run before it).
    out = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", "V=1", "-f", "Makefile", "-f", "-",
         "__compile_commands"],
        input="__compile_commands: $(OBJS)\n", cwd=ROOT, check=True,
        stdout=subprocess.PIPE, universal_newlines=True).stdout
    entries = []
    for line in out.splitlines():
        try:
            args = shlex.split(line)
        except ValueError:
            continue
        if "-c" not in args or "-o" not in args:
            continue
        i = args.index("-c")
        if i + 1 >= len(args):
            continue
        src = args[i + 1]
        obj = args[args.index("-o") + 1]
        entries.append({"directory": ROOT, "arguments": args, "file": src, "output": obj})
    return entries


def for_clang(entry):
    args = [a for a in entry["arguments"] if a not in CLANG_DROP]
    args[0] = "clang"
    return dict(entry, arguments=args)


def write(path, entries):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(entries, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clang", metavar="DIR", help="write a clang-adjusted database to DIR")
    opts = ap.parse_args()

    entries = make_commands()
    if not entries:
        sys.exit("compile_commands: `make -n` printed no compile commands")
    if opts.clang:
        entries = [for_clang(e) for e in entries if e["file"].endswith(".c")]
        write(os.path.join(opts.clang, "compile_commands.json"), entries)
        return
    path = os.path.join(ROOT, "build", "compile_commands.json")
    write(path, entries)
    # Editors look at the top level; the link is git-ignored.
    link = os.path.join(ROOT, "compile_commands.json")
    if os.path.islink(link) or not os.path.exists(link):
        if os.path.islink(link):
            os.unlink(link)
        os.symlink(os.path.join("build", "compile_commands.json"), link)
    print("compile_commands: %d entries in %s" % (len(entries), os.path.relpath(path, ROOT)))


if __name__ == "__main__":
    main()
