/*
 * System calls: turning SYSCALL on, the dispatch, and when SYSRET is safe.
 *
 * The ABI is Linux's x86_64 one, so unmodified static binaries work: the
 * number in RAX, arguments in RDI, RSI, RDX, R10, R8, R9 (R10, not RCX:
 * SYSCALL itself overwrites RCX with the return address and R11 with
 * RFLAGS), the result or -errno in RAX, every other register preserved.
 * entry_SYSCALL_64 saves them all in the task's pt_regs and restores
 * them all, so "preserved" needs nothing here beyond writing only RAX.
 *
 * The number is looked at as a 32-bit value, as Linux does.  A number with
 * no handler returns -ENOSYS; the first call of each such number below
 * NR_syscalls is logged once, with Linux's name for it, so a program that
 * fails here says what it was missing.
 *
 * The way back.  SYSRET is faster than IRET but restores less: RIP from
 * RCX, RFLAGS from R11, and fixed user selectors.  So it is used only
 * when that is exactly the frame (syscall_can_sysret, Linux's checks):
 *   - RCX == RIP and R11 == RFLAGS: a kernel path that changed the return
 *     address or flags (execve's start_thread) must go by IRET;
 *   - CS and SS are the selectors SYSRET would load;
 *   - RIP < TASK_SIZE_MAX: Intel CPUs raise #GP on a non-canonical RCX
 *     *in ring 0*, after the stack is already the user's, which would let
 *     a program run a kernel fault handler on a stack it controls;
 *   - neither RF nor TF: SYSRET would mishandle them (a pending single
 *     step would trap on the first user instruction's boundary wrongly).
 * Everything else goes back through the interrupt exit's IRET.
 */
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <asm/boot_defs.h>
#include <asm/x86.h>
#include "syscalls.h"
#include "signal.h"
#include "errno.h"
#include "printk.h"
#include "atomic.h"
#include "syscall_stats.h"

extern char entry_SYSCALL_64[];

/*
 * Linux's FMASK: what SYSCALL clears.  IF keeps interrupts off until the
 * frame is built; DF because the kernel's string code assumes it clear;
 * AC because a program's AC would switch SMAP off in the kernel; TF so no
 * single step traps inside the entry; the arithmetic flags, NT, RF, IOPL
 * and ID so the kernel starts from a known RFLAGS.
 */
#define SYSCALL_MASK	(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | X86_EFLAGS_ZF |	\
			 X86_EFLAGS_SF | X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF |	\
			 X86_EFLAGS_OF | X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_RF |	\
			 X86_EFLAGS_AC | X86_EFLAGS_ID)

void syscall_init_cpu(void)
{
	/* SYSCALL loads CS from STAR[47:32] (SS = +8); SYSRET CS from STAR[63:48] + 16 (SS = +8). */
	wrmsr(MSR_STAR, ((uint64_t)__USER32_CS << 48) | ((uint64_t)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)entry_SYSCALL_64);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
	wrmsr(MSR_KERNEL_GS_BASE, 0);	/* every program's GS base: swapgs hands it over */
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/* The wrappers SYSCALL_DEFINEn made, each next to its system call. */
#define __SYSCALL(nr, name) long __x64_##name(const struct pt_regs *regs);
#include <asm/syscall_table.h>
#undef __SYSCALL

typedef long (*sys_call_ptr_t)(const struct pt_regs *regs);

static const sys_call_ptr_t sys_call_table[NR_syscalls] = {
#define __SYSCALL(nr, name) [nr] = __x64_##name,
#include <asm/syscall_table.h>
#undef __SYSCALL
};

/* One bit per number: its first unimplemented call has been logged. */
static atomic_long_t ni_logged[(NR_syscalls + 63) / 64];

static long ni_syscall(unsigned int nr)
{
	long bit = 1L << (nr % 64);
	const char *name;

	if (nr >= NR_syscalls)
		return -ENOSYS;
	/* fetch_or: of two CPUs making the same first call, exactly one logs it. */
	if (!(atomic_long_fetch_or(bit, &ni_logged[nr / 64]) & bit)) {
		name = syscall_names[nr] ? syscall_names[nr] : "(unused number)";
		pr_warn("ringlet: %s[%d] called unimplemented syscall %s (%u)\n", current->comm,
			current->pid, name, nr);
	}
	return -ENOSYS;
}

bool syscall_can_sysret(const struct pt_regs *regs)
{
	if (regs->rcx != regs->rip || regs->r11 != regs->rflags)
		return false;
	if (regs->cs != __USER_CS || regs->ss != __USER_DS)
		return false;
	if (regs->rip >= TASK_SIZE_MAX)
		return false;
	return !(regs->rflags & (X86_EFLAGS_RF | X86_EFLAGS_TF));
}

bool do_syscall_64(struct pt_regs *regs)
{
	unsigned int nr = (unsigned int)regs->orig_ax;

	local_irq_enable();	/* the frame is complete: interrupts may find it */
	syscall_stats_count(nr);
	if (nr < NR_syscalls && sys_call_table[nr])
		regs->rax = (uint64_t)sys_call_table[nr](regs);
	else
		regs->rax = (uint64_t)ni_syscall(nr);
	local_irq_disable();
	exit_to_user_mode();
	return syscall_can_sysret(regs);
}
