"""Unit tests for tests/ktap.py and tests/report_titles.py, the KTAP v1 and crash report checker.

The kernel cannot be booted here, so these tests feed check_log() hand-written serial logs:
a good one from tests/fixtures/good.log, and small variants built below that each break one
rule.  Run from the repository root:

    python3 -m unittest discover -s tests -p 'test_*.py'
"""
import contextlib
import io
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
import report_titles  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')


def fixture(name):
    return ktap.read_log(os.path.join(FIXTURES, name))


def suite(name, results, plan=None, number=None, ok=None):
    """KTAP lines of one suite: indented subtest, then its top-level result line.
    results are KTAP lines ('ok ..', 'not ok ..', '# ..'), which get the 2-space indent, and
    other output such as crash reports, left as is; plan defaults to the number of results."""
    ktap_line = ('ok ', 'not ok ', '#')
    plan = len([r for r in results if r.startswith(ktap_line[:2])]) if plan is None else plan
    if ok is None:
        ok = not any(r.startswith('not ok') for r in results)
    lines = ['  KTAP version 1', f'  # Subtest: {name}', f'  1..{plan}']
    lines += ['  ' + r if r.startswith(ktap_line) else r for r in results]
    lines.append(f"{'ok' if ok else 'not ok'} {number or 1} {name}")
    return lines


def log(*suites, plan=None, before=(), after=()):
    """A whole log: boot lines, header, top plan, the suites, then trailing lines."""
    lines = list(before) + ['KTAP version 1', f'1..{len(suites) if plan is None else plan}']
    for s in suites:
        lines += s
    return '\n'.join(lines + list(after)) + '\n'


def warn_report(func='percpu_ref_exit', frames=('uring_files_unregister', 'uring_ctx_free')):
    return (['------------[ cut here ]------------',
             f'WARNING: CPU: 1 PID: 7 at lib/percpu_ref.c:111 {func}+0x2a/0x60',
             'CPU: 1 PID: 7 Comm: ktest/1 Not tainted ringlet-0.1 #1',
             f'RIP: 0010:{func}+0x2a/0x60', 'Call Trace:']
            + [f' {f}+0x71/0x290' for f in frames]
            + ['---[ end trace 0000000000000000 ]---'])


def report(title, rip=None, frames=(), end='---[ end trace 0000000000000000 ]---'):
    """A generic report: title line, optional RIP line, Call Trace frames, end marker."""
    lines = [title, 'CPU: 0 PID: 3 Comm: ktest/0 Not tainted ringlet-0.1 #1']
    if rip:
        lines.append(f'RIP: 0010:{rip}+0x10/0x80')
    lines.append('Call Trace:')
    return lines + [f' {f}+0x1f/0x100' for f in frames] + [end]


def kinds(res):
    return [p.kind for p in res.problems]


def messages(res):
    return '\n'.join(str(p) for p in res.problems)


class GoodLogTest(unittest.TestCase):
    def test_good_log(self):
        res = ktap.check_log(fixture('good.log'), exit_status=33)
        self.assertEqual(res.problems, [], messages(res))
        self.assertEqual([s.name for s in res.suites], ['percpu_ref', 'warn', 'empty_skip'])
        self.assertEqual(res.counts(), (4, 0, 2))
        titles = ['WARNING in percpu_ref_exit', 'KASAN: slab-use-after-free in uaf_reader']
        self.assertEqual([r.title for r in res.reports], titles)
        skip = res.suites[0].results[2]
        self.assertTrue(skip.skipped and skip.ok)
        self.assertEqual((skip.name, skip.skip_reason), ('tryget_live_after_kill', 'needs >1 CPU'))

    def test_failed_test_keeps_its_diagnostics(self):
        text = log(suite('uring_files', ['# unregister_drops_refs: expected 1, got 2',
                                         'not ok 1 unregister_drops_refs']))
        res = ktap.check_log(text, exit_status=35)
        self.assertEqual(res.problems, [], messages(res))
        self.assertEqual(res.counts(), (0, 1, 0))
        out = '\n'.join(ktap.format_result(res, 'smp=2'))
        self.assertIn('smp=2 uring_files: 0 passed, 1 failed, 0 skipped', out)
        self.assertIn('smp=2 FAIL uring_files.unregister_drops_refs', out)
        self.assertIn('# unregister_drops_refs: expected 1, got 2', out)

    def test_cli_on_saved_log(self):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            rc = ktap.main([os.path.join(FIXTURES, 'good.log'), '--exit-status', '33'])
        self.assertEqual(rc, 0)
        self.assertEqual(buf.getvalue().splitlines()[-1], '4 passed, 0 failed, 2 skipped')

    def test_totals_line(self):
        self.assertEqual(ktap.totals_line(3, 1, 0), '3 passed, 1 failed')
        self.assertEqual(ktap.totals_line(3, 0, 2), '3 passed, 0 failed, 2 skipped')

    def test_crlf_and_escapes_are_ignored(self):
        text = '\x1b[2J\x1b[0mBooting\r\n' + log(suite('a', ['ok 1 x'])).replace('\n', '\r\n')
        self.assertEqual(ktap.check_log(text, 33).problems, [])


class KtapStrictnessTest(unittest.TestCase):
    def check_ktap_problem(self, text, needle, exit_status=None):
        res = ktap.check_log(text, exit_status)
        self.assertIn('ktap', kinds(res), messages(res))
        self.assertIn(needle, messages(res))
        return res

    def test_plan_mismatch(self):
        self.check_ktap_problem(log(suite('s', ['ok 1 a', 'ok 2 b'], plan=3)),
                                "suite 's' planned 3 tests but printed 2 results")

    def test_non_consecutive_numbering(self):
        self.check_ktap_problem(log(suite('s', ['ok 1 a', 'ok 3 b'])),
                                'result numbered 3, expected 2')

    def test_top_level_numbering(self):
        self.check_ktap_problem(log(suite('a', ['ok 1 x']), suite('b', ['ok 1 y'], number=3)),
                                'top-level result numbered 3, expected 2')

    def test_suite_ok_with_failing_child(self):
        res = self.check_ktap_problem(log(suite('s', ['ok 1 a', 'not ok 2 b'], ok=True)),
                                      "suite 's' is ok but a child test failed")
        self.assertEqual(res.counts()[:2], (1, 2))   # the failed leaf + the violation

    def test_suite_not_ok_without_failing_child(self):
        self.check_ktap_problem(log(suite('s', ['ok 1 a', 'ok 2 b # SKIP why'], ok=False)),
                                "suite 's' is not ok but no child test failed")

    def test_hash_in_description(self):
        self.check_ktap_problem(log(suite('s', ['ok 1 cpu#1 works'])), "'#' in the description")

    def test_header_must_come_first(self):
        text = 'ok 1 early\n' + log(suite('s', ['ok 1 a']))
        self.check_ktap_problem(text, "before 'KTAP version 1'")

    def test_plan_after_results(self):
        text = log(suite('s', ['ok 1 a']), plan=0).replace('1..0\n', '') + '1..1\n'
        self.check_ktap_problem(text, 'top-level plan')

    def test_suite_result_before_plan(self):
        text = log(suite('s', ['ok 1 a'])).replace('  1..1\n', '')
        self.check_ktap_problem(text, 'result before the plan')

    def test_suite_not_indented(self):
        text = 'KTAP version 1\n1..1\n# Subtest: s\n1..1\nok 1 a\nok 2 s\n'
        self.check_ktap_problem(text, 'suites must be indented by 2')

    def test_duplicate_subtest(self):
        self.check_ktap_problem(log(suite('s', ['ok 1 a']), suite('s', ['ok 1 a'], number=2)),
                                "subtest 's' appears twice")

    def test_output_after_final_result(self):
        text = log(suite('s', ['ok 1 a']), after=['# Totals: pass:1', 'ringlet: bye'])
        self.assertEqual(ktap.check_log(text, 33).problems, [])
        self.check_ktap_problem(log(suite('s', ['ok 1 a']), after=['ok 2 extra']),
                                'KTAP output after the final result')

    def test_more_suites_than_planned(self):
        self.check_ktap_problem(log(suite('a', ['ok 1 x']), plan=0),
                                'KTAP output after the final result')

    def test_missing_results_truncated_log(self):
        lines = log(suite('first', ['ok 1 a']),
                    suite('percpu_ref', ['ok 1 get_put', 'ok 2 kill', 'ok 3 tryget'], number=2),
                    suite('third', ['ok 1 z'], number=3)).splitlines()
        text = '\n'.join(lines[:lines.index('  ok 2 kill')]) + '\n'   # hangs in test 2
        res = ktap.check_log(text)
        self.assertEqual(kinds(res), ['missing', 'missing'], messages(res))
        self.assertIn("log ended inside suite 'percpu_ref': tests 2..3 of 3 have no result "
                      '(last result: 1 get_put', messages(res))
        self.assertIn('log ended after 1 of 3 suites: suites 2..3 have no result', messages(res))
        out = '\n'.join(ktap.format_result(res, 'smp=1'))
        self.assertIn('smp=1 percpu_ref: 1 passed, 0 failed, 0 skipped, 2 missing', out)
        self.assertEqual(res.counts(), (2, 2, 0))

    def test_no_ktap_at_all(self):
        res = ktap.check_log('SeaBIOS\nBooting from DVD/CD...\n', exit_status=0)
        self.assertEqual(sorted(kinds(res)), ['exit', 'missing'], messages(res))


class CrashReportTest(unittest.TestCase):
    def test_unclaimed_warn(self):
        res = ktap.check_log(log(suite('s', warn_report() + ['ok 1 a'])), exit_status=35)
        self.assertEqual(kinds(res), ['crash'], messages(res))
        self.assertIn("unexpected crash report 'WARNING in percpu_ref_exit'", messages(res))
        self.assertEqual(res.problems[0].line, 7)

    def test_claimed_warn_matching_title(self):
        body = warn_report() + ['# expected report: WARNING in percpu_ref_exit', 'ok 1 a']
        res = ktap.check_log(log(suite('s', body)), exit_status=33)
        self.assertEqual(res.problems, [], messages(res))
        self.assertEqual(res.reports[0].claim, 'WARNING in percpu_ref_exit')

    def test_claimed_warn_wrong_title(self):
        body = warn_report() + ['# expected report: WARNING in uring_ctx_free', 'ok 1 a']
        res = ktap.check_log(log(suite('s', body)), exit_status=33)
        self.assertEqual(kinds(res), ['title'], messages(res))
        self.assertIn("'WARNING in uring_ctx_free' differs from the report's title "
                      "'WARNING in percpu_ref_exit'", messages(res))

    def test_claim_must_come_before_next_result(self):
        body = warn_report() + ['ok 1 a', '# expected report: WARNING in percpu_ref_exit',
                                'ok 2 b']
        res = ktap.check_log(log(suite('s', body)))
        self.assertEqual(sorted(kinds(res)), ['crash', 'title'], messages(res))

    def test_claim_must_come_before_next_report(self):
        body = (warn_report() + warn_report('other_func')
                + ['# expected report: WARNING in other_func', 'ok 1 a'])
        res = ktap.check_log(log(suite('s', body)))
        self.assertEqual(kinds(res), ['crash'], messages(res))
        self.assertIn('WARNING in percpu_ref_exit', messages(res))

    def test_claim_without_report(self):
        res = ktap.check_log(log(suite('s', ['# expected report: WARNING in f', 'ok 1 a'])))
        self.assertEqual(kinds(res), ['title'], messages(res))

    def title_of(self, lines):
        reports = ktap.scan_reports(lines, [])
        self.assertEqual(len(reports), 1)
        return reports[0].title

    def test_kasan_title(self):
        lines = ['=' * 66, 'BUG: KASAN: slab-out-of-bounds in ring_copy+0x3c/0x90',
                 'Write of size 4 at addr ffff800000123450 by task ktest/1', 'Call Trace:',
                 ' dump_stack+0x10/0x20', ' kasan_report+0x40/0x80', ' ring_copy+0x3c/0x90',
                 '=' * 66]
        self.assertEqual(self.title_of(lines), 'KASAN: slab-out-of-bounds in ring_copy')

    def test_odebug_is_one_report_with_its_warning(self):
        # Linux prints the ODEBUG line, then the WARNING from debug_print_object; syzbot
        # titles the pair by the first frame outside the reporting code.
        lines = (['------------[ cut here ]------------',
                  'ODEBUG: free active (active state 0) object type: work_struct hint: '
                  'io_file_put_work+0x0/0x2b0',
                  'WARNING: CPU: 0 PID: 9 at lib/debugobjects.c:488 debug_print_object+0x160/0x250']
                 + report('CPU: 0 PID: 9 Comm: ktest Not tainted ringlet-0.1 #1',
                          rip='debug_print_object',
                          frames=('debug_check_no_obj_freed', 'kfree', 'io_sqe_files_unregister',
                                  'io_ring_ctx_free'))[1:])
        self.assertEqual(self.title_of(lines), 'WARNING: ODEBUG bug in io_sqe_files_unregister')
        res = ktap.check_log(log(suite('s', lines + [
            '# expected report: WARNING: ODEBUG bug in io_sqe_files_unregister', 'ok 1 a'])))
        self.assertEqual(messages(res), '')

    def test_page_fault_title_via_rip(self):
        lines = report('BUG: unable to handle page fault for address: 0000000000000008',
                       rip='vmap_lookup', frames=('oops_begin', 'vmap_free', 'ktest_run'))
        self.assertEqual(self.title_of(lines), 'BUG: unable to handle page fault in vmap_lookup')

    def test_gpf_and_kernel_bug_titles_via_rip(self):
        self.assertEqual(self.title_of(report('general protection fault: 0000 [#1] SMP',
                                              rip='list_del', frames=('f',))),
                         'general protection fault in list_del')
        self.assertEqual(self.title_of(report('kernel BUG at kernel/mm/vmap.c:42!', rip='vmap_free',
                                              frames=('g',))),
                         'kernel BUG in vmap_free')

    def test_rip_in_no_function_titles_by_first_frame(self):
        res = ktap.check_log(log(suite('s', report('kernel BUG at a.c:1!', frames=('f',))
                                       + ['# expected report: kernel BUG in f', 'ok 1 a'])))
        self.assertEqual(messages(res), '')

    def test_no_rip_and_no_frame_gives_question_mark(self):
        res = ktap.check_log(log(suite('s', report('kernel BUG at a.c:1!', frames=('kfree',))
                                       + ['# expected report: kernel BUG in f', 'ok 1 a'])))
        self.assertIn("'kernel BUG in ?' (no 'RIP: 0010:' function", messages(res))

    def test_bug_title_via_first_non_helper_frame(self):
        lines = report('BUG: spinlock recursion on CPU#0', rip='spin_bug',
                       frames=('dump_stack', 'spin_bug', '_raw_spin_lock', 'percpu_drain'))
        lines.insert(-1, ' ring_worker+0x1/0x2')
        self.assertEqual(self.title_of(lines), 'BUG: spinlock recursion in percpu_drain')

    def test_unreliable_frames_and_markers_are_skipped(self):
        lines = report('BUG: sleeping function called from invalid context at mm/slab.c:9',
                       frames=('__might_sleep', 'might_sleep_check'))
        lines[-1:-1] = [' <IRQ>', ' ? junk_frame+0x1/0x2', ' timer_fn+0x5/0x40', ' </IRQ>']
        self.assertEqual(self.title_of(lines),
                         'BUG: sleeping function called from invalid context in timer_fn')

    def test_slab_poison_title(self):
        lines = report('BUG kmalloc-64 (Not tainted): Poison overwritten',
                       frames=('slab_check', 'poison_verify', 'kfree', 'uring_ctx_free'))
        self.assertEqual(self.title_of(lines), 'BUG: Poison overwritten in uring_ctx_free')

    def test_helper_prefixes(self):
        frames = ['panic_x', '__warn', 'warn_slowpath', 'report_bug', 'dump_stack_lvl',
                  'spin_dump', '_raw_spin_lock', '__might_sleep', 'might_sleep', 'mutex_lock',
                  'kmalloc', 'kfree', '__kmalloc_node', 'atomic_dec', 'bug_handler',
                  'oops_enter', 'report_x', 'ktest_expect_report', 'slab_err', 'poison_check',
                  'real_function']
        self.assertEqual(report_titles.first_non_helper(frames), 'real_function')


class PanicTest(unittest.TestCase):
    PANIC = report('Kernel panic - not syncing: panic_on_warn set ...', frames=('panic', 'f'),
                   end='---[ end Kernel panic - not syncing: panic_on_warn set ... ]---')

    def truncated(self, extra):
        lines = log(suite('s', ['ok 1 a', 'ok 2 b'])).splitlines()[:-2]   # hangs in test 2
        return '\n'.join(lines + extra) + '\n'

    def test_panic_is_never_expected_in_a_normal_boot(self):
        text = self.truncated(self.PANIC + ['# expected report: Kernel panic - not syncing: '
                                            'panic_on_warn set ...'])
        res = ktap.check_log(text, exit_status=35)
        self.assertIn('panic', kinds(res), messages(res))
        self.assertIn('never an expected report', messages(res))

    def test_expected_panic_after_warn(self):
        res = ktap.check_log(self.truncated(warn_report() + self.PANIC), exit_status=35,
                             expect_panic='panic_on_warn')
        self.assertEqual(res.problems, [], messages(res))
        self.assertEqual(res.counts(), (2, 0, 0))          # leaf 'a' + the panic boot itself
        self.assertEqual(res.reports[0].note, 'cause of the expected panic')

    def test_expected_panic_earlier_claims_still_checked(self):
        text = self.truncated(warn_report('f1') + ['# expected report: WARNING in f2']
                              + self.PANIC)
        res = ktap.check_log(text, exit_status=35, expect_panic='panic_on_warn')
        self.assertEqual(kinds(res), ['title'], messages(res))
        self.assertEqual(res.counts(), (1, 1, 0))

    def test_expected_panic_wrong_message_or_status(self):
        res = ktap.check_log(self.truncated(self.PANIC), exit_status=35, expect_panic='^oops$')
        self.assertIn('does not match /^oops$/', messages(res))
        res = ktap.check_log(self.truncated(self.PANIC), exit_status=33, expect_panic='warn')
        self.assertEqual(kinds(res), ['exit'], messages(res))
        self.assertEqual(res.counts(), (1, 1, 0))

    def test_expected_panic_that_never_happens(self):
        res = ktap.check_log(log(suite('s', ['ok 1 a'])), exit_status=33, expect_panic='x')
        self.assertEqual(sorted(kinds(res)), ['exit', 'panic'], messages(res))


class ExitStatusTest(unittest.TestCase):
    GOOD = log(suite('s', ['ok 1 a']))
    BAD = log(suite('s', ['not ok 1 a']))

    def test_statuses(self):
        self.assertEqual(ktap.check_log(self.GOOD, 33).problems, [])
        self.assertEqual(ktap.check_log(self.BAD, 35).problems, [])
        self.assertIn('triple fault', messages(ktap.check_log(self.GOOD, 0)))
        self.assertIn('pass status, but tests failed', messages(ktap.check_log(self.BAD, 33)))
        self.assertIn('no failure', messages(ktap.check_log(self.GOOD, 35)))
        self.assertEqual(ktap.check_log(self.GOOD, None).problems, [])


class HelperListInSync(unittest.TestCase):
    """The kernel titles reports with its own copy of the helper list."""

    def test_same_as_kernel(self):
        import os
        import re as _re
        src = os.path.join(os.path.dirname(__file__), '..', 'kernel', 'report', 'report.c')
        with open(src) as f:
            text = f.read()
        block = _re.search(r'helper_prefixes\[\] = \{(.*?)\};', text, _re.S).group(1)
        kernel = tuple(_re.findall(r'"([^"]+)"', block))
        self.assertEqual(kernel, report_titles.HELPER_PREFIXES)


if __name__ == '__main__':
    unittest.main()
