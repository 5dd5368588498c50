/*
 * Assembler macros shared by the interrupt entry (entry.S) and the
 * system-call entry (entry_syscall.S): saving and restoring the general
 * registers as the top of a struct pt_regs (<asm/ptrace.h>).  Both entries
 * use the same two macros, so both build the same frame and either can
 * leave through the other's exit.  Assembler only.
 */
#ifndef ASM_CALLING_H
#define ASM_CALLING_H

/* Offsets into struct pt_regs, for the assembler. */
#define PTREGS_RCX	(11 * 8)
#define PTREGS_RIP	(17 * 8)
#define PTREGS_CS	(18 * 8)
#define PTREGS_RSP	(20 * 8)
#define PTREGS_SIZE	(22 * 8)

/* Pushes RDI..R15: the struct pt_regs fields below orig_ax, in reverse. */
.macro PUSH_REGS
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

/* Undoes PUSH_REGS: RSP is left at orig_ax/vector. */
.macro POP_REGS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
.endm

#endif
