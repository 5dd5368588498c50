#!/usr/bin/env python3
"""Check one ringlet serial log: KTAP v1 test results plus Linux-style crash reports.

The kernel prints its self-tests as KTAP v1 on the serial port (docs/boot.md section 10,
Linux's Documentation/dev-tools/ktap.rst).  This module parses such a log strictly, counts the
results, and checks every crash report (WARNING, BUG, KASAN, ...): each must be claimed by a
later "# expected report: TITLE" line whose TITLE equals the title we compute from the
report ourselves (tests/report_titles.py), so a test cannot "expect" a report the kernel did
not really print.

After the kernel's document, init (user/init.c) prints a second, flat KTAP v1 document for the
user-space tests: 'KTAP version 1', '1..N', one top-level result per test program with its
output as '# NAME: ...' diagnostics, and a closing '# user: P passed, F failed, S skipped' line
that must agree with the results.  It is counted as one more suite, named 'user'.

tests/run.py calls check_log() after each boot; a saved log can be checked offline:

    python3 tests/ktap.py LOG [--exit-status N] [--expect-panic REGEX] [-v]

Python 3 standard library only.
"""
import argparse
import re
import sys
from dataclasses import dataclass, field
from typing import List, Optional

from report_titles import classify_title, compute_title

# QEMU exit statuses: the kernel writes 0x10 (pass) or 0x11 (fail) to the isa-debug-exit
# port at 0xf4, and QEMU exits with (value << 1) | 1.
PASS_STATUS = 33
FAIL_STATUS = 35

# KTAP syntax, matched against a line with its leading spaces removed.
RE_VERSION = re.compile(r'^KTAP version (\S+)$')
RE_PLAN = re.compile(r'^1\.\.(\d+)$')
RE_RESULT = re.compile(r'^(ok|not ok) (\d+)(?: (.*))?$')
RE_SUBTEST = re.compile(r'^# Subtest: (.*)$')
RE_CLAIM = re.compile(r'^\s*# expected report: (.*)$')   # at any indentation
RE_USER_TOTALS = re.compile(r'^# user: (\d+) passed, (\d+) failed, (\d+) skipped$')
RE_USER_TIME = re.compile(r'^# user: ran in (\d+\.\d+) s$')   # init's last line
USER_SUITE = 'user'       # the name the user-space document is counted under
SUITE_INDENT = 2          # suites are KTAP subtests indented by exactly 2 spaces
RE_ANSI = re.compile(r'\x1b(\[[0-9;?]*[ -/]*[@-~]|[^\[])')   # firmware/GRUB escapes


@dataclass
class TestResult:
    """One result line such as '  not ok 3 name', with the diagnostics printed before it."""
    number: int
    name: str
    ok: bool
    skipped: bool = False
    skip_reason: str = ''
    diags: List[str] = field(default_factory=list)
    line: int = 0                                    # 1-based line in the log


@dataclass
class Suite:
    """One suite: an indented KTAP subtest plus its top-level 'ok I NAME' line (top)."""
    name: str
    line: int
    plan: Optional[int] = None
    results: List[TestResult] = field(default_factory=list)
    top: Optional[TestResult] = None
    pending_diags: List[str] = field(default_factory=list)   # since the last result

    def counts(self):
        """(passed, failed, skipped) over the leaf results."""
        passed = sum(1 for r in self.results if r.ok and not r.skipped)
        skipped = sum(1 for r in self.results if r.ok and r.skipped)
        if not self.results and self.top is not None and self.top.skipped:
            skipped = 1                                      # suite skipped as a whole
        return passed, sum(1 for r in self.results if not r.ok), skipped

    @property
    def missing(self):
        """Results the plan announced that the log never showed."""
        return max(0, (self.plan or 0) - len(self.results))


@dataclass
class Problem:
    """A boot-level failure.  kind: ktap (format violation), missing (log ended early),
    crash (unclaimed report), title (bad claim), panic, exit (status), hang."""
    kind: str
    message: str
    line: Optional[int] = None

    def __str__(self):
        return self.message + (f' (log line {self.line})' if self.line else '')


@dataclass
class Report:
    """One crash report: its kind, title line number, lines, computed title and claim."""
    kind: str
    line: int
    body: List[str]
    title: str
    claim: Optional[str] = None
    needs_claim: bool = True
    note: str = ''


@dataclass
class BootResult:
    """Everything check_log() found in one log."""
    suites: List[Suite]
    problems: List[Problem]
    reports: List[Report]
    expect_panic: Optional[str] = None

    def leaf_counts(self):
        sums = [s.counts() for s in self.suites]
        return tuple(sum(c[i] for c in sums) for i in range(3))

    def counts(self):
        """(passed, failed, skipped) with boot-level problems: in a normal boot each problem
        is one failed test; a boot expecting a panic is one test, passed iff no problem."""
        passed, failed, skipped = self.leaf_counts()
        if self.expect_panic is None:
            return passed, failed + len(self.problems), skipped
        return passed + (not self.problems), failed + bool(self.problems), skipped


def split_lines(text):
    """Log text -> lines without CR, NUL, ANSI escapes or trailing blanks."""
    lines = text.replace('\x00', '').rstrip('\n').split('\n')
    return [RE_ANSI.sub('', l).replace('\r', '').rstrip() for l in lines]


def classify_ktap(line):
    """(indent, kind, match) for a KTAP-looking line, else None.
    kind is 'version', 'plan', 'result', 'subtest' or 'diag'."""
    content = line.lstrip(' ')
    indent = len(line) - len(content)
    for kind, rx in (('version', RE_VERSION), ('plan', RE_PLAN), ('result', RE_RESULT),
                     ('subtest', RE_SUBTEST)):
        m = rx.match(content)
        if m:
            return indent, kind, m
    return (indent, 'diag', None) if content.startswith('#') else None


def is_result_line(line):
    """True for a KTAP result line at top or suite level (also used by run.py's timing)."""
    c = classify_ktap(line.rstrip())
    return c is not None and c[1] == 'result' and c[0] in (0, SUITE_INDENT)


class _KtapParser:
    """State machine over the log's lines for the two-level layout: top-level header and
    plan, then per suite an indented subtest followed by its top-level result line."""

    def __init__(self, problems):
        self.problems = problems
        self.header = False       # saw the top-level 'KTAP version 1'
        self.plan = None          # top-level plan 1..S
        self.suites = []          # in log order
        self.cur = None           # suite still waiting for its top-level result
        self.cur_named = False    # cur has had its '# Subtest: NAME' line
        self.ntop = 0             # top-level results seen
        self.done = False         # the final (S-th) top-level result was seen
        self.reported = set()     # one-off violations already reported
        self.subtests = {}        # '# Subtest' name -> first line, to catch repeats
        self.text = ''            # the line being handled
        self.user = None          # the user-space document's Suite, once it began
        self.user_totals = None   # (passed, failed, skipped) from its '# user:' line

    def bad(self, msg, line, once=None):
        if once is None or once not in self.reported:
            self.reported.add(once)
            self.problems.append(Problem('ktap', 'KTAP: ' + msg, line))

    def feed(self, lineno, line):
        """Check one log line against the layout; lines that are not KTAP are ignored."""
        c = classify_ktap(line)
        if c is None:
            return                                  # other output: boot lines, printk, ...
        indent, kind, m = c
        if self.user is not None or (self.done and indent == 0 and kind == 'version'):
            return self._user(lineno, line, indent, kind, m)
        if kind == 'subtest':       # anywhere: a repeat means a reboot or a re-run
            first = self.subtests.setdefault(m.group(1).strip(), lineno)
            if first != lineno:
                self.bad(f'subtest {m.group(1).strip()!r} appears twice (first at log line '
                         f'{first}; a reboot or a re-run?)', lineno)
        if kind == 'diag' and (indent != SUITE_INDENT or not self.header or self.done):
            return                                  # free-form comments
        if indent not in (0, SUITE_INDENT) or (indent == 0 and kind == 'subtest'):
            return self.bad(f'{kind} line indented by {indent}; suites must be indented '
                            f'by {SUITE_INDENT}: {line!r}', lineno)
        if self.done:                               # only summary/shutdown output may follow
            return self.bad(f'KTAP output after the final result: {line!r}', lineno, 'done')
        if not self.header and not (indent == 0 and kind == 'version'):
            return self.bad(f"{line.strip()!r} before 'KTAP version 1'", lineno)
        self.text = line
        getattr(self, f'_{kind}_{"top" if indent == 0 else "suite"}')(lineno, m)

    # ---- top level ----
    def _version_top(self, lineno, m):
        if self.header:
            return self.bad("second top-level 'KTAP version' (did the kernel reboot?)", lineno)
        self.header = True
        if m.group(1) != '1':
            self.bad(f'KTAP version {m.group(1)}, expected 1', lineno)

    def _plan_top(self, lineno, m):
        if self.plan is not None or self.suites:
            return self.bad('top-level plan repeated or after the first suite', lineno)
        self.plan = int(m.group(1))
        self.done = self.plan == 0        # nothing may follow an empty plan

    def _result_top(self, lineno, m):
        self.ntop += 1
        res = _parse_result(m, lineno, self.bad)
        if res.number != self.ntop:
            self.bad(f'top-level result numbered {res.number}, expected {self.ntop}', lineno)
        suite, self.cur = self.cur, None
        if suite is None:                           # no indented subtest before it
            if not res.skipped:
                self.bad(f'suite {res.name!r} not printed as an indented subtest', lineno)
            suite = self._new_suite(res.name, lineno)
        elif not self.cur_named:
            self.bad(f"suite {res.name!r} has no '# Subtest:' line", lineno)
            suite.name = res.name
        suite.top = res
        if suite.name != res.name:
            self.bad(f'result {res.name!r} closes subtest {suite.name!r}', lineno)
        if suite.plan is None and not res.skipped:
            self.bad(f'suite {suite.name!r} has no plan', lineno)
        elif suite.plan is not None and suite.plan != len(suite.results):
            self.bad(f'suite {suite.name!r} planned {suite.plan} tests but printed '
                     f'{len(suite.results)} results', lineno)
        child_failed = any(not r.ok for r in suite.results)
        if res.ok == child_failed:
            self.bad(f"suite {suite.name!r} is {'ok' if res.ok else 'not ok'} but "
                     f"{'a' if child_failed else 'no'} child test failed", lineno)
        self.done = self.plan is not None and self.ntop >= self.plan

    # ---- suite level (indented) ----
    def _new_suite(self, name, lineno):
        if self.plan is None:
            self.bad('suite before the top-level plan (1..S)', lineno, 'plan')
        self.suites.append(Suite(name=name, line=lineno))
        return self.suites[-1]

    def _unfinished(self, lineno):
        if self.cur is not None:
            self.bad(f'suite {self.cur.name!r} got no top-level result', lineno)

    def _version_suite(self, lineno, m):
        self._unfinished(lineno)
        self.cur = self._new_suite(f'<suite {len(self.suites) + 1}>', lineno)
        self.cur_named = False
        if m.group(1) != '1':
            self.bad(f'KTAP version {m.group(1)}, expected 1', lineno)

    def _subtest_suite(self, lineno, m):
        name = m.group(1).strip()
        if self.cur is None or self.cur_named:
            self.bad(f"'# Subtest: {name}' without '  KTAP version 1' before it", lineno)
            self._unfinished(lineno)
            self.cur = self._new_suite(name, lineno)
        elif self.cur.plan is not None or self.cur.results:
            self.bad(f"'# Subtest: {name}' after the suite's plan or results", lineno)
        self.cur.name, self.cur_named = name, True

    def _plan_suite(self, lineno, m):
        if self.cur is None or self.cur.plan is not None or self.cur.results:
            return self.bad('suite plan outside a subtest header, repeated or late', lineno)
        self.cur.plan = int(m.group(1))

    def _result_suite(self, lineno, m):
        suite = self.cur
        if suite is None:
            return self.bad(f'indented result outside a subtest: {m.group(0)!r}', lineno)
        res = _parse_result(m, lineno, self.bad)
        res.diags, suite.pending_diags = suite.pending_diags, []
        suite.results.append(res)
        if suite.plan is None and len(suite.results) == 1:
            self.bad(f'suite {suite.name!r}: result before the plan', lineno)
        if res.number != len(suite.results):
            self.bad(f'suite {suite.name!r}: result numbered {res.number}, expected '
                     f'{len(suite.results)}', lineno)

    def _diag_suite(self, lineno, m):
        if self.cur is not None:
            self.cur.pending_diags.append(self.text.strip())

    # ---- the user-space document (after the kernel's) ----
    def _user(self, lineno, line, indent, kind, m):
        """One line of init's flat document.  Indented lines (a test's nested KTAP) are
        free-form; at the top level: version, plan, results, diagnostics, the totals."""
        if self.user is None:
            self.user = Suite(name=USER_SUITE, line=lineno)
            self.suites.append(self.user)
            if m.group(1) != '1':
                self.bad(f'user KTAP version {m.group(1)}, expected 1', lineno)
            return
        u = self.user
        if indent != 0:
            return
        if kind == 'version':
            return self.bad("second user 'KTAP version' (did init run twice?)", lineno)
        if self.user_totals is not None and kind != 'diag':
            return self.bad(f"user KTAP output after the '# user:' totals: {line!r}", lineno,
                            'user-done')
        if kind == 'plan':
            if u.plan is not None or u.results:
                return self.bad('user plan repeated or after a result', lineno)
            u.plan = int(m.group(1))
        elif kind == 'result':
            res = _parse_result(m, lineno, self.bad)
            res.diags, u.pending_diags = u.pending_diags, []
            u.results.append(res)
            if u.plan is None and len(u.results) == 1:
                self.bad('user test result before the plan', lineno)
            if res.number != len(u.results):
                self.bad(f'user test numbered {res.number}, expected {len(u.results)}', lineno)
        elif kind == 'diag':
            t = RE_USER_TOTALS.match(line.strip())
            if t and self.user_totals is None:
                self.user_totals = tuple(int(g) for g in t.groups())
                if self.user_totals != u.counts():
                    self.bad(f"user totals {line.strip()!r} disagree with the results "
                             f'({u.counts()[0]} passed, {u.counts()[1]} failed, '
                             f'{u.counts()[2]} skipped)', lineno)
            elif self.user_totals is None:
                u.pending_diags.append(line.strip())
        elif kind == 'subtest':
            self.bad(f'subtest line in the user document: {line!r}', lineno)

    def finish_user(self, expected):
        """The user document's end-of-log checks; expected: init was meant to run."""
        u = self.user
        if u is None:
            return ['no user-space KTAP document after the kernel\'s: init did not run or '
                    'printed nothing'] if expected and self.done else []
        out = []
        if u.plan is None:
            out.append('the user document has no plan (1..N)')
        elif len(u.results) < u.plan:
            last = f'{u.results[-1].number} {u.results[-1].name}' if u.results else 'none'
            out.append(f'log ended inside the user tests: {u.plan - len(u.results)} of '
                       f'{u.plan} have no result (last: {last}; hang or crash?)')
        elif len(u.results) > u.plan:
            out.append(f'the user document planned {u.plan} tests but printed '
                       f'{len(u.results)} results')
        if self.user_totals is None:
            out.append("the user document has no '# user: N passed, N failed, N skipped' line")
        return out

    def finish(self):
        """End of log: report what was announced but never printed (hang or crash)."""
        out = []
        if not self.header:
            out.append("no 'KTAP version 1' line: the tests never started")
        elif self.plan is None and 'plan' not in self.reported:
            out.append('no top-level plan (1..S)')
        s = self.cur
        if s is not None:
            last = f'{s.results[-1].number} {s.results[-1].name}' if s.results else 'none'
            if s.plan is not None and len(s.results) >= s.plan:
                todo = 'its top-level result is missing'
            else:
                todo = (f'tests {len(s.results) + 1}..{s.plan} of {s.plan} have no result'
                        if s.plan else 'its plan and results are missing')
            out.append(f'log ended inside suite {s.name!r}: {todo} (last result: {last}; '
                       'hang or crash?)')
        if self.plan is not None and self.ntop < self.plan:
            out.append(f'log ended after {self.ntop} of {self.plan} suites: suites '
                       f'{self.ntop + 1}..{self.plan} have no result')
        return [Problem('missing', msg) for msg in out]


def _parse_result(m, lineno, bad):
    """RE_RESULT match of 'ok 3 name # SKIP why' -> TestResult.  A description may contain
    no '#' except the one that starts the SKIP directive."""
    rest = m.group(3) or ''
    res = TestResult(number=int(m.group(2)), name=rest.strip(), ok=m.group(1) == 'ok',
                     line=lineno)
    if '#' in rest:
        res.name, directive = (s.strip() for s in rest.split('#', 1))
        if directive == 'SKIP' or directive.startswith('SKIP '):
            res.skipped, res.skip_reason = True, directive[4:].strip()
        else:
            bad(f"'#' in the description of result {res.number} (only '# SKIP reason' is "
                f'allowed): {rest!r}', lineno)
    if not res.name:
        bad(f'result {res.number} has no name', lineno)
    return res


# ---------------------------------------------------------------------------- crash reports
# Where each report starts and ends, and which claim it gets; its title comes from
# report_titles.py.

def _is_end_marker(line):
    """'---[ end trace ...', '---[ end Kernel panic ...' or a KASAN-style '=====' line."""
    return line.startswith('---[ end ') or (len(line) >= 20 and set(line) == {'='})


def _report_body(lines, start):
    """The lines of the report whose title is lines[start]: through its end marker, or up
    to the next title, KTAP result or claim, or the end of the log."""
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if _is_end_marker(line):
            return lines[start:end + 1]
        if _odebug_warning(lines, end):
            end += 1            # the WARNING that carries an ODEBUG report is part of it
            continue
        if classify_title(line) or is_result_line(line) or RE_CLAIM.match(line):
            break
        end += 1
    return lines[start:end]


def _odebug_warning(lines, idx):
    """True if lines[idx] is the WARNING line right after an 'ODEBUG: ' line: Linux prints
    the two together, and syzbot titles them as one report ('WARNING: ODEBUG bug in F')."""
    t = classify_title(lines[idx])
    return (idx > 0 and t is not None and t[0] == 'warning'
            and (classify_title(lines[idx - 1]) or ('',))[0] == 'odebug')


def scan_reports(lines, problems, expect_panic=None):
    """Find every crash report and match it with its '# expected report:' claim, which
    must come before the next KTAP result line or report title."""
    reports = []
    pending = None              # the latest report, until a claim, result or title
    panic = None                # the expected panic, once seen
    results_after_panic = False

    def close(rep):
        if rep is not None and rep.needs_claim and rep.claim is None:
            problems.append(Problem('crash', f'unexpected crash report {rep.title!r} (no '
                                    '"# expected report:" claim follows it)', rep.line))

    for idx, line in enumerate(lines):
        t = None if _odebug_warning(lines, idx) else classify_title(line)
        if t:
            body = _report_body(lines, idx)
            title, note = compute_title(t[0], t[1], body)
            rep = Report(t[0], idx + 1, body, title, note=note)
            reports.append(rep)
            if rep.kind == 'panic':
                rep.needs_claim = False
                _check_panic(rep, pending, panic, expect_panic, problems)  # may excuse pending
                if expect_panic is not None and panic is None:
                    panic = rep
            close(pending)
            pending = rep
        elif is_result_line(line):
            close(pending)
            pending = None
            if panic is not None and not results_after_panic:
                results_after_panic = True
                problems.append(Problem('ktap', 'KTAP result after the expected panic', idx + 1))
        elif RE_CLAIM.match(line):
            claim = RE_CLAIM.match(line).group(1).strip()
            if pending is None:
                problems.append(Problem('title', f'the kernel claims report {claim!r} but no '
                                        'crash report precedes the claim', idx + 1))
                continue
            pending.claim = claim
            if claim != pending.title:
                why = f' ({pending.note})' if pending.note else ''
                problems.append(Problem('title', f'claimed report title {claim!r} differs from '
                                        f'the report\'s title {pending.title!r}{why}', idx + 1))
            pending = None
    close(pending)
    if expect_panic is not None and panic is None:
        problems.append(Problem('panic', f'expected a kernel panic matching /{expect_panic}/ '
                                'but none happened'))
    return reports


def _check_panic(rep, pending, first_panic, expect_panic, problems):
    """A panic fails the boot unless the boot expects exactly one panic matching the regex."""
    msg = rep.title.split(': ', 1)[1]
    if expect_panic is None:
        problems.append(Problem('panic', f'{rep.title!r}: a panic is never an expected report '
                                '(only in a boot run with --expect-panic)', rep.line))
    elif first_panic is not None:
        problems.append(Problem('panic', f'second panic {rep.title!r}', rep.line))
    elif not re.search(expect_panic, msg):
        problems.append(Problem('panic', f'panic message {msg!r} does not match '
                                f'/{expect_panic}/', rep.line))
    else:
        rep.note = 'the expected panic'
        if pending is not None and pending.claim is None:
            # The report right before the expected panic (e.g. the WARN that panic_on_warn
            # turns into it) cannot be claimed, the kernel stops first: it is the cause.
            pending.needs_claim = False
            pending.note = 'cause of the expected panic'


# ------------------------------------------------------------------------- whole log

def _check_exit(res, status):
    """QEMU's exit status (None: unknown) must be 33 or 35 and agree with the log."""
    failed, msg = res.leaf_counts()[1] > 0, ''
    if status is None:
        return
    if res.expect_panic is not None and status != FAIL_STATUS:
        msg = f'expected {FAIL_STATUS} after the expected panic'
    elif status not in (PASS_STATUS, FAIL_STATUS):
        msg = f'not {PASS_STATUS} or {FAIL_STATUS}; 0 usually means a triple fault or reset'
    elif res.expect_panic is None and status == PASS_STATUS and failed:
        msg = 'the pass status, but tests failed'
    elif res.expect_panic is None and status == FAIL_STATUS and not failed and not res.problems:
        msg = 'the fail status, but the log shows no failure'
    if msg:
        res.problems.append(Problem('exit', f'QEMU exit status {status}: {msg}'))


def check_log(text, exit_status=None, expect_panic=None, expect_user=False):
    """Check a whole serial log and return a BootResult.  exit_status is QEMU's status, or
    None when unknown (offline, or killed after a hang).  expect_panic is a regex that the
    boot's 'Kernel panic - not syncing:' message must match, or None for a normal boot.
    expect_user: init runs after the self-tests, so its user-space document must follow."""
    lines = split_lines(text)
    problems = []
    parser = _KtapParser(problems)
    for idx, line in enumerate(lines):
        parser.feed(idx + 1, line)
    if expect_panic is None:            # a boot meant to panic stops early: that's fine
        problems.extend(parser.finish())
        problems.extend(Problem('missing', msg) for msg in parser.finish_user(expect_user))
    reports = scan_reports(lines, problems, expect_panic)
    res = BootResult(parser.suites, problems, reports, expect_panic)
    _check_exit(res, exit_status)
    problems.sort(key=lambda p: p.line or len(lines) + 1)
    return res


def format_result(res, tag, verbose=False):
    """Lines for humans, each starting with tag: one per suite, each failed test with the
    diagnostics before it, then each boot-level problem (and reports, when verbose)."""
    out = []
    for s in res.suites:
        passed, failed, skipped = s.counts()
        missing = f', {s.missing} missing' if s.missing else ''
        out.append(f'{tag} {s.name}: {passed} passed, {failed} failed, {skipped} skipped'
                   f'{missing}')
        for r in s.results:
            if not r.ok:
                out.append(f'{tag} FAIL {s.name}.{r.name} (log line {r.line})')
                out.extend(f'    {d}' for d in r.diags)
            elif verbose:
                out.append(f'{tag}   ok {s.name}.{r.name}' +
                           (f' # SKIP {r.skip_reason}' if r.skipped else ''))
    for r in res.reports if verbose else ():
        state = f'claimed as {r.claim!r}' if r.claim is not None else r.note or 'unclaimed'
        out.append(f'{tag} report at log line {r.line}: {r.title!r}, {state}')
    out.extend(f'{tag} FAIL boot: {p}' for p in res.problems)
    if res.expect_panic is not None:
        verdict = 'FAIL' if res.problems else 'ok'
        out.append(f'{tag} boot ending in a panic matching /{res.expect_panic}/: {verdict}')
    return out


def totals_line(passed, failed, skipped):
    """The line CI reads: 'N passed, N failed', plus ', N skipped' when there are skips."""
    return f'{passed} passed, {failed} failed' + (f', {skipped} skipped' if skipped else '')


def user_run_time(text):
    """Seconds init's user-space suite took, from its '# user: ran in T s' line, or None."""
    for line in split_lines(text):
        m = RE_USER_TIME.match(line)
        if m:
            return float(m.group(1))
    return None


def read_log(path):
    """A serial log as text (bytes that are not UTF-8 become U+FFFD)."""
    with open(path, 'rb') as f:
        return f.read().decode('utf-8', errors='replace')


def main(argv=None):
    ap = argparse.ArgumentParser(description='Check a saved ringlet serial log (KTAP v1 and '
                                 'crash reports).  Exit status 0 iff nothing failed.')
    ap.add_argument('log', help='serial log file')
    ap.add_argument('--exit-status', type=int, metavar='N',
                    help=f'QEMU exit status of that boot ({PASS_STATUS} pass, {FAIL_STATUS} fail)')
    ap.add_argument('--expect-panic', metavar='REGEX',
                    help='the boot was meant to end in a panic whose message matches REGEX')
    ap.add_argument('--expect-user', action='store_true',
                    help="init's user-space KTAP document must follow the kernel's")
    ap.add_argument('-v', '--verbose', action='store_true', help='list passed tests and reports')
    args = ap.parse_args(argv)
    res = check_log(read_log(args.log), args.exit_status, args.expect_panic, args.expect_user)
    for line in format_result(res, args.log, args.verbose):
        print(line)
    passed, failed, skipped = res.counts()
    print(totals_line(passed, failed, skipped))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
