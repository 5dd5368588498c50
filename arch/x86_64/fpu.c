/*
 * The FPU and SSE for user programs.
 *
 * Static glibc and musl use SSE2 everywhere (memcpy, strlen, printf's
 * floating point), so every CPU turns it on: CR0.EM clear (no x87
 * emulation), CR0.MP set (wait/fwait obey CR0.TS, the combination the SDM
 * asks for), CR4.OSFXSR (the OS saves SSE state with FXSAVE, so SSE
 * instructions are allowed) and CR4.OSXMMEXCPT (an unmasked SIMD
 * exception is #XM, not #UD).
 *
 * CR4.OSXSAVE stays off on purpose.  With it, CPUID reports OSXSAVE and
 * glibc's IFUNCs would pick AVX variants (QEMU's -cpu max has AVX), whose
 * YMM upper halves FXSAVE does not cover: they would leak between
 * programs.  Without it glibc stays on its SSE2 paths and the 512-byte
 * FXSAVE area is the whole user FPU state.
 *
 * Each user task's state lives in its thread_struct while it is switched
 * out; the context switch (process.c) saves and restores it.  The kernel
 * never uses these registers itself (-mgeneral-regs-only), so nothing
 * else has to.
 */
#include <asm/processor.h>
#include <asm/boot_defs.h>
#include <asm/x86.h>
#include "string.h"

/* Linux's x87 control word at reset/finit: every exception masked, 64-bit precision. */
#define FCW_DEFAULT	0x037f
/* MXCSR at reset: every SIMD exception masked, round to nearest. */
#define MXCSR_DEFAULT	0x1f80

void fpu_init_cpu(void)
{
	write_cr0((read_cr0() & ~(uint64_t)(CR0_EM | CR0_TS)) | CR0_MP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	asm volatile("fninit");	/* this CPU's registers clean until a program's are loaded */
}

void fpu_init_state(struct fxregs_state *fpu)
{
	memset(fpu, 0, sizeof(*fpu));
	fpu->cwd = FCW_DEFAULT;
	fpu->mxcsr = MXCSR_DEFAULT;
}

void fpu_save(struct fxregs_state *fpu)
{
	asm volatile("fxsaveq %0" : "=m"(*fpu));
}

void fpu_restore(const struct fxregs_state *fpu)
{
	asm volatile("fxrstorq %0" : : "m"(*fpu));
}
