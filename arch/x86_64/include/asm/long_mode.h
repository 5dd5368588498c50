/*
 * ENABLE_PAGING_LONG_MODE pml4: the one sequence that takes a CPU from
 * 32-bit protected mode to long mode (compatibility mode until the far
 * jump that follows), shared by the boot CPU (boot.S) and the application
 * processors (trampoline.S).  pml4 is any operand movl accepts: the page
 * table's physical address, below 4 GiB.  Order matters: PAE and the page
 * table first, then EFER.LME (and NXE, since the tables use NX), and
 * paging last, which is what activates long mode.  Clobbers eax, ecx, edx.
 */
#ifndef LONG_MODE_H
#define LONG_MODE_H

#include <asm/boot_defs.h>

.macro ENABLE_PAGING_LONG_MODE pml4
	movl	%cr4, %eax
	orl	$(CR4_PAE | CR4_PGE), %eax
	movl	%eax, %cr4
	movl	\pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP | CR0_PE), %eax
	movl	%eax, %cr0
.endm

#endif
