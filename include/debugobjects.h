/*
 * Debug objects (ODEBUG): lifetime tracking for objects that other code
 * holds pointers to while they wait: rcu_heads queued for a grace period,
 * work items queued for a worker, armed timers.
 *
 * Each tracked object is in one state: INIT (set up, idle), ACTIVE
 * (queued, armed) or INACTIVE (it ran or was cancelled).  The lifecycle
 * hooks in rcu.c, workqueue.c and timer.c move objects between states;
 * kfree, free_pages and freeing a kernel stack call
 * debug_check_no_obj_freed() on the range.  The bugs it reports, as
 * Linux's lib/debugobjects.c does:
 *
 *   ODEBUG: free active (active state 0) object type: work_struct hint: fn
 *	memory freed while an object inside it is still queued (the seed's
 *	second crash: the table data freed with its work item queued);
 *   ODEBUG: activate active ...
 *	queued again while queued (call_rcu twice on one rcu_head);
 *   ODEBUG: activate not available ...
 *	queued without ever being initialised (INIT_WORK, timer_setup).
 *
 * Each report is a WARNING titled "WARNING: ODEBUG bug in F", F being the
 * first caller outside the reporting code.  Where it can, the check then
 * repairs the damage as Linux's fixups do (a pending work item or timer
 * freed while active is cancelled first), so the kernel survives.
 *
 * Tracking slots come from a fixed pool; if it runs out, ODEBUG says so
 * once and switches itself off rather than report false positives.
 */
#ifndef DEBUGOBJECTS_H
#define DEBUGOBJECTS_H

#include "compiler.h"

struct debug_obj_descr {
	const char *name;
	/* The function to print as the hint (the callback), or NULL. */
	void *(*debug_hint)(void *addr);
	/* Objects that need no init call (rcu_head): untracked means idle. */
	bool is_static_object;
	/* Called (without ODEBUG's lock) when an active object's memory is freed. */
	void (*fixup_free)(void *addr);
};

void debug_object_init(void *addr, const struct debug_obj_descr *descr);
/* 0, or -EINVAL if the object may not be activated (reported; do not queue it). */
int debug_object_activate(void *addr, const struct debug_obj_descr *descr);
void debug_object_deactivate(void *addr, const struct debug_obj_descr *descr);
/* Stops tracking addr, whatever its state (an object going away legitimately). */
void debug_object_free(void *addr, const struct debug_obj_descr *descr);
/* Reports and repairs active objects in [addr, addr + size), forgets the rest. */
void debug_check_no_obj_freed(const void *addr, size_t size);

/* Objects tracked now, and reports made since boot (for tests). */
int debug_objects_tracked(void);
unsigned long debug_objects_reports(void);

#endif
