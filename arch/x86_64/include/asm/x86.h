/*
 * Thin wrappers around x86 instructions that C cannot express: port I/O,
 * MSRs, control registers, interrupt flag, TSC.  Each is one instruction;
 * the "memory" clobbers keep the compiler from moving memory accesses across
 * the ones that order or depend on memory.
 */
#ifndef X86_H
#define X86_H

#include <stdint.h>
#include <stdbool.h>

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Control registers: only the ones the kernel reads or writes. */
static inline uint64_t read_cr0(void)
{
	uint64_t v;
	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint64_t v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

/* The faulting address of the last page fault. */
static inline uint64_t read_cr2(void)
{
	uint64_t v;
	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;
	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* Switches page tables, flushing the TLB of non-global entries. */
static inline void write_cr3(uint64_t v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;
	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(uint64_t v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void cpu_relax(void) { asm volatile("pause" ::: "memory"); }
static inline void halt(void) { asm volatile("hlt" ::: "memory"); }
static inline void local_irq_disable(void) { asm volatile("cli" ::: "memory"); }
static inline void local_irq_enable(void) { asm volatile("sti" ::: "memory"); }

static inline unsigned long read_rflags(void)
{
	unsigned long f;
	asm volatile("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

/* RFLAGS bits (SDM vol. 1, 3.4.3). */
#define X86_EFLAGS_CF	0x1
#define X86_EFLAGS_PF	0x4
#define X86_EFLAGS_AF	0x10
#define X86_EFLAGS_ZF	0x40
#define X86_EFLAGS_SF	0x80
#define X86_EFLAGS_TF	0x100	/* single step: #DB after each instruction */
#define X86_EFLAGS_IF	0x200
#define X86_EFLAGS_DF	0x400	/* string instructions count down */
#define X86_EFLAGS_OF	0x800
#define X86_EFLAGS_IOPL	0x3000
#define X86_EFLAGS_NT	0x4000
#define X86_EFLAGS_RF	0x10000	/* resume: suppress instruction breakpoints once */
#define X86_EFLAGS_AC	0x40000	/* with CR4.SMAP: ring 0 may touch user pages */
#define X86_EFLAGS_ID	0x200000

static inline bool irqs_disabled(void) { return !(read_rflags() & X86_EFLAGS_IF); }

/* Disable interrupts and return the previous state for local_irq_restore. */
static inline unsigned long local_irq_save(void)
{
	unsigned long f = read_rflags();
	local_irq_disable();
	return f;
}

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline void invlpg(unsigned long va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

#endif
