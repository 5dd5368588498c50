/*
 * Self-tests of the page allocator: single pages and runs come back
 * distinct, aligned and usable, the free counter follows every call, and
 * exhausting memory fails cleanly with NULL, then recovers completely.
 */
#include "ktest.h"
#include "mm.h"
#include "string.h"

KTEST(page_alloc, alloc_free_counts)
{
	size_t before = nr_free_pages();
	void *a = alloc_page(), *b = alloc_pages(3);

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	EXPECT_EQ(nr_free_pages(), before - 4);
	EXPECT_EQ((unsigned long)a % PAGE_SIZE, 0);
	EXPECT_EQ((unsigned long)b % PAGE_SIZE, 0);
	EXPECT_TRUE((char *)a + PAGE_SIZE <= (char *)b || (char *)b + 3 * PAGE_SIZE <= (char *)a);
	memset(b, 0x5a, 3 * PAGE_SIZE);	/* the whole run is mapped and writable */
	EXPECT_EQ(((unsigned char *)b)[3 * PAGE_SIZE - 1], 0x5a);
	EXPECT_EQ(virt_to_page(a)->use, PAGE_ALLOCATED);
	free_page(a);
	free_pages(b, 3);
	EXPECT_EQ(nr_free_pages(), before);
}

KTEST(page_alloc, zeroed_page)
{
	unsigned char *p = get_zeroed_page();
	size_t nonzero = 0;

	ASSERT_NOT_NULL(p);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(nonzero, 0);
	free_page(p);
}

KTEST(page_alloc, bad_sizes_return_null)
{
	EXPECT_NULL(alloc_pages(0));
	EXPECT_NULL(alloc_pages(nr_total_pages() + 1));
}

/*
 * Takes every free page (in runs that halve on failure, so it needs only a
 * few hundred calls), checks that the next allocation fails, then gives it
 * all back.  The runs are chained through their own first words.
 */
KTEST(page_alloc, exhaustion_fails_cleanly)
{
	size_t before = nr_free_pages(), run = 8192, taken = 0;
	void **chain = NULL;

	while (run > 0) {
		void **p = alloc_pages(run);

		if (!p) {
			run /= 2;
			continue;
		}
		p[0] = chain;
		p[1] = (void *)run;
		chain = p;
		taken += run;
	}
	EXPECT_EQ(nr_free_pages(), 0);
	EXPECT_EQ(taken, before);
	EXPECT_NULL(alloc_page());
	while (chain) {
		void **next = chain[0];

		free_pages(chain, (size_t)chain[1]);
		chain = next;
	}
	EXPECT_EQ(nr_free_pages(), before);
	void *again = alloc_page();
	EXPECT_NOT_NULL(again);
	free_page(again);
}
