#!/usr/bin/env python3
"""Everything `make test` boots: the plan of QEMU runs that CI checks.

Each entry is a kernel command line, the CPU counts to boot it with, and
what the boot must show.  After the self-tests the kernel starts /init
(user/init.c), which runs the user-space suite and prints it as a second
KTAP document (tests/ktap.py counts it as the suite 'user'): the 'all'
boots run it at every CPU count.  The other entries repeat or stress
kernel suites, so they boot with 'init=' (no program) to save the time.  An ISO is built per distinct command line (GRUB
bakes the command line into its config), then tests/run.py boots each one
and checks its log.  Prints one closing line 'N passed, N failed' for all.

    python3 tests/suite.py --kernel build/ringlet.elf [--logdir build/logs] [--only LABEL]
"""
import argparse
import os
import subprocess
import sys
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
import run   # noqa: E402

# (label, command line, CPU counts, panic regex or None, timeout per boot in seconds)
# boot_cmdline() adds 'init=' to the entries that filter the self-tests.
PLAN = [
    ('all', '', [1, 2, 4, 8], None, 600),
    # The concurrency suites again, repeated, to shake out rare interleavings.
    ('smp-repeat', 'ktest.filter=s*.* ktest.repeat=3', [4], None, 300),
    ('rcu-repeat', 'ktest.filter=rcu.* ktest.repeat=3', [4], None, 300),
    # Teardown many times over (40 per run).
    ('teardown-repeat', 'ktest.filter=percpu_ref* ktest.repeat=10', [4], None, 600),
    # The seed's window widened on percpu_ref's teardown, the rings' teardown, fixed-file
    # unregister and release, and the seed from user space: labs seed_hunt and fixed_files grade
    # exactly those boots, and `make staff-check` (part of `make test`) runs each lab's grader
    # three times on this tree, so they are not repeated here.
    ('uring-ring-fd-delay', 'ktest.filter=uring_ops.requests_on_the_rings_own_fd_are_refused '
     'percpu_ref.confirm_delay_us=3000', [2, 4], None, 300),
    # Fixed-file updates against in-flight I/O, again and again.
    ('uring-files-repeat', 'ktest.filter=uring_files.* ktest.repeat=3', [4], None, 300),
    # The rings' torture test and SQE fuzzer, longer than their short runs in 'all' (make
    # torture and make fuzz run them longer still).  Each prints its RNG seed for a replay.
    # Both with io_uring.req_cache=0: each request its own checked allocation, so a request
    # used after its free meets the allocator's poison (kernel/uring/req_alloc.c).
    ('uring-torture', 'ktest.filter=uring_torture.* uring_torture.seconds=20 '
     'io_uring.req_cache=0', [2, 4], None, 300),
    ('uring-fuzz', 'panic_on_warn ktest.filter=uring_fuzz.* uring_fuzz.inputs=200000 '
     'io_uring.req_cache=0', [2, 4], None, 600),
    # The fuzzer again with 3% of the rings' allocations failing: errors must stay clean.
    ('uring-fuzz-faults', 'panic_on_warn ktest.filter=uring_fuzz.* uring_fuzz.inputs=50000 '
     'failslab=1,3,-1 fail_percpu=1,3,-1 fail_page_alloc=1,3,-1 fault_inject.site=io_*', [4],
     None, 600),
    # Filter and repeat: every slab test three times in a row, leak-checked each time.
    ('repeat', 'ktest.filter=slab.* ktest.repeat=3', [2], None, 120),
    # panic_on_warn turns the expected WARN into a panic with the failure status.
    ('panic-on-warn', 'panic_on_warn ktest.filter=report.warn_title_and_resume', [1, 4],
     r'^panic_on_warn set \.\.\. \(WARNING in crash_site_warn_site\)$', 60),
]


def boot_cmdline(cmdline):
    """(command line booted, whether init's user-space suite runs).  A boot that filters the
    self-tests is about those suites: it gets 'init=' (no program) unless it names an init."""
    if 'ktest.filter=' in cmdline and not any(w.startswith('init=') for w in cmdline.split()):
        cmdline += ' init='
    runs_init = not any(w == 'init=' for w in cmdline.split())
    return cmdline, runs_init


def print_user_times(logdir, label, cpus):
    """One line per boot with how long init's user-space suite ran (its own clock)."""
    for smp in cpus:
        path = os.path.join(logdir, f'{label}-smp{smp}.log')
        secs = ktap.user_run_time(ktap.read_log(path)) if os.path.exists(path) else None
        print(f'user suite at -smp {smp}: ' + (f'{secs:.2f}s' if secs is not None else
                                              'no run time (init did not finish)'))


def build_iso(kernel, cmdline, path):
    subprocess.run([os.path.join('scripts', 'mkiso.sh'), kernel, cmdline, path], check=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kernel', required=True)
    ap.add_argument('--logdir', default='build/logs')
    ap.add_argument('--only', help='run only the plan entry with this label')
    ap.add_argument('-v', '--verbose', action='store_true')
    opts = ap.parse_args(argv)
    os.makedirs(opts.logdir, exist_ok=True)
    totals = [0, 0, 0]
    for label, cmdline, cpus, panic, timeout in PLAN:
        if opts.only and label != opts.only:
            continue
        iso = os.path.join(os.path.dirname(opts.kernel), f'test-{label}.iso')
        cmdline, runs_init = boot_cmdline(cmdline)
        build_iso(opts.kernel, cmdline, iso)
        print(f'== {label}: "{cmdline}" at -smp {",".join(map(str, cpus))}', flush=True)
        args = SimpleNamespace(iso=iso, label=label, logdir=opts.logdir, timeout=timeout,
                               mem='256M', qemu_extra='', qemu='qemu-system-x86_64',
                               expect_panic=panic, expect_user=runs_init and panic is None,
                               verbose=opts.verbose)
        run.run_many(args, cpus, totals)
        if args.expect_user:
            print_user_times(opts.logdir, label, cpus)
    print(ktap.totals_line(*totals))
    return 0 if totals[1] == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
