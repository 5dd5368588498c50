/*
 * kmain: from the first C instruction to the self-tests.
 *
 * The order is forced by what each step needs:
 *   serial       so everything after can print
 *   IDT          so a fault is a report, not a silent triple fault
 *   multiboot    the memory map and command line, before memory is reused
 *   pages, paging, per-CPU area, kmalloc
 *   a guarded stack: the boot stack in BSS has no guard page, so the boot
 *                task moves to a vmap stack before doing real work
 *   GDT/TSS      IST stacks for double faults and NMIs (needs vmap)
 *   APIC, IO-APIC, clock and tick, then interrupts on
 *   self-tests   which end by exiting QEMU with pass or fail
 */
#include "printk.h"
#include "serial.h"
#include "multiboot2.h"
#include "cmdline.h"
#include "mm.h"
#include "paging.h"
#include "percpu.h"
#include "slab.h"
#include "vmap.h"
#include "gdt.h"
#include "traps.h"
#include "apic.h"
#include "time.h"
#include "task.h"
#include "smp.h"
#include "ktest.h"
#include "panic.h"
#include "x86.h"

#define IOAPIC_DEFAULT_PHYS 0xfec00000

static struct boot_options boot_options;

static __noreturn void run_on_stack(void *top, void (*fn)(void))
{
	asm volatile("movq %0, %%rsp\n\t"
		     "xorl %%ebp, %%ebp\n\t"	/* the new stack's walk ends here */
		     "call *%1\n\t"
		     "ud2"
		     : : "r"(top), "r"(fn) : "memory");
	__builtin_unreachable();
}

static __noreturn void kmain_on_guarded_stack(void)
{
	gdt_init_cpu();
	apic_init_boot_cpu();
	ioapic_init(IOAPIC_DEFAULT_PHYS);
	time_init();
	local_irq_enable();
	pr_info("smp: %d CPU online\n", num_online_cpus());
	ktest_run_all(boot_options.ktest_filter, boot_options.ktest_repeat);
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	void *stack;

	serial_init();
	idt_init();
	pr_info("ringlet 0.1 booting\n");
	if (multiboot_parse(magic, info_phys))
		panic("not started by a multiboot2 loader (magic %#x)", magic);
	boot_options_default(&boot_options);
	cmdline_parse(boot_info.cmdline, &boot_options);
	console_loglevel = boot_options.loglevel;
	panic_on_warn = boot_options.panic_on_warn;
	pr_info("cmdline: \"%s\"\n", boot_info.cmdline);

	page_alloc_init();
	paging_init();
	percpu_init_boot_cpu();
	kmalloc_init();

	stack = vmap_stack_alloc();
	if (!stack)
		panic("no memory for the boot task's stack");
	init_task.stack_top = (unsigned long)stack;
	init_task.stack_size = THREAD_SIZE;
	run_on_stack(stack, kmain_on_guarded_stack);
}
