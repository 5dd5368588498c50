/*
 * Ring-3 programs for the process tests (fork, wait4, pid, exit suites;
 * the signal suite's are in sig_snippets.S): tiny position-independent
 * snippets, each between snippet_NAME and snippet_NAME_end, run by
 * proc_user.h in a fresh address space.  Parameters come in the data page
 * (USER_DATA); each reports through its exit status, 0 for success, else
 * the number of the check that failed, and may leave values in the data
 * page, which a test that holds the mm reads after the exit.
 *
 * Only the Linux system-call ABI: number in RAX, arguments in RDI, RSI,
 * RDX, R10, R8, SYSCALL.  A vfork child shares its parent's stack, so it
 * keeps to registers and the data page.
 */
#include <asm/unistd.h>
#include "proc_asm.h"

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
 * waitid: a child exits 5; WNOWAIT reports it (siginfo: SIGCHLD,
 * CLD_EXITED, its pid, status 5) and leaves it; P_ALL then reaps it;
 * WNOHANG then finds no child (ECHILD); no WEXITED and an unknown idtype
 * are EINVAL.  The siginfo is at 64(%rsp).
 */
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
