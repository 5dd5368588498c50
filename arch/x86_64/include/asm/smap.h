/*
 * SMEP and SMAP: the kernel never runs user code and never touches user
 * memory by accident.
 *
 * A page is a user page when U is set in its entry at every level.  With
 * CR4.SMEP, ring 0 fetching an instruction from one faults; with
 * CR4.SMAP, ring 0 reading or writing one faults unless RFLAGS.AC is set.
 * The copy helpers (copy_user.S) are the only code that sets AC (stac),
 * for the span of the copy, and clear it (clac) after; every exception
 * and interrupt entry clears it too (entry.S), so a handler that runs in
 * the middle of a copy is not let into user memory.  The IRET restores
 * the interrupted RFLAGS, AC included, so the copy then carries on.
 *
 * stac and clac are invalid instructions on a CPU without SMAP, so
 * ASM_STAC and ASM_CLAC (<asm/uaccess_asm.h>) test x86_smap_enabled first
 * (Linux patches them in at boot with its alternatives; a test and a
 * branch is easier to read).
 */
#ifndef ASM_SMAP_H
#define ASM_SMAP_H

#include <stdbool.h>

/* Set by smap_init_cpu on the boot CPU; read by ASM_STAC/ASM_CLAC. */
extern bool x86_smap_enabled;

/*
 * Turns on SMEP and SMAP in this CPU's CR4 if CPUID leaf 7 says the CPU
 * has them.  Call once per CPU at bring-up with interrupts off, before it
 * runs anything that copies user memory; the boot CPU first.
 */
void smap_init_cpu(void);

#endif
