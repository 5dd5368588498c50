/*
 * Self-tests of traps.c (suite traps): a write to NULL is a page fault and
 * a non-canonical address a general protection fault, each reported and
 * titled by the function that faulted.  Each test provokes its fault on
 * purpose and expects the exact title (ktest fails it if the report is
 * missing or titled differently).
 */
#include "ktest.h"

/* noinline: the title must name this function, not the test that calls it. */
static __noinline void crash_site_fault_site(volatile int *p)
{
	*p = 1;
}

KTEST_OPTS(traps, null_write_page_fault,
	   .expect_report = "BUG: unable to handle page fault in crash_site_fault_site")
{
	crash_site_fault_site(NULL);
	ktest_fail(__FILE__, __LINE__, "the write to NULL did not fault");
}

static __noinline void crash_site_gp_site(void)
{
	/* A non-canonical address, like a pointer read from poisoned memory. */
	*(volatile unsigned long *)0x6b6b6b6b6b6b6b6bUL = 0;
}

KTEST_OPTS(traps, non_canonical_is_gp_fault,
	   .expect_report = "general protection fault in crash_site_gp_site")
{
	crash_site_gp_site();
	ktest_fail(__FILE__, __LINE__, "no general protection fault");
}
