#!/usr/bin/env python3
"""`make bench`: boot the kernel with bench=GLOB at each CPU count and report.

Prints every BENCH line the kernel printed, prefixed by the boot's CPU
count, then the ratios that compare designs within one boot (QEMU TCG
runs on the host's clock, shared with everything else on the machine, so
only ratios inside one boot are meaningful):

    BENCH smp=4 percpu_ref.percpu_mode cpus=4 iters=200000 ns_per_op=21.3
    RATIO smp=4 percpu_ref.atomic_mode/percpu_mode=7.41

    python3 tests/bench.py --kernel build/ringlet.elf [--smp 1,2,4] [--filter GLOB]
"""
import argparse
import os
import re
import subprocess
import sys
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

RE_BENCH = re.compile(r'^BENCH (\S+) cpus=(\d+) iters=(\d+) ns_per_op=([\d.]+)$')
# (numerator, denominator) pairs: each ratio says how many times slower the first is.
RATIOS = [
    ('percpu_ref.atomic_mode', 'percpu_ref.percpu_mode'),
    ('percpu_ref.shared_atomic', 'percpu_ref.percpu_mode'),
    ('percpu_ref.spinlock_counter', 'percpu_ref.percpu_mode'),
    # The seed's comparison: how much slower an update is when it quiesces the ring.
    ('uring.update_quiesce_under_io', 'uring.update_generations_under_io'),
    ('uring.update_register', 'uring.nop_batch32'),
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kernel', required=True)
    ap.add_argument('--smp', default='1,2,4')
    ap.add_argument('--filter', default='*')
    ap.add_argument('--logdir', default='build/logs')
    ap.add_argument('--cmdline', default='',
                    help='more boot options, e.g. io_uring.req_cache=0 to compare within one build')
    opts = ap.parse_args(argv)
    os.makedirs(opts.logdir, exist_ok=True)
    iso = os.path.join(os.path.dirname(opts.kernel), 'bench.iso')
    subprocess.run([os.path.join('scripts', 'mkiso.sh'), opts.kernel,
                    f'bench={opts.filter} {opts.cmdline}'.strip(), iso],
                   check=True)
    failed = False
    for smp in [int(n) for n in opts.smp.split(',')]:
        args = SimpleNamespace(iso=iso, label='bench', logdir=opts.logdir, timeout=900, mem='256M',
                               qemu_extra='', qemu='qemu-system-x86_64', expect_panic=None,
                               verbose=False)
        log = os.path.join(opts.logdir, f'bench-smp{smp}.log')
        status, _, _ = run.boot(args, smp, log, log + '.qemu')
        results = {}
        with open(log, errors='replace') as f:
            for line in f:
                m = RE_BENCH.match(line.strip())
                if m:
                    results[m.group(1)] = float(m.group(4))
                    print(f'BENCH smp={smp} {line.strip()[6:]}')
        for num, den in RATIOS:
            if num in results and den in results and results[den] > 0:
                print(f'RATIO smp={smp} {num}/{den.split(".", 1)[1]}={results[num] / results[den]:.2f}')
        if status != 33:
            print(f'bench smp={smp}: QEMU exit status {status}, log {log}')
            failed = True
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
