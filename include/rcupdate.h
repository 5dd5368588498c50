/*
 * RCU (read-copy-update), the "sched" flavour.
 *
 * Readers: rcu_read_lock() ... rcu_read_unlock() just disable and enable
 * preemption, so any region with preemption or interrupts off is a reader
 * too.  Readers never block updaters and cost two instructions.
 *
 * Updaters: replace a shared pointer (rcu_assign_pointer), then free the
 * old object only after a grace period: a time by which every reader that
 * might have seen the old pointer has finished.  synchronize_rcu() waits
 * for one; call_rcu() runs a callback after one without waiting.
 *
 * A grace period ends once every online CPU has passed a quiescent state,
 * a point where it cannot be inside a reader: a context switch, the idle
 * loop, or a timer tick that interrupted code with preemption enabled.
 * See kernel/rcu/rcu.c and docs/rcu.md.
 */
#ifndef RCUPDATE_H
#define RCUPDATE_H

#include "preempt.h"
#include "atomic.h"

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

typedef void (*rcu_callback_t)(struct rcu_head *head);

static inline void rcu_read_lock(void) { preempt_disable(); }
static inline void rcu_read_unlock(void) { preempt_enable(); }

/* Publishes p: everything written to *p before is visible to readers that see p. */
#define rcu_assign_pointer(ptr, p)	smp_store_release(&(ptr), (p))
/* Reads an RCU-protected pointer inside a reader. */
#define rcu_dereference(ptr)		READ_ONCE(ptr)

/*
 * Runs func(head) on this CPU after a grace period, from the CPU's
 * "rcuc/N" thread with preemption disabled: func must not sleep.  Callbacks
 * queued on one CPU run in the order they were queued.  A head must not be
 * queued again before its callback has started.  Any context.
 */
void call_rcu(struct rcu_head *head, rcu_callback_t func);
/* Waits for a full grace period.  May sleep. */
void synchronize_rcu(void);
/* The same guarantee, forced now with IPIs instead of waiting for ticks.  May sleep. */
void synchronize_rcu_expedited(void);
/* Waits until every callback queued (on any CPU) before the call has run.  May sleep. */
void rcu_barrier(void);

/* Hooks for the scheduler, the idle loop and the tick. */
void rcu_note_context_switch(void);
void rcu_sched_clock_irq(void);

/* Sets up cpu's RCU state (before the CPU starts). */
void rcu_init_cpu(int cpu);
/* Starts the per-CPU callback threads, once CPUs are up. */
void rcu_init_threads(void);

/* Grace periods completed so far (for tests and benchmarks). */
unsigned long rcu_gp_completed(void);

#endif
