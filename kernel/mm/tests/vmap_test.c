/*
 * Self-tests of vmap.c (suite vmap): a kernel stack is mapped with an
 * unmapped guard page below it, so unbounded recursion faults on the
 * guard page and is reported as a stack overflow, titled by the function
 * that recursed, instead of silently overwriting what lies below.
 */
#include "ktest.h"

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

KTEST_OPTS(vmap, stack_overflow_hits_guard_page,
	   .expect_report = "BUG: stack guard page was hit in crash_site_recurse")
{
	crash_site_recurse(0);
	ktest_fail(__FILE__, __LINE__, "unbounded recursion returned");
}
