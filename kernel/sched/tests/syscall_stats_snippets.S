/*
 * Ring-3 programs for the syscall_stats suite, run by proc_user.h: a
 * known mix of system calls, so the test can check the counts exactly.
 * D(0) is how many getpid calls to make (at least 1).
 */
#include <asm/unistd.h>
#include "proc_asm.h"

	.section .rodata
	.balign	16

/* getpid D(0) times, getppid once, write(-1) twice (EBADF), exit_group(0). */
	.globl	snippet_stats_mix, snippet_stats_mix_end
snippet_stats_mix:
	movq	D(0), %r12
1:	SYS	__NR_getpid
	decq	%r12
	jnz	1b
	SYS	__NR_getppid
	movq	$-1, %rdi
	xorl	%esi, %esi
	xorl	%edx, %edx
	SYS	__NR_write
	movq	$-1, %rdi
	SYS	__NR_write
	EXIT	$0
snippet_stats_mix_end:
