/*
 * Self-tests of the page allocator: single pages and runs come back
 * distinct, aligned and usable, the free counter follows every call, and
 * exhausting memory fails cleanly with NULL, then recovers completely.
 *
 * The per-CPU caches (lab percpu): a loop of single-page operations on
 * one CPU takes the global page lock about once per PCP_BATCH operations,
 * counted exactly by the lock's acquisition statistics; one CPU can still
 * allocate every free page while the other CPUs cache some; and every CPU
 * allocating and freeing at once (pages crossing CPUs too) never hands a
 * page out twice and leaves the free count exact.
 */
#include "ktest.h"
#include "mm.h"
#include "smp.h"
#include "spinlock.h"
#include "printk.h"
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

#define SINGLE_PAIRS	1000	/* alloc+free of one page, repeated */
#define BULK_PAGES	(4 * PCP_HIGH)	/* held at once: refills and drains in turn */
#define BULK_ROUNDS	8
/* Other CPUs' background work (timers, RCU) may take the lock a few times meanwhile. */
#define BACKGROUND_SLACK 8

static void *bulk[BULK_PAGES];

/*
 * Without a cache every operation takes page_lock: 2 * SINGLE_PAIRS +
 * 2 * BULK_PAGES * BULK_ROUNDS acquisitions.  With one, the single pairs
 * reuse one cached page (at most one refill), and each bulk round needs
 * a refill per PCP_BATCH pages allocated and a drain per PCP_BATCH freed
 * beyond the cache's high mark, so the bound below is what batching in
 * PCP_BATCH (not page by page) allows.
 */
KTEST(page_alloc, percpu_cache_avoids_global_lock)
{
	unsigned long start, single, total;
	unsigned long bound_single = 1 + BACKGROUND_SLACK;
	unsigned long bound_bulk = BULK_ROUNDS * (2 * BULK_PAGES / PCP_BATCH + 2) +
				   BACKGROUND_SLACK;

	start = page_lock_acquisitions();
	for (int i = 0; i < SINGLE_PAIRS; i++) {
		void *p = alloc_page();

		ASSERT_NOT_NULL(p);
		free_page(p);
	}
	single = page_lock_acquisitions() - start;
	for (int r = 0; r < BULK_ROUNDS; r++) {
		for (int i = 0; i < BULK_PAGES; i++) {
			bulk[i] = alloc_page();
			ASSERT_NOT_NULL(bulk[i]);
		}
		for (int i = 0; i < BULK_PAGES; i++)
			free_page(bulk[i]);
	}
	total = page_lock_acquisitions() - start;
	pr_info("page_alloc: page_lock taken %lu times for %d single pairs, %lu for %d x %d bulk\n",
		single, SINGLE_PAIRS, total - single, BULK_ROUNDS, BULK_PAGES);
	EXPECT_LE(single, bound_single);
	EXPECT_LE(total - single, bound_bulk);
}

/* Leaves pages in this CPU's cache: allocates a few batches, then frees them all. */
static int fill_this_cpu_cache(void *arg)
{
	void *pages[2 * PCP_BATCH];

	(void)arg;
	for (int i = 0; i < 2 * PCP_BATCH; i++)
		pages[i] = alloc_page();
	for (int i = 0; i < 2 * PCP_BATCH; i++)
		if (pages[i])
			free_page(pages[i]);
	return 0;
}

/*
 * The xv6 stealing problem: once the other CPUs hold pages in their
 * caches, this CPU alone must still get every free page, one at a time,
 * and the next allocation must fail.  The pages are chained through their
 * own first words.
 */
KTEST_OPTS(page_alloc, exhaust_then_steal, .min_cpus = 2)
{
	size_t before = nr_free_pages(), cached_elsewhere = 0, taken = 0;
	void **chain = NULL, **p;
	int cpu, me = smp_processor_id();

	ktest_run_threads(fill_this_cpu_cache, NULL, 1);
	for_each_online_cpu(cpu)
		if (cpu != me)
			cached_elsewhere += nr_cached_pages(cpu);
	EXPECT_EQ(nr_free_pages(), before);
	ASSERT_GE(cached_elsewhere, 1);	/* else this test proves nothing */
	while ((p = alloc_page()) != NULL) {
		p[0] = chain;
		chain = p;
		taken++;
	}
	EXPECT_EQ(taken, before);
	EXPECT_EQ(nr_free_pages(), 0);
	for_each_online_cpu(cpu)
		EXPECT_EQ(nr_cached_pages(cpu), 0);
	while (chain) {
		void **next = chain[0];

		free_page(chain);
		chain = next;
	}
	EXPECT_EQ(nr_free_pages(), before);
}

/*
 * Every CPU allocates and frees at once, and half of each CPU's pages are
 * freed by another CPU (through a shared, locked stack), as RCU callbacks
 * and reaped processes free pages far from where they were allocated.
 * Each page carries its owner's stamp at both ends while held: a page
 * handed out twice gets a second stamp and fails the check.
 */
#define SHARE_MAX	4096
#define MIXED_OPS	6000	/* in total, split across CPUs: TCG runs vCPUs on two cores */
#define HOLD		40

static DEFINE_SPINLOCK(share_lock);
static void *shared_pages[SHARE_MAX];
static int nr_shared;

static void stamp(unsigned long *p, unsigned long tag, size_t n)
{
	p[0] = tag;
	p[n * PAGE_SIZE / sizeof(long) - 1] = tag;
}

static bool stamp_ok(const unsigned long *p, unsigned long tag, size_t n)
{
	return p[0] == tag && p[n * PAGE_SIZE / sizeof(long) - 1] == tag;
}

static void share_or_free(void *p)
{
	unsigned long flags = spin_lock_irqsave(&share_lock);

	if (nr_shared < SHARE_MAX) {
		shared_pages[nr_shared++] = p;
		p = NULL;
	}
	spin_unlock_irqrestore(&share_lock, flags);
	if (p)
		free_page(p);
}

/* Frees up to n pages another CPU shared. */
static void free_shared(int n)
{
	for (int i = 0; i < n; i++) {
		unsigned long flags = spin_lock_irqsave(&share_lock);
		void *p = nr_shared > 0 ? shared_pages[--nr_shared] : NULL;

		spin_unlock_irqrestore(&share_lock, flags);
		if (!p)
			return;
		free_page(p);
	}
}

static int mixed_alloc_free(void *arg)
{
	unsigned long tag = ((unsigned long)smp_processor_id() << 32) | (unsigned long)arg;
	int rounds = MIXED_OPS / HOLD / num_online_cpus() + 1;
	unsigned long *held[HOLD];
	unsigned long *run;

	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < HOLD; i++) {
			held[i] = alloc_page();
			if (held[i])
				stamp(held[i], tag + (unsigned long)i, 1);
		}
		run = alloc_pages(3);	/* a run next to the single pages */
		if (run)
			stamp(run, tag + HOLD, 3);
		for (int i = 0; i < HOLD; i++) {
			if (!held[i]) {
				ktest_fail(__FILE__, __LINE__, "alloc_page failed on CPU %d",
					   smp_processor_id());
				continue;
			}
			if (!stamp_ok(held[i], tag + (unsigned long)i, 1))
				ktest_fail(__FILE__, __LINE__, "page %p handed out twice", held[i]);
			if (i % 2)
				share_or_free(held[i]);
			else
				free_page(held[i]);
		}
		if (run) {
			if (!stamp_ok(run, tag + HOLD, 3))
				ktest_fail(__FILE__, __LINE__, "run %p handed out twice", run);
			free_pages(run, 3);
		}
		free_shared(HOLD / 2);
	}
	return 0;
}

KTEST(page_alloc, all_cpus_alloc_free_exact)
{
	size_t before = nr_free_pages();

	nr_shared = 0;
	ktest_run_threads(mixed_alloc_free, NULL, 2);
	free_shared(SHARE_MAX);
	EXPECT_EQ(nr_shared, 0);
	EXPECT_EQ(nr_free_pages(), before);
}
