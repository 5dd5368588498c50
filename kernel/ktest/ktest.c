/*
 * The self-test runner (see include/ktest.h for how tests are written).
 *
 * For each test: take a leak snapshot, setjmp, call the test, and on return
 * (or on longjmp from a failed ASSERT, a skip, or an expected fatal report)
 * decide the result:
 *   - SKIP if the test skipped itself or needs more CPUs than are online;
 *   - not ok if any check failed, if an unexpected report happened, if an
 *     expected report did not, or if the leak snapshot changed;
 *   - ok otherwise.
 * Failure details are printed as KTAP diagnostics ("# ...") before the
 * result line, so they sit next to the result they explain.
 *
 * Other CPUs may record failures and reports for the running test (tests
 * in later issues run threads everywhere), so per-test state is shared and
 * updated atomically.
 *
 * Failing fast.  A test that waits for something the code under test
 * should do (a completion, a CQE, a file freed) would wait forever when
 * that code is wrong, and the boot would sit until the runner's timeout.
 * Tests wait with ktest_wait_more() (bounded, and over as soon as a check
 * has failed) or consult ktest_failed() before a wait.  As a safety net, a
 * test still running HANG_GRACE_MS after its first failure is declared
 * hung: a timer armed by that first failure prints it "not ok", every test
 * after it "not ok" (they cannot run: the runner is stuck in the hung
 * one), closes the KTAP document so it still parses, and ends the boot
 * with the fail status.  The same timer enforces ktest.timeout=SECONDS
 * (ktest_set_time_limit), for a wait inside the code under test that no
 * test can bound (a synchronize_rcu that never returns): graders set it.
 */
#include "ktest.h"
#include "ktest_leak.h"
#include "printk.h"
#include "printf.h"
#include "string.h"
#include "slab.h"
#include <asm/setjmp.h>
#include "smp.h"
#include "glob.h"
#include "sched.h"
#include "panic.h"
#include "atomic.h"
#include "percpu.h"
#include "preempt.h"
#include "time.h"
#include "timer.h"
#include <asm/qemu.h>

extern const struct ktest __ktest_start[], __ktest_end[];

#define KTAP_INDENT "  "

static const struct ktest *running;	/* set while the test body runs */
static const struct ktest *judged;	/* the test whose result is being decided */
static jmp_buf abandon_point;
static atomic_t failures;	/* checks failed in the running test */
static atomic_t reports_expected_seen;
static const char *skip_reason;

static struct task *runner;	/* the ktest thread: the only one a test may be abandoned on */

#define HANG_GRACE_MS 10000

/* Where the runner is, for the hang timer to finish the KTAP document. */
static struct {
	const char *filter;
	const char *suite;
	const struct ktest *first;	/* the running suite's first test in the section */
	int suite_number;	/* of the running suite, from 1 */
	int test_number;	/* of the running test in its suite, from 1 */
	int *totals;		/* passed, failed, skipped so far */
} at;
static struct timer_list hang_timer;
static atomic_t run_seq;	/* bumped for every run of a test body */
static atomic_t hang_seq;	/* the run the hang timer was armed for */
static unsigned int time_limit_s;	/* ktest.timeout=; 0: none */

void ktest_set_time_limit(unsigned int seconds)
{
	time_limit_s = seconds;
}

/* Arms the hang timer for the running test to fire in ms, unless it fires sooner already. */
static void arm_hang_timer(unsigned int ms)
{
	uint64_t expires = jiffies + (uint64_t)ms * HZ / 1000;

	if (timer_pending(&hang_timer) && atomic_read(&hang_seq) == atomic_read(&run_seq) &&
	    READ_ONCE(hang_timer.expires) <= expires)
		return;
	atomic_set(&hang_seq, atomic_read(&run_seq));
	mod_timer(&hang_timer, expires);
}


static __printf(1, 2) void ktap(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_emit(buf, (size_t)n);
}

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ktap(KTAP_INDENT "# %s: %s:%d: %s\n", judged ? judged->name : "?", file, line, msg);
	if (atomic_inc_return(&failures) == 1 && READ_ONCE(running))
		arm_hang_timer(HANG_GRACE_MS);
}

bool ktest_failed(void)
{
	return atomic_read(&failures) > 0;
}

struct ktest_wait ktest_wait_start(unsigned int ms)
{
	return (struct ktest_wait){ .start_ns = ktime_get_ns(), .ms = ms };
}

bool ktest_wait_more(struct ktest_wait *w, const char *what, const char *file, int line)
{
	if (ktest_failed())
		return false;	/* the failure is reported; waiting more only hides it */
	if (ktime_get_ns() - w->start_ns > w->ms * 1000000ULL) {
		ktest_fail(file, line, "gave up after %u ms waiting for %s", w->ms, what);
		return false;
	}
	msleep(1);
	return true;
}

static void check_done(bool ok, bool fatal)
{
	if (!ok && fatal)
		ktest_abandon_current();
}

void ktest_check(bool ok, bool fatal, const char *file, int line, const char *what)
{
	if (!ok)
		ktest_fail(file, line, "%s %s failed", fatal ? "ASSERT" : "EXPECT", what);
	check_done(ok, fatal);
}

void ktest_check_int(bool fatal, const char *file, int line, const char *op,
		     const char *ea, const char *eb, long long a, long long b)
{
	bool ok;

	if (!strcmp(op, "=="))
		ok = a == b;
	else if (!strcmp(op, "!="))
		ok = a != b;
	else if (!strcmp(op, "<"))
		ok = a < b;
	else if (!strcmp(op, "<="))
		ok = a <= b;
	else if (!strcmp(op, ">"))
		ok = a > b;
	else
		ok = a >= b;
	if (!ok)
		ktest_fail(file, line, "expected %s %s %s, got %lld (0x%llx) vs %lld (0x%llx)",
			   ea, op, eb, a, (unsigned long long)a, b, (unsigned long long)b);
	check_done(ok, fatal);
}

void ktest_check_str(bool fatal, const char *file, int line, const char *ea,
		     const char *eb, const char *a, const char *b)
{
	bool ok = a && b && !strcmp(a, b);

	if (!ok)
		ktest_fail(file, line, "expected %s == %s, got \"%s\" vs \"%s\"",
			   ea, eb, a ? a : "(null)", b ? b : "(null)");
	check_done(ok, fatal);
}

void ktest_abandon_current(void)
{
	/* The abandon point is on the runner's stack: only the runner can go back to it. */
	if (current != runner)
		panic("ktest: ASSERT, skip or expected oops outside the test's own thread (in %s)",
		      current->comm);
	longjmp(abandon_point, 1);
}

void ktest_skip(const char *reason)
{
	skip_reason = reason;
	ktest_abandon_current();
}

bool ktest_claim_report(const char *title)
{
	const struct ktest *t = READ_ONCE(running);

	if (!t)
		return false;
	if (t->expect_report && !strcmp(t->expect_report, title)) {
		atomic_inc(&reports_expected_seen);
		ktap(KTAP_INDENT "# expected report: %s\n", title);
		return true;
	}
	ktest_fail(__FILE__, __LINE__, "unexpected report: %s", title);
	return false;
}

/* Fails the running test with one diagnostic per quantity that moved. */
static void report_leak(void *ctx, const char *what, long before, long after)
{
	(void)ctx;
	ktest_fail(__FILE__, __LINE__, "leak: %s %ld -> %ld", what, before, after);
}

static void check_leaks(const struct leak_snapshot *before)
{
	struct leak_snapshot after;

	leak_snapshot_take(&after);
	leak_snapshot_compare(before, &after, report_leak, NULL);
}

struct thread_group {
	int (*fn)(void *);
	void *arg;
	atomic_t remaining;
	atomic_long_t sum;
	struct completion all_done;
};

static int group_member(void *arg)
{
	struct thread_group *g = arg;
	int r = g->fn(g->arg);

	atomic_long_add(r, &g->sum);
	if (atomic_dec_and_test(&g->remaining))
		complete(&g->all_done);
	return r;
}

long ktest_run_threads(int (*fn)(void *), void *arg, int per_cpu)
{
	struct thread_group g = { .fn = fn, .arg = arg };
	struct task *threads[NR_CPUS * KTEST_MAX_THREADS_PER_CPU];
	int n = 0, cpu;

	ASSERT_TRUE(per_cpu >= 1 && per_cpu <= KTEST_MAX_THREADS_PER_CPU);
	init_completion(&g.all_done);
	atomic_set(&g.remaining, num_online_cpus() * per_cpu);
	for_each_online_cpu(cpu)
		for (int i = 0; i < per_cpu; i++) {
			threads[n] = kthread_create_on_cpu(group_member, &g, cpu, "ktest/%d:%d", cpu, i);
			ASSERT_NOT_NULL(threads[n]);
			n++;
		}
	for (int i = 0; i < n; i++)
		wake_up_process(threads[i]);
	wait_for_completion(&g.all_done);
	for (int i = 0; i < n; i++)
		kthread_stop(threads[i]);
	return atomic_long_read(&g.sum);
}

/*
 * Runs t once; returns false if it failed, sets *skipped if it skipped.
 * Not inlined: tests check that their caller in a backtrace is run_once.
 */
static __noinline bool run_once(const struct ktest *t, bool *skipped)
{
	struct leak_snapshot before;
	int preempt;

	atomic_set(&failures, 0);
	atomic_set(&reports_expected_seen, 0);
	skip_reason = NULL;
	judged = t;
	clear_warn_once();
	leak_snapshot_take(&before);
	preempt = preempt_count();
	atomic_inc(&run_seq);
	WRITE_ONCE(running, t);
	if (time_limit_s)
		arm_hang_timer(time_limit_s * 1000);
	if (setjmp(abandon_point) == 0)
		t->fn();
	del_timer_sync(&hang_timer);
	/* Poison damage the test did to memory it freed is reported as its own. */
	slab_quarantine_flush();
	WRITE_ONCE(running, NULL);
	/*
	 * A test abandoned while holding spinlocks (an expected BUG, a failed
	 * ASSERT) never released them: give the CPU its preemption back, as
	 * killing the task would in Linux.
	 */
	this_cpu_write(preempt_count_pcpu, preempt);
	if (skip_reason) {
		*skipped = true;
		return true;
	}
	if (t->expect_report && atomic_read(&reports_expected_seen) == 0)
		ktest_fail(__FILE__, __LINE__, "expected report \"%s\" did not happen",
			   t->expect_report);
	check_leaks(&before);
	return atomic_read(&failures) == 0;
}

static bool selected(const struct ktest *t, const char *filter)
{
	char full[96];

	snprintf(full, sizeof(full), "%s.%s", t->suite, t->name);
	return glob_filter_match(filter, full);
}

/* True if suite already appeared before t in the section (printed with its first test). */
static bool suite_seen_before(const struct ktest *t)
{
	for (const struct ktest *u = __ktest_start; u < t; u++)
		if (!strcmp(u->suite, t->suite))
			return true;
	return false;
}

static int count_in_suite(const char *suite, const char *filter)
{
	int n = 0;

	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++)
		n += !strcmp(t->suite, suite) && selected(t, filter);
	return n;
}

/* Prints "not ok" for every selected test of suite numbered after 'after'; returns how many. */
static int fail_rest_of_suite(const char *suite, int after)
{
	int n = 0;

	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		if (strcmp(t->suite, suite) || !selected(t, at.filter))
			continue;
		if (++n > after)
			ktap(KTAP_INDENT "not ok %d %s\n", n, t->name);
	}
	return n - after;
}

/*
 * The hang timer (interrupt context, see the top): ends the boot if the
 * run it was armed for is still going.  Never returns then.
 */
static void hang_timer_fn(struct timer_list *unused)
{
	const struct ktest *t = READ_ONCE(running);
	int suite_number = at.suite_number, failed;

	(void)unused;
	if (!t || atomic_read(&hang_seq) != atomic_read(&run_seq))
		return;
	if (ktest_failed())
		ktap(KTAP_INDENT "# %s: still running %d ms after its first failure: hung\n",
		     t->name, HANG_GRACE_MS);
	else
		ktap(KTAP_INDENT "# %s: still running after ktest.timeout=%u s: hung\n", t->name,
		     time_limit_s);
	ktap(KTAP_INDENT "# the boot stops: %s and every test after it are reported not ok\n",
	     t->name);
	failed = fail_rest_of_suite(at.suite, at.test_number - 1);
	ktap("not ok %d %s\n", suite_number, at.suite);
	for (const struct ktest *u = at.first + 1; u < __ktest_end; u++) {
		int n = count_in_suite(u->suite, at.filter);

		if (suite_seen_before(u) || n == 0)
			continue;
		ktap(KTAP_INDENT "KTAP version 1\n");
		ktap(KTAP_INDENT "# Subtest: %s\n", u->suite);
		ktap(KTAP_INDENT "1..%d\n", n);
		failed += fail_rest_of_suite(u->suite, 0);
		ktap("not ok %d %s\n", ++suite_number, u->suite);
	}
	ktap("# ktest: %d passed, %d failed, %d skipped\n", at.totals[0], at.totals[1] + failed,
	     at.totals[2]);
	qemu_exit(QEMU_EXIT_FAIL);
}

static bool run_suite(const char *suite, const char *filter, unsigned int repeat, int *totals)
{
	int n = 0;
	bool suite_ok = true;

	ktap(KTAP_INDENT "KTAP version 1\n");
	ktap(KTAP_INDENT "# Subtest: %s\n", suite);
	ktap(KTAP_INDENT "1..%d\n", count_in_suite(suite, filter));
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		bool ok = true, skipped = false;

		if (strcmp(t->suite, suite) || !selected(t, filter))
			continue;
		n++;
		at.test_number = n;
		if (t->min_cpus > num_online_cpus()) {
			ktap(KTAP_INDENT "ok %d %s # SKIP needs %d CPUs, %d online\n",
			     n, t->name, t->min_cpus, num_online_cpus());
			totals[2]++;
			continue;
		}
		for (unsigned int r = 0; r < repeat && ok && !skipped; r++) {
			ok = run_once(t, &skipped);
			if (!ok && repeat > 1)
				ktap(KTAP_INDENT "# %s: failed in repetition %u of %u\n", t->name, r + 1, repeat);
		}
		if (skipped) {
			ktap(KTAP_INDENT "ok %d %s # SKIP %s\n", n, t->name, skip_reason);
			totals[2]++;
		} else {
			ktap(KTAP_INDENT "%s %d %s\n", ok ? "ok" : "not ok", n, t->name);
			totals[ok ? 0 : 1]++;
			suite_ok &= ok;
		}
	}
	return suite_ok;
}

bool ktest_run_all(const char *filter, unsigned int repeat)
{
	int nsuites = 0, i = 0, totals[3] = { 0, 0, 0 };
	bool all_ok = true;

	runner = current;
	timer_setup(&hang_timer, hang_timer_fn);
	at.filter = filter;
	at.totals = totals;
	if (!*filter) {
		/* cmdline.c empties a filter it rejected: fail the boot rather than guess. */
		ktap("KTAP version 1\n1..0\n");
		ktap("# ktest: ktest.filter was rejected (see the \"cmdline:\" lines): no test ran\n");
		return false;
	}
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++)
		nsuites += !suite_seen_before(t) && count_in_suite(t->suite, filter) > 0;
	ktap("KTAP version 1\n");
	ktap("1..%d\n", nsuites);
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		bool ok;

		if (suite_seen_before(t) || count_in_suite(t->suite, filter) == 0)
			continue;
		at.suite = t->suite;
		at.first = t;
		at.suite_number = i + 1;
		ok = run_suite(t->suite, filter, repeat, totals);
		ktap("%s %d %s\n", ok ? "ok" : "not ok", ++i, t->suite);
		all_ok &= ok;
	}
	ktap("# ktest: %d passed, %d failed, %d skipped\n", totals[0], totals[1], totals[2]);
	return all_ok;
}
