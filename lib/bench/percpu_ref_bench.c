/*
 * percpu_ref's reason to exist, measured: a get+put pair on every CPU at
 * once, in percpu mode, in atomic mode, against a shared atomic counter and
 * a spinlock-protected counter.  Percpu mode touches only this CPU's cache
 * line, so its cost should stay flat as CPUs are added; the others share
 * one line that every CPU must own in turn.
 */
#include "kbench.h"
#include "percpu_ref.h"
#include "spinlock.h"
#include "panic.h"

#define ITERS 200000

static struct percpu_ref bench_ref;
static atomic_long_t shared_count;
static DEFINE_SPINLOCK(bench_lock);
static unsigned long locked_count;

static void noop_release(struct percpu_ref *ref)
{
	(void)ref;
}

static void ref_get_put(void *arg, unsigned long iters)
{
	(void)arg;
	for (unsigned long i = 0; i < iters; i++) {
		percpu_ref_get(&bench_ref);
		percpu_ref_put(&bench_ref);
	}
}

static void atomic_get_put(void *arg, unsigned long iters)
{
	(void)arg;
	for (unsigned long i = 0; i < iters; i++) {
		atomic_long_inc(&shared_count);
		atomic_long_dec(&shared_count);
	}
}

static void spinlock_get_put(void *arg, unsigned long iters)
{
	(void)arg;
	for (unsigned long i = 0; i < iters; i++) {
		unsigned long flags = spin_lock_irqsave(&bench_lock);

		locked_count++;
		spin_unlock_irqrestore(&bench_lock, flags);
		flags = spin_lock_irqsave(&bench_lock);
		locked_count--;
		spin_unlock_irqrestore(&bench_lock, flags);
	}
}

KBENCH(percpu_ref, get_put)
{
	if (percpu_ref_init(&bench_ref, noop_release, PERCPU_REF_ALLOW_REINIT))
		panic("bench: percpu_ref_init failed");
	kbench_on_all_cpus("percpu_ref.percpu_mode", ref_get_put, NULL, ITERS);
	percpu_ref_switch_to_atomic_sync(&bench_ref);
	kbench_on_all_cpus("percpu_ref.atomic_mode", ref_get_put, NULL, ITERS);
	kbench_on_all_cpus("percpu_ref.shared_atomic", atomic_get_put, NULL, ITERS);
	kbench_on_all_cpus("percpu_ref.spinlock_counter", spinlock_get_put, NULL, ITERS / 4);
	percpu_ref_kill(&bench_ref);
	rcu_barrier();
	percpu_ref_exit(&bench_ref);
}
