/*
 * Self-tests of crash reports: each provokes a report on purpose and
 * expects its exact title, so the test fails if the report is missing or
 * titled differently.  The host runner (tests/ktap.py) re-derives every
 * title from the printed report and checks it against the claim, so the
 * printed format is tested too.
 */
#include "ktest.h"
#include "panic.h"
#include "report.h"
#include "kallsyms.h"
#include "string.h"
#include "printf.h"

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

static __noinline void crash_site_fault_site(volatile int *p)
{
	*p = 1;
}

KTEST_OPTS(report, null_write_page_fault,
	   .expect_report = "BUG: unable to handle page fault in crash_site_fault_site")
{
	crash_site_fault_site(NULL);
	ktest_fail(__FILE__, __LINE__, "the write to NULL did not fault");
}

static __noinline void crash_site_wx_site(void)
{
	/* Kernel text is read-only (W^X): writing to it must fault. */
	*(volatile unsigned char *)crash_site_wx_site = 0xc3;
}

KTEST_OPTS(report, text_is_read_only,
	   .expect_report = "BUG: unable to handle page fault in crash_site_wx_site")
{
	crash_site_wx_site();
	ktest_fail(__FILE__, __LINE__, "kernel text was writable");
}

static __noinline void crash_site_gp_site(void)
{
	/* A non-canonical address, like a pointer read from poisoned memory. */
	*(volatile unsigned long *)0x6b6b6b6b6b6b6b6bUL = 0;
}

KTEST_OPTS(report, non_canonical_is_gp_fault,
	   .expect_report = "general protection fault in crash_site_gp_site")
{
	crash_site_gp_site();
	ktest_fail(__FILE__, __LINE__, "no general protection fault");
}

KTEST(report, helper_names_are_skipped)
{
	EXPECT_TRUE(report_is_helper("spin_lock"));
	EXPECT_TRUE(report_is_helper("kfree"));
	EXPECT_TRUE(report_is_helper("__warn_printk"));
	EXPECT_FALSE(report_is_helper("percpu_ref_exit"));
	EXPECT_FALSE(report_is_helper("ktest_report_x"));
}

KTEST(kallsyms, lookup_known_function)
{
	unsigned long start, size;
	const char *name = kallsyms_lookup((unsigned long)kallsyms_lookup + 3, &start, &size);
	char buf[64];

	ASSERT_NOT_NULL(name);
	EXPECT_STREQ(name, "kallsyms_lookup");
	EXPECT_EQ(start, (unsigned long)kallsyms_lookup);
	EXPECT_GT(size, 3);
	EXPECT_EQ(kallsyms_lookup_name("kallsyms_lookup"), (unsigned long)kallsyms_lookup);
	snprintf(buf, sizeof(buf), "%pS", (void *)((unsigned long)kallsyms_lookup + 3));
	EXPECT_EQ(strncmp(buf, "kallsyms_lookup+0x3/0x", 22), 0);
}

KTEST(kallsyms, unknown_address)
{
	unsigned long start, size;

	EXPECT_NULL(kallsyms_lookup(0x1000, &start, &size));
	EXPECT_EQ(kallsyms_lookup_name("no_such_function_anywhere"), 0);
}

static const int crash_site_rodata = 42;

static __noinline void crash_site_rodata_site(void)
{
	*(volatile int *)&crash_site_rodata = 1;
}

KTEST_OPTS(report, rodata_is_read_only,
	   .expect_report = "BUG: unable to handle page fault in crash_site_rodata_site")
{
	crash_site_rodata_site();
	ktest_fail(__FILE__, __LINE__, "rodata was writable");
}

static unsigned char crash_site_data_code[16] = { 0xc3 };	/* "ret", in .data */

KTEST_OPTS(report, data_is_not_executable,
	   .expect_report = "BUG: unable to handle page fault in ktest_report_data_is_not_executable")
{
	/*
	 * The fetch faults at the data address itself, which names no
	 * function; the report is titled by the function that made the call.
	 */
	((void (*)(void))crash_site_data_code)();
	ktest_fail(__FILE__, __LINE__, "code in .data ran");
}

/* Far deeper than any stack; volatile, so the compiler cannot see it is never reached. */
static volatile unsigned int crash_site_depth_limit = 1u << 30;

/* Each level keeps a 512-byte frame alive across the recursive call. */
static __noinline unsigned int crash_site_recurse(unsigned int depth)
{
	volatile unsigned char frame[512];

	if (depth >= crash_site_depth_limit)
		return 0;
	frame[0] = (unsigned char)depth;
	return crash_site_recurse(depth + 1) + frame[0];
}

KTEST_OPTS(report, stack_overflow_hits_guard_page,
	   .expect_report = "BUG: stack guard page was hit in crash_site_recurse")
{
	crash_site_recurse(0);
	ktest_fail(__FILE__, __LINE__, "unbounded recursion returned");
}
