/*
 * Per-CPU variables, the Linux way.
 *
 * DEFINE_PER_CPU puts a variable in the .data..percpu section.  That section
 * is a template: at boot every CPU gets its own copy (its "per-CPU area"),
 * and each CPU's GS base register holds (its area - __per_cpu_start).  An
 * access "%gs:var" then lands on this CPU's copy of var, because the CPU
 * adds the GS base to var's link-time address.
 *
 * this_cpu_*() are therefore one instruction each ("addq $1, %gs:var").  An
 * interrupt arrives between instructions, never inside one, so these
 * operations are safe against interrupts on the local CPU without disabling
 * them; and since the instruction names no CPU number, being moved to another
 * CPU between reading the CPU number and using it cannot happen either.  They
 * are not atomic against other CPUs (no lock prefix): only this CPU writes
 * its copy.
 *
 * Before percpu_setup_areas() runs, GS base is 0 and the boot CPU uses the
 * template itself; percpu_setup_areas() then copies the template, with what
 * the boot CPU wrote into it, into every CPU's area.
 *
 * alloc_percpu(type) gives a per-CPU variable at run time: the returned
 * pointer works with per_cpu_ptr() and this_cpu_*(*ptr) like the address
 * of a DEFINE_PER_CPU variable (see kernel/mm/percpu.c).
 */
#ifndef PERCPU_H
#define PERCPU_H

#include "compiler.h"

#define NR_CPUS 64
#define PERCPU_DYNAMIC_SIZE (128 * 1024)

/* Marks pointers into per-CPU space (never dereference them directly). */
#define __percpu

#define DEFINE_PER_CPU(type, name) \
	__section(".data..percpu") __typeof__(type) name
#define DECLARE_PER_CPU(type, name) \
	extern __section(".data..percpu") __typeof__(type) name

extern char __per_cpu_start[], __per_cpu_end[];
extern unsigned long __per_cpu_offset[NR_CPUS];

/* Another CPU's copy (or this CPU's, through its address). */
#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))((unsigned long)(ptr) + __per_cpu_offset[cpu]))
#define per_cpu(var, cpu)	(*per_cpu_ptr(&(var), cpu))

/* The size suffix is spelled out because an immediate operand has none. */
#define __pcpu_op(op, var, val)						\
do {									\
	switch (sizeof(var)) {						\
	case 1: asm volatile(op "b %1, %%gs:%0" : "+m"(var) : "qi"((uint8_t)(unsigned long)(val))); break; \
	case 2: asm volatile(op "w %1, %%gs:%0" : "+m"(var) : "ri"((uint16_t)(unsigned long)(val))); break; \
	case 4: asm volatile(op "l %1, %%gs:%0" : "+m"(var) : "ri"((uint32_t)(unsigned long)(val))); break; \
	case 8: asm volatile(op "q %1, %%gs:%0" : "+m"(var) : "re"((uint64_t)(unsigned long)(val))); break; \
	default: __bad_percpu_size();					\
	}								\
} while (0)

void __bad_percpu_size(void);	/* never defined: a link error for odd sizes */

#define this_cpu_read(var)						\
({									\
	__typeof__(var) __v;						\
	switch (sizeof(var)) {						\
	case 1: case 2: case 4: case 8:					\
		asm volatile("mov %%gs:%1, %0" : "=r"(__v) : "m"(var));	\
		break;							\
	default: __bad_percpu_size();					\
	}								\
	__v;								\
})
#define this_cpu_write(var, val)	__pcpu_op("mov", var, val)
#define this_cpu_add(var, val)		__pcpu_op("add", var, val)
#define this_cpu_sub(var, val)		__pcpu_op("sub", var, val)
#define this_cpu_inc(var)		this_cpu_add(var, 1)
#define this_cpu_dec(var)		this_cpu_sub(var, 1)

/* This CPU's copy as a plain pointer; only stable while not migrating. */
#define this_cpu_ptr(ptr)						\
	((__typeof__(ptr))((unsigned long)(ptr) + this_cpu_read(this_cpu_off)))
DECLARE_PER_CPU(unsigned long, this_cpu_off);
DECLARE_PER_CPU(int, cpu_number);

#define smp_processor_id()	this_cpu_read(cpu_number)

/* Allocates and fills every possible CPU's area. */
void percpu_setup_areas(void);
/* Points this CPU's GS base at cpu's area. */
void percpu_load(int cpu);

/*
 * Allocates size bytes (zeroed) in every CPU's area; returns the per-CPU
 * pointer, or NULL.  Any context (a spinlock, no sleeping).
 */
void __percpu *__alloc_percpu(size_t size, size_t align);
#define alloc_percpu(type) \
	((type __percpu *)__alloc_percpu(sizeof(type), __alignof__(type)))
/* Frees what alloc_percpu returned (NULL is ignored). */
void free_percpu(void __percpu *ptr);
/* Live dynamic per-CPU allocations (for leak checks). */
size_t percpu_live_allocations(void);

#endif
