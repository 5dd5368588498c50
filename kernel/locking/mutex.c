/*
 * Mutexes (see include/mutex.h): an owner pointer and a wait queue, both
 * under the wait queue's spinlock.  Unlock wakes every waiter; they race
 * for the lock again, which is simple and correct (no handoff, no
 * fairness promise).
 */
#include "mutex.h"
#include "sched.h"
#include "panic.h"

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	init_waitqueue_head(&m->wait);
}

void mutex_lock(struct mutex *m)
{
	struct wait_queue_entry we = { .task = NULL };
	unsigned long flags;

	might_sleep();
	flags = spin_lock_irqsave(&m->wait.lock);
	while (m->owner) {
		WARN_ON_ONCE(m->owner == current);	/* would sleep forever */
		wait_locked_sleep(&m->wait, &we, &flags);
	}
	m->owner = current;
	wait_locked_done(&we);
	spin_unlock_irqrestore(&m->wait.lock, flags);
}

bool mutex_trylock(struct mutex *m)
{
	unsigned long flags = spin_lock_irqsave(&m->wait.lock);
	bool got = !m->owner;

	if (got)
		m->owner = current;
	spin_unlock_irqrestore(&m->wait.lock, flags);
	return got;
}

void mutex_unlock(struct mutex *m)
{
	unsigned long flags = spin_lock_irqsave(&m->wait.lock);
	struct wait_queue_entry *e;

	WARN_ON_ONCE(m->owner != current);
	m->owner = NULL;
	list_for_each_entry(e, &m->wait.head, node)
		wake_up_process(e->task);
	spin_unlock_irqrestore(&m->wait.lock, flags);
}

bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}
