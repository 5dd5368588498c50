/*
 * The CPU's random-number instructions (Linux's asm/archrandom.h):
 * RDSEED (conditioned entropy, CPUID.7.0:EBX bit 18) and RDRAND (a DRBG
 * the CPU reseeds itself, CPUID.1:ECX bit 30).  QEMU -cpu max has both.
 * Each may fail transiently (CF clear), so each is retried a few times.
 */
#ifndef ASM_ARCHRANDOM_H
#define ASM_ARCHRANDOM_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/x86.h>

#define ARCH_RANDOM_RETRIES 10

static inline bool cpu_has_rdrand(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return c & (1U << 30);
}

static inline bool cpu_has_rdseed(void)
{
	uint32_t a, b, c, d;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a < 7)
		return false;
	cpuid(7, 0, &a, &b, &c, &d);
	return b & (1U << 18);
}

/* One 64-bit RDRAND value into *v; false if the CPU gave none (caller checked CPUID). */
static inline bool rdrand_long(uint64_t *v)
{
	for (int i = 0; i < ARCH_RANDOM_RETRIES; i++) {
		bool ok;

		asm volatile("rdrand %0" : "=r"(*v), "=@ccc"(ok));
		if (ok)
			return true;
	}
	return false;
}

/* One 64-bit RDSEED value into *v; false if the CPU gave none (caller checked CPUID). */
static inline bool rdseed_long(uint64_t *v)
{
	for (int i = 0; i < ARCH_RANDOM_RETRIES; i++) {
		bool ok;

		asm volatile("rdseed %0" : "=r"(*v), "=@ccc"(ok));
		if (ok)
			return true;
	}
	return false;
}

#endif
