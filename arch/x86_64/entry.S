/*
 * Interrupt and exception entry.
 *
 * One small stub per vector pushes a dummy error code (for vectors where the
 * CPU pushes none, so every frame has the same shape) and the vector number,
 * then jumps to a common path that saves the general registers as a
 * struct pt_regs and calls do_interrupt(regs).  Returning restores the
 * registers and IRETs to wherever the interrupt came from.
 *
 * From ring 3 (the saved CS has RPL 3) the entry and the exit differ:
 *  - GS: in the kernel GS base holds this CPU's per-CPU offset, in user
 *    mode the program's own (ringlet's programs always have 0).  swapgs
 *    exchanges GS base with MSR_KERNEL_GS_BASE, so it comes first on entry
 *    from ring 3, before anything touches per-CPU data, and last on the
 *    way back, after the last.  From ring 0 GS is already the kernel's and
 *    a swapgs would give it away.
 *  - the stack: the CPU has switched to the task's kernel-stack top
 *    (TSS.RSP0), so the frame is the task's pt_regs (task_pt_regs).
 *  - the way out: do_interrupt ends with exit_to_user_mode (preempt, die
 *    of a fatal signal), and the exit is swapgs_restore_regs_and_return_to_usermode,
 *    which entry_syscall.S shares.
 * Known window: an NMI in the few instructions of entry_syscall.S before
 * its swapgs or after its last one sees ring 0 with the user's GS.
 * ringlet's only NMI is panic's stop signal, whose handler halts; Linux
 * handles this with its "paranoid" entry, which reads the GS MSR.
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
#include <asm/calling.h>

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
	testb	$3, 24(%rsp)		/* the saved CS, above vector and error code */
	jz	1f
	swapgs				/* from ring 3: first, before any %gs access */
1:	ASM_CLAC			/* no handler runs with user access open */
	cld
	PUSH_REGS
	movq	%rsp, %rdi
	/*
	 * Make this look like a call from the interrupted RIP: a two-word
	 * frame {saved RBP, return address} lets the unwinder step from the
	 * handler into the interrupted code.  A user RBP means nothing to
	 * the kernel's unwinder, so from ring 3 the chain ends here.
	 */
	pushq	PTREGS_RIP(%rsp)
	testb	$3, PTREGS_CS + 8(%rsp)
	jz	2f
	pushq	$0
	jmp	3f
2:	pushq	%rbp
3:	movq	%rsp, %rbp
	call	do_interrupt
	addq	$16, %rsp
	testb	$3, PTREGS_CS(%rsp)
	jnz	swapgs_restore_regs_and_return_to_usermode
	POP_REGS
	addq	$16, %rsp		/* vector and error code */
	iretq
	.size	interrupt_common, . - interrupt_common

/*
 * The way back to ring 3 by IRET, with interrupts off and RSP at a
 * struct pt_regs: for interrupts and exceptions from user mode, for system
 * calls that may not use SYSRET, and for a task's first entry (ret_to_user).
 */
	.globl	swapgs_restore_regs_and_return_to_usermode
swapgs_restore_regs_and_return_to_usermode:
	POP_REGS
	addq	$16, %rsp		/* vector/orig_ax and error code */
	swapgs				/* last: GS is the user's from here on */
	iretq
	.size	swapgs_restore_regs_and_return_to_usermode, . - swapgs_restore_regs_and_return_to_usermode
