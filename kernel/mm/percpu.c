/*
 * Per-CPU areas and the dynamic per-CPU allocator (see include/percpu.h).
 *
 * Every possible CPU gets one area: a copy of the static .data..percpu
 * template followed by PERCPU_DYNAMIC_SIZE bytes for alloc_percpu().  A
 * dynamic allocation is one offset into that tail, valid in every area, so
 * the pointer alloc_percpu() returns works exactly like the address of a
 * DEFINE_PER_CPU variable: per_cpu_ptr(p, cpu) and this_cpu_*(*p) both
 * apply.  Such a pointer points past the template and must never be
 * dereferenced directly.
 *
 * The dynamic space is handed out next fit from a bitmap of 8-byte units
 * (a search starts where the last one ended, as the page allocator's), and
 * alloc_len[] remembers, at each allocation's first unit, how many units
 * it has, for free_percpu.  Every unit can be an allocation of its own:
 * io_uring retires a percpu_ref with every fixed-file update, and a
 * program updating in a loop keeps thousands of them waiting for a grace
 * period at once (uring_files.updates_in_a_tight_loop_never_run_out).
 */
#include "fault_inject.h"
#include "percpu.h"
#include "smp.h"
#include "mm.h"
#include "string.h"
#include "panic.h"
#include "spinlock.h"
#include <asm/x86.h>

#define MSR_GS_BASE		0xc0000101
#define UNIT			8
#define NR_UNITS		(PERCPU_DYNAMIC_SIZE / UNIT)

unsigned long __per_cpu_offset[NR_CPUS];
DEFINE_PER_CPU(unsigned long, this_cpu_off);
DEFINE_PER_CPU(int, cpu_number);

static size_t static_size;		/* the template, rounded up */
static DEFINE_SPINLOCK(pcpu_lock);
static uint64_t unit_map[NR_UNITS / 64];
static uint16_t alloc_len[NR_UNITS];	/* units of the allocation starting here, or 0 */
static size_t nr_allocs;
static size_t search_hint;		/* where the next search starts */

void percpu_setup_areas(void)
{
	size_t size;
	int cpu;

	/* Page aligned, so every alignment __alloc_percpu accepts is honoured. */
	static_size = ALIGN_UP((size_t)(__per_cpu_end - __per_cpu_start), PAGE_SIZE);
	size = static_size + PERCPU_DYNAMIC_SIZE;
	for_each_possible_cpu(cpu) {
		char *area = alloc_pages(DIV_ROUND_UP(size, PAGE_SIZE));

		if (!area)
			panic("percpu: no memory for CPU %d's area", cpu);
		memset(area, 0, size);
		memcpy(area, __per_cpu_start, (size_t)(__per_cpu_end - __per_cpu_start));
		__per_cpu_offset[cpu] = (unsigned long)area - (unsigned long)__per_cpu_start;
		per_cpu(this_cpu_off, cpu) = __per_cpu_offset[cpu];
		per_cpu(cpu_number, cpu) = cpu;
	}
}

void percpu_load(int cpu)
{
	wrmsr(MSR_GS_BASE, __per_cpu_offset[cpu]);
}

static bool unit_used(size_t u)
{
	return unit_map[u / 64] & (1ULL << (u % 64));
}

static void mark_units(size_t first, size_t n, bool used)
{
	for (size_t u = first; u < first + n; u++) {
		if (used)
			unit_map[u / 64] |= 1ULL << (u % 64);
		else
			unit_map[u / 64] &= ~(1ULL << (u % 64));
	}
}

/* The first fit of units aligned to step in [from, to), or NR_UNITS. */
static size_t find_units(size_t from, size_t to, size_t units, size_t step)
{
	for (size_t first = ALIGN_UP(from, step); first + units <= to; first += step) {
		size_t u = first;

		while (u < first + units && !unit_used(u))
			u++;
		if (u == first + units)
			return first;
		first = ALIGN_DOWN(u, step);	/* skip past the used unit found */
	}
	return NR_UNITS;
}

void *__alloc_percpu(size_t size, size_t align)
{
	size_t units = DIV_ROUND_UP(size ? size : 1, UNIT);
	size_t step = align > UNIT ? align / UNIT : 1;
	unsigned long flags;
	size_t first;
	int cpu;

	if (size > PERCPU_DYNAMIC_SIZE || (align & (align - 1)) || align > PAGE_SIZE ||
	    should_fail_alloc(&fail_percpu))
		return NULL;
	flags = spin_lock_irqsave(&pcpu_lock);
	first = find_units(search_hint, NR_UNITS, units, step);
	if (first == NR_UNITS)
		first = find_units(0, NR_UNITS, units, step);
	if (first == NR_UNITS) {
		spin_unlock_irqrestore(&pcpu_lock, flags);
		return NULL;
	}
	mark_units(first, units, true);
	alloc_len[first] = (uint16_t)units;
	nr_allocs++;
	search_hint = first + units;
	spin_unlock_irqrestore(&pcpu_lock, flags);

	char *p = __per_cpu_start + static_size + first * UNIT;
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(p, cpu), 0, units * UNIT);
	return p;
}

void free_percpu(void *ptr)
{
	size_t unit, offset;
	unsigned long flags;

	if (!ptr)
		return;
	offset = (size_t)((char *)ptr - __per_cpu_start) - static_size;
	unit = offset / UNIT;
	flags = spin_lock_irqsave(&pcpu_lock);
	if (offset % UNIT == 0 && unit < NR_UNITS && alloc_len[unit]) {
		mark_units(unit, alloc_len[unit], false);
		alloc_len[unit] = 0;
		nr_allocs--;
		spin_unlock_irqrestore(&pcpu_lock, flags);
		return;
	}
	spin_unlock_irqrestore(&pcpu_lock, flags);
	WARN(1, "free_percpu: %p was not allocated by alloc_percpu\n", ptr);
}

size_t percpu_live_allocations(void)
{
	return READ_ONCE(nr_allocs);
}
