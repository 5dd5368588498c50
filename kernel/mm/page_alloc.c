/*
 * The physical page allocator.
 *
 * A bitmap with one bit per page frame (1 = in use) and a "next fit" hint:
 * a search starts where the last one ended, so a run of single-page
 * allocations does not rescan the full low part of memory each time.  Runs
 * of several pages (large kmallocs, per-CPU areas) use the same next-fit
 * scan.  The bitmap is simple to read and to check, which matters more
 * here than the O(1) of a buddy allocator.  One global lock, page_lock,
 * guards the bitmap and free_count.
 *
 * At boot every frame starts reserved; the usable ranges of the multiboot2
 * memory map are then freed, and the ranges that are in use already (low
 * memory below 1 MiB, the kernel image, GRUB's boot information, the
 * initramfs GRUB loaded (kept: its self-test unpacks it again) and the
 * allocator's own bitmap and struct page array) reserved again.
 */
/* LAB(percpu) BEGIN SOLUTION */
/*
 * Single pages, by far the most common request (slabs, page tables, pipe
 * and file pages), go through a per-CPU cache in front of the bitmap, as
 * Linux's pcp lists do: each CPU keeps a small stack of free pages it can
 * hand out and take back without the global lock.  The cache refills
 * PCP_BATCH pages at a time under one acquisition of page_lock, and gives
 * PCP_BATCH back when it reaches PCP_HIGH, so page_lock is taken about
 * once per PCP_BATCH page operations instead of once per operation.  A
 * cached page is free: its bit stays set (the bitmap scan must not hand it
 * out again) but its struct page says PAGE_FREE (so a double free is still
 * caught), and nr_free_pages() counts it.  When the bitmap has no free
 * run left, an allocation drains every CPU's cache back into the bitmap
 * and tries once more, so pages cached on idle CPUs are never lost to a
 * CPU that runs dry (lab percpu's "stealing").
 *
 * Each cache has its own spinlock, taken with interrupts off: the owning
 * CPU takes it on every operation (uncontended, so cheap), an interrupt
 * handler allocating on the same CPU cannot cut into it, and another CPU
 * takes it only to drain the cache.  Lock order: a cache's lock, then
 * page_lock; nobody holds two caches' locks at once.  Until the per-CPU
 * areas exist (percpu_setup_areas) every request goes straight to the
 * bitmap.
 */
/* LAB(percpu) END SOLUTION */
/* LAB(percpu) YOUR CODE HERE: put a per-CPU cache of single pages in front of the bitmap (labs/percpu/handout.md) */
#include "fault_inject.h"
#include "debugobjects.h"
#include "mm.h"
#include <asm/multiboot2.h>
#include "spinlock.h"
#include "string.h"
#include "printk.h"
#include "panic.h"
#include "percpu.h"
#include "preempt.h"
#include "smp.h"

extern char _end[];

#define MAX_PHYS	(4ULL << 30)	/* the boot page tables map 4 GiB */
#define LOW_RESERVED	(1ULL << 20)

static DEFINE_SPINLOCK(page_lock);
static uint64_t *frame_map;
static struct page *page_array;
static size_t max_pfn;
static size_t free_count;
static size_t total_count;
static size_t search_hint;

static bool frame_used(size_t pfn)
{
	return frame_map[pfn / 64] & (1ULL << (pfn % 64));
}

static void mark_range(uint64_t start, uint64_t end, bool used)
{
	for (size_t pfn = start >> PAGE_SHIFT; pfn < (end >> PAGE_SHIFT) && pfn < max_pfn; pfn++) {
		if (frame_used(pfn) == used)
			continue;
		frame_map[pfn / 64] ^= 1ULL << (pfn % 64);
		if (used)
			free_count--;
		else
			free_count++;
		page_array[pfn].use = used ? PAGE_RESERVED : PAGE_FREE;
	}
}

/* Finds room for the allocator's own metadata above every fixed reservation. */
static uint64_t place_metadata(uint64_t bytes, uint64_t floor)
{
	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];
		uint64_t start = ALIGN_UP(max(e->base, floor), PAGE_SIZE);

		if (e->type == 1 && start + bytes <= e->base + e->len && start + bytes <= MAX_PHYS)
			return start;
	}
	panic("page_alloc: no room for %llu bytes of page metadata", (unsigned long long)bytes);
}

void page_alloc_init(void)
{
	uint64_t kernel_end = __pa(_end);
	uint64_t info_end = boot_info.info_phys + boot_info.info_size;
	uint64_t initrd_end = boot_info.initrd_phys + boot_info.initrd_size;
	uint64_t map_bytes, array_bytes, meta;

	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];

		if (e->type == 1)
			max_pfn = max(max_pfn, (size_t)(min(e->base + e->len, MAX_PHYS) >> PAGE_SHIFT));
	}
	map_bytes = ALIGN_UP(DIV_ROUND_UP(max_pfn, 64) * 8, 64);
	array_bytes = max_pfn * sizeof(struct page);
	meta = place_metadata(map_bytes + array_bytes, max(max(kernel_end, info_end), initrd_end));
	frame_map = __va(meta);
	page_array = __va(meta + map_bytes);
	memset(frame_map, 0xff, map_bytes);
	memset(page_array, 0, array_bytes);
	for (size_t pfn = 0; pfn < max_pfn; pfn++)
		page_array[pfn].use = PAGE_RESERVED;

	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];

		if (e->type == 1)
			mark_range(ALIGN_UP(e->base, PAGE_SIZE), ALIGN_DOWN(e->base + e->len, PAGE_SIZE), false);
	}
	mark_range(0, LOW_RESERVED, true);
	mark_range(0x100000, ALIGN_UP(kernel_end, PAGE_SIZE), true);
	mark_range(ALIGN_DOWN(boot_info.info_phys, PAGE_SIZE), ALIGN_UP(info_end, PAGE_SIZE), true);
	mark_range(ALIGN_DOWN(boot_info.initrd_phys, PAGE_SIZE), ALIGN_UP(initrd_end, PAGE_SIZE),
		   true);
	mark_range(meta, ALIGN_UP(meta + map_bytes + array_bytes, PAGE_SIZE), true);
	total_count = free_count;
	pr_info("mm: %zu MiB usable, %zu pages free, metadata at %#llx\n",
		(free_count * PAGE_SIZE) >> 20, free_count, (unsigned long long)meta);
}

/* Returns the first pfn of n free frames at or after from, or max_pfn. */
static size_t find_run(size_t from, size_t n)
{
	size_t run = 0;

	for (size_t pfn = from; pfn < max_pfn; pfn++) {
		if (run == 0 && pfn % 64 == 0 && frame_map[pfn / 64] == ~0ULL) {
			pfn += 63;
			continue;
		}
		run = frame_used(pfn) ? 0 : run + 1;
		if (run == n)
			return pfn + 1 - n;
	}
	return max_pfn;
}

/* Takes the first free run of n frames for the caller; returns its pfn or max_pfn. */
static size_t claim_run_locked(size_t n)
{
	size_t pfn = find_run(search_hint, n);

	if (pfn == max_pfn)
		pfn = find_run(0, n);
	if (pfn == max_pfn)
		return max_pfn;
	for (size_t i = pfn; i < pfn + n; i++) {
		frame_map[i / 64] |= 1ULL << (i % 64);
		memset(&page_array[i], 0, sizeof(page_array[i]));
		page_array[i].use = PAGE_ALLOCATED;
	}
	free_count -= n;
	search_hint = pfn + n;
	return pfn;
}

/* Gives n frames from pfn back to the bitmap; the caller checked they were taken. */
static void release_run_locked(size_t pfn, size_t n)
{
	for (size_t i = pfn; i < pfn + n; i++) {
		frame_map[i / 64] &= ~(1ULL << (i % 64));
		page_array[i].use = PAGE_FREE;
	}
	free_count += n;
}

/* A run of n frames straight from the bitmap, or NULL. */
static void *global_alloc(size_t n)
{
	unsigned long flags = spin_lock_irqsave(&page_lock);
	size_t pfn = claim_run_locked(n);

	spin_unlock_irqrestore(&page_lock, flags);
	return pfn == max_pfn ? NULL : __va((uint64_t)pfn << PAGE_SHIFT);
}

/* The BUG for freeing what is not allocated: reserved, or free already. */
static void check_allocated(size_t pfn)
{
	BUG_ON(!frame_used(pfn) || page_array[pfn].use == PAGE_RESERVED ||
	       page_array[pfn].use == PAGE_FREE);
}

static void global_free(size_t pfn, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&page_lock);

	for (size_t i = pfn; i < pfn + n; i++)
		check_allocated(i);
	release_run_locked(pfn, n);
	spin_unlock_irqrestore(&page_lock, flags);
}

/* LAB(percpu) BEGIN SOLUTION */
/* One CPU's cache of free single pages: a stack, the most recently freed (cache-warm) on top. */
struct pcp_cache {
	spinlock_t lock;
	unsigned int count;
	void *pages[PCP_HIGH];
};

static DEFINE_PER_CPU(struct pcp_cache, pcp_caches) = { .lock = SPINLOCK_INIT(pcp_caches.lock) };

/*
 * The caches exist once this CPU runs on its own per-CPU area.  Before
 * that (early boot, GS base 0) this_cpu_* reach the template, which
 * percpu_setup_areas copies into every CPU: a page cached there would be
 * cached on every CPU at once.
 */
static bool pcp_ready(void)
{
	return this_cpu_read(this_cpu_off) != 0;
}

/* Moves up to PCP_BATCH free frames into pcp: one page_lock acquisition. */
static void pcp_refill_locked(struct pcp_cache *pcp)
{
	spin_lock(&page_lock);	/* interrupts are off already: pcp->lock is held irqsave */
	while (pcp->count < PCP_BATCH) {
		size_t pfn = claim_run_locked(1);

		if (pfn == max_pfn)
			break;
		page_array[pfn].use = PAGE_FREE;	/* cached: taken in the bitmap, yet free */
		pcp->pages[pcp->count++] = __va((uint64_t)pfn << PAGE_SHIFT);
	}
	spin_unlock(&page_lock);
}

/* Gives the n coldest (bottom) pages of pcp back to the bitmap: one page_lock acquisition. */
static void pcp_drain_locked(struct pcp_cache *pcp, unsigned int n)
{
	spin_lock(&page_lock);
	for (unsigned int i = 0; i < n; i++)
		release_run_locked(__pa(pcp->pages[i]) >> PAGE_SHIFT, 1);
	pcp->count -= n;
	memmove(pcp->pages, pcp->pages + n, pcp->count * sizeof(pcp->pages[0]));
	spin_unlock(&page_lock);
}

/*
 * This CPU's cache, locked with interrupts off.  Preemption goes off
 * first, so the task cannot move to another CPU between finding the cache
 * and locking it.
 */
static struct pcp_cache *pcp_lock_this_cpu(unsigned long *flags)
{
	struct pcp_cache *pcp;

	preempt_disable();
	pcp = this_cpu_ptr(&pcp_caches);
	*flags = spin_lock_irqsave(&pcp->lock);
	return pcp;
}

static void pcp_unlock(struct pcp_cache *pcp, unsigned long flags)
{
	spin_unlock_irqrestore(&pcp->lock, flags);
	preempt_enable();
}

/* A page from this CPU's cache, refilled from the bitmap if empty; NULL if both are. */
static void *pcp_alloc(void)
{
	unsigned long flags;
	struct pcp_cache *pcp = pcp_lock_this_cpu(&flags);
	struct page *page;
	void *va = NULL;

	if (pcp->count == 0)
		pcp_refill_locked(pcp);
	if (pcp->count > 0) {
		va = pcp->pages[--pcp->count];
		page = &page_array[__pa(va) >> PAGE_SHIFT];
		memset(page, 0, sizeof(*page));
		page->use = PAGE_ALLOCATED;
	}
	pcp_unlock(pcp, flags);
	return va;
}

/* Puts a page on this CPU's cache; a full cache gives its coldest batch back. */
static void pcp_free(size_t pfn)
{
	unsigned long flags;
	struct pcp_cache *pcp = pcp_lock_this_cpu(&flags);

	check_allocated(pfn);
	page_array[pfn].use = PAGE_FREE;
	pcp->pages[pcp->count++] = __va((uint64_t)pfn << PAGE_SHIFT);
	if (pcp->count == PCP_HIGH)
		pcp_drain_locked(pcp, PCP_BATCH);
	pcp_unlock(pcp, flags);
}

/*
 * Empties every CPU's cache into the bitmap, one cache at a time, each
 * under its own lock (so never two caches' locks at once).  Called with no
 * cache lock held.
 */
static void drain_all_caches(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct pcp_cache *pcp = per_cpu_ptr(&pcp_caches, cpu);
		unsigned long flags = spin_lock_irqsave(&pcp->lock);

		if (pcp->count > 0)
			pcp_drain_locked(pcp, pcp->count);
		spin_unlock_irqrestore(&pcp->lock, flags);
	}
}
/* LAB(percpu) END SOLUTION */
/* LAB(percpu) YOUR CODE HERE: a per-CPU cache of free single pages (DEFINE_PER_CPU), refilled and drained a batch at a time under page_lock, and a way to take back what every CPU caches */

void *alloc_pages(size_t n)
{
	return should_fail_alloc(&fail_page_alloc) ? NULL : __alloc_pages(n);
}

void *__alloc_pages(size_t n)
{
	if (n == 0 || n > max_pfn)
		return NULL;
	/* LAB(percpu) BEGIN SOLUTION */
	if (pcp_ready()) {
		void *va = n == 1 ? pcp_alloc() : global_alloc(n);

		if (va)
			return va;
		/* The bitmap is out of such runs: take back what the caches hold, then try again. */
		drain_all_caches();
	}
	/* LAB(percpu) END SOLUTION */
	/* LAB(percpu) YOUR CODE HERE: single pages from this CPU's cache; when that runs dry and the bitmap is empty, take back the pages other CPUs cache */
	return global_alloc(n);
}

void free_pages(void *va, size_t n)
{
	size_t pfn = __pa(va) >> PAGE_SHIFT;

	BUG_ON(pfn + n > max_pfn || ((unsigned long)va & (PAGE_SIZE - 1)));
	debug_check_no_obj_freed(va, n * PAGE_SIZE);
	/* LAB(percpu) BEGIN SOLUTION */
	if (n == 1 && pcp_ready()) {
		pcp_free(pfn);
		return;
	}
	/* LAB(percpu) END SOLUTION */
	/* LAB(percpu) YOUR CODE HERE: a single page goes to this CPU's cache */
	global_free(pfn, n);
}

void *get_zeroed_page(void)
{
	void *p = alloc_page();

	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

size_t nr_free_pages(void)
{
	size_t n = READ_ONCE(free_count);
	/* LAB(percpu) BEGIN SOLUTION */
	int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(&pcp_caches, cpu)->count);
	/* LAB(percpu) END SOLUTION */
	/* LAB(percpu) YOUR CODE HERE: pages in the per-CPU caches are free too */
	return n;
}

size_t nr_cached_pages(int cpu)
{
	/* LAB(percpu) BEGIN SOLUTION */
	return READ_ONCE(per_cpu_ptr(&pcp_caches, cpu)->count);
	/* LAB(percpu) END SOLUTION */
	/* LAB(percpu) STUB: (void)cpu; */
	/* LAB(percpu) STUB: return 0; */
	/* LAB(percpu) YOUR CODE HERE: how many free pages cpu's cache holds */
}

unsigned long page_lock_acquisitions(void)
{
	return spin_lock_acquisitions(&page_lock);
}

size_t nr_total_pages(void)
{
	return total_count;
}

uint64_t phys_mem_end(void)
{
	return (uint64_t)max_pfn << PAGE_SHIFT;
}

struct page *virt_to_page(const void *va)
{
	unsigned long v = (unsigned long)va;
	size_t pfn;

	if (v < DIRECT_MAP_BASE || (v >= VMAP_BASE && v < KERNEL_VMA))
		return NULL;
	pfn = __pa(va) >> PAGE_SHIFT;
	return pfn < max_pfn ? &page_array[pfn] : NULL;
}

void *page_to_virt(const struct page *page)
{
	return __va((uint64_t)(page - page_array) << PAGE_SHIFT);
}
