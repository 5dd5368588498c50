/*
 * Turning on SMEP and SMAP (see <asm/smap.h> for what they do and who may
 * set RFLAGS.AC).
 *
 * CPUID leaf 7, subleaf 0, EBX bit 7 says the CPU has SMEP, bit 20 SMAP.
 * QEMU's -cpu max has both; on a CPU without them ringlet runs as before,
 * only without the protection.  The boot CPU decides x86_smap_enabled
 * before the other CPUs start, and they are the same model, so the copy
 * helpers' stac/clac are valid on every CPU or skipped on every CPU.
 */
#include <asm/smap.h>
#include <asm/boot_defs.h>
#include <asm/x86.h>
#include "printk.h"
#include "percpu.h"

#define CPUID7_EBX_SMEP	(1u << 7)
#define CPUID7_EBX_SMAP	(1u << 20)

bool x86_smap_enabled;

static uint32_t cpuid7_ebx(void)
{
	uint32_t max, b, c, d, ebx;

	cpuid(0, 0, &max, &b, &c, &d);
	if (max < 7)
		return 0;
	cpuid(7, 0, &max, &ebx, &c, &d);
	return ebx;
}

void smap_init_cpu(void)
{
	uint32_t ebx = cpuid7_ebx();
	uint64_t cr4 = read_cr4();

	if (ebx & CPUID7_EBX_SMEP)
		cr4 |= CR4_SMEP;
	if (ebx & CPUID7_EBX_SMAP)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	if (smp_processor_id() != 0)
		return;
	x86_smap_enabled = ebx & CPUID7_EBX_SMAP;
	pr_info("smap: SMEP %s, SMAP %s\n", (ebx & CPUID7_EBX_SMEP) ? "on" : "not supported",
		x86_smap_enabled ? "on" : "not supported");
}
