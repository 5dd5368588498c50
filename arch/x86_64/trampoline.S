/*
 * The real-mode trampoline that application processors start in.
 *
 * A Startup IPI makes an AP begin executing in 16-bit real mode at
 * physical address VV000 (VV = the SIPI vector), so this code is copied to
 * TRAMPOLINE_PHYS (below 1 MiB) before each AP is started.  It climbs the
 * same ladder as boot.S: protected mode, PAE + the kernel's own page
 * tables + long mode, and finally a call into C.
 *
 * The boot CPU passes what the AP needs through the named fields at the
 * end (trampoline_cr3, _stack, _entry, _cpu); C reaches them through the
 * same symbols (smpboot.c), so no offset is written down twice.
 *
 * The code runs at TRAMPOLINE_PHYS, not where it is linked, so every
 * address in it is written as (label - trampoline_start + TRAMPOLINE_PHYS).
 * The page stays identity mapped while APs start, because the instruction
 * after enabling paging is fetched through the new page tables.
 */
#include <asm/boot_defs.h>
#include <asm/long_mode.h>

#define ABS(label) ((label) - trampoline_start + TRAMPOLINE_PHYS)

	.section .rodata
	.balign 16
	.globl	trampoline_start, trampoline_end
	.globl	trampoline_cr3, trampoline_stack, trampoline_entry, trampoline_cpu
	.code16
trampoline_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	lgdtl	ABS(tr_gdt_ptr)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$0x08, $ABS(tr_protected)

	.code32
tr_protected:
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	ENABLE_PAGING_LONG_MODE ABS(trampoline_cr3)
	ljmpl	$__KERNEL_CS, $ABS(tr_long)

	.code64
tr_long:
	movq	ABS(trampoline_stack), %rsp
	movl	ABS(trampoline_cpu), %edi
	xorl	%ebp, %ebp
	movq	ABS(trampoline_entry), %rax
	call	*%rax
	ud2

	.balign 8
tr_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad	GDT_KERNEL_CODE64	/* 0x10: 64-bit code, as the kernel's */
	.quad	GDT_KERNEL_DATA		/* 0x18: data */
tr_gdt_ptr:
	.short	tr_gdt_ptr - tr_gdt - 1
	.long	ABS(tr_gdt)

	.balign 8
trampoline_cr3:		.quad 0
trampoline_stack:	.quad 0
trampoline_entry:	.quad 0
trampoline_cpu:		.long 0
trampoline_end:
