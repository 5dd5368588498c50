/*
 * kmain: from the first C instruction to the self-tests.
 *
 * The order is forced by what each step needs:
 *   serial       so everything after can print
 *   IDT          so a fault is a report, not a silent triple fault
 *   multiboot    the memory map, command line and ACPI pointer
 *   pages, ACPI  the CPU list (read through the boot page tables)
 *   paging, per-CPU areas for every CPU, kmalloc
 *   a guarded stack: the boot stack in BSS has no guard page, so the boot
 *                context moves to a vmap stack before doing real work
 *   GDT/TSS      IST stacks for double faults and NMIs (needs vmap)
 *   APIC, IO-APIC, scheduler, clock and tick, then interrupts on
 *   the other CPUs, the work queues
 *   the file tree "/" and /dev, then the initramfs unpacked into it (the
 *                tree's lock is a mutex, so this needs the scheduler)
 *   self-tests   in a kernel thread "ktest" (or, with bench=GLOB, the
 *                benchmarks instead; ktest=0 skips the tests), which then
 *                starts init (init.c) and waits for it, and ends by exiting
 *                QEMU with the verdict of both; the boot context becomes
 *                CPU 0's idle task, swapper/0
 */
#include "fault_inject.h"
#include "printk.h"
#include <asm/serial.h>
#include <asm/multiboot2.h>
#include "cmdline.h"
#include "acpi.h"
#include "mm.h"
#include <asm/paging.h>
#include "percpu.h"
#include "slab.h"
#include "vmap.h"
#include <asm/gdt.h>
#include <asm/smap.h>
#include <asm/processor.h>
#include <asm/syscall.h>
#include <asm/traps.h>
#include <asm/apic.h>
#include "time.h"
#include "timer.h"
#include "sched.h"
#include "smp.h"
#include "workqueue.h"
#include "ktest.h"
#include "ktest_leak.h"
#include "tty.h"
#include "kbench.h"
#include "rcupdate.h"
#include "percpu_ref.h"
#include "panic.h"
#include "file.h"
#include "io_uring.h"
#include "ramfs.h"
#include "initramfs.h"
#include "init.h"
#include <asm/x86.h>
#include <asm/qemu.h>

#define IOAPIC_DEFAULT_PHYS 0xfec00000

static struct boot_options boot_options;
static struct acpi_cpus acpi_cpus;

static __noreturn void run_on_stack(void *top, void (*fn)(void))
{
	asm volatile("movq %0, %%rsp\n\t"
		     "xorl %%ebp, %%ebp\n\t"	/* the new stack's walk ends here */
		     "call *%1\n\t"
		     "ud2"
		     : : "r"(top), "r"(fn) : "memory");
	__builtin_unreachable();
}

/* Numbers the CPUs: the boot CPU is 0, the others follow in MADT order. */
static void number_cpus(void)
{
	uint32_t a, b, c, d, boot_apic;
	int n = 1;

	cpuid(1, 0, &a, &b, &c, &d);
	boot_apic = b >> 24;
	cpu_apic_id[0] = boot_apic;
	cpu_possible_mask = 1;
	if (acpi_find_cpus(boot_info.rsdp, &acpi_cpus))
		return;
	for (int i = 0; i < acpi_cpus.nr_cpus && n < NR_CPUS; i++) {
		if (acpi_cpus.apic_ids[i] == boot_apic)
			continue;
		cpu_apic_id[n] = acpi_cpus.apic_ids[i];
		cpu_possible_mask |= 1ULL << n;
		n++;
	}
}

/*
 * bench=GLOB runs those benchmarks instead, which exit QEMU themselves.
 * Otherwise: the self-tests, then init; QEMU's status is the pass status
 * only if both passed (see run_init for init's part).
 */
static int ktest_thread(void *arg)
{
	bool ok = true;

	(void)arg;
	if (boot_options.bench[0])
		kbench_run_all(boot_options.bench);
	ktest_set_time_limit(boot_options.ktest_timeout);
	if (boot_options.run_ktests)
		ok = ktest_run_all(boot_options.ktest_filter, boot_options.ktest_repeat);
	ok &= run_init(&boot_options);
	qemu_exit(ok ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
}

static __noreturn void kmain_on_guarded_stack(void)
{
	gdt_init_cpu();
	smap_init_cpu();
	fpu_init_cpu();
	syscall_init_cpu();
	apic_init_boot_cpu();
	ioapic_init(acpi_cpus.ioapic_phys ? acpi_cpus.ioapic_phys : IOAPIC_DEFAULT_PHYS);
	smp_init_ipis();
	smp_init_cpu(0);
	timer_init_cpu(0);
	rcu_init_cpu(0);
	sched_init();
	time_init();
	local_irq_enable();
	smp_boot_cpus();
	workqueue_init();
	rcu_init_threads();
	ramfs_init();
	devices_init();
	proc_init();
	ktest_leaks_dev_init();
	tty_init();	/* serial input on: what is typed (or piped) reaches /dev/console */
	/* Logged either way; a boot without its files still runs the self-tests, which fail. */
	initramfs_unpack_boot("/");
	if (!kthread_run_on_cpu(ktest_thread, NULL, 0, "ktest"))
		panic("cannot start the self-test thread");
	cpu_idle();
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
	percpu_ref_confirm_delay_us = boot_options.percpu_ref_confirm_delay_us;
	io_req_cache_enabled = boot_options.uring_req_cache;
	fault_inject_set_site(boot_options.fault_site);
	fault_attr_set(&failslab, &boot_options.failslab);
	fault_attr_set(&fail_page_alloc, &boot_options.fail_page_alloc);
	fault_attr_set(&fail_percpu, &boot_options.fail_percpu);
	pr_info("cmdline: \"%s\"\n", boot_info.cmdline);

	page_alloc_init();
	number_cpus();
	paging_init();
	percpu_setup_areas();
	percpu_load(0);
	kmalloc_init();

	stack = vmap_stack_alloc();
	if (!stack)
		panic("no memory for the boot task's stack");
	init_task.stack_top = (unsigned long)stack;
	init_task.stack_size = THREAD_SIZE;
	run_on_stack(stack, kmain_on_guarded_stack);
}
