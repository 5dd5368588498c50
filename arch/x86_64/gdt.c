/*
 * GDT and TSS.
 *
 * Long mode ignores segment bases and limits, so the GDT only has to name
 * the kernel's code and data segments, the user's (in the order SYSRET
 * needs, see <asm/boot_defs.h>) and the TSS.  The TSS holds two kinds of
 * stack pointer:
 *   - RSP0, the stack the CPU switches to when an interrupt or exception
 *     arrives in ring 3: the running task's kernel-stack top, rewritten at
 *     every context switch (load_sp0);
 *   - the Interrupt Stack Table: the double-fault and NMI handlers switch
 *     to stacks of their own (IST1, IST2), because a double fault is often
 *     caused by the kernel stack overflowing into its guard page, and an
 *     NMI can arrive at any instruction, including while the stack pointer
 *     is being changed.
 *
 * Each CPU has its own GDT and TSS (the TSS holds per-CPU stack pointers,
 * and the CPU marks a loaded TSS busy in the GDT entry).
 */
#include <asm/gdt.h>
#include <asm/boot_defs.h>
#include "percpu.h"
#include "vmap.h"
#include "printk.h"
#include "compiler.h"
#include "panic.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct cpu_tables {
	uint64_t gdt[GDT_TSS_SEL / 8 + 2];
	struct tss tss;
};

static DEFINE_PER_CPU(struct cpu_tables, cpu_tables) __aligned(16);

struct descriptor_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

static void set_tss_descriptor(uint64_t *slot, struct tss *tss)
{
	uint64_t base = (uint64_t)tss;
	uint64_t limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		  (0x89ULL << 40) /* present, 64-bit TSS (available) */ |
		  (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

/*
 * Builds and loads this CPU's GDT and TSS, with fresh guarded IST stacks.
 * Runs once per CPU with interrupts off, after the vmap allocator is up.
 */
void gdt_init_cpu(void)
{
	struct cpu_tables *t = this_cpu_ptr(&cpu_tables);
	struct descriptor_ptr p = { sizeof(t->gdt) - 1, (uint64_t)t->gdt };

	t->gdt[__KERNEL_CS / 8] = GDT_KERNEL_CODE64;
	t->gdt[__KERNEL_DS / 8] = GDT_KERNEL_DATA;
	t->gdt[__USER32_CS / 8] = GDT_USER_CODE32;
	t->gdt[__USER_DS / 8] = GDT_USER_DATA;
	t->gdt[__USER_CS / 8] = GDT_USER_CODE64;
	t->tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)vmap_stack_alloc();
	t->tss.ist[IST_NMI - 1] = (uint64_t)vmap_stack_alloc();
	if (!t->tss.ist[IST_DOUBLE_FAULT - 1] || !t->tss.ist[IST_NMI - 1])
		panic("gdt: no memory for CPU %d's exception stacks", smp_processor_id());
	t->tss.iomap_base = sizeof(t->tss);	/* no I/O permission bitmap */
	set_tss_descriptor(&t->gdt[GDT_TSS_SEL / 8], &t->tss);

	asm volatile("lgdt %0" : : "m"(p));
	asm volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
		     :
		     : "i"(__KERNEL_CS)
		     : "rax", "memory");
	asm volatile("movl %0, %%ds; movl %0, %%es; movl %0, %%ss" : : "r"(__KERNEL_DS));
	asm volatile("ltr %w0" : : "r"(GDT_TSS_SEL));
}

void load_sp0(unsigned long sp0)
{
	this_cpu_ptr(&cpu_tables)->tss.rsp[0] = sp0;
}
