/*
 * Frames shared between address spaces.
 *
 * MAP_SHARED memory must stay one set of frames however many address
 * spaces map it: after fork, parent and child see each other's writes, and
 * io_uring's rings are the same pages in the kernel and in every process
 * that maps them.  So the frames belong to a struct shared_pages, not to
 * any page table, and each VMA that maps them holds one reference (a VMA
 * split by munmap or mprotect takes another for its new half).  The frames
 * are freed with the last reference, never by an unmap: a page table only
 * borrows them.
 *
 * The count is on the object, not on each struct page, because every
 * mapping of it so far maps it whole or in VMA-sized pieces that live and
 * die with their VMA; a per-frame count (Linux's page refcount) becomes
 * necessary with copy-on-write, where single frames change hands.
 */
#include "vm.h"
#include "mm.h"
#include "slab.h"
#include "string.h"
#include "ktest_leak.h"

static atomic_long_t shared_pages_live;
KTEST_LEAK_COUNTER(shared_pages_live, "shared page sets");

struct shared_pages *shared_pages_alloc(size_t nr)
{
	struct shared_pages *sp = kmalloc(sizeof(*sp) + nr * sizeof(sp->frames[0]));

	if (!sp)
		return NULL;
	atomic_set(&sp->refcount, 1);
	for (sp->nr_pages = 0; sp->nr_pages < nr; sp->nr_pages++) {
		void *page = get_zeroed_page();

		if (!page) {
			atomic_long_inc(&shared_pages_live);
			shared_pages_put(sp);
			return NULL;
		}
		sp->frames[sp->nr_pages] = __pa(page);
	}
	atomic_long_inc(&shared_pages_live);
	return sp;
}

struct shared_pages *shared_pages_alloc_contig(size_t nr)
{
	struct shared_pages *sp = kmalloc(sizeof(*sp) + nr * sizeof(sp->frames[0]));
	char *run = nr ? alloc_pages(nr) : NULL;

	if (!sp || !run) {
		kfree(sp);
		if (run)
			free_pages(run, nr);
		return NULL;
	}
	memset(run, 0, nr * PAGE_SIZE);
	atomic_set(&sp->refcount, 1);
	/* Each frame is freed on its own by the last put: the bitmap allocator allows it. */
	for (sp->nr_pages = 0; sp->nr_pages < nr; sp->nr_pages++)
		sp->frames[sp->nr_pages] = __pa(run + sp->nr_pages * PAGE_SIZE);
	atomic_long_inc(&shared_pages_live);
	return sp;
}

void shared_pages_get(struct shared_pages *sp)
{
	atomic_inc(&sp->refcount);
}

void shared_pages_put(struct shared_pages *sp)
{
	if (!atomic_dec_and_test(&sp->refcount))
		return;
	for (size_t i = 0; i < sp->nr_pages; i++)
		free_page(__va(sp->frames[i]));
	kfree(sp);
	atomic_long_dec(&shared_pages_live);
}
