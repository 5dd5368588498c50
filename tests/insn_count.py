#!/usr/bin/env python3
"""make insn-count: the instructions each kernel executes for one io_uring_enter of 32 NOPs,
counted by single-stepping it, on Debian's Linux 6.1 and on ringlet (docs/perf.md).

Timing under QEMU's TCG moves with the host's load (a NOP's time doubles between two boots of
the same kernel on a busy host); the count of instructions a call executes does not.  So this
is the deterministic side of the benchmark: it says how much work each kernel does, and
(ringlet's by function) where.  It is not a time: TCG costs some instructions (rep steps,
locked operations, MMIO) far more than others.

    python3 tests/insn_count.py --kernel build/ringlet.elf --linux build/linux/vmlinuz-V
        --initramfs build/insn.cpio --program build/user/insn/nop32 [--logdir build/logs]
        [--top 25]

Each kernel boots at -smp 1 with init running only /bin/insn (user/insn/nop32.c) and QEMU's
gdb stub open.  gdb sets a hardware breakpoint at nop32's traced_batch (found with nm in the
program: the same binary on both kernels), and when it is hit steps one instruction at a time
until the function returns.  QEMU's stub masks interrupts and timers while it steps, so
nothing but the call itself is counted.  gdb then detaches and the program goes on to check
every CQE and print its last line, which the serial log must show.  Each step's address is kernel (the upper half) or
user; the user count must be the same on both kernels, and is reported as a check.

Prints 'insn: KERNEL kernel=N user=N per_nop=N' for each kernel, 'insn: ratio
ringlet/linux=R', then ringlet's kernel instructions per NOP by function (symbols from
--kernel).  Exit status 0, or 1 if a boot or the trace failed.  Python 3 standard library,
gdb and nm.
"""
import argparse
import bisect
import collections
import os
import socket
import subprocess
import sys
import tempfile
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_linux as cl  # noqa: E402
import run  # noqa: E402

NOPS = 32
KERNEL_BASE = 0xffff800000000000
FUNCTION = 'traced_batch'
MAX_STEPS = 200000      # a trace this long means the call never returned
BOOT_SECONDS = 300      # until the breakpoint is hit; Linux takes about 15 s under TCG
EXIT_SECONDS = 120      # from the trace's end until QEMU exits
DONE = 'insn: nop32 done'   # what the program prints when every NOP completed with 0

# Runs inside gdb: break at the function, step to its return, write one address per line.
GDB_SCRIPT = '''
import gdb
gdb.execute('set pagination off')
gdb.execute('target remote 127.0.0.1:%(port)d')
gdb.Breakpoint('*%(addr)#x', type=gdb.BP_HARDWARE_BREAKPOINT)
gdb.execute('continue', to_string=True)
gdb.execute('delete')
ret = int(gdb.parse_and_eval('*(unsigned long *)$sp')) & (2**64 - 1)
pcs = []
while len(pcs) < %(max_steps)d:
    pc = int(gdb.parse_and_eval('$pc')) & (2**64 - 1)
    if pc == ret:
        break
    pcs.append(pc)
    gdb.execute('stepi', to_string=True)
with open(%(out)r, 'w') as f:
    f.write('\\n'.join('%%x' %% pc for pc in pcs) + '\\n')
gdb.execute('detach')
'''


def symbol_address(path, name):
    """The address of a defined text symbol in an ELF file, by nm."""
    out = subprocess.run(['nm', path], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name and parts[1] in 'tT':
            return int(parts[0], 16)
    raise SystemExit(f'insn_count: no symbol {name} in {path}')


def text_symbols(path):
    """Sorted (address, name) of an ELF file's text symbols."""
    out = subprocess.run(['nm', '-n', path], check=True, capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'tTwW':
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def split_trace(pcs):
    """(kernel, user) instruction counts of a trace."""
    kernel = sum(1 for pc in pcs if pc >= KERNEL_BASE)
    return kernel, len(pcs) - kernel


def by_function(pcs, syms):
    """Counter of kernel instructions per function name."""
    addrs = [a for a, _ in syms]
    counts = collections.Counter()
    for pc in pcs:
        if pc < KERNEL_BASE:
            continue
        i = bisect.bisect_right(addrs, pc) - 1
        counts[syms[i][1] if i >= 0 else '?'] += 1
    return counts


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def trace(side, iso, addr, logdir):
    """Boots iso with the gdb stub, traces the call; returns its addresses, or None."""
    port = free_port()
    log = os.path.join(logdir, f'insn-{side}.log')
    out = os.path.join(logdir, f'insn-{side}.trace')
    for path in (log, out):
        if os.path.exists(path):
            os.remove(path)
    qargs = SimpleNamespace(qemu='qemu-system-x86_64', mem='256M', iso=iso,
                            qemu_extra=f'-gdb tcp:127.0.0.1:{port}')
    proc = subprocess.Popen(run.qemu_command(qargs, 1, log), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        with tempfile.NamedTemporaryFile('w', suffix='.py') as script:
            script.write(GDB_SCRIPT % {'port': port, 'addr': addr, 'out': out,
                                       'max_steps': MAX_STEPS})
            script.flush()
            for _ in range(50):     # until QEMU listens
                try:
                    socket.create_connection(('127.0.0.1', port)).close()
                    break
                except OSError:
                    time.sleep(0.1)
            subprocess.run(['gdb', '-batch', '-nx', '-x', script.name],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=BOOT_SECONDS + 600)
        # Detached, the program goes on: it checks every CQE, and init powers off.
        proc.wait(timeout=EXIT_SECONDS)
    except subprocess.TimeoutExpired:
        print(f'insn: {side} timed out (serial log {log})')
        return None
    finally:
        run.kill_group(proc)
    if not os.path.exists(out):
        print(f'insn: {side}: no trace; was {FUNCTION} ever called? (serial log {log})')
        return None
    with open(log, errors='replace') as f:
        if DONE not in f.read():
            print(f'insn: {side}: the program did not end with "{DONE}" (serial log {log})')
            return None
    with open(out) as f:
        pcs = [int(line, 16) for line in f if line.strip()]
    if len(pcs) >= MAX_STEPS:
        print(f'insn: {side}: {FUNCTION} did not return within {MAX_STEPS} steps')
        return None
    return pcs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kernel', required=True)
    ap.add_argument('--linux', required=True)
    ap.add_argument('--initramfs', required=True)
    ap.add_argument('--program', required=True)
    ap.add_argument('--logdir', default='build/logs')
    ap.add_argument('--top', type=int, default=25)
    opts = ap.parse_args(argv)
    os.makedirs(opts.logdir, exist_ok=True)
    addr = symbol_address(opts.program, FUNCTION)
    traces = {}
    with tempfile.TemporaryDirectory() as d:
        linux_iso = os.path.join(d, 'linux.iso')
        ringlet_iso = os.path.join(d, 'ringlet.iso')
        cl.linux_iso(opts.linux, opts.initramfs, linux_iso, f'{cl.LINUX_CMDLINE} -- /bin/insn')
        cl.ringlet_iso(opts.kernel, opts.initramfs, ringlet_iso,
                       f'{cl.RINGLET_CMDLINE} -- /bin/insn')
        for side, iso in (('linux', linux_iso), ('ringlet', ringlet_iso)):
            traces[side] = trace(side, iso, addr, opts.logdir)
            if traces[side] is None:
                return 1
    counts = {side: split_trace(pcs) for side, pcs in traces.items()}
    for side in ('linux', 'ringlet'):
        kernel, user = counts[side]
        print(f'insn: {side} kernel={kernel} user={user} per_nop={kernel / NOPS:.0f}')
    print(f'insn: ratio ringlet/linux={counts["ringlet"][0] / counts["linux"][0]:.2f}')
    if counts['linux'][1] != counts['ringlet'][1]:
        print('insn: the user counts differ: the program took another path on one kernel')
        return 1
    print(f'ringlet\'s kernel instructions per NOP, by function (top {opts.top}):')
    funcs = by_function(traces['ringlet'], text_symbols(opts.kernel))
    for name, n in funcs.most_common(opts.top):
        print(f'  {n / NOPS:7.1f}  {name}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
