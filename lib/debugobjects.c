/*
 * Debug objects: the tracker behind include/debugobjects.h.
 *
 * Tracked objects live in a static pool (no allocation: kfree calls in
 * here) and are found through a hash of their address's page, so a freed
 * range is checked by looking at the buckets of the pages it covers.  One
 * spinlock, taken with interrupts off (timers change state from their
 * interrupt), guards the pool and the table.  Reports are printed after
 * the lock is dropped, and fixups run then too: they take other locks.
 */
#include "debugobjects.h"
#include "spinlock.h"
#include "list.h"
#include "printk.h"
#include "panic.h"
#include "mm.h"
#include "errno.h"
#include "atomic.h"

#define ODEBUG_POOL_SIZE	8192
#define ODEBUG_HASH_BITS	10
#define ODEBUG_CHUNK_SHIFT	PAGE_SHIFT

enum odebug_state {
	ODEBUG_STATE_NONE,	/* not tracked ("not available" in reports) */
	ODEBUG_STATE_INIT,
	ODEBUG_STATE_INACTIVE,
	ODEBUG_STATE_ACTIVE,
};

static const char *const state_names[] = {
	[ODEBUG_STATE_NONE] = "not available",
	[ODEBUG_STATE_INIT] = "initialized",
	[ODEBUG_STATE_INACTIVE] = "inactive",
	[ODEBUG_STATE_ACTIVE] = "active",
};

struct debug_obj {
	struct list_head node;		/* in a hash bucket, or the free list */
	void *addr;
	const struct debug_obj_descr *descr;
	enum odebug_state state;
};

static struct debug_obj pool[ODEBUG_POOL_SIZE];
static struct list_head buckets[1 << ODEBUG_HASH_BITS];
static LIST_HEAD(free_objs);
static DEFINE_SPINLOCK(odebug_lock);
static bool odebug_ready, odebug_disabled;
static int nr_tracked;
static atomic_long_t nr_reports;

static void odebug_init_once(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(buckets); i++)
		INIT_LIST_HEAD(&buckets[i]);
	for (size_t i = 0; i < ARRAY_SIZE(pool); i++)
		list_add_tail(&pool[i].node, &free_objs);
	odebug_ready = true;
}

static struct list_head *bucket_of(unsigned long addr)
{
	unsigned long chunk = addr >> ODEBUG_CHUNK_SHIFT;

	return &buckets[(chunk * 0x9e3779b97f4a7c15UL) >> (64 - ODEBUG_HASH_BITS)];
}

/* Lock held. */
static struct debug_obj *lookup(void *addr)
{
	struct debug_obj *o;

	list_for_each_entry(o, bucket_of((unsigned long)addr), node)
		if (o->addr == addr)
			return o;
	return NULL;
}

/* Lock held.  NULL if the pool is empty (ODEBUG then turns itself off). */
static struct debug_obj *track(void *addr, const struct debug_obj_descr *descr)
{
	struct debug_obj *o;

	if (list_empty(&free_objs)) {
		odebug_disabled = true;
		pr_warn("debugobjects: all %d tracking slots in use, tracking disabled\n",
			ODEBUG_POOL_SIZE);
		return NULL;
	}
	o = list_first_entry(&free_objs, struct debug_obj, node);
	list_del_init(&o->node);
	o->addr = addr;
	o->descr = descr;
	o->state = ODEBUG_STATE_NONE;
	list_add(&o->node, bucket_of((unsigned long)addr));
	nr_tracked++;
	return o;
}

/* Lock held. */
static void untrack(struct debug_obj *o)
{
	list_del_init(&o->node);
	list_add(&o->node, &free_objs);
	nr_tracked--;
}

/* Takes the lock; false (lock not taken) if ODEBUG is off. */
static bool odebug_lock_irqsave(unsigned long *flags)
{
	*flags = spin_lock_irqsave(&odebug_lock);
	if (!odebug_ready)
		odebug_init_once();
	if (odebug_disabled) {
		spin_unlock_irqrestore(&odebug_lock, *flags);
		return false;
	}
	return true;
}

/*
 * The report: Linux's ODEBUG line, then a WARNING whose bug-table flag
 * makes the trap handler title it "WARNING: ODEBUG bug in <caller>".
 */
static __noinline void debug_print_object(void *addr, const struct debug_obj_descr *descr,
					  enum odebug_state state, const char *msg)
{
	void *hint = descr->debug_hint ? descr->debug_hint(addr) : NULL;

	atomic_long_inc(&nr_reports);
	__warn_printk("ODEBUG: %s %s (active state 0) object type: %s hint: %pS\n",
		      msg, state_names[state], descr->name, hint);
	__BUG_FLAGS(BUGFLAG_WARNING | BUGFLAG_NO_CUT_HERE | BUGFLAG_ODEBUG);
}

void debug_object_init(void *addr, const struct debug_obj_descr *descr)
{
	enum odebug_state bad = ODEBUG_STATE_NONE;
	struct debug_obj *o;
	unsigned long flags;

	if (!odebug_lock_irqsave(&flags))
		return;
	o = lookup(addr);
	if (!o)
		o = track(addr, descr);
	if (o && o->state == ODEBUG_STATE_ACTIVE)
		bad = o->state;		/* set up again while queued: the queue is corrupted */
	else if (o)
		o->state = ODEBUG_STATE_INIT;
	spin_unlock_irqrestore(&odebug_lock, flags);
	if (bad)
		debug_print_object(addr, descr, bad, "init");
}

int debug_object_activate(void *addr, const struct debug_obj_descr *descr)
{
	enum odebug_state bad = ODEBUG_STATE_INIT;	/* INIT never reported: a marker */
	struct debug_obj *o;
	unsigned long flags;

	if (!odebug_lock_irqsave(&flags))
		return 0;
	o = lookup(addr);
	if (!o && descr->is_static_object)
		o = track(addr, descr);
	else if (!o)
		bad = ODEBUG_STATE_NONE;
	if (o && o->state == ODEBUG_STATE_ACTIVE)
		bad = ODEBUG_STATE_ACTIVE;
	else if (o)
		o->state = ODEBUG_STATE_ACTIVE;
	spin_unlock_irqrestore(&odebug_lock, flags);
	if (bad == ODEBUG_STATE_INIT)
		return 0;
	debug_print_object(addr, descr, bad, "activate");
	return -EINVAL;
}

void debug_object_deactivate(void *addr, const struct debug_obj_descr *descr)
{
	struct debug_obj *o;
	unsigned long flags;

	if (!odebug_lock_irqsave(&flags))
		return;
	o = lookup(addr);
	if (o && descr->is_static_object)
		untrack(o);		/* idle static objects need no slot */
	else if (o)
		o->state = ODEBUG_STATE_INACTIVE;
	spin_unlock_irqrestore(&odebug_lock, flags);
}

void debug_object_free(void *addr, const struct debug_obj_descr *descr)
{
	struct debug_obj *o;
	unsigned long flags;

	(void)descr;
	if (!odebug_lock_irqsave(&flags))
		return;
	o = lookup(addr);
	if (o)
		untrack(o);
	spin_unlock_irqrestore(&odebug_lock, flags);
}

void debug_check_no_obj_freed(const void *addr, size_t size)
{
	unsigned long start = (unsigned long)addr, end = start + size, chunk;
	unsigned long flags;

	if (!size)
		return;
	for (chunk = start >> ODEBUG_CHUNK_SHIFT; chunk <= (end - 1) >> ODEBUG_CHUNK_SHIFT; chunk++) {
		struct debug_obj *o, *tmp, found = { .addr = NULL };

		/*
		 * Lockless peek first: most buckets are empty, and an object
		 * being added to this range now would be a use after free anyway.
		 */
		if (odebug_ready && list_empty(bucket_of(chunk << ODEBUG_CHUNK_SHIFT)))
			continue;
		if (!odebug_lock_irqsave(&flags))
			return;
		list_for_each_entry_safe(o, tmp, bucket_of(chunk << ODEBUG_CHUNK_SHIFT), node) {
			unsigned long a = (unsigned long)o->addr;

			if (a < start || a >= end)
				continue;
			if (o->state == ODEBUG_STATE_ACTIVE && !found.addr)
				found = *o;	/* one report per chunk and pass */
			else
				untrack(o);
		}
		if (found.addr)
			untrack(lookup(found.addr));
		spin_unlock_irqrestore(&odebug_lock, flags);
		if (found.addr) {
			debug_print_object(found.addr, found.descr, ODEBUG_STATE_ACTIVE, "free");
			if (found.descr->fixup_free)
				found.descr->fixup_free(found.addr);
			chunk--;	/* look at this chunk again for more */
		}
	}
}

int debug_objects_tracked(void)
{
	return READ_ONCE(nr_tracked);
}

unsigned long debug_objects_reports(void)
{
	return atomic_long_read(&nr_reports);
}
