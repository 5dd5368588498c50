"""The title of a Linux-format crash report, computed from the report's own lines.

ringlet prints warnings, BUGs, KASAN-style reports and panics in Linux's format
(docs/boot.md section 8), and a test that expects one names it by the title syzkaller would
give it: 'WARNING in percpu_ref_exit', 'BUG: Poison overwritten in io_gen_free'.  The title
names the function that has the problem, which is not always the first one in the report:
the WARNING line and KASAN's line name it themselves; faults name the faulting RIP; every
other BUG is titled by the first Call Trace frame that is not a helper (the code that
reports, not the code reported on).

tests/ktap.py finds the reports in a serial log and checks each claim against the title
computed here.  The kernel computes the same titles with its own copy of the helper list
(kernel/report/report.c); tests/test_ktap.py checks that the two lists agree.

Python 3 standard library only.
"""
import re

# Call Trace frames whose names start with one of these are helpers: the code that reports
# a problem, not the code that has it.  Reports that are titled by a frame use the first
# frame that is not a helper.  The kernel computes titles with the same list: keep in sync.
# (tests/test_ktap.py checks it against kernel/report/report.c.)
HELPER_PREFIXES = (
    'panic', '__warn', 'warn_', 'report_', 'dump_stack', 'spin_', '_raw_spin',
    '__might_sleep', 'might_sleep', 'mutex_', 'kmalloc', 'kfree', '__kmalloc',
    'atomic', 'bug_', 'oops_', 'ktest_expect', 'slab_', 'poison_', 'die',
    'do_interrupt', 'handle_', 'exc_', 'interrupt_common', 'debug_',
)

# Crash report title lines, tried in this order: the specific "BUG: ..." forms must come
# before the catch-all "BUG: (.*)".
TITLE_PATTERNS = [(kind, re.compile(rx)) for kind, rx in (
    ('warning', r'^WARNING: CPU: \d+ PID: \d+ at (\S+) (\S+)\+0x'),
    ('bug_at', r'^kernel BUG at (\S+)!'),
    ('kasan', r'^BUG: KASAN: (.+) in (\S+)\+0x'),
    ('page_fault', r'^BUG: unable to handle page fault for address:'),
    ('gpf', r'^general protection fault'),
    ('sleep', r'^BUG: sleeping function called from invalid context'),
    ('bug', r'^BUG: (.*)'),
    ('slab', r'^BUG kmalloc-\d+ .*?: (.*)'),      # first ": " ends "(Not tainted)"
    ('panic', r'^Kernel panic - not syncing: (.*)'),
    ('odebug', r'^ODEBUG: '),
)]
RE_RIP = re.compile(r'^RIP: 0010:([^\s+]+)\+0x')
RE_FRAME = re.compile(r'^\s+(\? )?([^\s+]+)\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+')
TRACE_MARKERS = {'<TASK>', '</TASK>', '<IRQ>', '</IRQ>', '<NMI>', '</NMI>', '<EOI>'}


def classify_title(line):
    """(kind, match) if the line is a crash report's title line, else None."""
    matches = ((kind, rx.match(line)) for kind, rx in TITLE_PATTERNS)
    return next(((kind, m) for kind, m in matches if m), None)


def rip_function(body):
    """The function in the report's 'RIP: 0010:func+0xOFF/0xSIZE' line, or None."""
    return next((m.group(1) for m in map(RE_RIP.match, body) if m), None)


def call_trace(body):
    """Function names of the 'Call Trace:' frames, without unreliable '? ' frames.  The
    trace ends at the first line that is neither a frame nor a <IRQ>-style marker."""
    frames, inside = [], False
    for line in body:
        if not inside:
            inside = line.strip() == 'Call Trace:'
        elif line.strip() not in TRACE_MARKERS:
            m = RE_FRAME.match(line)
            if not m:
                break
            if not m.group(1):
                frames.append(m.group(2))
    return frames


def base_name(name):
    """A function name without GCC's clone suffix: 'f.constprop.0' -> 'f'."""
    return name.split('.', 1)[0]


def first_non_helper(frames):
    return next((f for f in frames if not f.startswith(HELPER_PREFIXES)), None)


def compute_title(kind, m, body):
    """syzbot-style title of a report -> (title, note); note says why a '?' stands where
    the function F could not be found.  The rules (the kernel's own are the same):
      WARNING line               -> 'WARNING in F', F from the WARNING line
      BUG: KASAN: X in F+0x..    -> 'KASAN: X in F'
      kernel BUG at / page fault / general protection fault
                                 -> 'kernel BUG in F', 'BUG: unable to handle page fault in F',
                                    'general protection fault in F', F from 'RIP: 0010:F+..'
      BUG: sleeping function ... -> 'BUG: sleeping function called from invalid context in F'
      BUG: X / BUG kmalloc-N (..): X -> 'BUG: X in F'    } F: first Call Trace frame
      ODEBUG: ...                -> 'WARNING: ODEBUG bug in F' } not in HELPER_PREFIXES
      Kernel panic - not syncing: X -> 'Kernel panic - not syncing: X'"""
    rip, frame, note = rip_function(body), first_non_helper(call_trace(body)), ''
    if kind in ('bug_at', 'page_fault', 'gpf') and rip is None:
        # RIP in no function (a jump into data): the caller, first in the trace, is named.
        rip = frame
    if kind in ('bug_at', 'page_fault', 'gpf') and rip is None:
        note = "no 'RIP: 0010:' function and no non-helper frame in the report"
    elif kind in ('sleep', 'bug', 'slab', 'odebug') and frame is None:
        note = 'no non-helper frame in the Call Trace'
    # GCC's specialized copies ('f.constprop.0', 'f.isra.0') are titled by f.
    rip, frame = base_name(rip or '?'), base_name(frame or '?')
    if kind == 'warning':                 # function on the WARNING line itself
        return f'WARNING in {base_name(m.group(2))}', note
    if kind == 'kasan':                   # function on the KASAN line itself
        return f'KASAN: {m.group(1).strip()} in {base_name(m.group(2))}', note
    if kind == 'panic':                   # no function
        return f'Kernel panic - not syncing: {m.group(1).strip()}', note
    by_rip = {'bug_at': 'kernel BUG', 'page_fault': 'BUG: unable to handle page fault',
              'gpf': 'general protection fault'}
    if kind in by_rip:                    # exceptions: the function that faulted
        return f'{by_rip[kind]} in {rip}', note
    # Linux's 'BUG: spinlock recursion on CPU#0, comm' is titled without the CPU part.
    head = {'sleep': 'BUG: sleeping function called from invalid context',
            'odebug': 'WARNING: ODEBUG bug'}.get(kind) or \
        'BUG: ' + re.sub(r' (on CPU#\d+|at [0-9a-f]{16}).*$', '', m.group(1).strip())
    return f'{head} in {frame}', note     # the first non-helper Call Trace frame
