/*
 * Ticket spinlocks with owner tracking (see include/spinlock.h).
 *
 * Holding a spinlock disables preemption, so the task holding it is never
 * switched out (another task on this CPU could spin on it forever).
 *
 * The owner is recorded after the lock is won and cleared before it is
 * released, so "owner_cpu == this CPU" can only be seen by the CPU that
 * holds the lock: that is what makes the recursion check exact rather than
 * racy.  With preemption off, the only code that can run on the holder's
 * CPU and try the lock again is the holder itself or an interrupt handler
 * it was interrupted by; both are real deadlocks.
 *
 * The statistics (acquisitions, contentions) are updated right after the
 * lock is won, by the only CPU that may write them then: the holder.  The
 * lock's own acquire/release ordering makes each holder see the previous
 * holder's counts, so plain increments never lose one.  WRITE_ONCE only
 * keeps a lockless reader from seeing a torn value.
 */
#include "spinlock.h"
#include "percpu.h"
#include "report.h"
#include <asm/x86.h>
#include "preempt.h"
#include "atomic.h"

void spin_lock_init(spinlock_t *lock, const char *name)
{
	lock->next = 0;
	lock->serving = 0;
	lock->owner_cpu = -1;
	lock->name = name;
	lock->acquisitions = 0;
	lock->contentions = 0;
}

/* Called by the new holder, with the lock held. */
static inline void count_acquisition(spinlock_t *lock, bool waited)
{
	WRITE_ONCE(lock->acquisitions, lock->acquisitions + 1);
	if (waited)
		WRITE_ONCE(lock->contentions, lock->contentions + 1);
}

static void spin_bug(spinlock_t *lock, const char *msg)
{
	report_bug_simple(msg, lock->name);
}

/* Spins until this CPU owns lock.  A recursive attempt is a BUG (fatal). */
void spin_lock(spinlock_t *lock)
{
	uint16_t ticket;
	bool waited = false;

	preempt_disable();
	if (unlikely(READ_ONCE(lock->owner_cpu) == smp_processor_id()))
		spin_bug(lock, "spinlock recursion");
	/*
	 * Taking a ticket enters nothing, so it orders nothing; seeing our
	 * ticket served is what enters the critical section, so that load is
	 * the acquire, pairing with the previous holder's release in
	 * spin_release().
	 */
	ticket = xadd_relaxed(&lock->next, 1);
	while (smp_load_acquire(&lock->serving) != ticket) {
		waited = true;
		cpu_relax();
	}
	WRITE_ONCE(lock->owner_cpu, smp_processor_id());
	count_acquisition(lock, waited);
}

/* Takes lock only if it is free right now; true on success. */
bool spin_trylock(spinlock_t *lock)
{
	uint16_t serving = READ_ONCE(lock->serving);
	uint16_t expect = serving;

	preempt_disable();
	/* Free iff no ticket is out beyond the one served; taking it is the acquire. */
	if (!try_cmpxchg_acquire(&lock->next, &expect, (uint16_t)(serving + 1))) {
		preempt_enable();
		return false;
	}
	WRITE_ONCE(lock->owner_cpu, smp_processor_id());
	count_acquisition(lock, false);
	return true;
}

/* Hands the lock to the next ticket, leaving preemption disabled. */
static void spin_release(spinlock_t *lock)
{
	if (unlikely(READ_ONCE(lock->owner_cpu) != smp_processor_id()))
		spin_bug(lock, "spinlock wrong owner on unlock");
	WRITE_ONCE(lock->owner_cpu, -1);
	smp_store_release(&lock->serving, (uint16_t)(lock->serving + 1));
}

/* Releases lock.  Releasing a lock this CPU does not hold is a BUG. */
void spin_unlock(spinlock_t *lock)
{
	spin_release(lock);
	preempt_enable();
}

/* Disables local interrupts, then locks; returns the previous irq state. */
unsigned long spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags = local_irq_save();

	spin_lock(lock);
	return flags;
}

/*
 * Interrupts go back on before preemption does, as in Linux: a reschedule
 * asked for while the lock was held (a wake-up of a task on this CPU) can
 * then happen right here instead of at the next interrupt.
 */
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_release(lock);
	local_irq_restore(flags);
	preempt_enable();
}
