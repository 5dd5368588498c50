/*
 * Ring-3 programs for the process tests (fork, wait4, signal, pid, exit
 * suites): tiny position-independent snippets, each between snippet_proc_NAME
 * and snippet_proc_NAME_end, run by proc_user.h in a fresh address space.
 * Parameters come in the data page (USER_DATA); each reports through its
 * exit status, 0 for success, else the number of the check that failed,
 * and may leave values in the data page, which a test that holds the mm
 * reads after the exit.
 *
 * Only the Linux system-call ABI: number in RAX, arguments in RDI, RSI,
 * RDX, R10, R8, SYSCALL.  A vfork child shares its parent's stack, so it
 * keeps to registers and the data page.
 */
#include <asm/unistd.h>

#define USER_DATA	0x600000
#define D(i)		(USER_DATA + 8 * (i))

#define SIGKILL		9
#define SIGUSR1		10
#define SIGUSR2		12
#define SIGTERM		15
#define SIGCHLD		17
#define SIGURG		23
#define WNOHANG		1
#define WEXITED		4
#define ECHILD		10
#define ESRCH		3
#define EPERM		1
#define EINVAL		22
#define CLONE_VM		0x100
#define CLONE_VFORK		0x4000
#define CLONE_THREAD		0x10000
#define CLONE_SIGHAND		0x800
#define CLONE_PARENT_SETTID	0x100000
#define CLONE_CHILD_CLEARTID	0x200000
#define CLONE_CHILD_SETTID	0x1000000

.macro SYS nr
	movl	$\nr, %eax
	syscall
.endm

.macro EXIT status
	movl	\status, %edi
	SYS	__NR_exit_group
.endm

/* Checks that RAX equals value, else exits with code. */
.macro EXPECT value, code
	cmpq	$\value, %rax
	je	.Lexpect\@
	EXIT	$\code
.Lexpect\@:
.endm

/* wait4(pid, &status at (%rsp), options, &rusage at 16(%rsp)) */
.macro WAIT4 pid, options
	movq	\pid, %rdi
	movq	%rsp, %rsi
	movl	$\options, %edx
	leaq	16(%rsp), %r10
	SYS	__NR_wait4
.endm

/* A spinning child: never returns, never calls the kernel. */
.macro SPIN
.Lspin\@:
	pause
	jmp	.Lspin\@
.endm

	.section .rodata
	.balign	16

/*
 * fork returns twice; the child sees a copy of memory taken at the fork,
 * its parent is D(0) (the test puts the parent's pid there); the parent
 * does not see the child's write; wait4 gets the status, pid and a
 * zeroed rusage; then ECHILD.  The child's pid is left in D(3).
 */
	.globl	snippet_proc_fork_basic, snippet_proc_fork_basic_end
snippet_proc_fork_basic:
	subq	$256, %rsp
	movq	$111, D(2)
	movq	$-1, 24(%rsp)			/* rusage: must come back zeroed */
	SYS	__NR_fork
	testq	%rax, %rax
	js	.Lfb_bad1
	jnz	.Lfb_parent
	/* child */
	cmpq	$111, D(2)
	jne	.Lfb_bad10
	movq	$222, D(2)
	SYS	__NR_getppid
	cmpq	D(0), %rax
	jne	.Lfb_bad11
	EXIT	$7
.Lfb_parent:
	movq	%rax, %rbx
	movq	%rax, D(3)
	WAIT4	%rbx, 0
	cmpq	%rbx, %rax
	jne	.Lfb_bad2
	cmpl	$0x700, (%rsp)
	jne	.Lfb_bad3
	cmpq	$111, D(2)
	jne	.Lfb_bad4
	cmpq	$0, 24(%rsp)
	jne	.Lfb_bad5
	WAIT4	$-1, 0
	EXPECT	-ECHILD, 6
	EXIT	$0
.Lfb_bad1:	EXIT	$1
.Lfb_bad2:	EXIT	$2
.Lfb_bad3:	EXIT	$3
.Lfb_bad4:	EXIT	$4
.Lfb_bad5:	EXIT	$5
.Lfb_bad10:	EXIT	$10
.Lfb_bad11:	EXIT	$11
snippet_proc_fork_basic_end:

/*
 * A child that spins (on another CPU when there is one): WNOHANG finds
 * nothing yet, kill with signal 0 finds it, a bad signal is EINVAL, a bad
 * option EINVAL; SIGTERM ends it and wait4 reports the signal; then kill
 * is ESRCH and WNOHANG ECHILD.
 */
	.globl	snippet_proc_wait_kill, snippet_proc_wait_kill_end
snippet_proc_wait_kill:
	subq	$256, %rsp
	SYS	__NR_fork
	testq	%rax, %rax
	js	.Lwk_bad1
	jnz	1f
	SPIN
1:	movq	%rax, %rbx
	WAIT4	%rbx, WNOHANG
	EXPECT	0, 2
	WAIT4	%rbx, WEXITED			/* not an option of wait4 */
	EXPECT	-EINVAL, 3
	movq	%rbx, %rdi
	xorl	%esi, %esi
	SYS	__NR_kill
	EXPECT	0, 4
	movq	%rbx, %rdi
	movl	$65, %esi
	SYS	__NR_kill
	EXPECT	-EINVAL, 5
	movq	%rbx, %rdi
	movl	$SIGTERM, %esi
	SYS	__NR_kill
	EXPECT	0, 6
	WAIT4	%rbx, 0
	cmpq	%rbx, %rax
	jne	.Lwk_bad7
	cmpl	$SIGTERM, (%rsp)
	jne	.Lwk_bad8
	movq	%rbx, %rdi
	xorl	%esi, %esi
	SYS	__NR_kill
	EXPECT	-ESRCH, 9
	WAIT4	$-1, WNOHANG
	EXPECT	-ECHILD, 10
	EXIT	$0
.Lwk_bad1:	EXIT	$1
.Lwk_bad7:	EXIT	$7
.Lwk_bad8:	EXIT	$8
snippet_proc_wait_kill_end:

/*
 * vfork: the child shares memory and runs first; it writes D(2) = 2,
 * yields D(1) times (the parent would run then if it were not asleep),
 * writes D(2) = 3 and exits 5.  The parent must find 3, then reap 5.
 */
	.globl	snippet_proc_vfork, snippet_proc_vfork_end
snippet_proc_vfork:
	subq	$256, %rsp
	movq	$1, D(2)
	SYS	__NR_vfork
	testq	%rax, %rax
	js	.Lvf_bad1
	jnz	2f
	movq	$2, D(2)
	movq	D(1), %r12
1:	SYS	__NR_sched_yield
	decq	%r12
	jnz	1b
	movq	$3, D(2)
	EXIT	$5
2:	movq	%rax, %rbx
	cmpq	$3, D(2)
	jne	.Lvf_bad2
	WAIT4	%rbx, 0
	cmpq	%rbx, %rax
	jne	.Lvf_bad3
	cmpl	$0x500, (%rsp)
	jne	.Lvf_bad4
	EXIT	$0
.Lvf_bad1:	EXIT	$1
.Lvf_bad2:	EXIT	$2
.Lvf_bad3:	EXIT	$3
.Lvf_bad4:	EXIT	$4
snippet_proc_vfork_end:

/*
 * clone as musl's posix_spawn and glibc's fork use it: CLONE_VM |
 * CLONE_VFORK | SIGCHLD with a new stack (D(8) is its top) plus
 * PARENT_SETTID (D(4)), CHILD_SETTID and CHILD_CLEARTID (D(5)).  The
 * child checks its RSP and that D(4) and D(5) hold its pid, then exits 6;
 * the parent finds D(5) cleared at the child's exit and D(4) = the pid.
 * Threads and CLONE_VM without CLONE_VFORK are EINVAL.
 */
	.globl	snippet_proc_clone, snippet_proc_clone_end
snippet_proc_clone:
	subq	$256, %rsp
	movl	$CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | SIGCHLD, %edi
	xorl	%esi, %esi
	SYS	__NR_clone
	EXPECT	-EINVAL, 1
	movl	$CLONE_VM | SIGCHLD, %edi
	xorl	%esi, %esi
	SYS	__NR_clone
	EXPECT	-EINVAL, 2
	movq	$-1, D(4)
	movq	$-1, D(5)
	movl	$CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, %edi
	movq	D(8), %rsi			/* the new stack */
	movl	$D(4), %edx			/* parent_tid */
	movl	$D(5), %r10d			/* child_tid */
	xorl	%r8d, %r8d
	SYS	__NR_clone
	testq	%rax, %rax
	js	.Lcl_bad3
	jnz	1f
	cmpq	D(8), %rsp
	jne	.Lcl_bad20
	SYS	__NR_getpid
	cmpl	D(5), %eax
	jne	.Lcl_bad21
	cmpl	D(4), %eax
	jne	.Lcl_bad22
	EXIT	$6
1:	movq	%rax, %rbx
	cmpl	$0, D(5)			/* cleared at the child's exit */
	jne	.Lcl_bad4
	cmpl	D(4), %ebx
	jne	.Lcl_bad5
	WAIT4	%rbx, 0
	cmpq	%rbx, %rax
	jne	.Lcl_bad6
	cmpl	$0x600, (%rsp)
	jne	.Lcl_bad7
	EXIT	$0
.Lcl_bad3:	EXIT	$3
.Lcl_bad4:	EXIT	$4
.Lcl_bad5:	EXIT	$5
.Lcl_bad6:	EXIT	$6
.Lcl_bad7:	EXIT	$7
.Lcl_bad20:	EXIT	$20
.Lcl_bad21:	EXIT	$21
.Lcl_bad22:	EXIT	$22
snippet_proc_clone_end:

/*
 * A fork storm: every process forks once per remaining level (D(0)
 * levels: 2^D(0) processes), then reaps all its children, and exits 1 if
 * any of them, or their subtrees, failed.
 */
	.globl	snippet_proc_storm, snippet_proc_storm_end
snippet_proc_storm:
	subq	$256, %rsp
	movq	D(0), %r12
	xorl	%r13d, %r13d			/* failures seen */
1:	testq	%r12, %r12
	jz	2f
	SYS	__NR_fork
	testq	%rax, %rax
	js	.Lst_bad3
	decq	%r12
	jmp	1b
2:	WAIT4	$-1, 0
	cmpq	$-ECHILD, %rax
	je	3f
	testq	%rax, %rax
	js	.Lst_bad4
	cmpl	$0, (%rsp)
	je	2b
	movl	$1, %r13d
	jmp	2b
3:	EXIT	%r13d
.Lst_bad3:	EXIT	$3
.Lst_bad4:	EXIT	$4
snippet_proc_storm_end:

/* Forks D(0) children that spin, then waits for children for ever. */
	.globl	snippet_proc_spawn_spinners, snippet_proc_spawn_spinners_end
snippet_proc_spawn_spinners:
	subq	$256, %rsp
	movq	D(0), %r12
1:	SYS	__NR_fork
	testq	%rax, %rax
	jnz	2f
	SPIN
2:	decq	%r12
	jnz	1b
3:	WAIT4	$-1, 0
	jmp	3b
snippet_proc_spawn_spinners_end:

/* Forks D(0) children that spin, then exits 0 without waiting. */
	.globl	snippet_proc_abandon, snippet_proc_abandon_end
snippet_proc_abandon:
	movq	D(0), %r12
1:	SYS	__NR_fork
	testq	%rax, %rax
	jnz	2f
	SPIN
2:	decq	%r12
	jnz	1b
	EXIT	$0
snippet_proc_abandon_end:

/*
 * Orphans go to the reaper: this process (the reaper, pid in D(0)) forks
 * C; C forks G and exits 1; G waits until its parent is D(0), then exits
 * 9.  The reaper reaps C (status 1), then G (status 9): 0.
 */
	.globl	snippet_proc_orphan, snippet_proc_orphan_end
snippet_proc_orphan:
	subq	$256, %rsp
	SYS	__NR_fork
	testq	%rax, %rax
	js	.Lor_bad1
	jnz	.Lor_reaper
	SYS	__NR_fork			/* C */
	testq	%rax, %rax
	jz	1f
	EXIT	$1
1:	movl	$1000000, %r12d			/* G */
2:	SYS	__NR_getppid
	cmpq	D(0), %rax
	je	3f
	SYS	__NR_sched_yield
	decl	%r12d
	jnz	2b
	EXIT	$10
3:	EXIT	$9
.Lor_reaper:
	movq	%rax, %rbx
	WAIT4	%rbx, 0
	cmpq	%rbx, %rax
	jne	.Lor_bad2
	cmpl	$0x100, (%rsp)
	jne	.Lor_bad3
	WAIT4	$-1, 0
	testq	%rax, %rax
	jle	.Lor_bad4
	cmpl	$0x900, (%rsp)
	jne	.Lor_bad5
	WAIT4	$-1, 0
	EXPECT	-ECHILD, 6
	EXIT	$0
.Lor_bad1:	EXIT	$1
.Lor_bad2:	EXIT	$2
.Lor_bad3:	EXIT	$3
.Lor_bad4:	EXIT	$4
.Lor_bad5:	EXIT	$5
snippet_proc_orphan_end:

/* Forks a child that spins, then waits for it: ends only if wait4 is interrupted. */
	.globl	snippet_proc_wait_forever, snippet_proc_wait_forever_end
snippet_proc_wait_forever:
	subq	$256, %rsp
	SYS	__NR_fork
	testq	%rax, %rax
	jnz	1f
	SPIN
1:	movq	%rax, %rbx
	WAIT4	%rbx, 0
	EXIT	$1
snippet_proc_wait_forever_end:

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

/*
 * Groups and sessions.  A process from user_thread_create leads its
 * session and group: setsid and setpgid(0, 0) are EPERM, getpgid of no
 * process ESRCH, a negative pgid EINVAL, a group in no process EPERM.
 * Child C makes its own group and spins; the parent waits until it sees
 * it, kills the group (kill(-C)) and reaps it by group (wait4(-C)).
 * Child D makes a new session (setsid = D) and exits 4.  Also
 * set_tid_address returns the tid (D(6), zeroed at exit) and
 * set_robust_list wants 24 bytes.
 */
	.globl	snippet_proc_pgid, snippet_proc_pgid_end
snippet_proc_pgid:
	subq	$256, %rsp
	SYS	__NR_getpid
	movq	%rax, %rbx
	SYS	__NR_getpgrp
	cmpq	%rbx, %rax
	jne	.Lpg_bad1
	xorl	%edi, %edi
	SYS	__NR_getsid
	cmpq	%rbx, %rax
	jne	.Lpg_bad2
	SYS	__NR_setsid
	EXPECT	-EPERM, 3
	xorl	%edi, %edi
	xorl	%esi, %esi
	SYS	__NR_setpgid
	EXPECT	-EPERM, 4
	movl	$0x7ffffff0, %edi
	SYS	__NR_getpgid
	EXPECT	-ESRCH, 5
	xorl	%edi, %edi
	movl	$-1, %esi
	SYS	__NR_setpgid
	EXPECT	-EINVAL, 6
	movl	$D(6), %edi
	SYS	__NR_set_tid_address
	cmpq	%rbx, %rax
	jne	.Lpg_bad7
	movl	$D(7), %edi
	movl	$23, %esi
	SYS	__NR_set_robust_list
	EXPECT	-EINVAL, 8
	movl	$D(7), %edi
	movl	$24, %esi
	SYS	__NR_set_robust_list
	EXPECT	0, 9
	SYS	__NR_fork			/* C */
	testq	%rax, %rax
	js	.Lpg_bad10
	jnz	2f
	xorl	%edi, %edi
	xorl	%esi, %esi
	SYS	__NR_setpgid
	testq	%rax, %rax
	jnz	1f
	SYS	__NR_setsid			/* a group leader now: EPERM */
	cmpq	$-EPERM, %rax
	jne	1f
	SPIN
1:	EXIT	$1
2:	movq	%rax, %r12
	movl	$1000000, %r13d
3:	movq	%r12, %rdi
	SYS	__NR_getpgid
	cmpq	%r12, %rax
	je	4f
	SYS	__NR_sched_yield
	decl	%r13d
	jnz	3b
	EXIT	$11
4:	movq	%r12, %rdi			/* into a group that does not exist */
	movl	$0x7ffffff0, %esi
	SYS	__NR_setpgid
	EXPECT	-EPERM, 12
	movq	%r12, %rdi
	negq	%rdi
	movl	$SIGTERM, %esi
	SYS	__NR_kill
	EXPECT	0, 13
	movq	%r12, %rdi
	negq	%rdi
	WAIT4	%rdi, 0
	cmpq	%r12, %rax
	jne	.Lpg_bad14
	cmpl	$SIGTERM, (%rsp)
	jne	.Lpg_bad15
	movq	%r12, %rdi
	negq	%rdi
	xorl	%esi, %esi
	SYS	__NR_kill
	EXPECT	-ESRCH, 16
	SYS	__NR_fork			/* D */
	testq	%rax, %rax
	jnz	6f
	SYS	__NR_setsid
	movq	%rax, %r14
	SYS	__NR_getpid
	cmpq	%rax, %r14
	jne	5f
	xorl	%edi, %edi
	SYS	__NR_getsid
	cmpq	%rax, %r14
	jne	5f
	EXIT	$4
5:	EXIT	$1
6:	movq	%rax, %r12
	WAIT4	%r12, 0
	cmpq	%r12, %rax
	jne	.Lpg_bad17
	cmpl	$0x400, (%rsp)
	jne	.Lpg_bad18
	movq	%r12, %rdi
	xorl	%esi, %esi
	SYS	__NR_setpgid
	EXPECT	-ESRCH, 19
	EXIT	$0
.Lpg_bad1:	EXIT	$1
.Lpg_bad2:	EXIT	$2
.Lpg_bad7:	EXIT	$7
.Lpg_bad10:	EXIT	$10
.Lpg_bad14:	EXIT	$14
.Lpg_bad15:	EXIT	$15
.Lpg_bad17:	EXIT	$17
.Lpg_bad18:	EXIT	$18
snippet_proc_pgid_end:

/* Spins for ever, counting in D(1). */
	.globl	snippet_proc_spin, snippet_proc_spin_end
snippet_proc_spin:
1:	incq	D(1)
	jmp	1b
snippet_proc_spin_end:

#define SA_RESTORER	0x04000000

/* rt_sigaction(SIGUSR1, {handler, flags, restorer, 0} built at (%rsp)): RAX. */
.macro SET_USR1 handler, flags
	leaq	\handler(%rip), %rax
	movq	%rax, (%rsp)
	movq	$\flags, 8(%rsp)
	leaq	.Lrestorer\@(%rip), %rax
	movq	%rax, 16(%rsp)
	movq	$0, 24(%rsp)
	movl	$SIGUSR1, %edi
	movq	%rsp, %rsi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigaction
	jmp	.Lset\@
.Lrestorer\@:					/* what the C libraries' restorers do */
	SYS	__NR_rt_sigreturn
	ud2
.Lset\@:
.endm

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
 * SIGCHLD set to SIG_IGN: children are reaped by the kernel as they
 * exit, and wait4 waits until they are gone, then reports ECHILD.
 */
	.globl	snippet_proc_nocldwait, snippet_proc_nocldwait_end
snippet_proc_nocldwait:
	subq	$256, %rsp
	movq	$1, (%rsp)			/* SIG_IGN */
	movq	$0, 8(%rsp)
	movq	$0, 16(%rsp)
	movq	$0, 24(%rsp)
	movl	$SIGCHLD, %edi
	movq	%rsp, %rsi
	xorl	%edx, %edx
	movl	$8, %r10d
	SYS	__NR_rt_sigaction
	EXPECT	0, 1
	SYS	__NR_fork
	testq	%rax, %rax
	jnz	1f
	movl	$100, %r12d			/* the child: let the parent block first */
2:	SYS	__NR_sched_yield
	decl	%r12d
	jnz	2b
	EXIT	$3
1:	WAIT4	$-1, 0
	EXPECT	-ECHILD, 2
	EXIT	$0
snippet_proc_nocldwait_end:

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

/*
 * waitid: a child exits 5; WNOWAIT reports it (siginfo: SIGCHLD,
 * CLD_EXITED, its pid, status 5) and leaves it; P_ALL then reaps it;
 * WNOHANG then finds no child (ECHILD); no WEXITED and an unknown idtype
 * are EINVAL.  The siginfo is at 64(%rsp).
 */
#define WNOWAIT		0x01000000
#define P_ALL		0
#define P_PID		1
.macro WAITID which, id, options
	movl	$\which, %edi
	movq	\id, %rsi
	leaq	64(%rsp), %rdx
	movl	$\options, %r10d
	xorl	%r8d, %r8d
	SYS	__NR_waitid
.endm
	.globl	snippet_proc_waitid, snippet_proc_waitid_end
snippet_proc_waitid:
	subq	$256, %rsp
	SYS	__NR_fork
	testq	%rax, %rax
	jnz	1f
	EXIT	$5
1:	movq	%rax, %rbx
	WAITID	P_ALL, $0, 0
	EXPECT	-EINVAL, 1
	WAITID	7, $0, WEXITED
	EXPECT	-EINVAL, 2
	WAITID	P_PID, %rbx, WEXITED | WNOWAIT
	EXPECT	0, 3
	cmpl	$SIGCHLD, 64(%rsp)
	jne	.Lwi_bad4
	cmpl	$1, 72(%rsp)			/* CLD_EXITED */
	jne	.Lwi_bad4
	cmpl	%ebx, 80(%rsp)
	jne	.Lwi_bad4
	cmpl	$5, 88(%rsp)
	jne	.Lwi_bad4
	movl	$0, 80(%rsp)
	WAITID	P_ALL, $0, WEXITED
	EXPECT	0, 5
	cmpl	%ebx, 80(%rsp)			/* still there for this wait */
	jne	.Lwi_bad6
	WAITID	P_ALL, $0, WEXITED | WNOHANG
	EXPECT	-ECHILD, 7
	EXIT	$0
.Lwi_bad4:	EXIT	$4
.Lwi_bad6:	EXIT	$6
snippet_proc_waitid_end:
