/*
 * Signal frames: running a program's signal handler and coming back
 * (rt_sigreturn), with Linux's x86_64 frame layout, so that musl's and
 * glibc's restorers and ucontext readers find what they expect.
 *
 * Delivery (setup_rt_frame, from exit_to_user_mode when a caught signal
 * is taken): below the interrupted stack pointer and its 128-byte red
 * zone, the kernel writes the FPU state (FXSAVE layout, 64-byte aligned)
 * and then a struct rt_sigframe: the return address (the action's
 * sa_restorer, which calls rt_sigreturn), a ucontext holding every user
 * register as it was (sigcontext), the mask to restore, and a siginfo.
 * It then points the user registers at the handler: RIP = handler, RSP =
 * the frame (so RSP + 8 is 16-byte aligned, as after a call), RDI = the
 * signal, RSI = &info, RDX = &uc, DF/TF/RF clear, a clean FPU.  The
 * frame goes through copy_to_user: a bad stack makes delivery fail and
 * the caller kills the process with SIGSEGV, as Linux does.  Without
 * SA_RESTORER there is nowhere to return to: that fails too (x86_64 Linux
 * demands a restorer).
 *
 * Return (rt_sigreturn): the handler's ret popped the return address, so
 * the frame is at RSP - 8.  The registers come back from the sigcontext,
 * but only the flags a program may set, and always the user selectors;
 * the FPU state comes back with MXCSR's reserved bits cleared (FXRSTOR
 * would fault on them); the mask comes back without SIGKILL and SIGSTOP.
 * A frame that cannot be read, or a RIP outside user space, is SIGSEGV.
 *
 * Limits: no sigaltstack (SA_ONSTACK runs on the current stack), no
 * restart of an interrupted system call (it returns -EINTR, as with
 * SA_RESTART unset), and siginfo carries only the signal number and
 * SI_USER (ringlet does not remember who sent a signal).
 */
#include "signal.h"
#include "sched.h"
#include "syscalls.h"
#include "string.h"
#include "errno.h"
#include <asm/processor.h>
#include <asm/gdt.h>
#include <asm/x86.h>

struct sigcontext64 {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	uint64_t eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;		/* user address of the FXSAVE image, 0: none */
	uint64_t reserved1[8];
};

struct user_stack {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
};

struct ucontext64 {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct user_stack uc_stack;
	struct sigcontext64 uc_mcontext;
	uint64_t uc_sigmask;
};

struct siginfo64 {
	int32_t si_signo, si_errno, si_code, pad;
	int32_t si_pid, si_uid;
	uint8_t rest[128 - 24];
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext64 uc;
	struct siginfo64 info;
};

#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4
#define SS_DISABLE		2
#define SI_USER			0
#define RED_ZONE		128
/* The flags a program may change through its saved context (Linux's FIX_EFLAGS). */
#define FIX_EFLAGS (X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_SF | \
		    X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | X86_EFLAGS_CF | X86_EFLAGS_RF)

/* The program's FPU registers, live in the CPU while its task is in the kernel. */
static void fpu_read_live(struct fxregs_state *fx)
{
	unsigned long flags = local_irq_save();

	fpu_save(fx);
	local_irq_restore(flags);
}

static void fpu_write_live(const struct fxregs_state *fx)
{
	unsigned long flags = local_irq_save();

	fpu_restore(fx);
	local_irq_restore(flags);
}

int setup_rt_frame(int sig, const struct k_sigaction *ka, uint64_t oldmask)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct fxregs_state fx, clean;
	struct rt_sigframe f;
	unsigned long fp, sp;

	if (!(ka->flags & SA_RESTORER))
		return -EFAULT;
	fp = (regs->rsp - RED_ZONE - sizeof(fx)) & ~63UL;
	sp = ((fp - sizeof(f)) & ~15UL) - 8;
	fpu_read_live(&fx);
	memset(fx.padding, 0, sizeof(fx.padding));	/* no XSAVE extension to describe */
	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.uc_stack.ss_flags = SS_DISABLE;
	f.uc.uc_mcontext = (struct sigcontext64){
		.r8 = regs->r8,
		.r9 = regs->r9,
		.r10 = regs->r10,
		.r11 = regs->r11,
		.r12 = regs->r12,
		.r13 = regs->r13,
		.r14 = regs->r14,
		.r15 = regs->r15,
		.rdi = regs->rdi,
		.rsi = regs->rsi,
		.rbp = regs->rbp,
		.rbx = regs->rbx,
		.rdx = regs->rdx,
		.rax = regs->rax,
		.rcx = regs->rcx,
		.rsp = regs->rsp,
		.rip = regs->rip,
		.eflags = regs->rflags,
		.cs = (uint16_t)regs->cs,
		.ss = (uint16_t)regs->ss,
		.oldmask = oldmask,
		.fpstate = fp,
	};
	f.uc.uc_sigmask = oldmask;
	f.info.si_signo = sig;
	f.info.si_code = SI_USER;
	if (copy_to_user((void __user *)fp, &fx, sizeof(fx)) ||
	    copy_to_user((void __user *)sp, &f, sizeof(f)))
		return -EFAULT;
	regs->rdi = (uint64_t)sig;
	regs->rsi = sp + offsetof(struct rt_sigframe, info);
	regs->rdx = sp + offsetof(struct rt_sigframe, uc);
	regs->rax = 0;
	regs->rsp = sp;
	regs->rip = ka->handler;
	regs->rflags &= ~(uint64_t)(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	fpu_init_state(&clean);		/* a handler starts with a clean FPU, as in Linux */
	fpu_write_live(&clean);
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct sigcontext64 *sc;
	struct fxregs_state fx, now;
	struct rt_sigframe f;

	if (copy_from_user(&f, (const void __user *)(regs->rsp - 8), sizeof(f)))
		goto bad;
	sc = &f.uc.uc_mcontext;
	if (sc->rip >= TASK_SIZE_MAX)
		goto bad;
	if (sc->fpstate) {
		if (copy_from_user(&fx, (const void __user *)sc->fpstate, sizeof(fx)))
			goto bad;
		fpu_read_live(&now);
		/* FXRSTOR faults on MXCSR bits outside the CPU's mask (0: the default). */
		fx.mxcsr &= now.mxcsr_mask ? now.mxcsr_mask : 0xffbf;
	} else {
		fpu_init_state(&fx);
	}
	regs->r8 = sc->r8;
	regs->r9 = sc->r9;
	regs->r10 = sc->r10;
	regs->r11 = sc->r11;
	regs->r12 = sc->r12;
	regs->r13 = sc->r13;
	regs->r14 = sc->r14;
	regs->r15 = sc->r15;
	regs->rdi = sc->rdi;
	regs->rsi = sc->rsi;
	regs->rbp = sc->rbp;
	regs->rbx = sc->rbx;
	regs->rdx = sc->rdx;
	regs->rax = sc->rax;
	regs->rcx = sc->rcx;
	regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~(uint64_t)FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->orig_ax = (uint64_t)-1;	/* not in a system call any more */
	fpu_write_live(&fx);
	set_current_blocked(f.uc.uc_sigmask);
	return (long)regs->rax;		/* do_syscall_64 stores it back into RAX */
bad:
	force_sig(SIGSEGV);
	return 0;
}
