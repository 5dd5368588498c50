/*
 * Work queues: run a function later, in process context (so it may sleep),
 * on a per-CPU worker thread "kworker/N".
 *
 * A work item is pending from queue_work() until its worker takes it off
 * the queue, just before running it; queueing a pending item does nothing
 * and returns false, so an item queued many times runs at least once after
 * the last queueing, and never twice at once on one CPU.
 */
#ifndef WORKQUEUE_H
#define WORKQUEUE_H

#include "list.h"
#include "compiler.h"

struct work_struct {
	struct list_head entry;
	void (*func)(struct work_struct *w);
	bool pending;
	int cpu;		/* the worker it was last queued on */
};

#define INIT_WORK(w, f) do {				\
	INIT_LIST_HEAD(&(w)->entry);			\
	(w)->func = (f);				\
	(w)->pending = false;				\
	(w)->cpu = 0;					\
	__init_work(w);					\
} while (0)

/* Tells ODEBUG (include/debugobjects.h) about a work item; INIT_WORK calls it. */
void __init_work(struct work_struct *w);

struct workqueue_struct;
/* The one work queue ringlet has: a worker per online CPU. */
extern struct workqueue_struct *system_wq;

/* Starts a worker on every online CPU.  Once, at boot. */
void workqueue_init(void);

/*
 * Queues w on cpu's worker (on the worker already running it, if it is
 * running, so it never runs on two CPUs at once); false if it was already
 * pending.  Any context.
 */
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *w);
/* Queues w on this CPU's worker; false if it was already pending. */
bool queue_work(struct workqueue_struct *wq, struct work_struct *w);
/* Waits until w is neither pending nor running; true if it had to wait.  May sleep. */
bool flush_work(struct work_struct *w);
/*
 * Takes w off its queue if pending and waits for a running instance to
 * finish.  Returns true if it was pending.  May sleep.
 */
bool cancel_work_sync(struct work_struct *w);

#endif
