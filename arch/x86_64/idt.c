/*
 * The interrupt descriptor table.  All 256 gates point at the stubs in
 * entry.S (16 bytes apart) and are interrupt gates, so the CPU clears IF on
 * entry and no handler is interrupted by another on its CPU.  The double
 * fault and NMI gates switch to their IST stacks (see gdt.c).  One table
 * serves every CPU: it never changes after boot.
 */
#include <asm/traps.h>
#include <asm/gdt.h>
#include <asm/boot_defs.h>
#include "compiler.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 64-bit interrupt gate */

extern char vector_stubs[];
static struct idt_gate idt[256] __aligned(16);

static void set_gate(int vector, int ist)
{
	uint64_t addr = (uint64_t)vector_stubs + 16 * vector;

	idt[vector] = (struct idt_gate){
		.offset_lo = (uint16_t)addr,
		.selector = __KERNEL_CS,
		.ist = (uint8_t)ist,
		.type = GATE_INTERRUPT,
		.offset_mid = (uint16_t)(addr >> 16),
		.offset_hi = (uint32_t)(addr >> 32),
	};
}

void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed p = { sizeof(idt) - 1, (uint64_t)idt };

	asm volatile("lidt %0" : : "m"(p));
}

void idt_init(void)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, 0);
	set_gate(X86_TRAP_DF, IST_DOUBLE_FAULT);
	set_gate(X86_TRAP_NMI, IST_NMI);
	idt_load();
}
