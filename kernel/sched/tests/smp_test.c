/*
 * Self-tests of SMP: CPUs came up, and cross-CPU calls land where and as
 * often as they should.
 */
#include "ktest.h"
#include "smp.h"
#include "sched.h"
#include "time.h"
#include "errno.h"
#include <asm/x86.h>

KTEST(smp, all_possible_cpus_online)
{
	EXPECT_EQ(num_online_cpus(), num_possible_cpus());
	EXPECT_TRUE(cpu_online(0));
}

/* Every CPU's own timer ticks (each CPU programmed its LAPIC). */
KTEST(smp, every_cpu_ticks)
{
	uint64_t before[NR_CPUS];
	int cpu;

	for_each_online_cpu(cpu)
		before[cpu] = READ_ONCE(per_cpu(local_ticks, cpu));
	mdelay(30);
	for_each_online_cpu(cpu)
		EXPECT_GT(READ_ONCE(per_cpu(local_ticks, cpu)), before[cpu]);
}

static void record_cpu(void *arg)
{
	int *where = arg;

	*where = smp_processor_id();
	where[1] = irqs_disabled();
	where[2] = in_interrupt();
}

KTEST(smp, call_function_single_runs_on_named_cpu)
{
	int cpu;

	for_each_online_cpu(cpu) {
		int got[3] = { -1, 0, 0 };

		EXPECT_EQ(smp_call_function_single(cpu, record_cpu, got), 0);
		EXPECT_EQ(got[0], cpu);
		EXPECT_TRUE(got[1]);
		if (cpu != smp_processor_id())
			EXPECT_TRUE(got[2]);	/* ran from the IPI handler */
	}
	EXPECT_EQ(smp_call_function_single(-1, record_cpu, NULL), -ENXIO);
	EXPECT_EQ(smp_call_function_single(NR_CPUS, record_cpu, NULL), -ENXIO);
	if (num_possible_cpus() < NR_CPUS)
		EXPECT_EQ(smp_call_function_single(num_possible_cpus(), record_cpu, NULL), -ENXIO);
}

static DEFINE_PER_CPU(int, on_each_hits);
static DEFINE_PER_CPU(int, on_each_irqs_off);

static void count_hit(void *arg)
{
	(void)arg;
	this_cpu_inc(on_each_hits);
	if (irqs_disabled())
		this_cpu_inc(on_each_irqs_off);
}

KTEST(smp, on_each_cpu_reaches_each_once)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		per_cpu(on_each_hits, cpu) = 0;
		per_cpu(on_each_irqs_off, cpu) = 0;
	}
	on_each_cpu(count_hit, NULL);
	/* on_each_cpu waited: every hit is already counted. */
	for_each_possible_cpu(cpu) {
		EXPECT_EQ(per_cpu(on_each_hits, cpu), cpu_online(cpu) ? 1 : 0);
		EXPECT_EQ(per_cpu(on_each_irqs_off, cpu), cpu_online(cpu) ? 1 : 0);
	}
}

/* Broadcasts per CPU: the IPIs grow with the square of the CPUs, so fewer with more. */
static int broadcasts_per_cpu(void)
{
	return max(400 / num_online_cpus(), 4);
}

static int on_each_from_everywhere(void *arg)
{
	(void)arg;
	for (int i = 0; i < broadcasts_per_cpu(); i++)
		on_each_cpu(count_hit, NULL);
	return 0;
}

/* Every CPU broadcasting at once: calls cross in flight, none is lost or doubled. */
KTEST_OPTS(smp, on_each_cpu_concurrent, .min_cpus = 2)
{
	int cpu;

	for_each_possible_cpu(cpu)
		per_cpu(on_each_hits, cpu) = 0;
	ktest_run_threads(on_each_from_everywhere, NULL, 1);
	for_each_online_cpu(cpu)
		EXPECT_EQ(per_cpu(on_each_hits, cpu), broadcasts_per_cpu() * num_online_cpus());
}
