/*
 * Sleeping locks.  A task that finds the mutex taken sleeps instead of
 * spinning, so a mutex may be held across anything that sleeps, but may
 * not be taken in interrupt context or with a spinlock held.
 */
#ifndef MUTEX_H
#define MUTEX_H

#include "wait.h"

struct mutex {
	struct task *owner;
	struct wait_queue_head wait;	/* its lock also guards owner */
};

#define MUTEX_INIT(n)	{ .owner = NULL, .wait = WAIT_QUEUE_HEAD_INIT(n.wait) }
#define DEFINE_MUTEX(n)	struct mutex n = MUTEX_INIT(n)

void mutex_init(struct mutex *m);
/* Sleeps until the mutex is free and takes it.  May sleep. */
void mutex_lock(struct mutex *m);
/* Takes the mutex if free; true on success.  Never sleeps. */
bool mutex_trylock(struct mutex *m);
/* Releases a mutex the current task holds. */
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

#endif
