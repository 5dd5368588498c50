/*
 * A task's CPU state beyond its kernel stack: what a task running a user
 * program owns and the context switch swaps (Linux's thread_struct).
 *
 *   FPU/SSE   the x87, MMX and SSE registers and MXCSR, as FXSAVE lays them
 *             out (fpu.c).  The kernel is built -mgeneral-regs-only, so
 *             while a task is in the kernel its user values are still in
 *             the registers; only switching to another user task needs
 *             the save and restore.
 *   FS base   the program's thread pointer (arch_prctl(ARCH_SET_FS)); it
 *             lives in MSR_FS_BASE while the task runs.
 *   GS base   always 0 for programs: no ARCH_SET_GS and no FSGSBASE, so
 *             MSR_KERNEL_GS_BASE holds 0 on every CPU and needs no switch.
 *
 * The user registers themselves are in task_pt_regs(t), the struct pt_regs
 * at the top of the task's kernel stack (<asm/ptrace.h>).
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <stdint.h>
#include <stdbool.h>
#include <asm/ptrace.h>
#include "compiler.h"

/* The FXSAVE area (SDM vol. 1, 10.5.1): 512 bytes, 16-byte aligned. */
struct fxregs_state {
	uint16_t cwd;		/* x87 control word */
	uint16_t swd;		/* x87 status word */
	uint16_t twd;		/* abridged tag word: 0 = every register empty */
	uint16_t fop;
	uint64_t rip, rdp;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st_space[128];	/* ST0-7 / MM0-7, 16 bytes each */
	uint8_t xmm_space[256];	/* XMM0-15, 16 bytes each */
	uint8_t padding[96];
} __aligned(16);

struct thread_struct {
	struct fxregs_state fpu;	/* the user FPU state while switched out */
	unsigned long fsbase;		/* the user FS base while switched out */
	bool user;			/* runs a user program: FPU and FS base are switched */
};

/* The user registers of task t, at the top of its kernel stack. */
#define task_pt_regs(t)	((struct pt_regs *)(t)->stack_top - 1)

struct task;

/* ---- fpu.c ---- */

/* Enables SSE on this CPU (CR0.MP, CR4.OSFXSR/OSXMMEXCPT).  Once per CPU at bring-up. */
void fpu_init_cpu(void);
/* Fills fpu with the state a new program starts with (FCW 0x37f, MXCSR 0x1f80). */
void fpu_init_state(struct fxregs_state *fpu);
/* FXSAVE/FXRSTOR of this CPU's FPU registers.  Interrupts off (the context switch). */
void fpu_save(struct fxregs_state *fpu);
void fpu_restore(const struct fxregs_state *fpu);

/* ---- process.c ---- */

/*
 * Sets the user registers for a program's first instruction: RIP = ip,
 * RSP = sp, every general register 0, RFLAGS with only IF, the user
 * selectors.  For a task about to enter ring 3 (user_thread_create, and
 * next execve).
 */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);
/*
 * Makes t, which is not running, a user task: clean FPU state, FS base 0,
 * both switched from now on.
 */
void arch_setup_user_thread(struct task *t);
/*
 * fork/clone: makes child, which has not run, continue from the current
 * task's last entry from ring 3: the same user registers but RAX = 0 and,
 * if sp is nonzero, RSP = sp; a copy of the current FPU state; the
 * current FS base, or tls if set_tls (CLONE_SETTLS).  The current task
 * must be a user task in a system call.  Process context.
 */
void copy_thread(struct task *child, unsigned long sp, unsigned long tls, bool set_tls);
/*
 * The context switch's CPU-state part, with interrupts off, before the
 * stack switch: saves prev's user FPU and FS base, loads next's, and points
 * the ring-3 entries (TSS.RSP0, entry_SYSCALL_64) at next's stack top.
 */
void __switch_to_xtra(struct task *prev, struct task *next);
/* Enters ring 3 with the current task's pt_regs.  Does not return. */
__noreturn void ret_to_user(void);

#endif
