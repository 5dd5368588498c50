/*
 * Self-tests of report.c: WARN, WARN_ON_ONCE, WARN with a message and BUG
 * each provoke a report on purpose and expect its exact title, so the
 * test fails if the report is missing or titled differently.  The host
 * runner (tests/ktap.py) re-derives every title from the printed report
 * and checks it against the claim, so the printed format is tested too.
 * Then: a trace starts at its caller, and titles skip helper frames.
 *
 * Reports of faults are tested beside the code that catches them:
 * arch/x86_64/tests/traps_test.c, arch/x86_64/tests/paging_test.c and
 * kernel/mm/tests/vmap_test.c.
 */
#include "ktest.h"
#include "panic.h"
#include "report.h"
#include "kallsyms.h"

/* noinline: the title must name this function, not the test that calls it. */
static __noinline int crash_site_warn_site(int x)
{
	WARN_ON(x > 0);
	return x + 1;
}

KTEST_OPTS(report, warn_title_and_resume, .expect_report = "WARNING in crash_site_warn_site")
{
	unsigned long before = READ_ONCE(warn_count);

	/* The WARN resumes after the ud2, so the function returns normally. */
	EXPECT_EQ(crash_site_warn_site(1), 2);
	EXPECT_EQ(READ_ONCE(warn_count), before + 1);
}

static __noinline void crash_site_warn_once_site(void)
{
	WARN_ON_ONCE(true);
}

KTEST_OPTS(report, warn_on_once_fires_once, .expect_report = "WARNING in crash_site_warn_once_site")
{
	unsigned long before = READ_ONCE(warn_count);

	for (int i = 0; i < 3; i++)
		crash_site_warn_once_site();
	EXPECT_EQ(READ_ONCE(warn_count), before + 1);
}

static __noinline bool crash_site_warn_msg_site(int v)
{
	return WARN(v != 0, "report_test: value %d is not zero\n", v);
}

KTEST_OPTS(report, warn_with_message, .expect_report = "WARNING in crash_site_warn_msg_site")
{
	EXPECT_FALSE(crash_site_warn_msg_site(0));
	EXPECT_TRUE(crash_site_warn_msg_site(7));
}

/* The first frame of a WARN's call trace is its caller: check with a trace of our own. */
KTEST(report, trace_starts_at_caller)
{
	unsigned long frames[8], start, size;
	int n = unwind_frames((unsigned long)__builtin_frame_address(0), frames, 8);
	const char *name;

	ASSERT_GE(n, 1);
	name = kallsyms_lookup(frames[0] - 1, &start, &size);
	ASSERT_NOT_NULL(name);
	EXPECT_STREQ(name, "run_once");
}

static __noinline void crash_site_bug_site(void)
{
	BUG_ON(1);
}

KTEST_OPTS(report, bug_is_fatal_and_titled, .expect_report = "kernel BUG in crash_site_bug_site")
{
	crash_site_bug_site();
	ktest_fail(__FILE__, __LINE__, "BUG returned");
}

KTEST(report, helper_names_are_skipped)
{
	EXPECT_TRUE(report_is_helper("spin_lock"));
	EXPECT_TRUE(report_is_helper("kfree"));
	EXPECT_TRUE(report_is_helper("__warn_printk"));
	EXPECT_FALSE(report_is_helper("percpu_ref_exit"));
	EXPECT_FALSE(report_is_helper("ktest_report_x"));
}
