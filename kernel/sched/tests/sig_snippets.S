/*
 * Ring-3 programs for the signal tests (suite signal), run as proc_user.h
 * runs those of proc_snippets.S, with the same conventions: masks and
 * actions, handlers entered from a system call and from an interrupt, and
 * rt_sigsuspend.  A handler returns through a restorer that calls
 * rt_sigreturn, as the C libraries' do (SET_USR1, proc_asm.h).
 */
#include <asm/unistd.h>
#include "proc_asm.h"

	.section .rodata
	.balign	16

/*
 * Signal actions and the mask.  SIGUSR1 set to SIG_IGN and sent to self:
 * nothing; SIGCHLD and SIGURG by default: nothing; rt_sigaction's EINVALs
 * (sigsetsize, SIGKILL, signal 0, 65) and the old action read back;
 * rt_sigprocmask's EINVALs; SIGUSR2 blocked and sent stays pending; the
 * mask cannot hold SIGKILL.  D(5) = 1 marks that all that passed; then
 * unblocking SIGUSR2 must kill with SIGUSR2 (exit 99 if it does not).
 */
	.globl	snippet_proc_sigmask, snippet_proc_sigmask_end
snippet_proc_sigmask:
	subq	$256, %rsp
	movq	$1, (%rsp)			/* act: SIG_IGN, no flags, no restorer, no mask */
	movq	$0, 8(%rsp)
	movq	$0, 16(%rsp)
	movq	$0, 24(%rsp)
	movl	$SIGUSR1, %edi
	movq	%rsp, %rsi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigaction
	EXPECT	0, 1
	SYS	__NR_getpid
	movq	%rax, %rbx
	movq	%rbx, %rdi
	movl	$SIGUSR1, %esi
	SYS	__NR_kill
	EXPECT	0, 2
	movq	%rbx, %rdi
	movl	$SIGCHLD, %esi
	SYS	__NR_kill
	EXPECT	0, 3
	movq	%rbx, %rdi
	movl	$SIGURG, %esi
	SYS	__NR_kill
	EXPECT	0, 4
	movl	$SIGUSR1, %edi			/* sigsetsize 4 */
	movq	%rsp, %rsi
	xorl	%edx, %edx
	movl	$4, %r10d
	SYS	__NR_rt_sigaction
	EXPECT	-EINVAL, 5
	movl	$SIGKILL, %edi
	movq	%rsp, %rsi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigaction
	EXPECT	-EINVAL, 6
	xorl	%edi, %edi
	xorl	%esi, %esi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigaction
	EXPECT	-EINVAL, 7
	movl	$65, %edi
	xorl	%esi, %esi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigaction
	EXPECT	-EINVAL, 8
	movl	$SIGUSR1, %edi			/* read back */
	xorl	%esi, %esi
	leaq	64(%rsp), %rdx
	movl	$8, %r10d
	SYS	__NR_rt_sigaction
	EXPECT	0, 9
	cmpq	$1, 64(%rsp)
	jne	.Lsm_bad10
	movq	$1 << (SIGUSR2 - 1) | 1 << (SIGKILL - 1), 128(%rsp)
	movl	$0, %edi			/* SIG_BLOCK */
	leaq	128(%rsp), %rsi
	xorl	%edx, %edx
	movl	$4, %r10d
	SYS	__NR_rt_sigprocmask
	EXPECT	-EINVAL, 11
	movl	$7, %edi			/* no such how */
	leaq	128(%rsp), %rsi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigprocmask
	EXPECT	-EINVAL, 12
	movl	$0, %edi
	leaq	128(%rsp), %rsi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigprocmask
	EXPECT	0, 13
	movq	%rbx, %rdi
	movl	$SIGUSR2, %esi
	SYS	__NR_kill
	EXPECT	0, 14
	SYS	__NR_sched_yield		/* more ways out to ring 3: still alive */
	movl	$2, %edi			/* SIG_SETMASK, NULL: read the mask */
	xorl	%esi, %esi
	leaq	136(%rsp), %rdx
	movl	$8, %r10d
	SYS	__NR_rt_sigprocmask
	EXPECT	0, 15
	cmpq	$1 << (SIGUSR2 - 1), 136(%rsp)	/* SIGKILL was left out */
	jne	.Lsm_bad16
	movq	$1, D(5)
	movq	$1 << (SIGUSR2 - 1), 128(%rsp)
	movl	$1, %edi			/* SIG_UNBLOCK */
	leaq	128(%rsp), %rsi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigprocmask
	EXIT	$99
.Lsm_bad10:	EXIT	$10
.Lsm_bad16:	EXIT	$16
snippet_proc_sigmask_end:

/* Spins for ever, counting in D(1). */
	.globl	snippet_proc_spin, snippet_proc_spin_end
snippet_proc_spin:
1:	incq	D(1)
	jmp	1b
snippet_proc_spin_end:

/*
 * A SIGUSR1 handler, entered from kill(self): it checks its arguments
 * (signal, siginfo, the saved mask in the ucontext) and RSP's alignment,
 * clobbers registers, counts in D(2) and, on its first run, sends
 * SIGUSR1 again, which must wait (blocked during the handler) and run the
 * handler once more after rt_sigreturn.  Back in the main line, kill's
 * result, the callee's registers and XMM0 are intact and D(2) is 2.  Then
 * an action without SA_RESTORER: delivery fails, SIGSEGV.
 */
	.globl	snippet_proc_handler, snippet_proc_handler_end
snippet_proc_handler:
	subq	$256, %rsp
	SET_USR1 .Lh_handler, SA_RESTORER
	EXPECT	0, 1
	SYS	__NR_getpid
	movq	%rax, D(3)
	movabsq	$0x1234567890abcdef, %r13
	movq	%r13, %r14
	notq	%r14
	movq	%r13, %rbp
	movq	%r13, %xmm0
	movq	D(3), %rdi
	movl	$SIGUSR1, %esi
	SYS	__NR_kill
	EXPECT	0, 2
	movq	%r13, %rax
	notq	%rax
	cmpq	%rax, %r14
	jne	.Lh_bad3
	cmpq	%r13, %rbp
	jne	.Lh_bad3
	movq	%xmm0, %rax
	cmpq	%r13, %rax
	jne	.Lh_bad4
	cmpq	$2, D(2)
	jne	.Lh_bad5
	cmpq	$0, D(4)
	jne	.Lh_bad6
	movq	$1, D(5)			/* all passed: now the failing delivery */
	SET_USR1 .Lh_handler, 0
	EXPECT	0, 7
	movq	D(3), %rdi
	movl	$SIGUSR1, %esi
	SYS	__NR_kill
	EXIT	$8
.Lh_bad3:	EXIT	$3
.Lh_bad4:	EXIT	$4
.Lh_bad5:	EXIT	$5
.Lh_bad6:	EXIT	$6
.Lh_handler:
	cmpl	$SIGUSR1, %edi
	jne	.Lh_hbad
	leaq	8(%rsp), %rax
	testq	$15, %rax
	jnz	.Lh_hbad
	cmpl	$SIGUSR1, (%rsi)		/* info.si_signo */
	jne	.Lh_hbad
	cmpq	$0, 296(%rdx)			/* uc.uc_sigmask: nothing was blocked */
	jne	.Lh_hbad
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%ebp, %ebp
	pxor	%xmm0, %xmm0
	incq	D(2)
	cmpq	$1, D(2)
	jne	1f
	movq	D(3), %rdi
	movl	$SIGUSR1, %esi
	SYS	__NR_kill
	cmpq	$1, D(2)			/* blocked: not run inside itself */
	jne	.Lh_hbad
1:	ret
.Lh_hbad:
	movq	$1, D(4)
	ret
snippet_proc_handler_end:

/*
 * A handler entered from an interrupt: the main line spins counting in
 * D(1) with R12 holding a value, until the handler (SIGUSR1, sent by the
 * test from another CPU) sets D(2); R12 must have survived.
 */
	.globl	snippet_proc_handler_spin, snippet_proc_handler_spin_end
snippet_proc_handler_spin:
	subq	$256, %rsp
	SET_USR1 .Lhs_handler, SA_RESTORER
	EXPECT	0, 1
	movabsq	$0x0badc0ffee0ddf00, %r12
1:	incq	D(1)
	cmpq	$0, D(2)
	je	1b
	movabsq	$0x0badc0ffee0ddf00, %rax
	cmpq	%rax, %r12
	jne	2f
	EXIT	$0
2:	EXIT	$2
.Lhs_handler:
	xorl	%r12d, %r12d
	movq	$1, D(2)
	ret
snippet_proc_handler_spin_end:

/*
 * rt_sigsuspend: SIGUSR1 blocked, a handler installed; a child sends
 * SIGUSR1 to its parent and exits.  The parent's rt_sigsuspend with an
 * empty mask returns -EINTR after the handler ran (D(2) = 1), and the
 * mask is SIGUSR1 again.  A bad sigsetsize is EINVAL.
 */
	.globl	snippet_proc_sigsuspend, snippet_proc_sigsuspend_end
snippet_proc_sigsuspend:
	subq	$256, %rsp
	SET_USR1 .Lss_handler, SA_RESTORER
	EXPECT	0, 1
	movq	$1 << (SIGUSR1 - 1), 128(%rsp)
	movl	$0, %edi			/* SIG_BLOCK */
	leaq	128(%rsp), %rsi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigprocmask
	EXPECT	0, 2
	SYS	__NR_fork
	testq	%rax, %rax
	jnz	1f
	SYS	__NR_getppid
	movq	%rax, %rdi
	movl	$SIGUSR1, %esi
	SYS	__NR_kill
	EXIT	$0
1:	movq	%rax, %rbx
	movq	$0, 136(%rsp)			/* the empty set */
	leaq	136(%rsp), %rdi
	movl	$4, %esi
	SYS	__NR_rt_sigsuspend
	EXPECT	-EINVAL, 3
	leaq	136(%rsp), %rdi
	movl	$8, %esi
	SYS	__NR_rt_sigsuspend
	EXPECT	-4, 4				/* -EINTR */
	cmpq	$1, D(2)
	jne	.Lss_bad5
	movl	$2, %edi			/* read the mask */
	xorl	%esi, %esi
	leaq	144(%rsp), %rdx
	movl	$8, %r10d
	SYS	__NR_rt_sigprocmask
	cmpq	$1 << (SIGUSR1 - 1), 144(%rsp)
	jne	.Lss_bad6
	WAIT4	%rbx, 0
	cmpq	%rbx, %rax
	jne	.Lss_bad7
	EXIT	$0
.Lss_bad5:	EXIT	$5
.Lss_bad6:	EXIT	$6
.Lss_bad7:	EXIT	$7
.Lss_handler:
	incq	D(2)
	ret
snippet_proc_sigsuspend_end:
