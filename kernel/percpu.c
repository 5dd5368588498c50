/*
 * Per-CPU areas (see include/percpu.h).  The boot CPU's area is allocated
 * once the page allocator runs; until then GS base is 0 and the boot CPU
 * works on the template itself, so early code can use per-CPU variables.
 */
#include "percpu.h"
#include "mm.h"
#include "string.h"
#include "panic.h"
#include "x86.h"

#define MSR_GS_BASE 0xc0000101

unsigned long __per_cpu_offset[NR_CPUS];
DEFINE_PER_CPU(unsigned long, this_cpu_off);
DEFINE_PER_CPU(int, cpu_number);

/* Copies the template into a fresh area for cpu and returns the area's offset. */
static unsigned long percpu_area_alloc(int cpu)
{
	size_t size = (size_t)(__per_cpu_end - __per_cpu_start);
	char *area = alloc_pages(DIV_ROUND_UP(size, PAGE_SIZE));

	if (!area)
		panic("percpu: no memory for CPU %d's area", cpu);
	memcpy(area, __per_cpu_start, size);
	__per_cpu_offset[cpu] = (unsigned long)area - (unsigned long)__per_cpu_start;
	per_cpu(this_cpu_off, cpu) = __per_cpu_offset[cpu];
	per_cpu(cpu_number, cpu) = cpu;
	return __per_cpu_offset[cpu];
}

void percpu_init_boot_cpu(void)
{
	wrmsr(MSR_GS_BASE, percpu_area_alloc(0));
}
