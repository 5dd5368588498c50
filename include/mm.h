/*
 * Physical memory: address translation, struct page, the page allocator.
 *
 * All RAM is mapped at DIRECT_MAP_BASE + physical address (the "direct
 * map"), so __va/__pa are additions.  The kernel image is also mapped at
 * KERNEL_VMA + physical; __pa understands both.
 *
 * Every physical page frame has a struct page describing what it is used
 * for; the slab allocator keeps its per-page bookkeeping there.
 */
#ifndef MM_H
#define MM_H

#include "compiler.h"
#include "list.h"
#include <asm/boot_defs.h>

#define PAGE_SHIFT	12

#define __va(pa)	((void *)((unsigned long)(pa) + DIRECT_MAP_BASE))

static inline unsigned long __pa(const void *va)
{
	unsigned long v = (unsigned long)va;

	return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP_BASE;
}

enum page_use {
	PAGE_FREE = 0,
	PAGE_RESERVED,		/* firmware, kernel image, boot data */
	PAGE_ALLOCATED,		/* handed out by alloc_pages */
	PAGE_SLAB,		/* one slab of a kmalloc size class */
	PAGE_LARGE,		/* first page of a kmalloc too big for a class */
};

struct page {
	uint8_t use;		/* enum page_use */
	uint8_t slab_class;
	uint16_t inuse;		/* slab: objects allocated */
	uint32_t nr_pages;	/* PAGE_LARGE: length of the allocation */
	void *freelist;		/* slab: first free object */
	struct list_head lru;	/* slab: link in its class's partial list */
	uint64_t free_map[4];	/* slab: bit i set = object i is free */
};

/* Returns the struct page of a direct-map or kernel-image address, or NULL. */
struct page *virt_to_page(const void *va);
void *page_to_virt(const struct page *page);

void page_alloc_init(void);

/*
 * Single pages are served from a per-CPU cache that moves pages to and
 * from the global pool PCP_BATCH at a time, and keeps fewer than PCP_HIGH.
 */
#define PCP_BATCH	16
#define PCP_HIGH	(4 * PCP_BATCH)

/*
 * Allocates n physically contiguous pages and returns their direct-map
 * address, or NULL if no such run is free (pages cached by any CPU count
 * as free: they are taken back first).  Contents are not cleared.  Any
 * context; takes irq-safe locks.
 */
void *alloc_pages(size_t n);
/* The same without fault injection: for kmalloc, whose own call was the candidate. */
void *__alloc_pages(size_t n);
/* Frees a run from alloc_pages; n must match. */
void free_pages(void *va, size_t n);
static inline void *alloc_page(void) { return alloc_pages(1); }
static inline void free_page(void *va) { free_pages(va, 1); }
/* One page, zero-filled. */
void *get_zeroed_page(void);

/* Number of free page frames right now, the per-CPU caches' included. */
size_t nr_free_pages(void);
/* Free pages cpu's cache holds right now (for tests and statistics). */
size_t nr_cached_pages(int cpu);
/*
 * Acquisitions of the global page lock since boot (see spin_lock_acquisitions):
 * tests count them to check that the per-CPU caches keep single pages off it.
 */
unsigned long page_lock_acquisitions(void);
/* Total page frames of usable RAM the allocator manages. */
size_t nr_total_pages(void);
/* One past the highest physical address of usable RAM. */
uint64_t phys_mem_end(void);

#endif
