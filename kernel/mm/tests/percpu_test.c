/*
 * Self-tests of per-CPU data: each runs on every CPU at once and would
 * fail if the per-CPU claim it checks were false.
 */
#include "ktest.h"
#include "percpu.h"
#include "smp.h"
#include "sched.h"
#include "string.h"
#include <asm/x86.h>

#define ISOLATION_LOOPS 20000

static DEFINE_PER_CPU(unsigned long, isolation_counter);

static int bump_own_counter(void *arg)
{
	(void)arg;
	for (int i = 0; i < ISOLATION_LOOPS; i++)
		this_cpu_inc(isolation_counter);
	return 0;
}

/*
 * Two threads per CPU, so each copy is also shared by two tasks that
 * preempt each other: one instruction per update keeps it exact.
 */
KTEST(percpu, each_cpu_counts_alone)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		per_cpu(isolation_counter, cpu) = 0;
	ktest_run_threads(bump_own_counter, NULL, 2);
	for_each_online_cpu(cpu) {
		EXPECT_EQ(per_cpu(isolation_counter, cpu), 2 * ISOLATION_LOOPS);
		sum += per_cpu(isolation_counter, cpu);
	}
	EXPECT_EQ(sum, 2UL * ISOLATION_LOOPS * (unsigned long)num_online_cpus());
}

static DEFINE_PER_CPU(unsigned long, irq_race_counter);

static void bump_from_irq(void *arg)
{
	(void)arg;
	this_cpu_inc(irq_race_counter);
}

struct irq_race {
	volatile bool started, stop;
	unsigned long loops;
};

static int bump_in_thread(void *arg)
{
	struct irq_race *r = arg;
	unsigned long n = 0;

	r->started = true;
	while (!r->stop) {
		this_cpu_inc(irq_race_counter);
		n++;
	}
	r->loops = n;
	return 0;
}

/*
 * A thread on CPU 1 increments its copy in a tight loop while CPU 0 sends
 * it interrupts that increment the same copy.  An update split into load,
 * add and store would lose the interrupt's increments.
 */
KTEST_OPTS(percpu, this_cpu_ops_are_irq_safe, .min_cpus = 2)
{
	enum { IPIS = 3000 };
	struct irq_race r = { false, false, 0 };
	struct task *t;

	per_cpu(irq_race_counter, 1) = 0;
	t = kthread_run_on_cpu(bump_in_thread, &r, 1, "irq_race");
	ASSERT_NOT_NULL(t);
	while (!r.started)
		cpu_relax();
	for (int i = 0; i < IPIS; i++)
		ASSERT_EQ(smp_call_function_single(1, bump_from_irq, NULL), 0);
	r.stop = true;
	kthread_stop(t);
	EXPECT_EQ(per_cpu(irq_race_counter, 1), r.loops + IPIS);
}

KTEST(percpu, alloc_percpu_zeroed_distinct_freed)
{
	unsigned long __percpu *a = alloc_percpu(unsigned long);
	unsigned long __percpu *b = alloc_percpu(unsigned long);
	size_t live = percpu_live_allocations();
	int cpu;

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	EXPECT_NE((unsigned long)a, (unsigned long)b);
	for_each_possible_cpu(cpu) {
		EXPECT_EQ(*per_cpu_ptr(a, cpu), 0);
		*per_cpu_ptr(a, cpu) = 0xdead0000UL + (unsigned long)cpu;
		*per_cpu_ptr(b, cpu) = 7;
	}
	for_each_possible_cpu(cpu)
		EXPECT_EQ(*per_cpu_ptr(a, cpu), 0xdead0000UL + (unsigned long)cpu);
	free_percpu(a);
	EXPECT_EQ(percpu_live_allocations(), live - 1);
	/* The space a held is handed out again, zeroed on every CPU. */
	a = alloc_percpu(unsigned long);
	ASSERT_NOT_NULL(a);
	for_each_possible_cpu(cpu) {
		EXPECT_EQ(*per_cpu_ptr(a, cpu), 0);
		EXPECT_EQ(*per_cpu_ptr(b, cpu), 7);
	}
	free_percpu(a);
	free_percpu(b);
}

KTEST(percpu, alloc_percpu_alignment_and_limits)
{
	void __percpu *p[8];

	for (int i = 0; i < 8; i++) {
		p[i] = __alloc_percpu(24, 64);
		ASSERT_NOT_NULL(p[i]);
		EXPECT_EQ((unsigned long)p[i] % 64, 0);
	}
	for (int i = 0; i < 8; i++)
		free_percpu(p[i]);
	EXPECT_NULL(__alloc_percpu(PERCPU_DYNAMIC_SIZE + 1, 8));
	EXPECT_NULL(__alloc_percpu(8, 3));
}

/* Every unit can be an allocation of its own: thousands of small ones live at once. */
KTEST(percpu, thousands_of_small_allocations_live_at_once)
{
	enum { N = 8192 };
	static unsigned long __percpu *p[N];
	size_t live = percpu_live_allocations();
	int n = 0;

	while (n < N) {
		p[n] = alloc_percpu(unsigned long);
		if (!p[n])
			break;
		n++;
	}
	EXPECT_EQ(n, N);
	EXPECT_EQ(percpu_live_allocations(), live + (size_t)n);
	for (int i = 1; i < n; i++)
		EXPECT_NE((unsigned long)p[i], (unsigned long)p[i - 1]);
	while (n--)
		free_percpu(p[n]);
	EXPECT_EQ(percpu_live_allocations(), live);
}

static unsigned long __percpu *dyn_counter;

static int bump_dynamic(void *arg)
{
	(void)arg;
	for (int i = 0; i < ISOLATION_LOOPS; i++)
		this_cpu_inc(*dyn_counter);
	return 0;
}

/* A dynamic per-CPU variable works with this_cpu_* exactly like a static one. */
KTEST(percpu, alloc_percpu_this_cpu_ops)
{
	unsigned long sum = 0;
	int cpu;

	dyn_counter = alloc_percpu(unsigned long);
	ASSERT_NOT_NULL(dyn_counter);
	ktest_run_threads(bump_dynamic, NULL, 2);
	for_each_online_cpu(cpu) {
		EXPECT_EQ(*per_cpu_ptr(dyn_counter, cpu), 2 * ISOLATION_LOOPS);
		sum += *per_cpu_ptr(dyn_counter, cpu);
	}
	EXPECT_EQ(sum, 2UL * ISOLATION_LOOPS * (unsigned long)num_online_cpus());
	free_percpu(dyn_counter);
}

KTEST(percpu, smp_processor_id_matches_area)
{
	int cpu;

	for_each_online_cpu(cpu)
		EXPECT_EQ(per_cpu(cpu_number, cpu), cpu);
	EXPECT_EQ(this_cpu_read(this_cpu_off), __per_cpu_offset[smp_processor_id()]);
}
