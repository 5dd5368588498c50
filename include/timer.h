/*
 * Kernel timers: run a function at a future tick, in interrupt context on
 * the CPU that armed the timer.  The function must not sleep.
 */
#ifndef TIMER_H
#define TIMER_H

#include "list.h"
#include "compiler.h"

struct timer_list {
	struct list_head entry;
	uint64_t expires;		/* in jiffies */
	void (*fn)(struct timer_list *t);
	int cpu;			/* base it is queued on, -1 if none */
};

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *));
/* (Re)arms t to fire at jiffies >= expires, on this CPU.  Any context. */
void mod_timer(struct timer_list *t, uint64_t expires);
/* Disarms t and waits until its function is not running.  Returns true if it was armed. */
bool del_timer_sync(struct timer_list *t);
bool timer_pending(const struct timer_list *t);

/* Sets up cpu's timer list; before the CPU's first tick. */
void timer_init_cpu(int cpu);
/* From the tick: runs this CPU's expired timers. */
void run_local_timers(void);

/*
 * Sleeps until woken or timeout ticks pass; returns the ticks left (0 if
 * the time ran out).  The caller sets its state to TASK_SLEEPING first,
 * as for schedule().  May sleep.
 */
long schedule_timeout(long timeout);
/* Sleeps at least ms milliseconds.  May sleep. */
void msleep(unsigned int ms);

#endif
