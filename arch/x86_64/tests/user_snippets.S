/*
 * User code for the ring-3 tests: tiny position-independent programs, each
 * between snippet_NAME and snippet_NAME_end.  A test copies one into the
 * code page of a fresh address space (user_snippets.h) and runs it as a
 * user thread.  A snippet reads its parameters from the data page
 * (USER_DATA, the test writes them) and reports through its exit status:
 * 0 is success, anything else names the check that failed.
 *
 * Only the Linux system-call ABI is used: number in RAX, arguments in
 * RDI, RSI, RDX, R10, R8, R9, SYSCALL.
 */
#include <asm/unistd.h>

#define USER_DATA	0x600000

.macro SYS nr
	movl	$\nr, %eax
	syscall
.endm

/* A failed check's exit: .L<snippet>_bad<code> exits with code. */
.macro BAD snippet, code
.L\snippet\()_bad\code:
	EXIT	$\code
.endm

/* exit_group(status) */
.macro EXIT status
	movl	\status, %edi
	SYS	__NR_exit_group
.endm

	.section .rodata
	.balign	16

/* Exits with the status in USER_DATA[0], by exit_group, or by exit if USER_DATA[1] is set. */
	.globl	snippet_exit, snippet_exit_end
snippet_exit:
	movq	USER_DATA, %rdi
	cmpq	$0, USER_DATA + 8
	jne	1f
	SYS	__NR_exit_group
1:	SYS	__NR_exit
snippet_exit_end:

/* Exits with getpid's result if gettid returns the same, else with 255. */
	.globl	snippet_getpid, snippet_getpid_end
snippet_getpid:
	SYS	__NR_getpid
	movq	%rax, %rbx
	SYS	__NR_gettid
	cmpq	%rax, %rbx
	jne	1f
	EXIT	%ebx
1:	EXIT	$255
snippet_getpid_end:

/*
 * Every register but RCX and R11 survives a system call: load a distinct
 * value into each, make USER_DATA[0] calls of sched_yield (so interrupts,
 * preemption and other tasks come in between), and compare.  Exit status:
 * 0, or the number of the register that changed (1 = RBX ...), or 20 if a
 * yield returned nonzero.
 */
.macro CHECKREG reg, value, code
	movabsq	$\value, %rax
	cmpq	%rax, \reg
	jne	.Lregs_bad\code
.endm
	.globl	snippet_regs, snippet_regs_end
snippet_regs:
	movq	USER_DATA, %rcx			/* rounds */
	movq	%rcx, %xmm0			/* the count lives in a register the kernel must keep */
	movabsq	$0x1111111111111111, %rbx
	movabsq	$0x2222222222222222, %rbp
	movabsq	$0x3333333333333333, %rdx
	movabsq	$0x4444444444444444, %rsi
	movabsq	$0x5555555555555555, %rdi
	movabsq	$0x6666666666666666, %r8
	movabsq	$0x7777777777777777, %r9
	movabsq	$0x8888888888888888, %r10
	movabsq	$0x9999999999999999, %r12
	movabsq	$0xaaaaaaaaaaaaaaaa, %r13
	movabsq	$0xbbbbbbbbbbbbbbbb, %r14
	movabsq	$0xcccccccccccccccc, %r15
	movq	%rsp, %xmm1
2:	movl	$__NR_sched_yield, %eax
	syscall
	testq	%rax, %rax
	jnz	.Lregs_bad20
	CHECKREG %rbx, 0x1111111111111111, 1
	CHECKREG %rbp, 0x2222222222222222, 2
	CHECKREG %rdx, 0x3333333333333333, 3
	CHECKREG %rsi, 0x4444444444444444, 4
	CHECKREG %rdi, 0x5555555555555555, 5
	CHECKREG %r8, 0x6666666666666666, 6
	CHECKREG %r9, 0x7777777777777777, 7
	CHECKREG %r10, 0x8888888888888888, 8
	CHECKREG %r12, 0x9999999999999999, 9
	CHECKREG %r13, 0xaaaaaaaaaaaaaaaa, 10
	CHECKREG %r14, 0xbbbbbbbbbbbbbbbb, 11
	CHECKREG %r15, 0xcccccccccccccccc, 12
	movq	%xmm1, %rax
	cmpq	%rax, %rsp
	jne	.Lregs_bad13
	movq	%xmm0, %rax
	decq	%rax
	movq	%rax, %xmm0
	jnz	2b
	EXIT	$0
	BAD	regs, 1
	BAD	regs, 2
	BAD	regs, 3
	BAD	regs, 4
	BAD	regs, 5
	BAD	regs, 6
	BAD	regs, 7
	BAD	regs, 8
	BAD	regs, 9
	BAD	regs, 10
	BAD	regs, 11
	BAD	regs, 12
	BAD	regs, 13
	BAD	regs, 20
snippet_regs_end:

/*
 * Unimplemented and out-of-range numbers: create_module (174) twice, a number
 * Linux leaves unused (400), the first number past the table (451) and
 * -1 must each return -ENOSYS.  Exit status: 0, or which call did not.
 */
.macro ENOSYS nr, code
	movq	$\nr, %rax
	syscall
	cmpq	$-38, %rax
	jne	.Lenosys_bad\code
.endm
	.globl	snippet_enosys, snippet_enosys_end
snippet_enosys:
	ENOSYS	174, 1
	ENOSYS	174, 2
	ENOSYS	400, 3
	ENOSYS	451, 4
	ENOSYS	-1, 5
	EXIT	$0
	BAD	enosys, 1
	BAD	enosys, 2
	BAD	enosys, 3
	BAD	enosys, 4
	BAD	enosys, 5
snippet_enosys_end:

/* System call USER_DATA[0], which must be -ENOSYS: exit 0, else 1. */
	.globl	snippet_nosys_nr, snippet_nosys_nr_end
snippet_nosys_nr:
	movq	USER_DATA, %rax
	syscall
	cmpq	$-38, %rax
	jne	.Lnosys_nr_bad1
	EXIT	$0
	BAD	nosys_nr, 1
snippet_nosys_nr_end:

/*
 * write(USER_DATA[0], "hello from ring 3\n", 18), then write from a bad
 * pointer (must be -EFAULT) and to a closed descriptor (-EBADF).  Exit
 * status: the first write's result, or 200 + the check that failed.
 */
	.globl	snippet_write, snippet_write_end
snippet_write:
	movq	USER_DATA, %rdi
	movq	$0x10, %rsi			/* below mmap_min_addr: never mapped */
	movl	$1, %edx
	SYS	__NR_write
	cmpq	$-14, %rax
	jne	1f
	movl	$1000, %edi
	leaq	msg(%rip), %rsi
	movl	$1, %edx
	SYS	__NR_write
	cmpq	$-9, %rax
	jne	2f
	movq	USER_DATA, %rdi
	leaq	msg(%rip), %rsi
	movl	$msg_end - msg, %edx
	SYS	__NR_write
	EXIT	%eax
1:	EXIT	$201
2:	EXIT	$202
msg:	.ascii	"hello from ring 3\n"
msg_end:
snippet_write_end:

/* Faults: each dies of its exception. */
	.globl	snippet_segv, snippet_segv_end
snippet_segv:
	movq	$0x1000, %rax
	movq	$1, (%rax)			/* not mapped: #PF, error 6 (user write) */
	EXIT	$0
snippet_segv_end:

	.globl	snippet_ud, snippet_ud_end
snippet_ud:
	ud2
	EXIT	$0
snippet_ud_end:

	.globl	snippet_gp, snippet_gp_end
snippet_gp:
	movabsq	$0x8000000000000000, %rax
	movq	(%rax), %rax			/* non-canonical: #GP */
	EXIT	$0
snippet_gp_end:

	.globl	snippet_de, snippet_de_end
snippet_de:
	xorl	%ecx, %ecx
	movl	$1, %eax
	xorl	%edx, %edx
	divl	%ecx				/* #DE */
	EXIT	$0
snippet_de_end:

/* Spins forever, counting in USER_DATA[1]: only the timer takes the CPU away. */
	.globl	snippet_spin, snippet_spin_end
snippet_spin:
1:	incq	USER_DATA + 8
	jmp	1b
snippet_spin_end:

/*
 * FPU/SSE state per task.  Checks the clean start (FCW 0x37f, MXCSR
 * 0x1f80), then fills XMM0-15 from USER_DATA[0] (each register a
 * different multiple), sets MXCSR's rounding bits from USER_DATA[0] and
 * the x87 precision bits too, yields USER_DATA[1] times and checks them
 * all after each.  Exit status: 0, or the check that failed.
 */
	.globl	snippet_fpu, snippet_fpu_end
snippet_fpu:
	subq	$16, %rsp
	fnstcw	(%rsp)
	cmpw	$0x37f, (%rsp)
	jne	.Lfpu_bad1
	stmxcsr	(%rsp)
	cmpl	$0x1f80, (%rsp)
	jne	.Lfpu_bad2
	movq	USER_DATA, %rbx			/* this task's value */
	movq	%rbx, %rax
	andl	$3, %eax
	shll	$13, %eax
	orl	$0x1f80, %eax			/* rounding control: bits 13-14 */
	movl	%eax, %r12d
	movl	%eax, (%rsp)
	ldmxcsr	(%rsp)
	movw	$0x27f, (%rsp)			/* x87 precision: double, not extended */
	fldcw	(%rsp)
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	leaq	\n(%rbx), %rax
	movq	%rax, %xmm\n
	pinsrq	$1, %rbx, %xmm\n
	.endr
	movq	USER_DATA + 8, %r13		/* rounds */
3:	SYS	__NR_sched_yield
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movq	%xmm\n, %rax
	leaq	\n(%rbx), %rcx
	cmpq	%rcx, %rax
	jne	.Lfpu_bad3
	pextrq	$1, %xmm\n, %rax
	cmpq	%rbx, %rax
	jne	.Lfpu_bad3
	.endr
	stmxcsr	(%rsp)
	cmpl	%r12d, (%rsp)
	jne	.Lfpu_bad4
	fnstcw	(%rsp)
	cmpw	$0x27f, (%rsp)
	jne	.Lfpu_bad5
	decq	%r13
	jnz	3b
	EXIT	$0
	BAD	fpu, 1
	BAD	fpu, 2
	BAD	fpu, 3
	BAD	fpu, 4
	BAD	fpu, 5
snippet_fpu_end:

/*
 * FS base per task: arch_prctl(ARCH_SET_FS, USER_DATA + USER_DATA[0]),
 * where the test put a value this task must see at %fs:0; then yield
 * USER_DATA[1] times, checking %fs:0 and ARCH_GET_FS after each.  Also:
 * ARCH_SET_GS is -EINVAL, a base at TASK_SIZE_MAX is -EPERM.
 * Exit status: 0, or the check that failed.
 */
#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
	.globl	snippet_fs, snippet_fs_end
snippet_fs:
	movl	$ARCH_SET_GS, %edi
	xorl	%esi, %esi
	SYS	__NR_arch_prctl
	cmpq	$-22, %rax
	jne	.Lfs_bad1
	movl	$ARCH_SET_FS, %edi
	movabsq	$0x00007ffffffff000, %rsi
	SYS	__NR_arch_prctl
	cmpq	$-1, %rax
	jne	.Lfs_bad2
	movl	$USER_DATA, %ebx
	addq	USER_DATA, %rbx			/* the base */
	movq	(%rbx), %r12			/* what %fs:0 must read */
	movl	$ARCH_SET_FS, %edi
	movq	%rbx, %rsi
	SYS	__NR_arch_prctl
	testq	%rax, %rax
	jnz	.Lfs_bad3
	movq	USER_DATA + 8, %r13		/* rounds */
1:	SYS	__NR_sched_yield
	movq	%fs:0, %rax
	cmpq	%r12, %rax
	jne	.Lfs_bad4
	movl	$ARCH_GET_FS, %edi
	leaq	-8(%rsp), %rsi
	SYS	__NR_arch_prctl
	testq	%rax, %rax
	jnz	.Lfs_bad5
	cmpq	%rbx, -8(%rsp)
	jne	.Lfs_bad6
	decq	%r13
	jnz	1b
	EXIT	$0
	BAD	fs, 1
	BAD	fs, 2
	BAD	fs, 3
	BAD	fs, 4
	BAD	fs, 5
	BAD	fs, 6
snippet_fs_end:
