/*
 * struct pt_regs: the register frame the entry code builds on the kernel
 * stack for every interrupt, exception and system call.  The order matches
 * the pushes (last pushed first; <asm/calling.h> PUSH_REGS), ending with
 * the five words of the IRET frame: the CPU pushes them for an interrupt,
 * entry_SYSCALL_64 pushes the same five by hand so that both kinds of
 * frame are one shape and either can return by IRET.
 *
 * A task that runs user code keeps its user registers in the pt_regs at
 * the very top of its kernel stack (task_pt_regs, <asm/processor.h>): the
 * CPU switches to that top (TSS.RSP0, or entry_SYSCALL_64 by hand) each
 * time it leaves ring 3, so the frame always lands in the same place.
 */
#ifndef PTRACE_H
#define PTRACE_H

#include <stdint.h>
#include <stdbool.h>

struct pt_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10;
	uint64_t r9, r8, rax, rcx, rdx, rsi, rdi;
	union {
		uint64_t vector;	/* interrupts: pushed by the stub */
		uint64_t orig_ax;	/* system calls: the number asked for (RAX at entry) */
	};
	uint64_t error_code;	/* pushed by the CPU, or 0 by the stub or syscall entry */
	uint64_t rip, cs, rflags, rsp, ss;	/* the IRET frame */
};

/* The frame was saved in ring 3: the code it returns to is a user program. */
static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

#endif
