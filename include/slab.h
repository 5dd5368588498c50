/*
 * kmalloc/kfree: the kernel's general-purpose allocator, with a small
 * built-in use-after-free and double-free detector ("KASAN-lite", see
 * kernel/mm/slab.c and docs/memory.md for what it can and cannot catch).
 */
#ifndef SLAB_H
#define SLAB_H

#include "compiler.h"

#define KMALLOC_MIN_SIZE	16
#define KMALLOC_MAX_CACHE_SIZE	2048
#define KMALLOC_NR_CLASSES	9	/* 16 .. 2048, then "large" (whole pages) */
#define KMALLOC_LARGE_CLASS	(KMALLOC_NR_CLASSES - 1)
#define KMALLOC_MAX_SIZE	(64UL << 20)

/* What kmalloc(0) returns: not NULL, not dereferenceable, kfree ignores it. */
#define ZERO_SIZE_PTR		((void *)16)

#define POISON_FREE		0x6b	/* freed kmalloc memory, as in Linux */

/*
 * Returns size bytes aligned to min(size rounded up to a power of two,
 * PAGE_SIZE), or NULL if size > KMALLOC_MAX_SIZE or memory is exhausted.
 * Contents are not cleared.  Any context (takes irq-safe locks).
 */
void *kmalloc(size_t size);
/* kmalloc, zero-filled. */
void *kzalloc(size_t size);
/*
 * Frees p from kmalloc (NULL and ZERO_SIZE_PTR are ignored).  Freeing twice
 * or freeing a pointer kmalloc never returned is reported, not performed.
 */
void kfree(const void *p);

/* Sets up the size classes; once, after the page allocator. */
void kmalloc_init(void);

/* Bytes usable at p (its size class, or the whole pages of a large one). */
size_t ksize(const void *p);

/* Live objects in each size class (index KMALLOC_LARGE_CLASS: large ones). */
void kmalloc_live(long live[KMALLOC_NR_CLASSES]);
const char *kmalloc_class_name(int cls);

/*
 * Releases every object waiting in the free quarantine, checking that its
 * poison is intact (reporting if not).  ktest calls it before each leak
 * check, so freed-but-quarantined memory is not mistaken for a leak.
 */
void slab_quarantine_flush(void);

#endif
