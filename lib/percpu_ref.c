/*
 * percpu_ref: theory of operation (API and modes in include/percpu_ref.h).
 *
 * The bias.  While the ref is per-CPU, gets and puts go to per-CPU
 * counters and ref->count holds 1 + PERCPU_COUNT_BIAS (a huge value), so
 * no put on the atomic path could ever see it reach zero.  Switching to
 * atomic mode adds the sum of the per-CPU counters and subtracts the bias
 * in one atomic step: from then on ref->count is the true count.
 *
 * The grace period.  A CPU that read percpu_count_ptr before the ATOMIC
 * flag was set may still be adding to its per-CPU counter.  Those gets and
 * puts run inside rcu_read_lock(), so the counters are summed in an RCU
 * callback (percpu_ref_switch_to_atomic_rcu): after a grace period, every
 * get/put that saw percpu mode has finished, and every later one sees
 * atomic mode.  Switching back to percpu needs no grace period: the
 * counters are zeroed before the flag is cleared (with release ordering),
 * and the bias is added back first, so the atomic count can't hit zero
 * while late atomic-path puts drain.
 *
 * One switch at a time.  confirm_switch is non-NULL from the moment a
 * switch to atomic is started until its RCU callback has called the hook;
 * any other mode change of the same ref sleeps on percpu_ref_switch_waitq
 * until then.  The switch holds a reference (taken when it starts,
 * dropped as the very last statement of the callback), so release() can
 * never run while a switch is in flight: release() is the safe "no one
 * touches this ref any more" signal, and a confirm hook is not.
 *
 * The callback's order of steps, as in Linux 5.x: sum the counters into
 * the atomic count and check it is positive; call the confirm hook; clear
 * confirm_switch; wake waiters; free the counters now if the ref may never
 * be reinitialised; drop the switch's reference.
 */
#include "percpu_ref.h"
#include "spinlock.h"
#include "wait.h"
#include "smp.h"
#include "panic.h"
#include "errno.h"
#include "time.h"

#define PERCPU_COUNT_BIAS (1UL << (sizeof(long) * 8 - 1))

unsigned int percpu_ref_confirm_delay_us;

static DEFINE_SPINLOCK(percpu_ref_switch_lock);
static DECLARE_WAIT_QUEUE_HEAD(percpu_ref_switch_waitq);

static unsigned long __percpu *percpu_count_ptr(struct percpu_ref *ref)
{
	return (unsigned long __percpu *)(ref->percpu_count_ptr & ~(unsigned long)__PERCPU_REF_ATOMIC_DEAD);
}

int percpu_ref_init(struct percpu_ref *ref, percpu_ref_func_t *release, unsigned int flags)
{
	unsigned long start_count = 0;
	void __percpu *counters = __alloc_percpu(sizeof(unsigned long),
						 max((size_t)1 << __PERCPU_REF_FLAG_BITS,
						     __alignof__(unsigned long)));

	if (!counters)
		return -ENOMEM;
	ref->percpu_count_ptr = (unsigned long)counters;
	ref->force_atomic = flags & PERCPU_REF_INIT_ATOMIC;
	ref->allow_reinit = flags & PERCPU_REF_ALLOW_REINIT;
	if (flags & (PERCPU_REF_INIT_ATOMIC | PERCPU_REF_INIT_DEAD))
		ref->allow_reinit = true;
	/* LAB(percpu_ref) BEGIN SOLUTION */
	if (flags & (PERCPU_REF_INIT_ATOMIC | PERCPU_REF_INIT_DEAD))
		ref->percpu_count_ptr |= __PERCPU_REF_ATOMIC;
	else
		start_count += PERCPU_COUNT_BIAS;
	/* LAB(percpu_ref) END SOLUTION */
	/* LAB(percpu_ref) STUB: ref->percpu_count_ptr |= __PERCPU_REF_ATOMIC; */
	/* LAB(percpu_ref) YOUR CODE HERE: percpu mode unless INIT_ATOMIC or INIT_DEAD, the count holding the bias (docs/percpu_ref.md section 4); the stub above starts every ref atomic */
	if (flags & PERCPU_REF_INIT_DEAD)
		ref->percpu_count_ptr |= __PERCPU_REF_DEAD;
	else
		start_count++;
	atomic_long_set(&ref->count, (long)start_count);
	ref->release = release;
	ref->confirm_switch = NULL;
	return 0;
}

void percpu_ref_exit(struct percpu_ref *ref)
{
	unsigned long __percpu *counters = percpu_count_ptr(ref);

	if (counters) {
		/*
		 * Non-NULL confirm_switch: a switch's RCU callback is still to
		 * touch ref.  Linux warns and frees anyway; ringlet warns and
		 * leaves the counters alone, because that callback may be about
		 * to free them itself: one report, not a second one for a
		 * double free, so the seed's negative tests stay deterministic.
		 */
		if (WARN_ON_ONCE(READ_ONCE(ref->confirm_switch)))
			return;
		free_percpu(counters);
		ref->percpu_count_ptr = __PERCPU_REF_ATOMIC_DEAD;
	}
}

/* LAB(percpu_ref) BEGIN SOLUTION */
static void percpu_ref_call_confirm_rcu(struct rcu_head *rcu)
{
	struct percpu_ref *ref = container_of(rcu, struct percpu_ref, rcu);

	ref->confirm_switch(ref);
	if (percpu_ref_confirm_delay_us)
		udelay(percpu_ref_confirm_delay_us);	/* debug: widen the seed's window */
	WRITE_ONCE(ref->confirm_switch, NULL);
	wake_up(&percpu_ref_switch_waitq);
	if (!ref->allow_reinit)
		percpu_ref_exit(ref);
	/* The reference taken by __percpu_ref_switch_to_atomic: the last access. */
	percpu_ref_put(ref);
}

static void percpu_ref_switch_to_atomic_rcu(struct rcu_head *rcu)
{
	struct percpu_ref *ref = container_of(rcu, struct percpu_ref, rcu);
	unsigned long __percpu *counters = percpu_count_ptr(ref);
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(counters, cpu);
	/*
	 * Add the sum and drop the bias in one step: the count must never be
	 * seen as the sum alone while the bias is still in it, or the other
	 * way round.  Unsigned wrap-around makes the arithmetic exact even if
	 * the counters of single CPUs went "negative".
	 */
	atomic_long_add((long)(sum - PERCPU_COUNT_BIAS), &ref->count);
	WARN(atomic_long_read(&ref->count) <= 0,
	     "percpu ref (%ps) <= 0 (%ld) after switching to atomic",
	     (void *)ref->release, atomic_long_read(&ref->count));
	percpu_ref_call_confirm_rcu(rcu);
}

static void percpu_ref_noop_confirm_switch(struct percpu_ref *ref)
{
	(void)ref;
}
/* LAB(percpu_ref) END SOLUTION */
/* LAB(percpu_ref) YOUR CODE HERE: the switch's RCU callback, its steps in the order of docs/percpu_ref.md section 7 */

static void __percpu_ref_switch_to_atomic(struct percpu_ref *ref, percpu_ref_func_t *confirm)
{
	if (ref->percpu_count_ptr & __PERCPU_REF_ATOMIC) {
		if (confirm)
			confirm(ref);
		return;
	}
	/* LAB(percpu_ref) BEGIN SOLUTION */
	ref->percpu_count_ptr |= __PERCPU_REF_ATOMIC;
	/* Non-NULL confirm_switch is what "a switch is in flight" means. */
	ref->confirm_switch = confirm ? confirm : percpu_ref_noop_confirm_switch;
	percpu_ref_get(ref);	/* dropped by the callback, last */
	call_rcu(&ref->rcu, percpu_ref_switch_to_atomic_rcu);
	/* LAB(percpu_ref) END SOLUTION */
	/* LAB(percpu_ref) YOUR CODE HERE: set the flag, mark the switch in flight, take the switch's own reference, and sum the counters after a grace period (sections 5 and 7) */
}

static void __percpu_ref_switch_to_percpu(struct percpu_ref *ref)
{
	/* LAB(percpu_ref) BEGIN SOLUTION */
	unsigned long __percpu *counters = percpu_count_ptr(ref);
	int cpu;

	BUG_ON(!counters);
	if (!(ref->percpu_count_ptr & __PERCPU_REF_ATOMIC))
		return;
	if (WARN_ON_ONCE(!ref->allow_reinit))
		return;
	atomic_long_add((long)PERCPU_COUNT_BIAS, &ref->count);
	for_each_possible_cpu(cpu)
		*per_cpu_ptr(counters, cpu) = 0;
	/* Readers that see the flag cleared must see the zeroed counters. */
	smp_store_release(&ref->percpu_count_ptr, ref->percpu_count_ptr & ~(unsigned long)__PERCPU_REF_ATOMIC);
	/* LAB(percpu_ref) END SOLUTION */
	/* LAB(percpu_ref) STUB: (void)ref; */
	/* LAB(percpu_ref) YOUR CODE HERE: back to percpu mode at once (section 5): bias back, counters zeroed, flag cleared with release ordering */
}

/* Called with percpu_ref_switch_lock held (irqs saved in *flags); may drop it to sleep. */
static void __percpu_ref_switch_mode(struct percpu_ref *ref, percpu_ref_func_t *confirm,
				     unsigned long *flags)
{
	/* LAB(percpu_ref) BEGIN SOLUTION */
	while (ref->confirm_switch) {
		spin_unlock_irqrestore(&percpu_ref_switch_lock, *flags);
		wait_event(percpu_ref_switch_waitq, !READ_ONCE(ref->confirm_switch));
		*flags = spin_lock_irqsave(&percpu_ref_switch_lock);
	}
	/* LAB(percpu_ref) END SOLUTION */
	/* LAB(percpu_ref) STUB: (void)flags; */
	/* LAB(percpu_ref) YOUR CODE HERE: one switch at a time (section 6): sleep, without the lock, while a switch of this ref is in flight */
	if (ref->force_atomic || (ref->percpu_count_ptr & __PERCPU_REF_DEAD))
		__percpu_ref_switch_to_atomic(ref, confirm);
	else
		__percpu_ref_switch_to_percpu(ref);
}

void percpu_ref_switch_to_atomic(struct percpu_ref *ref, percpu_ref_func_t *confirm_switch)
{
	unsigned long flags = spin_lock_irqsave(&percpu_ref_switch_lock);

	ref->force_atomic = true;
	__percpu_ref_switch_mode(ref, confirm_switch, &flags);
	spin_unlock_irqrestore(&percpu_ref_switch_lock, flags);
}

void percpu_ref_switch_to_atomic_sync(struct percpu_ref *ref)
{
	percpu_ref_switch_to_atomic(ref, NULL);
	wait_event(percpu_ref_switch_waitq, !READ_ONCE(ref->confirm_switch));
}

void percpu_ref_switch_to_percpu(struct percpu_ref *ref)
{
	unsigned long flags = spin_lock_irqsave(&percpu_ref_switch_lock);

	ref->force_atomic = false;
	__percpu_ref_switch_mode(ref, NULL, &flags);
	spin_unlock_irqrestore(&percpu_ref_switch_lock, flags);
}

void percpu_ref_kill_and_confirm(struct percpu_ref *ref, percpu_ref_func_t *confirm_kill)
{
	unsigned long flags = spin_lock_irqsave(&percpu_ref_switch_lock);

	/* LAB(percpu_ref) BEGIN SOLUTION */
	WARN(ref->percpu_count_ptr & __PERCPU_REF_DEAD,
	     "%s called more than once on %ps!", __func__, (void *)ref->release);
	/* LAB(percpu_ref) END SOLUTION */
	/* LAB(percpu_ref) YOUR CODE HERE: killing a dead ref is a bug: warn as Linux does (section 8) */
	ref->percpu_count_ptr |= __PERCPU_REF_DEAD;
	__percpu_ref_switch_mode(ref, confirm_kill, &flags);
	percpu_ref_put(ref);	/* the initial reference */
	spin_unlock_irqrestore(&percpu_ref_switch_lock, flags);
}

bool percpu_ref_is_zero(struct percpu_ref *ref)
{
	unsigned long __percpu *counters;
	unsigned long flags;
	long count;

	if (__ref_is_percpu(ref, &counters))
		return false;
	/* The lock keeps a concurrent switch back to percpu from racing the read. */
	flags = spin_lock_irqsave(&percpu_ref_switch_lock);
	count = atomic_long_read(&ref->count);
	spin_unlock_irqrestore(&percpu_ref_switch_lock, flags);
	return count == 0;
}

void percpu_ref_reinit(struct percpu_ref *ref)
{
	/* LAB(percpu_ref) BEGIN SOLUTION */
	WARN_ON_ONCE(!percpu_ref_is_zero(ref));
	/* LAB(percpu_ref) END SOLUTION */
	/* LAB(percpu_ref) YOUR CODE HERE: reinit is only for a ref whose count reached zero: warn otherwise (section 8) */
	percpu_ref_resurrect(ref);
}

void percpu_ref_resurrect(struct percpu_ref *ref)
{
	unsigned long __percpu *counters;
	unsigned long flags = spin_lock_irqsave(&percpu_ref_switch_lock);

	WARN_ON_ONCE(!(ref->percpu_count_ptr & __PERCPU_REF_DEAD));
	WARN_ON_ONCE(__ref_is_percpu(ref, &counters));
	ref->percpu_count_ptr &= ~(unsigned long)__PERCPU_REF_DEAD;
	percpu_ref_get(ref);
	__percpu_ref_switch_mode(ref, NULL, &flags);
	spin_unlock_irqrestore(&percpu_ref_switch_lock, flags);
}
