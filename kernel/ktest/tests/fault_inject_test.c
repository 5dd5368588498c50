/*
 * Self-tests of fault injection (suite fault_inject): the option syntax,
 * the per-task countdown, and the interval/probability/times attributes
 * narrowed to this file's functions with the site filter (other CPUs
 * allocate meanwhile and must not be hit).
 */
#include "ktest.h"
#include "fault_inject.h"
#include "slab.h"
#include "mm.h"
#include "percpu.h"

KTEST(fault_inject, spec_syntax)
{
	struct fault_spec s = { 0 };

	EXPECT_NULL(fault_spec_parse("1,100,-1", &s));
	EXPECT_EQ(s.interval, 1);
	EXPECT_EQ(s.probability, 100);
	EXPECT_EQ(s.times, -1);
	EXPECT_NULL(fault_spec_parse("3,50,7", &s));
	EXPECT_EQ(s.times, 7);
	EXPECT_NOT_NULL(fault_spec_parse(NULL, &s));
	EXPECT_NOT_NULL(fault_spec_parse("1,101,1", &s));
	EXPECT_NOT_NULL(fault_spec_parse("1,10", &s));
	EXPECT_NOT_NULL(fault_spec_parse("1,10,1,1", &s));
	EXPECT_NOT_NULL(fault_spec_parse("1,,1", &s));
	EXPECT_NOT_NULL(fault_spec_parse("1,10,-2", &s));
	EXPECT_NOT_NULL(fault_spec_parse("a,10,1", &s));
	EXPECT_EQ(s.times, 7);		/* errors leave it alone */
}

/* An allocation made from a function of this file, so the site filter can pick it. */
static __noinline void *fi_site_alloc(void)
{
	return kmalloc(32);
}

KTEST(fault_inject, fail_nth_counts_this_task_only)
{
	void *a, *b, *c;

	fault_inject_reset_sites();
	EXPECT_EQ(fault_inject_fail_nth(2), 0);
	a = fi_site_alloc();
	b = fi_site_alloc();		/* the second: fails */
	c = fi_site_alloc();
	EXPECT_EQ(fault_inject_fail_nth(0), 0);	/* it fired */
	EXPECT_NOT_NULL(a);
	EXPECT_NULL(b);
	EXPECT_NOT_NULL(c);
	EXPECT_EQ(fault_inject_sites_failed(), 1);
	kfree(a);
	kfree(c);

	EXPECT_EQ(fault_inject_fail_nth(1), 0);
	EXPECT_NULL(alloc_page());
	EXPECT_EQ(fault_inject_fail_nth(1), 0);
	EXPECT_NULL(alloc_percpu(long));
	EXPECT_EQ(fault_inject_fail_nth(5), 0);
	EXPECT_EQ(fault_inject_fail_nth(0), 5);	/* nothing allocated: all left */
	fault_inject_reset_sites();
}

KTEST(fault_inject, attributes_with_site_filter)
{
	struct fault_spec every_third_twice = { .interval = 3, .probability = 100, .times = 2 };
	struct fault_spec off = { .times = -1 };
	void *p[9];
	int failed = 0;

	fault_inject_set_site("fi_site_*");
	fault_attr_set(&failslab, &every_third_twice);
	atomic_long_set(&failslab.candidates, 0);
	for (int i = 0; i < 9; i++) {
		p[i] = fi_site_alloc();
		failed += !p[i];
		EXPECT_EQ(p[i] == NULL, i == 2 || i == 5);	/* 3rd and 6th; then times is spent */
	}
	fault_attr_set(&failslab, &off);
	fault_inject_set_site(NULL);
	EXPECT_EQ(failed, 2);
	for (int i = 0; i < 9; i++)
		kfree(p[i]);
	fault_inject_reset_sites();
}
