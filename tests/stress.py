#!/usr/bin/env python3
"""`make torture` and `make fuzz`: one long boot of the io_uring torture test or SQE fuzzer.

    python3 tests/stress.py torture --kernel build/ringlet.elf [--cpus 4] [--duration 60]
        [--ops N] [--rng-seed N] [--cmdline "more options"]
    python3 tests/stress.py fuzz --kernel build/ringlet.elf [--cpus 4] [--inputs 100000]
        [--rng-seed N] [--cmdline "more options"]

Builds an ISO whose command line selects the suite and sets its budget (scripts/mkiso.sh),
boots it once under tests/run.py's QEMU contract with a timeout scaled to the budget, checks
the log with tests/ktap.py, and prints the suite's summary, then 'N passed, N failed'.

The summary adds what only the log shows to what the kernel counted: every crash report,
panic or hang is a crash for the fuzzer and an error for the torture test.  The fuzzer boots
with panic_on_warn, as syzkaller's machines do, so its first report ends the boot.  A boot
that ends before the kernel's summary line still reports its RNG seed, for the replay.
"""
import argparse
import os
import re
import subprocess
import sys
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
import run   # noqa: E402

BOOT_SECONDS = 120        # boot plus teardown, generously, under a loaded TCG host
FUZZ_INPUTS_PER_SECOND = 500    # a floor: 2-core host, 1,300/s at -smp 8, 4,500 or more at -smp 4
TORTURE_OPS_PER_SECOND = 700    # a floor: about 2,000/s at -smp 2 and 4 on a 2-core host

RE_RNG_SEED = {'torture': re.compile(r'# uring_torture: rng_seed=(\d+)'),
               'fuzz': re.compile(r'# uring_fuzz: rng_seed=(\d+)')}
RE_SUMMARY = {'torture': re.compile(r'# uring_torture: ops=(\d+) errors=(\d+) rng_seed=(\d+) cpus=(\d+)'),
              'fuzz': re.compile(r'# uring_fuzz: inputs=(\d+) crashes=(\d+) rng_seed=(\d+)')}
RE_STATS = re.compile(r'# (uring_torture|uring_fuzz): (?!rng_seed=|ops=|inputs=)(.*)')
# ktest_fail's "# test: file:line: ..." lines, but not those that repeat a report's title.
RE_FAILURE = re.compile(r'^\s*# \S+: \S+:\d+: (?!unexpected report: )')


def kernel_cmdline(opts):
    if opts.what == 'torture':
        parts = ['ktest.filter=uring_torture.*']
        if opts.duration:
            parts.append(f'uring_torture.seconds={opts.duration}')
        if opts.ops:
            parts.append(f'uring_torture.ops={opts.ops}')
        if opts.rng_seed is not None:
            parts.append(f'uring_torture.rng_seed={opts.rng_seed}')
    else:
        parts = ['panic_on_warn', 'ktest.filter=uring_fuzz.*', f'uring_fuzz.inputs={opts.inputs}']
        if opts.rng_seed is not None:
            parts.append(f'uring_fuzz.rng_seed={opts.rng_seed}')
    # Each request its own checked allocation, so one used after its free meets the poison
    # (kernel/uring/req_alloc.c); --cmdline io_uring.req_cache=1 overrides it (last wins).
    parts.append('io_uring.req_cache=0')
    return ' '.join(parts + opts.cmdline.split())


def timeout(opts):
    if opts.what == 'torture':
        if opts.ops and not opts.duration:
            return opts.ops / TORTURE_OPS_PER_SECOND + BOOT_SECONDS
        return opts.duration + BOOT_SECONDS
    return opts.inputs / FUZZ_INPUTS_PER_SECOND + BOOT_SECONDS


def summarize(opts, text, res, hung):
    """The summary line: the kernel's, with the log's crashes added, or what is known."""
    lines = ktap.split_lines(text)
    rng_seed = next((m.group(1) for m in map(RE_RNG_SEED[opts.what].search, lines) if m), '?')
    summary = next((m for m in map(RE_SUMMARY[opts.what].search, lines) if m), None)
    from_log = len(res.reports) + (1 if hung else 0)
    for line in lines:
        m = RE_STATS.search(line)
        if m:
            print(f'{m.group(1)}: {m.group(2)}')
    if opts.what == 'torture':
        if summary:
            ops, errors, rng_seed, cpus = summary.groups()
            return (f'uring_torture: ops={ops} errors={int(errors) + from_log} '
                    f'rng_seed={rng_seed} cpus={cpus}')
        failures = sum(1 for line in lines if RE_FAILURE.match(line))
        return (f'uring_torture: ops=? errors={max(1, failures + from_log)} rng_seed={rng_seed} '
                f'cpus={opts.cpus} (the boot ended before the summary)')
    if summary:
        inputs, crashes, rng_seed = summary.groups()
        return f'uring_fuzz: inputs={inputs} crashes={int(crashes) + from_log} rng_seed={rng_seed}'
    failures = sum(1 for line in lines if RE_FAILURE.match(line))
    return (f'uring_fuzz: inputs=? crashes={max(1, failures + from_log)} rng_seed={rng_seed} '
            f'(the boot ended before the summary)')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('what', choices=['torture', 'fuzz'])
    ap.add_argument('--kernel', required=True)
    ap.add_argument('--cpus', type=int, default=4)
    ap.add_argument('--duration', type=int, help='torture: seconds (default 60 unless --ops)')
    ap.add_argument('--ops', type=int, help='torture: operations (whichever limit comes first)')
    ap.add_argument('--inputs', type=int, default=100000, help='fuzz: inputs (default 100000)')
    ap.add_argument('--rng-seed', type=int, help='RNG seed (default: the kernel picks one)')
    ap.add_argument('--cmdline', default='', help='more kernel options')
    ap.add_argument('--logdir', default='build/logs')
    ap.add_argument('-v', '--verbose', action='store_true')
    opts = ap.parse_args(argv)
    if opts.what == 'torture' and not opts.duration and not opts.ops:
        opts.duration = 60
    os.makedirs(opts.logdir, exist_ok=True)

    cmdline = kernel_cmdline(opts)
    iso = os.path.join(os.path.dirname(opts.kernel), f'{opts.what}.iso')
    subprocess.run([os.path.join('scripts', 'mkiso.sh'), opts.kernel, cmdline, iso], check=True)
    print(f'== {opts.what}: "{cmdline}" at -smp {opts.cpus}, timeout {timeout(opts):.0f}s',
          flush=True)
    args = SimpleNamespace(iso=iso, label=opts.what, logdir=opts.logdir, timeout=timeout(opts),
                           mem='256M', qemu_extra='', qemu='qemu-system-x86_64',
                           expect_panic=None, verbose=opts.verbose)
    base = os.path.join(opts.logdir, f'{opts.what}-smp{opts.cpus}')
    status, _, ran = run.boot(args, opts.cpus, base + '.log', base + '.qemu.log')
    text = ktap.read_log(base + '.log') if os.path.exists(base + '.log') else ''
    res = ktap.check_log(text, status, None)
    if status is None:
        res.problems.insert(0, ktap.Problem('hang', f'hang: QEMU still running after '
                                            f'{args.timeout:g}s, killed'))
    for line in ktap.format_result(res, f'smp={opts.cpus}', opts.verbose):
        print(line)
    print(f'{opts.what}: QEMU ran {ran:.0f}s, serial log {base}.log')
    print(summarize(opts, text, res, status is None))
    passed, failed, skipped = res.counts()
    print(ktap.totals_line(passed, failed, skipped))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
