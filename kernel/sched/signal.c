/*
 * Signals, and the last step before ring 3 (see include/signal.h).
 *
 * Sending.  A sender holds tasklist_lock (which keeps the target from
 * being freed) and takes the target's siglock to look at its action and
 * mask and set the pending bit.  A signal the target ignores and does not
 * block is dropped there; one it blocks waits in pending until
 * rt_sigprocmask unblocks it.  A deliverable one wakes the target
 * (signal_task: an interruptible sleep returns -EINTR) and, if the target
 * runs on another CPU, perhaps spinning in ring 3 where nothing else
 * would bring it into the kernel soon, a reschedule IPI makes it pass
 * exit_to_user_mode at once.  (The timer tick would, a tick later.)
 *
 * Acting.  Every return to ring 3 passes exit_to_user_mode (the system-
 * call exit, the interrupt and exception exit, a task's first entry).
 * There the task takes its lowest deliverable signal off pending, under
 * its own siglock, and does what its action says: nothing, exit, or
 * enter a handler on a signal frame (setup_rt_frame, arch/x86_64/
 * signal.c), with the mask widened for the handler's run.  So a sender
 * never touches the target's registers, stack or mm.  A caught signal is
 * taken one per pass; the loop in exit_to_user_mode takes the next on
 * top of the first frame, as Linux nests handlers.
 *
 * Forced signals (SIGKILL, faults) keep their older, simpler path:
 * task->fatal_signal is set once, by compare-and-swap from 0, so the first
 * is the one the task dies of.
 */
#include "signal.h"
#include "sched.h"
#include "preempt.h"
#include "smp.h"
#include "atomic.h"
#include "errno.h"
#include "string.h"
#include "syscalls.h"
#include "internal.h"
#include <asm/x86.h>

#define SIG_KERNEL_ONLY	(sigmask(SIGKILL) | sigmask(SIGSTOP))
#define SIG_DEFAULT_IGNORE (sigmask(SIGCHLD) | sigmask(SIGURG) | sigmask(SIGWINCH) | sigmask(SIGCONT))
/* Their default is to stop the process: not supported, so ignored (signal.h). */
#define SIG_DEFAULT_STOP (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

/* Records sig unless a forced signal is already pending; the first one wins. */
static void set_fatal_signal(struct task *t, int sig)
{
	int none = 0;

	try_cmpxchg(&t->fatal_signal, &none, sig);
}

/* Wakes t to act on a signal: here at its next exit, elsewhere by an IPI. */
static void signal_wake(struct task *t)
{
	signal_task(t);		/* ordered after the caller's stores: a full barrier */
	if (t->cpu != smp_processor_id())
		smp_send_reschedule(t->cpu);
}

void kill_task(struct task *t, int sig)
{
	set_fatal_signal(t, sig);
	signal_wake(t);
}

void force_sig(int sig)
{
	set_fatal_signal(current, sig);
}

/* t would do nothing with sig: SIG_IGN, or SIG_DFL of an ignored or stop default.  siglock. */
static bool sig_ignored(struct task *t, int sig)
{
	unsigned long h = t->action[sig - 1].handler;

	if (h == SIG_IGN)
		return true;
	return h == SIG_DFL && (sigmask(sig) & (SIG_DEFAULT_IGNORE | SIG_DEFAULT_STOP));
}

bool sig_handler_ignored(struct task *t, int sig)
{
	unsigned long flags = spin_lock_irqsave(&t->siglock);
	bool ign = t->action[sig - 1].handler == SIG_IGN ||
		   (t->action[sig - 1].flags & SA_NOCLDWAIT);

	spin_unlock_irqrestore(&t->siglock, flags);
	return ign;
}

/*
 * Linux's SIGNAL_UNKILLABLE: init takes only the signals it has handlers
 * for.  A default action, SIGKILL's included, would end the whole system,
 * so a sent signal init has not asked for is dropped (faults in init
 * itself still kill it: force_sig does not come here).
 */
static bool init_ignores(struct task *t, int sig)
{
	return t == child_reaper() && READ_ONCE(t->action[sig - 1].handler) == SIG_DFL;
}

void send_signal(struct task *t, int sig)
{
	unsigned long flags;
	bool wake;

	if (t->exit_state != EXIT_NONE || init_ignores(t, sig))
		return;
	if (sig == SIGKILL) {
		kill_task(t, sig);
		return;
	}
	flags = spin_lock_irqsave(&t->siglock);
	wake = !(t->sig_blocked & sigmask(sig));
	if (!wake || !sig_ignored(t, sig))
		t->sig_pending |= sigmask(sig);
	else
		wake = false;
	spin_unlock_irqrestore(&t->siglock, flags);
	if (wake)
		signal_wake(t);
}

void copy_signals(struct task *child, struct task *parent)
{
	unsigned long flags = spin_lock_irqsave(&parent->siglock);

	memcpy(child->action, parent->action, sizeof(child->action));
	child->sig_blocked = parent->sig_blocked;
	child->sig_pending = 0;		/* pending signals are the parent's alone */
	spin_unlock_irqrestore(&parent->siglock, flags);
}

void send_sig(int sig, struct task *t)
{
	if (t->is_process)
		send_signal(t, sig);
}

/* kill(2)'s per-process step, after the target was found: Linux checks the signal here. */
static int check_and_send(struct task *t, int sig)
{
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (sig)
		send_signal(t, sig);
	return 0;
}

/* Every process in group pgid; tasklist_lock held. */
static int kill_pgrp_locked(int pgid, int sig)
{
	struct task *t;
	int err = -ESRCH;
	bool sent = false;

	list_for_each_entry(t, &process_list, tasks) {
		if (t->pgid != pgid)
			continue;
		err = check_and_send(t, sig);
		sent |= !err;
	}
	return sent ? 0 : err;
}

int kill_pgrp(int pgid, int sig)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	int ret = kill_pgrp_locked(pgid, sig);

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* kill(-1, sig): every process but init and the caller. */
static int kill_all_locked(int sig)
{
	struct task *t;
	int err = -ESRCH, count = 0, ret;

	list_for_each_entry(t, &process_list, tasks) {
		if (t == current || t == reaper)
			continue;
		count++;
		ret = check_and_send(t, sig);
		if (ret)
			err = ret;
		else if (err == -ESRCH)
			err = 0;
	}
	return count ? err : -ESRCH;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	unsigned long flags;
	struct task *t;
	int ret;

	if (pid == PID_INT_MIN)
		return -ESRCH;		/* -INT_MIN names no group */
	flags = spin_lock_irqsave(&tasklist_lock);
	if (pid > 0) {
		t = find_process(pid);
		ret = t ? check_and_send(t, sig) : -ESRCH;
	} else if (pid == -1) {
		ret = kill_all_locked(sig);
	} else {
		ret = kill_pgrp_locked(pid ? -pid : current->pgid, sig);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/*
 * tkill(2) and tgkill(2): a signal to one thread.  A ringlet process is
 * one thread, so tid names a process, and tgkill's tgid must be its own
 * pid (-ESRCH otherwise, as Linux for a thread of another group).  musl's
 * raise and abort use tkill, glibc's use tgkill.
 */
static long do_tkill(int tgid, int tid, int sig)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_process(tid);
	long ret = !t || (tgid > 0 && t->pid != tgid) ? -ESRCH : check_and_send(t, sig);

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tid <= 0 || tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	return do_tkill(0, tid, sig);
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
		struct k_sigaction __user *, oact, size_t, sigsetsize)
{
	struct task *t = current;
	struct k_sigaction new, old;
	unsigned long flags;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	if (sig < 1 || sig > _NSIG || (act && (sigmask(sig) & SIG_KERNEL_ONLY)))
		return -EINVAL;
	flags = spin_lock_irqsave(&t->siglock);
	old = t->action[sig - 1];
	if (act) {
		new.mask &= ~SIG_KERNEL_ONLY;
		t->action[sig - 1] = new;
		/* POSIX: setting an action that ignores a pending signal discards it. */
		if (sig_ignored(t, sig))
			t->sig_pending &= ~sigmask(sig);
	}
	spin_unlock_irqrestore(&t->siglock, flags);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t __user *, nset, uint64_t __user *, oset,
		size_t, sigsetsize)
{
	struct task *t = current;
	uint64_t old = READ_ONCE(t->sig_blocked), set;
	unsigned long flags;
	bool deliverable;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&set, nset, sizeof(set)))
			return -EFAULT;
		set &= ~SIG_KERNEL_ONLY;
		if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
			return -EINVAL;
		flags = spin_lock_irqsave(&t->siglock);
		old = t->sig_blocked;
		if (how == SIG_BLOCK)
			t->sig_blocked |= set;
		else if (how == SIG_UNBLOCK)
			t->sig_blocked &= ~set;
		else
			t->sig_blocked = set;
		deliverable = t->sig_pending & ~t->sig_blocked;
		spin_unlock_irqrestore(&t->siglock, flags);
		if (deliverable)
			WRITE_ONCE(t->sigpending, true);	/* acted on at the exit to ring 3 */
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * rt_sigpending(2): the signals pending because they are blocked.  Linux
 * takes any size up to its sigset's and copies that many bytes.
 */
SYSCALL_DEFINE2(rt_sigpending, uint64_t __user *, uset, size_t, sigsetsize)
{
	struct task *t = current;
	unsigned long flags;
	uint64_t set;

	if (sigsetsize > sizeof(set))
		return -EINVAL;
	flags = spin_lock_irqsave(&t->siglock);
	set = t->sig_pending & t->sig_blocked;
	spin_unlock_irqrestore(&t->siglock, flags);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* Sleeps until a signal is deliverable (or a forced one pending); -EINTR. */
static long sleep_until_signal(void)
{
	for (;;) {
		set_current_state(TASK_SLEEPING);
		if (signal_pending(current))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	return -EINTR;
}

SYSCALL_DEFINE0(pause)
{
	return sleep_until_signal();
}

/*
 * Waits for a signal with the mask set to *unewset for the wait; the
 * caller's mask comes back once the signal is taken (after its handler,
 * through the frame's saved mask).  Always -EINTR, as Linux's when a
 * handler ran.
 */
SYSCALL_DEFINE2(rt_sigsuspend, const uint64_t __user *, unewset, size_t, sigsetsize)
{
	struct task *t = current;
	uint64_t set;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&set, unewset, sizeof(set)))
		return -EFAULT;
	t->saved_sigmask = READ_ONCE(t->sig_blocked);
	t->restore_sigmask = true;
	set_current_blocked(set);
	return sleep_until_signal();
}

/*
 * Takes the lowest deliverable signal off pending and acts on it.
 * Interrupts on; returns only if the task lives on.
 */
static void do_signal(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&t->siglock);
	uint64_t ready = t->sig_pending & ~t->sig_blocked;
	struct k_sigaction ka;
	uint64_t oldmask;
	int sig;

	if (!ready) {
		spin_unlock_irqrestore(&t->siglock, flags);
		return;
	}
	sig = __builtin_ctzll(ready) + 1;
	t->sig_pending &= ~sigmask(sig);
	ka = t->action[sig - 1];
	oldmask = t->sig_blocked;
	if (ka.handler != SIG_DFL && ka.handler != SIG_IGN) {
		/* After rt_sigsuspend the handler's return restores the mask from before it. */
		if (t->restore_sigmask)
			oldmask = t->saved_sigmask;
		t->restore_sigmask = false;
		/* Blocked while the handler runs; rt_sigreturn restores oldmask. */
		t->sig_blocked |= ka.mask & ~SIG_KERNEL_ONLY;
		if (!(ka.flags & SA_NODEFER))
			t->sig_blocked |= sigmask(sig);
		if (ka.flags & SA_RESETHAND)
			t->action[sig - 1].handler = SIG_DFL;
	}
	spin_unlock_irqrestore(&t->siglock, flags);
	if (ka.handler == SIG_IGN)
		return;
	if (ka.handler == SIG_DFL) {
		if (!(sigmask(sig) & (SIG_DEFAULT_IGNORE | SIG_DEFAULT_STOP)))
			do_exit(sig);		/* wait4's status for "killed by sig" */
		return;
	}
	if (setup_rt_frame(sig, &ka, oldmask))
		force_sig(SIGSEGV);	/* no usable frame: Linux's answer too */
}

void flush_signal_handlers(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&t->siglock);

	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &t->action[i];

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
	spin_unlock_irqrestore(&t->siglock, flags);
}

void set_current_blocked(uint64_t set)
{
	struct task *t = current;
	unsigned long flags = spin_lock_irqsave(&t->siglock);
	bool deliverable;

	t->sig_blocked = set & ~SIG_KERNEL_ONLY;
	deliverable = t->sig_pending & ~t->sig_blocked;
	spin_unlock_irqrestore(&t->siglock, flags);
	if (deliverable)
		WRITE_ONCE(t->sigpending, true);	/* acted on at the exit to ring 3 */
}

int set_user_sigmask(const uint64_t __user *umask, size_t sigsetsize)
{
	struct task *t = current;
	uint64_t set;

	if (!umask)
		return 0;
	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&set, umask, sizeof(set)))
		return -EFAULT;
	t->saved_sigmask = READ_ONCE(t->sig_blocked);
	t->restore_sigmask = true;
	set_current_blocked(set);
	return 0;
}

void restore_saved_sigmask_unless(bool interrupted)
{
	struct task *t = current;

	/* Interrupted: the handler runs under the temporary mask, and the exit restores it. */
	if (interrupted || !t->restore_sigmask)
		return;
	t->restore_sigmask = false;
	set_current_blocked(t->saved_sigmask);
}

/* True if a signal is waiting to be acted on; interrupts off. */
static bool signal_ready(struct task *t)
{
	return READ_ONCE(t->sig_pending) & ~READ_ONCE(t->sig_blocked);
}

void exit_to_user_mode(void)
{
	struct task *t = current;

	for (;;) {
		int sig = READ_ONCE(t->fatal_signal);

		if (sig) {
			local_irq_enable();	/* do_exit sleeps: it frees the address space */
			do_exit(sig);		/* wait4's status for "killed by sig" */
		}
		if (signal_ready(t)) {
			local_irq_enable();
			do_signal(t);
			local_irq_disable();
			continue;
		}
		/* rt_sigsuspend's mask, if no handler took it back: the caller's again. */
		if (t->restore_sigmask) {
			local_irq_enable();
			t->restore_sigmask = false;
			set_current_blocked(t->saved_sigmask);
			local_irq_disable();
			continue;
		}
		/* Nothing left to act on: interruptible sleeps may sleep again. */
		if (READ_ONCE(t->sigpending)) {
			clear_signal();
			smp_mb();	/* the clear before the re-check: pairs with signal_task */
			continue;
		}
		if (!need_resched())
			return;
		preempt_schedule_irq();		/* a program is always preemptible */
	}
}
