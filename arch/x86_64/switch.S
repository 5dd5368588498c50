/*
 * Switching tasks.
 *
 * struct task *__switch_to(struct task *prev, struct task *next)
 *
 * Saves the callee-saved registers on prev's stack, stores prev's stack
 * pointer in prev->rsp (offset 0), loads next's and pops next's registers.
 * The "ret" then returns wherever next called __switch_to from, or, for a
 * task that never ran, into ret_from_kthread (kthread.c builds that first
 * frame).  Everything else a task needs (caller-saved registers, RFLAGS)
 * is saved by the C code around the call, as for any function call.
 *
 * Returns prev in RAX: after the switch we are on next's stack, and the
 * code that runs there needs to know which task it switched away from.
 */
	.text
	.globl	__switch_to
__switch_to:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, 0(%rdi)
	movq	0(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	movq	%rdi, %rax
	ret
	.size	__switch_to, . - __switch_to

/* First instructions of every kernel thread (RBP is 0: backtraces end here). */
	.globl	ret_from_kthread
ret_from_kthread:
	movq	%rax, %rdi
	call	schedule_tail
	call	kthread_main
	ud2
	.size	ret_from_kthread, . - ret_from_kthread
