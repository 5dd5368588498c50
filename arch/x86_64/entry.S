/*
 * Interrupt and exception entry.
 *
 * One small stub per vector pushes a dummy error code (for vectors where the
 * CPU pushes none, so every frame has the same shape) and the vector number,
 * then jumps to a common path that saves the general registers as a
 * struct pt_regs and calls do_interrupt(regs).  Returning restores the
 * registers and IRETs to wherever the interrupt came from.
 *
 * The kernel runs only in ring 0 so far, so there is no SWAPGS: GS base
 * always holds this CPU's per-CPU offset.
 *
 * AC: the CPU saves RFLAGS in the frame but does not clear AC, so an
 * interrupt that lands inside a user copy (between stac and clac) would
 * run its handler with SMAP off.  ASM_CLAC comes first, before any C;
 * IRET restores the saved AC and the copy resumes as it was.
 *
 * The frame pointer chain: the common path sets RBP to the saved-RBP slot's
 * frame, so a backtrace taken inside the handler walks through the
 * interrupted function's frames (see dumpstack.c).
 */
#include <asm/boot_defs.h>
#include <asm/uaccess_asm.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.altmacro
.macro VECTOR_STUB v
	.align 16
vector_stub_\v:
	.if !HAS_ERRCODE(\v)
	pushq	$0
	.endif
	pushq	$\v
	jmp	interrupt_common
.endm

	.align 16
	.globl	vector_stubs
vector_stubs:
.set i, 0
.rept 256
	VECTOR_STUB %i
	.set i, i + 1
.endr
	.size	vector_stubs, . - vector_stubs

	.align 16
interrupt_common:
	ASM_CLAC			/* no handler runs with user access open */
	cld
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	/*
	 * Make this look like a call from the interrupted RIP: a two-word
	 * frame {saved RBP, return address} lets the unwinder step from the
	 * handler into the interrupted code.
	 */
	pushq	16*8 + 8(%rsp)		/* regs->rip */
	pushq	%rbp
	movq	%rsp, %rbp
	call	do_interrupt
	addq	$16, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$16, %rsp		/* vector and error code */
	iretq
	.size	interrupt_common, . - interrupt_common
