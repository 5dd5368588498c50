/*
 * CPUs: which exist, which run, and how they ask each other for work.
 *
 * "Possible" CPUs are the enabled local APICs that ACPI's MADT lists (each
 * gets a per-CPU area at boot); "online" ones have been started and run
 * the scheduler.  CPU numbers are dense, 0 being the boot CPU.
 */
#ifndef SMP_H
#define SMP_H

#include "percpu.h"
#include "atomic.h"

/*
 * The possible mask is written once, by the boot CPU before it starts the
 * others.  The online mask has one bit per CPU, set by that CPU itself
 * (smpboot.c): an AP given up for dead may still come up late, while the
 * next one starts, so two CPUs can set their bits at once.  As a long,
 * CPU 63's bit is the sign bit; bit operations do not mind.
 */
extern uint64_t cpu_possible_mask;
extern atomic_long_t cpu_online_mask;
extern uint32_t cpu_apic_id[NR_CPUS];

/* No libgcc in a freestanding kernel, so no __builtin_popcount. */
static inline int popcount64(uint64_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

static inline bool cpu_possible(int cpu) { return cpu_possible_mask & (1ULL << cpu); }
static inline int num_possible_cpus(void) { return popcount64(cpu_possible_mask); }

static inline bool cpu_online(int cpu)
{
	return atomic_long_read(&cpu_online_mask) & (1ULL << cpu);
}

static inline int num_online_cpus(void)
{
	return popcount64(atomic_long_read(&cpu_online_mask));
}

#define for_each_possible_cpu(cpu) \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++) if (cpu_possible(cpu))
#define for_each_online_cpu(cpu) \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++) if (cpu_online(cpu))

/* The (n mod online)-th online CPU: spreads work round robin. */
int nth_online_cpu(unsigned int n);

/* Starts every possible CPU other than the boot CPU and waits for each. */
void smp_boot_cpus(void);

/* Sets up cpu's cross-CPU call queue (before it is started). */
void smp_init_cpu(int cpu);
/* Installs the IPI handlers (once, on the boot CPU). */
void smp_init_ipis(void);

/* Asks cpu to run its scheduler (an IPI). */
void smp_send_reschedule(int cpu);

/*
 * Runs fn(info) on cpu in interrupt context and waits until it has run.
 * Returns 0, or -ENXIO if cpu is not online.  Must be called with
 * interrupts enabled (two CPUs waiting on each other with interrupts off
 * would deadlock), from task context.
 */
int smp_call_function_single(int cpu, void (*fn)(void *), void *info);
/*
 * Runs fn(info) on every online CPU, this one included (with interrupts
 * off), and waits until all have run it.  Same context rules.
 */
void on_each_cpu(void (*fn)(void *), void *info);

/*
 * Stops every other CPU (an NMI to all but self) and does not wait: used by
 * panic, when nothing else must run.  A stopped CPU halts with interrupts
 * off for good.
 */
void smp_send_stop(void);

#endif
