/*
 * What the ring-3 snippets of this room share (proc_snippets.S,
 * sig_snippets.S): the data page, Linux's numbers they use, and macros
 * for system calls and checks.  Assembler only.
 */
#ifndef PROC_ASM_H
#define PROC_ASM_H

/* Assembler, not C: clang-format must leave it alone. */
/* clang-format off */

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

#define WNOWAIT		0x01000000
#define P_ALL		0
#define P_PID		1
/* waitid(which, id, &siginfo at 64(%rsp), options, NULL) */
.macro WAITID which, id, options
	movl	$\which, %edi
	movq	\id, %rsi
	leaq	64(%rsp), %rdx
	movl	$\options, %r10d
	xorl	%r8d, %r8d
	SYS	__NR_waitid
.endm

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

/* clang-format on */

#endif
