#!/usr/bin/env python3
"""make compare-linux BENCH=1: the same benchmark binary on Debian's Linux 6.1 and on ringlet,
timed under the same QEMU, and docs/perf.md written from the medians.

tests/compare_linux.py --bench calls run_bench().  The archive is the bench initramfs
(build/bench.cpio: the usual one plus user/bench's programs at /bin/bench/NAME), and both
kernels are told to pass init the directory /bin/bench ('-- /bin/bench' on the command line:
Linux and ringlet both hand the words after '--' to init), so user/init.c runs only the
benchmarks, relays their lines as '# NAME: ...' and powers off as it does after the suite.
Each program prints one line per case, 'bench: CASE ns_per_op=N iters=N' (seed_workload's
updates: 'bench: CASE ns_per_update=N updates=N inflight=N reads=N'), or
'bench: CASE failed...' when a case could not run; a case name is unique across programs.

The seed's workload (user/bench/seed_workload.c) gets its own table: its cases are named
seed_PATH_MODE, MODE 'default' on Linux and, on ringlet, 'generations' and 'quiesce' (the two
update designs of one boot; 'default' where the kernel lacks the mode switch).  The table sets
ringlet's generations beside Linux and beside ringlet's own quiesce mode.

Boots go Linux, ringlet, Linux, ringlet... (--boots of each at every --smp), so a change in the
host's load falls on both kernels alike.  Every boot also gives the time from QEMU's start to
the first user line (compare_linux's user_document).  Per kernel, -smp and case the median of
the boots is taken; the report gives those, the ratio ringlet/Linux and the issue's targets
(CASES) met or not, every boot's value, and each failure.  Its Gaps section, between the
GAPS_BEGIN and GAPS_END markers, is hand-written: it is carried over from the old file, and
everything else is rewritten.  The exit status is 1 if a boot had a problem (crash report,
no document, cut short) or a case failed, else 0: a target missed is reported, not an error.
"""
import argparse
import datetime
import os
import re
import shlex
import statistics
import subprocess
import time
from dataclasses import dataclass
from types import SimpleNamespace

import compare_linux as cl
import run

BENCH_DIR = '/bin/bench'
LINUX_CMDLINE = f'{cl.LINUX_CMDLINE} -- {BENCH_DIR}'
RINGLET_CMDLINE = f'{cl.RINGLET_CMDLINE} -- {BENCH_DIR}'
RE_BENCH = re.compile(r'^bench: (\S+) ns_per_op=(\d+) iters=(\d+)$')
RE_SEED = re.compile(r'^bench: (\S+) ns_per_update=(\d+) updates=(\d+) inflight=(\d+) '
                     r'reads=(\d+)$')
RE_FAILED = re.compile(r'^bench: (\S+) failed(?: after (\d+) rounds \((\d+) ns each\))?: (.*)$')
BOOT = 'boot_to_first_line'
GAPS_BEGIN = '<!-- gaps: begin (hand-written; make compare-linux BENCH=1 keeps it) -->'
GAPS_END = '<!-- gaps: end -->'
GAPS_DEFAULT = 'No gap explained yet.'

# (case, what one operation is, target: ringlet/Linux at most; None for a baseline)
CASES = [
    ('nop_batch32', 'NOP submitted and completed in batches of 32; per NOP', 1.0),
    ('update1_table64', 'one-slot `io_uring_register_files_update`, table of 64', 0.5),
    ('update1_table1024', 'the same, table of 1024 (the seed\'s size)', 0.5),
    ('register64_unregister', 'register 64 files, then unregister; per pair', 0.5),
    ('fixed_read_pipe', '`write(2)` 1 byte, then a fixed-file READ of it from the pipe', 1.0),
    ('fixed_read_pipe_nonblock', 'the same, the pipe `O_NONBLOCK` (Linux 6.1 hands a blocking '
     'pipe\'s read to an io-wq worker, this one it reads inline)', 1.0),
    ('pipe_write_read', 'baseline: the same byte by `write(2)` and `read(2)`', None),
    ('syscall_getppid', 'baseline: one `getppid(2)`', None),
    (BOOT, 'wall time from QEMU\'s start to the first user line (GRUB included)', 0.2),
]

# The seed's workload, user/bench/seed_workload.c: (path, what one operation is).  Its cases
# are f'seed_{path}_{mode}'; ringlet's 'generations' is compared with Linux's 'default'.
SEED_PATHS = [
    ('update', 'one-slot `io_uring_register_files_update` of a 1024-slot table while 2 other '
     'processes sharing the ring keep 4 fixed-file reads of `/dev/zero` each going'),
    ('opupdate', 'the same by `IORING_OP_FILES_UPDATE` (a quiesce ring refuses it, as Linux '
     '5.5 had no such opcode)'),
    ('unregister', 'unregister the table, those reads still going; per unregister'),
]
SEED_MODES = ['default', 'generations', 'quiesce']


def seed_cases():
    return [f'seed_{path}_{mode}' for path, _ in SEED_PATHS for mode in SEED_MODES]


def all_cases():
    """Every case name the report lists: CASES, then the seed's."""
    return [case for case, _, _ in CASES] + seed_cases()


def bench_results(doc):
    """({case: value}, {case: Failure}) from a user document: ns per op for each 'bench:'
    line, the seconds to the first user line as BOOT, and each case that failed."""
    values, failures = {}, {}
    for lines in doc.blocks.values():
        for line in lines:
            d = cl.RE_DIAG.match(line)
            m = (RE_BENCH.match(d.group(2)) or RE_SEED.match(d.group(2))) if d else None
            f = RE_FAILED.match(d.group(2)) if d else None
            if m:
                values[m.group(1)] = float(m.group(2))
            elif f:
                failures[f.group(1)] = Failure(int(f.group(2) or 0), int(f.group(3) or 0),
                                               f.group(4))
    if doc.first_line is not None:
        values[BOOT] = doc.first_line
    return values, failures


@dataclass(frozen=True)
class Failure:
    """A case that could not finish: rounds done (0: its setup failed), their mean time."""
    rounds: int
    ns_each: int
    what: str


def fmt(case, value):
    """A value for the tables: seconds for BOOT, else ns, us or ms by size."""
    if value is None:
        return '-'
    if case == BOOT:
        return f'{value:.2f} s'
    if value >= 1e6:
        return f'{value / 1e6:.2f} ms'
    return f'{value / 1e3:.1f} us' if value >= 1e4 else f'{value:.0f} ns'


def fmt_ratio(r):
    """Two decimals, or two significant digits below 0.1 (where 0.00 would hide the size)."""
    if r is None:
        return '-'
    return f'{r:.2f}' if r >= 0.1 else f'{r:.2g}'


def median(values):
    return statistics.median(values) if values else None


def ratio(linux, ringlet):
    return ringlet / linux if linux and ringlet is not None else None


def verdict(target, ratios, smps):
    """'met' iff every -smp has a ratio within target; else why not."""
    if target is None:
        return 'baseline'
    missing = [str(smp) for smp, r in zip(smps, ratios) if r is None]
    if missing or not ratios:
        return f'not met (no ratio at -smp {", ".join(missing)})'
    return 'met' if all(r <= target for r in ratios) else 'not met'


def old_gaps(path):
    """The hand-written Gaps text of the report at path (markers excluded), or the default."""
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        return GAPS_DEFAULT
    start, end = text.find(GAPS_BEGIN), text.find(GAPS_END)
    if start < 0 or end < start:
        return GAPS_DEFAULT
    return text[start + len(GAPS_BEGIN):end].strip('\n') or GAPS_DEFAULT


def failure_lines(failures, smps):
    """One line per (side, case) that failed: in how many boots, how far it got, and why."""
    out = []
    for side in cl.SIDES:
        for case in all_cases():
            seen = [(smp, k, f) for (s, smp, k, c), f in failures.items()
                    if s == side and c == case and smp in smps]
            if not seen:
                continue
            seen.sort(key=lambda x: x[:2])
            whats = sorted({f.what for _, _, f in seen})
            done = ', '.join(f'-smp {smp} boot {k + 1}: '
                             + (f'{f.rounds} at {f.ns_each} ns' if f.rounds else 'setup')
                             for smp, k, f in seen)
            out.append(f'- {side}, `{case}`: failed in {len(seen)} boot(s): '
                       + '; '.join(whats) + f' (rounds done first: {done})')
    return out


def report(res, opts, smps):
    """docs/perf.md's text from the results (res: values, failures, problems, setup)."""
    med = {(side, smp, case): median(res.values.get((side, smp, case), []))
           for side in cl.SIDES for smp in smps for case, _, _ in CASES}
    out = ['# Performance: ringlet against Linux 6.1, the same binary', '',
           '<!-- Written by `make compare-linux BENCH=1` (tests/compare_bench.py): everything '
           'but the Gaps section is rewritten by each run. -->', '',
           'Issue 14 asks for an io_uring request path at least as fast as Linux\'s, on the same '
           'binary under the same QEMU. `user/bench/uring_bench.c` (static musl, Debian\'s '
           'liburing.a) times each case below with `CLOCK_MONOTONIC` over about 0.8 s of '
           'repetitions, checking every result; both kernels boot the same archive with init '
           'running only `/bin/bench` (docs/compare-linux.md, "Benchmarks"). A value is the '
           f'median of {opts.boots} boots; the ratio is ringlet/Linux, lower is better for '
           'ringlet. Under TCG a guest runs at a fraction of the host\'s speed, and both kernels '
           'share the host with whatever else runs: ratios mean more than the absolute numbers.',
           '', '## Setup', '']
    out += [f'- {k}: {v}' for k, v in res.setup]
    out += ['', '## Targets', '',
            '| target | ringlet/Linux at most | '
            + ' | '.join(f'-smp {smp}' for smp in smps) + ' | |',
            '|---|---|' + '---|' * len(smps) + '---|']
    for case, what, target in CASES:
        if target is None:
            continue
        ratios = [ratio(med['linux', smp, case], med['ringlet', smp, case]) for smp in smps]
        out.append(f'| `{case}` | {target:.1f} | ' + ' | '.join(map(fmt_ratio, ratios))
                   + f' | {verdict(target, ratios, smps)} |')
    out += seed_table(res, opts, smps)
    out += ['', '## Medians', '',
            f'Of the boots where the case ran; "(n of {opts.boots})" where it failed in some '
            '(see Failures).', '',
            '| case | -smp | Linux | ringlet | ringlet/Linux |', '|---|---|---|---|---|']
    for case, what, _ in CASES:
        for smp in smps:
            cells = []
            for side in cl.SIDES:
                n = len(res.values.get((side, smp, case), []))
                cells.append(fmt(case, med[side, smp, case])
                             + (f' ({n} of {opts.boots})' if 0 < n < opts.boots else ''))
            r = ratio(med['linux', smp, case], med['ringlet', smp, case])
            out.append(f'| `{case}` | {smp} | {cells[0]} | {cells[1]} | {fmt_ratio(r)} |')
    out += ['', 'What one operation is:', '']
    out += [f'- `{case}`: {what}' for case, what, _ in CASES]
    out += ['', '## Every boot', '',
            '| case | -smp | Linux, each boot | ringlet, each boot |', '|---|---|---|---|']
    for case in all_cases():
        if case in seed_cases() and not any(res.values.get((side, smp, case))
                                            for side in cl.SIDES for smp in smps):
            continue  # a mode this run's kernels did not have
        for smp in smps:
            cells = [', '.join(fmt(case, v) for v in res.values.get((side, smp, case), []))
                     or '-' for side in cl.SIDES]
            out.append(f'| `{case}` | {smp} | {cells[0]} | {cells[1]} |')
    fails = failure_lines(res.failures, smps)
    if fails or res.problems:
        out += ['', '## Failures', '']
        out += fails + [f'- {p}' for p in res.problems]
    out += ['', '## Gaps', '', GAPS_BEGIN, old_gaps(opts.perf), GAPS_END, '']
    return '\n'.join(out)


def seed_table(res, opts, smps):
    """The seed's workload section: Linux's default design, ringlet's generations (its
    default where the kernel lacks the mode switch) and quiesce, and the two ratios."""
    def med(side, smp, path, mode):
        return median(res.values.get((side, smp, f'seed_{path}_{mode}'), []))

    out = ['', '## The seed\'s workload', '',
           '`user/bench/seed_workload.c` does what the seed (Linux cbb537634780) measured with '
           'liburing\'s `test/file-register`, 14 s before and 0.7 s after: one-slot updates of a '
           'large fixed-file table while fixed-file I/O runs, and unregister. On ringlet one boot '
           'runs both update designs (`IORING_REGISTER_RINGLET_UPDATE_MODE`, docs/uring.md '
           'section 5): **generations**, the default (a `percpu_ref` per table generation: an '
           'update waits for nothing), and **quiesce**, Linux 5.5\'s (every register call stops '
           'the ring: a grace period and all I/O drained). Linux 6.1 runs its own design '
           '(default); a ringlet without the mode switch runs only its default, shown as '
           'generations. Medians of the boots; lower is better.', '',
           '| case | -smp | Linux | ringlet generations | generations/Linux '
           '| ringlet quiesce | quiesce/generations |',
           '|---|---|---|---|---|---|---|']
    for path, _ in SEED_PATHS:
        case = f'seed_{path}'
        for smp in smps:
            linux = med('linux', smp, path, 'default')
            gen = med('ringlet', smp, path, 'generations')
            if gen is None:
                gen = med('ringlet', smp, path, 'default')
            qui = med('ringlet', smp, path, 'quiesce')
            out.append(f'| `{case}` | {smp} | {fmt(case, linux)} | {fmt(case, gen)} | '
                       f'{fmt_ratio(ratio(linux, gen))} | {fmt(case, qui)} | '
                       f'{fmt_ratio(ratio(gen, qui))} |')
    out += ['', 'What one operation is:', '']
    out += [f'- `seed_{path}`: {what}' for path, what in SEED_PATHS]
    return out


def git_head():
    try:
        return subprocess.run(['git', '-C', cl.ROOT, 'describe', '--always', '--dirty'],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


def qemu_version(qemu):
    try:
        out = subprocess.run([qemu, '--version'], capture_output=True, text=True).stdout
        return out.splitlines()[0] if out else 'unknown'
    except OSError:
        return 'unknown'


def run_bench(opts):
    """Boots, measures and writes opts.perf; the exit status (see the module's docstring)."""
    t0 = time.monotonic()
    smps = [int(n) for n in str(opts.smp).split(',')]
    os.makedirs(opts.logdir, exist_ok=True)
    isos = {s: os.path.join(os.path.dirname(opts.kernel), f'bench-{s}.iso') for s in cl.SIDES}
    cl.linux_iso(opts.linux, opts.initramfs, isos['linux'], LINUX_CMDLINE)
    cl.ringlet_iso(opts.kernel, opts.initramfs, isos['ringlet'], RINGLET_CMDLINE)
    qargs = SimpleNamespace(qemu='qemu-system-x86_64', mem=opts.mem, iso='ISO', qemu_extra='')
    qemu_line = shlex.join(run.qemu_command(qargs, 'N', 'LOG'))
    print(f'compare-linux BENCH: {os.path.basename(opts.linux)} and ringlet, {opts.boots} '
          f'boot(s) each at -smp {",".join(map(str, smps))}, init running {BENCH_DIR} from '
          f'{opts.initramfs}; QEMU: {qemu_line}', flush=True)
    res = SimpleNamespace(values={}, failures={}, problems=[])
    for smp in smps:
        for k in range(opts.boots):
            for side in cl.SIDES:
                o = argparse.Namespace(**vars(opts))
                o.cpus = smp
                log = os.path.join(opts.logdir, f'bench-{side}-smp{smp}-{k + 1}.log')
                b = cl.boot(side, isos[side], o, log)
                doc = cl.user_document(b)
                values, failures = bench_results(doc)
                for case, v in values.items():
                    res.values.setdefault((side, smp, case), []).append(v)
                for case, f in failures.items():
                    res.failures[side, smp, k, case] = f
                res.problems += [f'-smp {smp} boot {k + 1}: {p}'
                                 for p in cl.boot_problems(b, doc)]
                print(f'{side} -smp {smp} boot {k + 1}: QEMU ran {b.seconds:.1f} s; '
                      + ', '.join(f'{c}={fmt(c, v)}' for c, v in values.items())
                      + ''.join(f'; {c} FAILED after {f.rounds} rounds: {f.what}'
                                for c, f in failures.items()),
                      flush=True)
    version = os.path.basename(opts.linux).replace('vmlinuz-', '')
    res.setup = [
        ('date', datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')),
        ('host', f'{os.cpu_count()} CPUs, shared; {qemu_version("qemu-system-x86_64")}'),
        ('QEMU', f'`{qemu_line}` with N = 1, 2, 4 (TCG, no KVM)'),
        ('Linux', f'{version} (Debian\'s linux-image-amd64, unmodified), command line '
                  f'`{LINUX_CMDLINE}`'),
        ('ringlet', f'{git_head()}, command line `{RINGLET_CMDLINE}`'),
        ('programs', '`/bin/bench/uring_bench` and `/bin/bench/seed_workload` '
                     '(`user/bench/*.c`, `musl-gcc -static` with '
                     '`/usr/lib/x86_64-linux-gnu/liburing.a`), the same files on both'),
        ('boots', f'{opts.boots} per kernel and -smp, alternating Linux and ringlet; the run '
                  f'took {time.monotonic() - t0:.0f} s'),
    ]
    text = report(res, opts, smps)
    with open(opts.perf, 'w') as f:
        f.write(text)
    print(text[text.index('## Targets'):text.index('## Medians')].rstrip())
    print(f'compare-linux BENCH: wrote {opts.perf}; took {time.monotonic() - t0:.1f} s')
    for line in failure_lines(res.failures, smps) + res.problems:
        print(f'FAIL {line.lstrip("- ")}')
    return 1 if res.failures or res.problems else 0
