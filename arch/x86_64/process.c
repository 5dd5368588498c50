/*
 * A task's user-mode CPU state: its first entry into ring 3, and what the
 * context switch swaps besides the stack (Linux's process_64.c).
 *
 * Entering ring 3.  Every task's kernel stack keeps room for a struct
 * pt_regs at its top (task_pt_regs); a task that will run a program gets
 * its user registers there (start_thread) and reaches ring 3 through the
 * interrupt exit (ret_to_user, entry_syscall.S): the IRET frame in that
 * pt_regs names the user RIP, RSP, the user selectors and RFLAGS with IF
 * set, so interrupts come back on exactly as the program starts.
 *
 * The context switch (__switch_to_xtra, interrupts off):
 *   - prev, if a user task: FXSAVE its FPU/SSE registers and read back its
 *     FS base (a program can change FS base without us: loading a selector
 *     into %fs resets it);
 *   - next, if a user task: FXRSTOR its registers and write its FS base.
 *     A kernel thread touches neither, so switching to one and back to the
 *     same program reloads the same values, which costs little and keeps
 *     one rule;
 *   - every switch: the stack the CPU enters from ring 3 becomes next's
 *     top, in TSS.RSP0 for interrupts and cpu_current_top_of_stack for
 *     entry_SYSCALL_64, which has no TSS stack switch.
 *
 * fork (copy_thread) gives the child the parent's user registers, with
 * RAX 0 and perhaps a new stack, and its FPU state and FS base, read from
 * the CPU where the parent, which is running, keeps them.
 *
 * arch_prctl(ARCH_SET_FS/ARCH_GET_FS) sets and reads the live FS base.
 */
#include <asm/processor.h>
#include <asm/boot_defs.h>
#include <asm/gdt.h>
#include <asm/x86.h>
#include "task.h"
#include "errno.h"
#include "uaccess.h"
#include "syscalls.h"
#include "percpu.h"

/* The running task's kernel-stack top: entry_SYSCALL_64 switches to it. */
DEFINE_PER_CPU(unsigned long, cpu_current_top_of_stack);
/* entry_SYSCALL_64 parks the user RSP here while it has no stack. */
DEFINE_PER_CPU(unsigned long, cpu_user_rsp_scratch);

#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	*regs = (struct pt_regs){
		.rip = ip,
		.cs = __USER_CS,
		.rflags = X86_EFLAGS_IF,	/* DF, AC, TF and the rest clear */
		.rsp = sp,
		.ss = __USER_DS,
	};
}

void arch_setup_user_thread(struct task *t)
{
	fpu_init_state(&t->thread.fpu);
	t->thread.fsbase = 0;
	t->thread.user = true;
}

void copy_thread(struct task *child, unsigned long sp, unsigned long tls, bool set_tls)
{
	struct pt_regs *regs = task_pt_regs(child);
	unsigned long flags;

	*regs = *task_pt_regs(current);
	regs->rax = 0;				/* fork returns 0 in the child */
	if (sp)
		regs->rsp = sp;
	/* The parent's FPU state is live in the registers: it is in the kernel, which never uses them. */
	flags = local_irq_save();
	fpu_save(&child->thread.fpu);
	local_irq_restore(flags);
	child->thread.fsbase = set_tls ? tls : rdmsr(MSR_FS_BASE);
	child->thread.user = true;
}

void __switch_to_xtra(struct task *prev, struct task *next)
{
	if (prev->thread.user) {
		fpu_save(&prev->thread.fpu);
		prev->thread.fsbase = rdmsr(MSR_FS_BASE);
	}
	if (next->thread.user) {
		fpu_restore(&next->thread.fpu);
		wrmsr(MSR_FS_BASE, next->thread.fsbase);
	}
	load_sp0(next->stack_top);
	this_cpu_write(cpu_current_top_of_stack, next->stack_top);
}

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	unsigned long base;

	switch (option) {
	case ARCH_SET_FS:
		/* Linux's check: a base at or above TASK_SIZE_MAX would fault in the kernel's wrmsr. */
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		/* While the task runs the MSR is its FS base; a switch saves it from there. */
		wrmsr(MSR_FS_BASE, arg2);
		return 0;
	case ARCH_GET_FS:
		base = rdmsr(MSR_FS_BASE);
		return copy_to_user((unsigned long __user *)arg2, &base, sizeof(base)) ? -EFAULT :
											 0;
	default:
		return -EINVAL;
	}
}
