/*
 * Preemption and interrupt context.
 *
 * Each CPU has one preempt count (a per-CPU variable, as on x86 Linux):
 * the low byte counts preempt_disable() nesting (spinlocks take it too), and
 * HARDIRQ_OFFSET is added while an interrupt handler runs.  The scheduler
 * may switch tasks on this CPU only when the count is zero: a task that
 * holds a spinlock or is inside an interrupt handler is never switched out.
 *
 * Because the count belongs to the CPU, a context switch hands it over: the
 * task switching out holds the run-queue lock (count 1) and the task
 * switching in releases it.
 */
#ifndef PREEMPT_H
#define PREEMPT_H

#include "percpu.h"

#define PREEMPT_MASK	0x000000ff
#define HARDIRQ_OFFSET	0x00010000
#define HARDIRQ_MASK	0x00ff0000

DECLARE_PER_CPU(int, preempt_count_pcpu);
DECLARE_PER_CPU(bool, need_resched_pcpu);

static inline int preempt_count(void)
{
	return this_cpu_read(preempt_count_pcpu);
}

static inline void preempt_disable(void)
{
	this_cpu_inc(preempt_count_pcpu);
	barrier();
}

/* The slow half of preempt_enable(): reschedules if that is now allowed. */
void preempt_schedule(void);

/*
 * A preemption point: reschedules if something asked for it meanwhile.
 * Inline, so the common case (nothing asked) costs a decrement and a test:
 * it sits on every fast path that uses rcu_read_lock or a spinlock.
 */
static inline void preempt_enable(void)
{
	barrier();
	this_cpu_dec(preempt_count_pcpu);
	if (unlikely(this_cpu_read(need_resched_pcpu)))
		preempt_schedule();
}

/* Re-enables preemption without rescheduling (used on the scheduler's own paths). */
static inline void preempt_enable_no_resched(void)
{
	barrier();
	this_cpu_dec(preempt_count_pcpu);
}

/* True inside an interrupt handler. */
static inline bool in_interrupt(void)
{
	return preempt_count() & HARDIRQ_MASK;
}

/* True where sleeping is forbidden: preemption off or in an interrupt. */
static inline bool in_atomic(void)
{
	return preempt_count() != 0;
}

static inline void set_need_resched(void)
{
	this_cpu_write(need_resched_pcpu, true);
}

static inline bool need_resched(void)
{
	return this_cpu_read(need_resched_pcpu);
}

/*
 * Reports "BUG: sleeping function called from invalid context" if the
 * caller may not sleep here (preemption or interrupts disabled).  Put it at
 * the top of every function that can sleep, so misuse is caught on every
 * call, not only on the rare call that actually sleeps.
 */
#define might_sleep() __might_sleep(__FILE__, __LINE__)
void __might_sleep(const char *file, int line);

#endif
