/*
 * Self-tests of the slab allocator (suite slab), kmalloc: every size class, alignment, the zero and huge
 * sizes, live counters, and the KASAN-lite checks as negative tests that
 * expect their reports.
 */
#include "ktest.h"
#include "slab.h"
#include "mm.h"
#include "string.h"

KTEST(slab, every_size_class)
{
	for (size_t size = 1; size <= 2 * PAGE_SIZE; size = size * 2 + 1) {
		unsigned char *p = kmalloc(size);
		size_t align = 16;

		ASSERT_NOT_NULL(p);
		while (align < size && align < PAGE_SIZE)
			align *= 2;
		EXPECT_EQ((unsigned long)p % align, 0);
		EXPECT_GE(ksize(p), size);
		memset(p, 0xa5, size);
		EXPECT_EQ(p[size - 1], 0xa5);
		kfree(p);
	}
}

KTEST(slab, live_counters_follow_alloc_and_free)
{
	long before[KMALLOC_NR_CLASSES], during[KMALLOC_NR_CLASSES];
	void *small = kmalloc(40), *large = kmalloc(3 * PAGE_SIZE);

	ASSERT_NOT_NULL(small);
	ASSERT_NOT_NULL(large);
	kmalloc_live(during);
	kfree(small);
	kfree(large);
	kmalloc_live(before);
	EXPECT_EQ(during[2] - before[2], 1);		/* kmalloc-64 */
	EXPECT_EQ(during[KMALLOC_LARGE_CLASS] - before[KMALLOC_LARGE_CLASS], 1);
}

KTEST(slab, many_objects_distinct)
{
	enum { N = 300 };	/* more than one slab of kmalloc-32 */
	unsigned int *objs[N];

	for (int i = 0; i < N; i++) {
		objs[i] = kmalloc(32);
		ASSERT_NOT_NULL(objs[i]);
		*objs[i] = (unsigned int)i;
	}
	for (int i = 0; i < N; i++)
		EXPECT_EQ(*objs[i], (unsigned int)i);
	for (int i = 0; i < N; i++)
		kfree(objs[i]);
}

KTEST(slab, zero_and_huge_sizes)
{
	void *z = kmalloc(0);

	EXPECT_TRUE(z == ZERO_SIZE_PTR);
	kfree(z);
	kfree(NULL);
	EXPECT_NULL(kmalloc(KMALLOC_MAX_SIZE + 1));
	EXPECT_NULL(kmalloc((size_t)1 << 40));
	EXPECT_NULL(kmalloc((size_t)-1));
}

KTEST(slab, kzalloc_zeroes)
{
	unsigned char *p = kzalloc(200);
	size_t nonzero = 0;

	ASSERT_NOT_NULL(p);
	for (int i = 0; i < 200; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(nonzero, 0);
	kfree(p);
}

KTEST(slab, freed_memory_is_poisoned)
{
	unsigned char *p = kmalloc(64);

	ASSERT_NOT_NULL(p);
	memset(p, 0, 64);
	kfree(p);
	/* Reading freed memory is the bug this shows: it reads poison. */
	EXPECT_EQ(((volatile unsigned char *)p)[17], POISON_FREE);
}

KTEST_OPTS(slab, double_free_reported,
	   .expect_report = "KASAN: double-free in ktest_slab_double_free_reported")
{
	void *p = kmalloc(128);

	ASSERT_NOT_NULL(p);
	kfree(p);
	kfree(p);
}

KTEST_OPTS(slab, invalid_free_reported,
	   .expect_report = "KASAN: invalid-free in ktest_slab_invalid_free_reported")
{
	char *p = kmalloc(128);

	ASSERT_NOT_NULL(p);
	kfree(p + 8);
	kfree(p);
}

KTEST_OPTS(slab, use_after_free_write_reported,
	   .expect_report = "BUG: Poison overwritten in ktest_slab_use_after_free_write_reported")
{
	volatile unsigned char *p = kmalloc(256);

	ASSERT_NOT_NULL(p);
	kfree((void *)p);
	p[100] = 1;	/* the bug: a write through a stale pointer */
	slab_quarantine_flush();
}
