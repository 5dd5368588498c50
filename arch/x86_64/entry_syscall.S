/*
 * The SYSCALL entry, and a task's first way into ring 3.
 *
 * SYSCALL is not an interrupt: the CPU saves the user RIP in RCX and RFLAGS
 * in R11, loads CS/SS from MSR_STAR, clears the RFLAGS bits in
 * MSR_SYSCALL_MASK (IF among them, so interrupts are off) and jumps here.
 * It does not switch stacks and pushes nothing: RSP is still the user's,
 * and GS base is still the user's too.  So, in this order:
 *
 *   1. swapgs: GS base becomes this CPU's per-CPU offset;
 *   2. park the user RSP in a per-CPU slot (no register is free: every one
 *      but RCX and R11 must survive the call, and those hold RIP/RFLAGS)
 *      and load the task's kernel-stack top from another;
 *   3. push an IRET frame by hand (SS, RSP, RFLAGS, CS, RIP), then orig_ax
 *      and the general registers: the same struct pt_regs an interrupt
 *      from ring 3 leaves at the same place (task_pt_regs);
 *   4. call do_syscall_64, which turns interrupts on only now that the
 *      frame is complete, and off again before it returns;
 *   5. leave by SYSRET when do_syscall_64 says it is safe, else by IRET.
 *
 * SYSRET loads RIP from RCX and RFLAGS from R11, which POP_REGS restores
 * from the frame: do_syscall_64 only says yes when they equal the frame's
 * RIP and RFLAGS (see syscall.c for the rest of its checks).  The user
 * RSP is loaded last, after which nothing may touch the stack: then
 * swapgs, then sysretq.  Interrupts stay off from step 4's return to the
 * sysretq, which turns them on from R11; an interrupt in between would run
 * on the user stack with the user's GS.
 */
#include <asm/boot_defs.h>
#include <asm/calling.h>

	.text
	.align	16
	.globl	entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs
	movq	%rsp, %gs:cpu_user_rsp_scratch
	movq	%gs:cpu_current_top_of_stack, %rsp
	pushq	$__USER_DS			/* ss */
	pushq	%gs:cpu_user_rsp_scratch	/* rsp */
	pushq	%r11				/* rflags */
	pushq	$__USER_CS			/* cs */
	pushq	%rcx				/* rip */
	pushq	$0				/* error_code */
	pushq	%rax				/* orig_ax: the system-call number */
	PUSH_REGS
	movq	%rsp, %rdi
	xorl	%ebp, %ebp			/* the kernel's backtraces end here */
	call	do_syscall_64
	testb	%al, %al
	jz	swapgs_restore_regs_and_return_to_usermode
	POP_REGS				/* RCX = RIP, R11 = RFLAGS: checked */
	movq	PTREGS_RSP - PTREGS_RIP + 16(%rsp), %rsp
	swapgs
	sysretq
	.size	entry_SYSCALL_64, . - entry_SYSCALL_64

/*
 * void ret_to_user(void): enters ring 3 with the registers in the current
 * task's pt_regs (start_thread set them), through the interrupt exit.  The
 * kernel frames below are abandoned: the task comes back into the kernel
 * only through its entries, at the top of its stack.
 */
	.globl	ret_to_user
ret_to_user:
	cli
	movq	%gs:cpu_current_top_of_stack, %rsp
	subq	$PTREGS_SIZE, %rsp
	xorl	%ebp, %ebp
	call	exit_to_user_mode		/* a kill may already be pending */
	jmp	swapgs_restore_regs_and_return_to_usermode
	.size	ret_to_user, . - ret_to_user
