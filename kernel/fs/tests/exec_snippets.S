/*
 * Ring-3 code for the execve and ELF-loader tests: position-independent
 * pieces that the tests' ELF builder (elf_builder.h) wraps into program
 * files.  Only the Linux system-call ABI is used.
 *
 * snippet_stack: the program's first instructions check the entry state
 * Linux promises (every general register 0 but RSP, RSP 16-byte aligned)
 * and exit 1 or 2 if it is not so; then it writes its whole initial stack,
 * from RSP up to STACK_TOP, to fd 1 for the test to parse, and exits 0
 * (3 if the write fell short).
 *
 * snippet_ops: a tiny interpreter of the operations the test appended
 * right after the code (ops_end): records of four words {op, a, b, c}:
 *   OP_END                  exit 0
 *   OP_CHECK  a, len b, c   every byte of [a, a+b) equals c, else exit 10+i
 *   OP_WRITE  a, c          writes the byte c at a (a test expects a fault)
 *   OP_CALL   a             calls a (returns if a holds a ret)
 *   OP_SYSCALL a, b, c      R15 = syscall number c (a, b, 0): RDI a, RSI b, RDX 0
 *   OP_EXECVE a, b, c       R15 = execve(a, b, c)
 *   OP_RESULT c             R15 == c, else exit 10+i
 * i is the record's index.
 */
#include <asm/unistd.h>

#define STACK_TOP	0x00007ffffffff000

	.section .rodata
	.balign	16

	.globl	snippet_stack, snippet_stack_end
snippet_stack:
	movq	%rax, %r15
	orq	%rbx, %r15
	orq	%rcx, %r15
	orq	%rdx, %r15
	orq	%rsi, %r15
	orq	%rdi, %r15
	orq	%rbp, %r15
	orq	%r8, %r15
	orq	%r9, %r15
	orq	%r10, %r15
	orq	%r11, %r15
	orq	%r12, %r15
	orq	%r13, %r15
	orq	%r14, %r15
	jz	1f
	movl	$1, %edi
	jmp	9f
1:	testq	$15, %rsp
	jz	2f
	movl	$2, %edi
	jmp	9f
2:	movabsq	$STACK_TOP, %rdx
	subq	%rsp, %rdx			/* the length */
	movq	%rdx, %rbx
	movq	%rsp, %rsi
	movl	$1, %edi
	movl	$__NR_write, %eax
	syscall
	xorl	%edi, %edi
	cmpq	%rax, %rbx
	je	9f
	movl	$3, %edi
9:	movl	$__NR_exit_group, %eax
	syscall
snippet_stack_end:

	.globl	snippet_ops, snippet_ops_end
snippet_ops:
	leaq	snippet_ops_end(%rip), %rbx	/* the first record, right after the code */
	xorl	%r12d, %r12d			/* its index */
.Lnext:
	movq	(%rbx), %rax
	cmpq	$0, %rax
	je	.Lexit0
	cmpq	$1, %rax
	je	.Lcheck
	cmpq	$2, %rax
	je	.Lwrite
	cmpq	$3, %rax
	je	.Lcall
	cmpq	$4, %rax
	je	.Lsyscall
	cmpq	$5, %rax
	je	.Lexecve
	cmpq	$6, %rax
	je	.Lresult
	jmp	.Lbad
.Lcheck:
	movq	8(%rbx), %rsi
	movq	16(%rbx), %rcx
	movq	24(%rbx), %rdx
1:	testq	%rcx, %rcx
	jz	.Ldone
	cmpb	%dl, (%rsi)
	jne	.Lbad
	incq	%rsi
	decq	%rcx
	jmp	1b
.Lwrite:
	movq	8(%rbx), %rsi
	movq	24(%rbx), %rdx
	movb	%dl, (%rsi)
	jmp	.Ldone
.Lcall:
	call	*8(%rbx)
	jmp	.Ldone
.Lsyscall:
	movq	8(%rbx), %rdi
	movq	16(%rbx), %rsi
	xorl	%edx, %edx
	movq	24(%rbx), %rax
	syscall
	movq	%rax, %r15
	jmp	.Ldone
.Lexecve:
	movq	8(%rbx), %rdi
	movq	16(%rbx), %rsi
	movq	24(%rbx), %rdx
	movl	$__NR_execve, %eax
	syscall
	movq	%rax, %r15
	jmp	.Ldone
.Lresult:
	cmpq	24(%rbx), %r15
	jne	.Lbad
.Ldone:
	addq	$32, %rbx
	incq	%r12
	jmp	.Lnext
.Lbad:
	leal	10(%r12), %edi
	movl	$__NR_exit_group, %eax
	syscall
.Lexit0:
	xorl	%edi, %edi
	movl	$__NR_exit_group, %eax
	syscall
	.balign	8
snippet_ops_end:
