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
 *
 * Every lock keeps two statistics, always on: how many times it was taken
 * and how many of those takings found it held and had to wait.  Both are
 * plain counters bumped by the holder while it holds the lock, so they
 * cost one increment each and no atomic operation; a reader that does not
 * hold the lock sees a value that was exact at some recent moment.  Tests
 * count acquisitions of a lock to prove a fast path avoids it (a count of
 * events is deterministic where a time under QEMU is not); contentions
 * depend on timing and are for reading, not for asserting.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include "compiler.h"

typedef struct spinlock {
	uint16_t next;		/* next ticket to hand out */
	uint16_t serving;	/* ticket that owns the lock */
	int owner_cpu;		/* -1 when free */
	const char *name;
	unsigned long acquisitions;	/* times taken (written by the holder) */
	unsigned long contentions;	/* takings that had to wait (by the holder) */
} spinlock_t;

#define SPINLOCK_INIT(n)	{ .next = 0, .serving = 0, .owner_cpu = -1, .name = #n, \
				  .acquisitions = 0, .contentions = 0 }
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

/*
 * How many times lock has been taken since it was initialized (by
 * spin_lock, the irqsave form or a successful spin_trylock).  Any context,
 * no lock needed: the value was exact at some moment during the call.
 */
static inline unsigned long spin_lock_acquisitions(const spinlock_t *lock)
{
	return READ_ONCE(lock->acquisitions);
}

/* How many of those acquisitions found the lock held and waited (the same rules). */
static inline unsigned long spin_lock_contentions(const spinlock_t *lock)
{
	return READ_ONCE(lock->contentions);
}

#endif
