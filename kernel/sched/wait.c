/*
 * Wait queues and completions (see include/wait.h for the protocol).
 *
 * The locks are taken with interrupts off: timers and IPI handlers wake
 * tasks from interrupt context.  Lock order: a wait queue's lock, then a
 * run queue's (wake_up_process is called with the former held).
 */
#include "wait.h"
#include "sched.h"
#include "preempt.h"

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock, "wait_queue");
	INIT_LIST_HEAD(&wq->head);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *entry)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	if (!entry->task) {
		entry->task = current;
		list_add_tail(&entry->node, &wq->head);
	}
	set_current_state(TASK_SLEEPING);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *entry)
{
	unsigned long flags;

	set_current_state(TASK_RUNNING);
	if (!entry->task)
		return;
	flags = spin_lock_irqsave(&wq->lock);
	list_del_init(&entry->node);
	entry->task = NULL;
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up(struct wait_queue_head *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	struct wait_queue_entry *e;

	list_for_each_entry(e, &wq->head, node)
		wake_up_process(e->task);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void init_completion(struct completion *c)
{
	c->done = 0;
	init_waitqueue_head(&c->wait);
}

void reinit_completion(struct completion *c)
{
	WRITE_ONCE(c->done, 0);
}

void wait_locked_sleep(struct wait_queue_head *wq, struct wait_queue_entry *we,
		       unsigned long *flags)
{
	if (!we->task) {
		we->task = current;
		list_add_tail(&we->node, &wq->head);
	}
	set_current_state(TASK_SLEEPING);
	spin_unlock_irqrestore(&wq->lock, *flags);
	schedule();
	*flags = spin_lock_irqsave(&wq->lock);
}

void wait_locked_done(struct wait_queue_entry *we)
{
	if (we->task)
		list_del_init(&we->node);
	we->task = NULL;
	set_current_state(TASK_RUNNING);
}

void wait_for_completion(struct completion *c)
{
	struct wait_queue_entry we = { .task = NULL };
	unsigned long flags;

	might_sleep();
	flags = spin_lock_irqsave(&c->wait.lock);
	while (!c->done)
		wait_locked_sleep(&c->wait, &we, &flags);
	if (c->done != COMPLETION_DONE_ALL)
		c->done--;
	wait_locked_done(&we);
	spin_unlock_irqrestore(&c->wait.lock, flags);
}

/*
 * Wakes every waiter; each retakes the lock and only those that find the
 * count positive proceed.  Waking just the first would lose a wake-up when
 * two complete() calls land before that waiter has taken its count.
 */
static void complete_n(struct completion *c, bool all)
{
	unsigned long flags = spin_lock_irqsave(&c->wait.lock);
	struct wait_queue_entry *e;

	if (all)
		c->done = COMPLETION_DONE_ALL;
	else if (c->done != COMPLETION_DONE_ALL)
		c->done++;
	list_for_each_entry(e, &c->wait.head, node)
		wake_up_process(e->task);
	spin_unlock_irqrestore(&c->wait.lock, flags);
}

void complete(struct completion *c)
{
	complete_n(c, false);
}

void complete_all(struct completion *c)
{
	complete_n(c, true);
}

bool completion_done(struct completion *c)
{
	return READ_ONCE(c->done) != 0;
}
