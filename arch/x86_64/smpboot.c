/*
 * Starting the application processors.
 *
 * For each possible CPU in turn, the boot CPU prepares everything the AP
 * will use before it can allocate (per-CPU area: done for all CPUs at
 * boot; an idle task and its guarded stack; its run queue, timers and call
 * queue), fills in the trampoline's fields, and sends the INIT, SIPI, SIPI
 * sequence.  The AP climbs to long mode in the trampoline, calls ap_start()
 * on its idle stack, sets up its own GDT/TSS, IDT and local APIC, marks
 * itself online and becomes its idle loop.  The boot CPU waits up to a
 * second for that before reporting the CPU as dead and moving on.  APs are
 * started one at a time because they share the trampoline's fields.
 */
#include "smp.h"
#include <asm/apic.h>
#include <asm/gdt.h>
#include <asm/smap.h>
#include <asm/processor.h>
#include <asm/syscall.h>
#include "uaccess.h"
#include <asm/traps.h>
#include <asm/paging.h>
#include "sched.h"
#include "timer.h"
#include "slab.h"
#include "vmap.h"
#include "mm.h"
#include "time.h"
#include "string.h"
#include "printf.h"
#include "printk.h"
#include <asm/x86.h>
#include "rcupdate.h"

extern char trampoline_start[], trampoline_end[];
extern uint64_t trampoline_cr3, trampoline_stack, trampoline_entry;
extern uint32_t trampoline_cpu;

/* A trampoline field's address in the copy at TRAMPOLINE_PHYS. */
#define TRAMPOLINE_FIELD(sym) \
	((__typeof__(&(sym)))__va(TRAMPOLINE_PHYS + ((char *)&(sym) - trampoline_start)))

#define AP_WAIT_NS	(1000ULL * 1000 * 1000)
#define APIC_INIT_ASSERT (APIC_DM_INIT | 0x4000)

static __noreturn void ap_start(uint32_t cpu)
{
	idt_load();	/* first: a fault from here on is a report, not a triple fault */
	percpu_load((int)cpu);
	gdt_init_cpu();
	smap_init_cpu();
	fpu_init_cpu();
	syscall_init_cpu();
	apic_init_ap();
	apic_timer_start(HZ);
	atomic_long_or((long)(1UL << cpu), &cpu_online_mask);	/* after all the set-up above */
	local_irq_enable();
	cpu_idle();
}

static struct task *make_idle_task(int cpu)
{
	struct task *t = kzalloc(sizeof(*t));
	void *stack = vmap_stack_alloc();

	if (!t || !stack) {
		kfree(t);
		if (stack)
			vmap_stack_free(stack);
		return NULL;
	}
	snprintf(t->comm, sizeof(t->comm), "swapper/%d", cpu);
	t->stack_top = (unsigned long)stack;
	t->stack_size = THREAD_SIZE;
	t->addr_limit = KERNEL_DS.seg;
	return t;
}

static bool start_cpu(int cpu)
{
	struct task *idle = make_idle_task(cpu);
	uint64_t deadline;

	if (!idle)
		return false;
	sched_init_cpu(cpu, idle);
	per_cpu(current_task, cpu) = idle;
	timer_init_cpu(cpu);
	rcu_init_cpu(cpu);
	smp_init_cpu(cpu);
	*TRAMPOLINE_FIELD(trampoline_stack) = idle->stack_top;
	*TRAMPOLINE_FIELD(trampoline_cpu) = (uint32_t)cpu;

	apic_send_ipi(cpu_apic_id[cpu], APIC_INIT_ASSERT);
	mdelay(10);
	for (int sipi = 0; sipi < 2 && !cpu_online(cpu); sipi++) {
		apic_send_ipi(cpu_apic_id[cpu], APIC_DM_STARTUP | (TRAMPOLINE_PHYS >> 12));
		udelay(200);
	}
	deadline = ktime_get_ns() + AP_WAIT_NS;
	while (!cpu_online(cpu) && ktime_get_ns() < deadline)
		cpu_relax();
	return cpu_online(cpu);
}

static void flush_trampoline(void *unused)
{
	(void)unused;
	invlpg(TRAMPOLINE_PHYS);
}

void smp_boot_cpus(void)
{
	int cpu;

	memcpy(__va(TRAMPOLINE_PHYS), trampoline_start, (size_t)(trampoline_end - trampoline_start));
	*TRAMPOLINE_FIELD(trampoline_cr3) = kernel_cr3();
	*TRAMPOLINE_FIELD(trampoline_entry) = (uint64_t)ap_start;
	/* Identity map (read-only, executable) while APs turn paging on in it. */
	if (map_page(TRAMPOLINE_PHYS, TRAMPOLINE_PHYS, 0)) {
		pr_err("smp: no memory to map the trampoline; running on the boot CPU only\n");
		return;
	}

	for_each_possible_cpu(cpu) {
		if (cpu == 0)
			continue;
		if (!start_cpu(cpu))
			pr_err("smp: CPU %d (APIC id %u) did not come up\n", cpu, cpu_apic_id[cpu]);
	}
	unmap_page(TRAMPOLINE_PHYS);
	on_each_cpu(flush_trampoline, NULL);	/* every AP used the mapping */
	pr_info("smp: Brought up %d of %d CPUs\n", num_online_cpus(), num_possible_cpus());
}
