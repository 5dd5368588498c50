/*
 * kmalloc: power-of-two size classes from 16 to 2048 bytes carved out of
 * single pages ("slabs"), and whole pages for anything larger.
 *
 * Each slab's bookkeeping lives in its struct page: the class, how many
 * objects are in use, the free list, and a bitmap with one "free" bit per
 * object.  A class keeps the slabs that have room on a "partial" list; a
 * slab whose last object is freed goes back to the page allocator, so a
 * test that frees all it allocated leaves the free-page count unchanged.
 *
 * Memory-safety checks (KASAN-lite):
 *  - kfree fills the object with POISON_FREE and parks it in a FIFO
 *    quarantine before it can be reused, so a stale pointer keeps seeing
 *    poison (0x6b6b...: a non-canonical address if used as a pointer, so
 *    following it faults) for a while instead of someone else's data;
 *  - when an object leaves the quarantine, and again when it is handed out,
 *    its poison is checked: a write after free shows up as
 *    "BUG kmalloc-N: Poison overwritten";
 *  - the free bit makes a second kfree of the same object (even while it
 *    sits in quarantine) a "KASAN: double-free" report instead of a
 *    corrupted free list; a pointer that is not the start of an object is
 *    a "KASAN: invalid-free".
 * The offending kfree is not performed, so the kernel carries on.
 */
#include "fault_inject.h"
#include "debugobjects.h"
#include "slab.h"
#include "mm.h"
#include "spinlock.h"
#include "string.h"
#include "printf.h"
#include "printk.h"
#include "report.h"
#include "kallsyms.h"
#include "atomic.h"
#include "task.h"

#define QUARANTINE_SIZE	128

struct kmalloc_class {
	spinlock_t lock;
	struct list_head partial;
	unsigned int size;
	char name[16];
};

struct quarantined {
	void *obj;
	unsigned long free_caller;
};

static struct kmalloc_class classes[KMALLOC_NR_CLASSES - 1];
static atomic_long_t live[KMALLOC_NR_CLASSES];
static DEFINE_SPINLOCK(quarantine_lock);
static struct quarantined quarantine[QUARANTINE_SIZE];
static unsigned int q_head, q_count;

static int size_to_class(size_t size)
{
	int cls = 0;

	while ((size_t)KMALLOC_MIN_SIZE << cls < size)
		cls++;
	return cls;
}

static unsigned int objs_per_slab(const struct kmalloc_class *c)
{
	return PAGE_SIZE / c->size;
}

static bool obj_is_free(struct page *pg, unsigned int i)
{
	return pg->free_map[i / 64] & (1ULL << (i % 64));
}

static void set_obj_free(struct page *pg, unsigned int i, bool is_free)
{
	if (is_free)
		pg->free_map[i / 64] |= 1ULL << (i % 64);
	else
		pg->free_map[i / 64] &= ~(1ULL << (i % 64));
}

static void slab_report_poison(const struct kmalloc_class *c, uint8_t *obj, size_t off,
			       unsigned long free_caller)
{
	unsigned long rbp = (unsigned long)__builtin_frame_address(0);
	char title[TITLE_MAX];

	report_begin();
	printk(KERN_ERR "=============================================================================\n");
	printk(KERN_ERR "BUG %s (Not tainted): Poison overwritten\n", c->name);
	printk(KERN_ERR "-----------------------------------------------------------------------------\n");
	printk(KERN_ERR "INFO: 0x%p-0x%p @offset=%zu. First byte 0x%x instead of 0x%x\n",
	       obj + off, obj + c->size - 1, off, obj[off], POISON_FREE);
	if (free_caller)
		printk(KERN_ERR "INFO: Freed in %pS\n", (void *)free_caller);
	print_cpu_line();
	show_trace(rbp);
	printk(KERN_ERR END_TRACE);
	report_title_from_trace(title, "BUG: Poison overwritten", rbp);
	report_end(title);
	report_check_panic_on_warn(title);
}

/*
 * Checks obj[from..size) still holds poison; reports and repairs if not.
 * Eight bytes at a time while they match (this runs on every allocation
 * and quarantine flush), then bytewise to find the first bad one.
 */
static void slab_check_poison(const struct kmalloc_class *c, uint8_t *obj, size_t from,
			      unsigned long free_caller)
{
	const uint64_t poison8 = 0x0101010101010101ULL * POISON_FREE;
	size_t i = from;

	while ((i & 7) && i < c->size && obj[i] == POISON_FREE)
		i++;
	while (i + 8 <= c->size && *(const uint64_t *)(obj + i) == poison8)
		i += 8;
	for (; i < c->size; i++) {
		if (obj[i] != POISON_FREE) {
			slab_report_poison(c, obj, i, free_caller);
			memset(obj + from, POISON_FREE, c->size - from);
			return;
		}
	}
}

static struct page *slab_new(struct kmalloc_class *c, int cls)
{
	uint8_t *base = __alloc_pages(1);
	struct page *pg;
	unsigned int n = objs_per_slab(c);

	if (!base)
		return NULL;
	memset(base, POISON_FREE, PAGE_SIZE);
	pg = virt_to_page(base);
	pg->use = PAGE_SLAB;
	pg->slab_class = (uint8_t)cls;
	pg->inuse = 0;
	pg->freelist = NULL;
	for (unsigned int i = n; i-- > 0;) {
		*(void **)(base + i * c->size) = pg->freelist;
		pg->freelist = base + i * c->size;
		set_obj_free(pg, i, true);
	}
	list_add(&pg->lru, &c->partial);
	return pg;
}

static void *kmalloc_large(size_t size)
{
	size_t n = DIV_ROUND_UP(size, PAGE_SIZE);
	void *p = __alloc_pages(n);

	if (!p)
		return NULL;
	virt_to_page(p)->use = PAGE_LARGE;
	virt_to_page(p)->nr_pages = (uint32_t)n;
	atomic_long_inc(&live[KMALLOC_LARGE_CLASS]);
	return p;
}

void *kmalloc(size_t size)
{
	struct kmalloc_class *c;
	struct page *pg;
	unsigned long flags;
	uint8_t *obj;
	int cls;

	if (size == 0)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_SIZE || should_fail_alloc(&failslab))
		return NULL;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size);
	cls = size_to_class(size);
	c = &classes[cls];
	flags = spin_lock_irqsave(&c->lock);
	if (list_empty(&c->partial) && !slab_new(c, cls)) {
		spin_unlock_irqrestore(&c->lock, flags);
		return NULL;
	}
	pg = list_first_entry(&c->partial, struct page, lru);
	obj = pg->freelist;
	pg->freelist = *(void **)obj;
	set_obj_free(pg, (unsigned int)((obj - (uint8_t *)page_to_virt(pg)) / c->size), false);
	if (++pg->inuse == objs_per_slab(c))
		list_del_init(&pg->lru);
	spin_unlock_irqrestore(&c->lock, flags);
	/* Bytes 0..7 held the free-list link; the rest must still be poison. */
	slab_check_poison(c, obj, sizeof(void *), 0);
	atomic_long_inc(&live[cls]);
	return obj;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p && p != ZERO_SIZE_PTR)
		memset(p, 0, size);
	return p;
}

/* Puts a quarantined object back on its slab's free list. */
static void slab_release(uint8_t *obj, unsigned long free_caller)
{
	struct page *pg = virt_to_page(obj);
	struct kmalloc_class *c = &classes[pg->slab_class];
	unsigned long flags;

	slab_check_poison(c, obj, 0, free_caller);
	flags = spin_lock_irqsave(&c->lock);
	if (pg->inuse-- == objs_per_slab(c))
		list_add(&pg->lru, &c->partial);
	*(void **)obj = pg->freelist;
	pg->freelist = obj;
	if (pg->inuse == 0) {
		list_del_init(&pg->lru);
		spin_unlock_irqrestore(&c->lock, flags);
		free_page(page_to_virt(pg));
		return;
	}
	spin_unlock_irqrestore(&c->lock, flags);
}

static void kasan_report_free(const char *bug, const void *p, unsigned long caller,
			      const char *why)
{
	char title[TITLE_MAX], kind[64];

	report_begin();
	printk(KERN_ERR KASAN_RULE);
	printk(KERN_ERR "BUG: KASAN: %s in %pS\n", bug, (void *)caller);
	printk(KERN_ERR "Free of addr %p by task %s/%d\n", p, current->comm, current->pid);
	print_cpu_line();
	show_trace((unsigned long)__builtin_frame_address(0));
	printk(KERN_ERR "%s\n", why);
	printk(KERN_ERR KASAN_RULE);
	snprintf(kind, sizeof(kind), "KASAN: %s", bug);
	report_title_at(title, kind, caller);
	report_end(title);
	report_check_panic_on_warn(title);
}

void kfree(const void *p)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);
	struct quarantined evicted = { NULL, 0 };
	struct kmalloc_class *c;
	unsigned long flags, off;
	unsigned int idx;
	struct page *pg;

	/* Before any lookup: kfree(NULL) is legal, and common on hot paths. */
	if (p == NULL || p == ZERO_SIZE_PTR)
		return;
	pg = virt_to_page(p);
	if (pg && pg->use == PAGE_LARGE && ((unsigned long)p & (PAGE_SIZE - 1)) == 0) {
		atomic_long_dec(&live[KMALLOC_LARGE_CLASS]);
		pg->use = PAGE_ALLOCATED;
		free_pages((void *)p, pg->nr_pages);
		return;
	}
	if (!pg || pg->use != PAGE_SLAB) {
		kasan_report_free(pg && pg->use == PAGE_FREE ? "double-free" : "invalid-free", p, caller,
				  "The address does not belong to any live kmalloc allocation.");
		return;
	}
	c = &classes[pg->slab_class];
	off = (unsigned long)p - (unsigned long)page_to_virt(pg);
	idx = (unsigned int)(off / c->size);
	flags = spin_lock_irqsave(&c->lock);
	if (off % c->size || obj_is_free(pg, idx)) {
		spin_unlock_irqrestore(&c->lock, flags);
		kasan_report_free(off % c->size ? "invalid-free" : "double-free", p, caller,
				  off % c->size ? "The address is not the start of an object."
						: "The object was already freed.");
		return;
	}
	set_obj_free(pg, idx, true);
	spin_unlock_irqrestore(&c->lock, flags);
	atomic_long_dec(&live[pg->slab_class]);
	debug_check_no_obj_freed(p, c->size);	/* before the poison: fixups need the object */
	memset((void *)p, POISON_FREE, c->size);

	flags = spin_lock_irqsave(&quarantine_lock);
	if (q_count == QUARANTINE_SIZE) {
		evicted = quarantine[q_head];
		q_head = (q_head + 1) % QUARANTINE_SIZE;
		q_count--;
	}
	quarantine[(q_head + q_count++) % QUARANTINE_SIZE] = (struct quarantined){ (void *)p, caller };
	spin_unlock_irqrestore(&quarantine_lock, flags);
	if (evicted.obj)
		slab_release(evicted.obj, evicted.free_caller);
}

void slab_quarantine_flush(void)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&quarantine_lock);
		struct quarantined q;

		if (q_count == 0) {
			spin_unlock_irqrestore(&quarantine_lock, flags);
			return;
		}
		q = quarantine[q_head];
		q_head = (q_head + 1) % QUARANTINE_SIZE;
		q_count--;
		spin_unlock_irqrestore(&quarantine_lock, flags);
		slab_release(q.obj, q.free_caller);
	}
}

size_t ksize(const void *p)
{
	struct page *pg = virt_to_page(p);

	if (!pg || p == ZERO_SIZE_PTR)
		return 0;
	if (pg->use == PAGE_LARGE)
		return (size_t)pg->nr_pages * PAGE_SIZE;
	return pg->use == PAGE_SLAB ? classes[pg->slab_class].size : 0;
}

void kmalloc_live(long out[KMALLOC_NR_CLASSES])
{
	for (int i = 0; i < KMALLOC_NR_CLASSES; i++)
		out[i] = atomic_long_read(&live[i]);
}

const char *kmalloc_class_name(int cls)
{
	return cls == KMALLOC_LARGE_CLASS ? "kmalloc-large" : classes[cls].name;
}

void kmalloc_init(void)
{
	for (int i = 0; i < KMALLOC_NR_CLASSES - 1; i++) {
		struct kmalloc_class *c = &classes[i];

		c->size = KMALLOC_MIN_SIZE << i;
		snprintf(c->name, sizeof(c->name), "kmalloc-%u", c->size);
		spin_lock_init(&c->lock, c->name);
		INIT_LIST_HEAD(&c->partial);
	}
}
