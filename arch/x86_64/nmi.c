/*
 * NMIs: the stop signal.  panic() sends an NMI to every other CPU; an NMI
 * cannot be masked, so even a CPU spinning with interrupts off stops.  The
 * handler runs on its own IST stack (gdt.c), and a stopped CPU halts with
 * interrupts off forever.  An NMI nobody asked for is reported the way
 * Linux does and otherwise ignored.
 */
#include <asm/apic.h>
#include "smp.h"
#include "printk.h"
#include <asm/x86.h>

static bool stopping;

void smp_send_stop(void)
{
	WRITE_ONCE(stopping, true);
	if (num_online_cpus() > 1)
		apic_send_ipi(0, APIC_DM_NMI | APIC_DEST_ALLBUT);
}

void nmi_handler(struct pt_regs *regs)
{
	(void)regs;
	if (READ_ONCE(stopping)) {
		for (;;)
			halt();
	}
	pr_emerg("Uhhuh. NMI received for unknown reason on CPU %d.\n", smp_processor_id());
}
