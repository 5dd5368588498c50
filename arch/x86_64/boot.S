/*
 * The first instructions ringlet runs.
 *
 * GRUB finds the multiboot2 header below, loads the ELF image at 1 MiB and
 * jumps to _start32 in 32-bit protected mode with paging off, EAX holding the
 * multiboot2 magic and EBX the physical address of the boot information.
 * This file gets the CPU into 64-bit long mode running at the kernel's
 * higher-half address:
 *
 *   1. build boot page tables (2 MiB pages) that map the first 4 GiB three
 *      times: identity (so the instruction after enabling paging still
 *      exists), at the direct map base (so C code can reach physical memory
 *      with __va) and at KERNEL_VMA (where the kernel is linked);
 *   2. enable PAE, long mode and NX in EFER, then paging, then load a 64-bit
 *      GDT and far-jump into 64-bit code;
 *   3. jump to the higher half, clear BSS, set a stack and call
 *      kmain(magic, info).
 *
 * These tables are temporary: paging.c replaces them with W^X tables once
 * the page allocator runs (see docs/boot.md).
 */
#include <asm/boot_defs.h>
#include <asm/long_mode.h>

	.section .multiboot2, "a"
	.align 8
mb2_header:
	.long	MB2_HEADER_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* end tag */
	.short	0
	.short	0
	.long	8
mb2_header_end:

	.section .boot.data, "aw"
	.align 4096
boot_pml4:	.fill 512, 8, 0
boot_pdpt_low:	.fill 512, 8, 0
boot_pdpt_high:	.fill 512, 8, 0
boot_pd:	.fill 4 * 512, 8, 0	/* four page directories: 4 GiB */

/* The 32-bit code loads the GDT by its physical address... */
boot_gdt_ptr:
	.short	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt - KERNEL_VMA

/*
 * ...and 64-bit code reloads it by its kernel address, which stays mapped
 * when paging.c replaces the boot page tables: a fault before each CPU
 * loads its own GDT must still find its code segment.
 */
	.section .rodata
	.align 16
boot_gdt:
	.quad	0
	.quad	0
	.quad	GDT_KERNEL_CODE64	/* 0x10: same selector as Linux __KERNEL_CS */
	.quad	GDT_KERNEL_DATA		/* 0x18: __KERNEL_DS */
boot_gdt_end:
boot_gdt_ptr64:
	.short	boot_gdt_end - boot_gdt - 1
	.quad	boot_gdt

	.section .boot.text, "ax"
	.code32
	.globl	_start32
_start32:
	cli
	movl	%eax, %edi		/* magic and info survive in edi/esi: */
	movl	%ebx, %esi		/* they are kmain's first two arguments */
	movl	$boot_stack_top - KERNEL_VMA, %esp

	/* 4 PDs of 512 2-MiB pages map physical 0..4 GiB. */
	movl	$boot_pd, %ebx
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, (%ebx, %ecx, 8)
	movl	%ecx, %eax
	shrl	$11, %eax		/* high half of the physical address */
	movl	%eax, 4(%ebx, %ecx, 8)
	incl	%ecx
	cmpl	$(4 * 512), %ecx
	jb	1b

	/* Low PDPT: entries 0..3 point at the four PDs (identity 4 GiB). */
	movl	$boot_pdpt_low, %ebx
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$12, %eax
	addl	$(boot_pd + PTE_P + PTE_W), %eax
	movl	%eax, (%ebx, %ecx, 8)
	incl	%ecx
	cmpl	$4, %ecx
	jb	2b

	/* High PDPT: entries 510, 511 map the first 2 GiB at KERNEL_VMA. */
	movl	$(boot_pd + PTE_P + PTE_W), boot_pdpt_high + 510 * 8
	movl	$(boot_pd + 4096 + PTE_P + PTE_W), boot_pdpt_high + 511 * 8

	movl	$(boot_pdpt_low + PTE_P + PTE_W), boot_pml4
	movl	$(boot_pdpt_low + PTE_P + PTE_W), boot_pml4 + PML4_DIRECT_MAP * 8
	movl	$(boot_pdpt_high + PTE_P + PTE_W), boot_pml4 + 511 * 8

	ENABLE_PAGING_LONG_MODE $boot_pml4

	lgdt	boot_gdt_ptr
	ljmp	$__KERNEL_CS, $start64_low

	.code64
start64_low:
	movabsq	$start64, %rax
	jmp	*%rax
	/* Sized, so that a report never names it for a low (user) address. */
	.size	start64_low, . - start64_low

	.text
start64:
	lgdt	boot_gdt_ptr64(%rip)
	movl	$__KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs

	/* Clear BSS.  The boot stack lives there too, so do it before using it. */
	movq	%rdi, %r12
	movq	%rsi, %r13
	leaq	__bss_start(%rip), %rdi
	leaq	__bss_end(%rip), %rcx
	subq	%rdi, %rcx
	shrq	$3, %rcx
	xorl	%eax, %eax
	rep stosq

	leaq	boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp		/* ends every frame-pointer walk */
	movl	%r12d, %edi
	movl	%r13d, %esi
	call	kmain
3:	cli
	hlt
	jmp	3b

	.bss
	.align	4096
	.globl	boot_stack, boot_stack_top
boot_stack:
	.skip	BOOT_STACK_SIZE
boot_stack_top:
