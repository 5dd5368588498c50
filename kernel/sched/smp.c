/*
 * Asking other CPUs for work: the reschedule IPI and cross-CPU function
 * calls.
 *
 * A call is a small descriptor on the caller's stack, put on the target
 * CPU's queue before the IPI is sent; the target's handler runs every
 * queued call and marks each done.  The caller spins until done (with
 * interrupts on, so it can serve calls aimed at itself meanwhile); its
 * stack frame therefore outlives the call, and nothing is allocated.
 */
#include "smp.h"
#include <asm/apic.h>
#include <asm/traps.h>
#include "spinlock.h"
#include "preempt.h"
#include "panic.h"
#include "errno.h"
#include "list.h"
#include "atomic.h"
#include <asm/x86.h>

#define RESCHEDULE_VECTOR		0xfd
#define CALL_FUNCTION_SINGLE_VECTOR	0xfb

uint64_t cpu_possible_mask = 1;
atomic_long_t cpu_online_mask = ATOMIC_INIT(1);
uint32_t cpu_apic_id[NR_CPUS];

struct call_single {
	struct list_head node;
	void (*fn)(void *);
	void *info;
	bool done;
};

struct call_queue {
	spinlock_t lock;
	struct list_head calls;
};

static DEFINE_PER_CPU(struct call_queue, call_queues);

int nth_online_cpu(unsigned int n)
{
	unsigned int k = n % (unsigned int)num_online_cpus();
	int cpu;

	for_each_online_cpu(cpu)
		if (k-- == 0)
			return cpu;
	return 0;
}

void smp_send_reschedule(int cpu)
{
	apic_send_ipi(cpu_apic_id[cpu], APIC_DM_FIXED | RESCHEDULE_VECTOR);
}

static void reschedule_interrupt(struct pt_regs *regs)
{
	(void)regs;
	set_need_resched();	/* the interrupt exit path does the switch */
}

static void call_function_interrupt(struct pt_regs *regs)
{
	struct call_queue *q = this_cpu_ptr(&call_queues);

	(void)regs;
	spin_lock(&q->lock);
	while (!list_empty(&q->calls)) {
		struct call_single *c = list_first_entry(&q->calls, struct call_single, node);

		list_del_init(&c->node);
		spin_unlock(&q->lock);
		c->fn(c->info);
		smp_store_release(&c->done, true);
		spin_lock(&q->lock);
	}
	spin_unlock(&q->lock);
}

static void queue_call(int cpu, struct call_single *c)
{
	struct call_queue *q = &per_cpu(call_queues, cpu);
	unsigned long flags = spin_lock_irqsave(&q->lock);

	list_add_tail(&c->node, &q->calls);
	spin_unlock_irqrestore(&q->lock, flags);
	apic_send_ipi(cpu_apic_id[cpu], APIC_DM_FIXED | CALL_FUNCTION_SINGLE_VECTOR);
}

static void wait_call(struct call_single *c)
{
	while (!smp_load_acquire(&c->done))
		cpu_relax();
}

int smp_call_function_single(int cpu, void (*fn)(void *), void *info)
{
	struct call_single c = { .fn = fn, .info = info, .done = false };
	unsigned long flags;

	if (cpu < 0 || cpu >= NR_CPUS || !cpu_online(cpu))
		return -ENXIO;
	WARN_ON_ONCE(irqs_disabled());
	preempt_disable();	/* "this CPU" must not change under us */
	if (cpu == smp_processor_id()) {
		flags = local_irq_save();
		fn(info);
		local_irq_restore(flags);
	} else {
		queue_call(cpu, &c);
		wait_call(&c);
	}
	preempt_enable();
	return 0;
}

void on_each_cpu(void (*fn)(void *), void *info)
{
	struct call_single calls[NR_CPUS];
	unsigned long flags;
	uint64_t others;
	int cpu;

	WARN_ON_ONCE(irqs_disabled());
	preempt_disable();
	/* One snapshot of the mask: queue and wait on exactly the same CPUs. */
	others = atomic_long_read(&cpu_online_mask) & ~(1ULL << smp_processor_id());
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!(others & (1ULL << cpu)))
			continue;
		calls[cpu] = (struct call_single){ .fn = fn, .info = info, .done = false };
		queue_call(cpu, &calls[cpu]);
	}
	flags = local_irq_save();
	fn(info);
	local_irq_restore(flags);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (others & (1ULL << cpu))
			wait_call(&calls[cpu]);
	preempt_enable();
}

/* Sets up cpu's call queue; before the CPU can be sent calls. */
void smp_init_cpu(int cpu)
{
	struct call_queue *q = &per_cpu(call_queues, cpu);

	spin_lock_init(&q->lock, "call_queue");
	INIT_LIST_HEAD(&q->calls);
}

void smp_init_ipis(void)
{
	set_irq_handler(RESCHEDULE_VECTOR, reschedule_interrupt);
	set_irq_handler(CALL_FUNCTION_SINGLE_VECTOR, call_function_interrupt);
}
