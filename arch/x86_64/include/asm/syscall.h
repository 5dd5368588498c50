/*
 * The system-call entry's C side (syscall.c) and the table of names.
 */
#ifndef ASM_SYSCALL_H
#define ASM_SYSCALL_H

#include <stdbool.h>
#include <asm/ptrace.h>

/* Linux 6.1's x86_64 numbers run from 0 to 450. */
#define NR_syscalls	451

/* Linux's name for each number, or NULL for a number Linux leaves unused. */
extern const char *const syscall_names[NR_syscalls];

/* Points SYSCALL at entry_SYSCALL_64 on this CPU (MSRs).  Once per CPU at bring-up. */
void syscall_init_cpu(void);
/*
 * Runs the system call regs->orig_ax with interrupts on, leaves its result
 * in regs->rax, and returns with interrupts off and the task ready for
 * ring 3: true if SYSRET may return to regs, false if it must be IRET.
 * Only entry_SYSCALL_64 calls it.
 */
bool do_syscall_64(struct pt_regs *regs);
/*
 * True if SYSRET would return exactly to regs, and safely: RCX = RIP,
 * R11 = RFLAGS, the user selectors, RIP below TASK_SIZE_MAX, no RF/TF.
 */
bool syscall_can_sysret(const struct pt_regs *regs);

#endif
