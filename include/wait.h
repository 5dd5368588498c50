/*
 * Wait queues and completions.
 *
 * A wait queue is a locked list of sleeping tasks.  The sleeper's protocol
 * avoids lost wake-ups: put yourself on the queue and mark yourself
 * sleeping, *then* test the condition, then schedule().  A waker that makes
 * the condition true and calls wake_up() either runs before the test (the
 * test sees the condition) or after the mark (wake_up_process turns the
 * sleeper back to running, and schedule() returns at once).
 *
 * A completion is a wait queue with a count: complete() adds one and wakes
 * a waiter, wait_for_completion() sleeps until the count is positive and
 * takes one; complete_all() makes every present and future wait return.
 */
#ifndef WAIT_H
#define WAIT_H

#include "spinlock.h"
#include "list.h"

struct task;

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

struct wait_queue_entry {
	struct task *task;
	struct list_head node;
};

#define WAIT_QUEUE_HEAD_INIT(n)	{ .lock = SPINLOCK_INIT(n.lock), .head = LIST_HEAD_INIT(n.head) }
#define DECLARE_WAIT_QUEUE_HEAD(n) struct wait_queue_head n = WAIT_QUEUE_HEAD_INIT(n)

void init_waitqueue_head(struct wait_queue_head *wq);
/* Queues entry (once) for the current task and marks it sleeping. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *entry);
/* Marks the current task running and takes entry off the queue. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *entry);
/*
 * For sleepers that test their condition under wq->lock (completions,
 * mutexes): with the lock held (irqs saved in *flags), queue we (once),
 * mark the task sleeping, drop the lock, schedule, retake it.  When the
 * condition holds, wait_locked_done() (lock still held) dequeues we.
 */
void wait_locked_sleep(struct wait_queue_head *wq, struct wait_queue_entry *we,
		       unsigned long *flags);
void wait_locked_done(struct wait_queue_entry *we);

/* Wakes every task waiting on wq.  Any context. */
void wake_up(struct wait_queue_head *wq);

void schedule(void);

/* Sleeps until cond is true; cond is re-evaluated after every wake-up. */
#define wait_event(wq, cond)							\
do {										\
	struct wait_queue_entry __we = { .task = NULL };			\
	might_sleep();								\
	for (;;) {								\
		prepare_to_wait(&(wq), &__we);					\
		if (cond)							\
			break;							\
		schedule();							\
	}									\
	finish_wait(&(wq), &__we);						\
} while (0)

/*
 * As wait_event, but also gives up when the task is signalled
 * (signal_task): evaluates to 0 once cond is true, or -EINTR.  The caller
 * must include task.h.
 */
#define wait_event_interruptible(wq, cond) ({					\
	struct wait_queue_entry __we = { .task = NULL };			\
	int __ret = 0;								\
	might_sleep();								\
	for (;;) {								\
		prepare_to_wait(&(wq), &__we);					\
		if (cond)							\
			break;							\
		if (signal_pending(current)) {					\
			__ret = -EINTR;						\
			break;							\
		}								\
		schedule();							\
	}									\
	finish_wait(&(wq), &__we);						\
	__ret;									\
})

struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

#define COMPLETION_DONE_ALL	(~0u)

void init_completion(struct completion *c);
/* Makes a completed completion usable again.  No waiters may be present. */
void reinit_completion(struct completion *c);
/* Sleeps until complete()d; consumes one completion.  May sleep. */
void wait_for_completion(struct completion *c);
/* Wakes one waiter (or lets the next wait pass).  Any context. */
void complete(struct completion *c);
/* Lets every waiter, now and later, pass.  Any context. */
void complete_all(struct completion *c);
/* True if a wait would not sleep now. */
bool completion_done(struct completion *c);

#include "preempt.h"

#endif
