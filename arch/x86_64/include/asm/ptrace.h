/*
 * struct pt_regs: the register frame that entry.S builds on the stack for
 * every interrupt and exception.  The order matches the pushes in entry.S
 * (last pushed first), ending with the frame the CPU itself pushes.
 */
#ifndef PTRACE_H
#define PTRACE_H

#include <stdint.h>

struct pt_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10;
	uint64_t r9, r8, rax, rcx, rdx, rsi, rdi;
	uint64_t vector;	/* pushed by the stub */
	uint64_t error_code;	/* pushed by the CPU, or 0 by the stub */
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

#endif
