/*
 * Spinlocks.
 *
 * A ticket lock: each locker takes the next ticket and spins until the
 * "serving" counter reaches it, so CPUs get the lock in arrival order and
 * nobody starves under contention.  The lock records which CPU holds it;
 * trying to take a lock this CPU already holds would spin forever, so it is
 * reported as "BUG: spinlock recursion" instead.
 *
 * spin_lock() does not touch interrupts: a lock that an interrupt handler
 * also takes must be held with spin_lock_irqsave(), or the handler could
 * spin on its own CPU's lock.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include "compiler.h"

typedef struct spinlock {
	uint16_t next;		/* next ticket to hand out */
	uint16_t serving;	/* ticket that owns the lock */
	int owner_cpu;		/* -1 when free */
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n)	{ .next = 0, .serving = 0, .owner_cpu = -1, .name = #n }
#define DEFINE_SPINLOCK(n)	spinlock_t n = SPINLOCK_INIT(n)

void spin_lock_init(spinlock_t *lock, const char *name);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
bool spin_trylock(spinlock_t *lock);
unsigned long spin_lock_irqsave(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);

/* True if some CPU holds the lock (for assertions only: it may change). */
static inline bool spin_is_locked(spinlock_t *lock)
{
	return READ_ONCE(lock->owner_cpu) != -1;
}

#endif
