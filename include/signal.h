/*
 * Signals and the way back to user mode (kernel/sched/signal.c; the
 * process model is in docs/processes.md).
 *
 * Each process has, under its siglock, a set of pending signals, a set of
 * blocked ones (rt_sigprocmask) and an action per signal (rt_sigaction).
 * kill(2), kill_pgrp and a child's exit make a signal pending; it is acted
 * on where Linux acts on it, on the task's way back to ring 3
 * (exit_to_user_mode), unless blocked:
 *
 *   - SIG_IGN, or SIG_DFL of a signal whose default is to ignore it
 *     (SIGCHLD, SIGURG, SIGWINCH, SIGCONT): nothing happens; an ignored
 *     signal that is not blocked is dropped when sent, as in Linux;
 *   - SIG_DFL of any other: the process exits, killed by the signal
 *     (wait4's status is the signal number; no core dumps);
 *   - a handler: it runs, on a Linux-compatible signal frame
 *     (arch/x86_64/signal.c), with the signal and the action's mask
 *     blocked (the signal not, with SA_NODEFER); SA_RESETHAND resets the
 *     action first.  It returns through its sa_restorer and rt_sigreturn.
 *     A frame that cannot be written (bad stack, no SA_RESTORER) kills
 *     the process with SIGSEGV.
 *
 * The stop signals (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) do not stop: with
 * SIG_DFL they are ignored, another deliberate limit (no job control yet).
 *
 * Fatal signals the kernel forces (SIGKILL, a fault in user code) bypass
 * all of that: task->fatal_signal is set once, the first one wins, and
 * the task dies of it on its way out.  The kernel's own interruption flag
 * (signal_task, signal_pending) is set whenever a signal is made
 * deliverable, so an interruptible sleep returns -EINTR; it is cleared on
 * the way back to user mode once nothing deliverable is left.
 */
#ifndef SIGNAL_H
#define SIGNAL_H

#include "task.h"
#include "uaccess.h"

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGWINCH	28

#define SIG_DFL		0UL
#define SIG_IGN		1UL

/* sigaction flags, Linux's x86_64 values. */
#define SA_NOCLDSTOP	0x00000001UL
#define SA_NOCLDWAIT	0x00000002UL
#define SA_SIGINFO	0x00000004UL
#define SA_RESTORER	0x04000000UL
#define SA_ONSTACK	0x08000000UL
#define SA_RESTART	0x10000000UL
#define SA_NODEFER	0x40000000UL
#define SA_RESETHAND	0x80000000UL

/* rt_sigprocmask's how. */
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* A signal's bit in a sigset. */
#define sigmask(sig)	(1ULL << ((sig) - 1))

/*
 * Forces sig on t (a user task), as SIGKILL: the first forced signal
 * wins; t is woken from an interruptible sleep and, if it is running on
 * another CPU, kicked into the kernel so it dies promptly.  Ignores t's
 * actions and mask.  The caller keeps t alive.  Any context.
 */
void kill_task(struct task *t, int sig);
/* A fault in the current task's user code: it dies with sig on its way out.  Any context. */
void force_sig(int sig);
/*
 * Sends sig to t as the kernel's own sender (SIGPIPE from a write to a
 * broken pipe): acted on per t's action and mask like kill(2)'s signals.
 * A task that is not a process (a kernel thread, an io_uring worker)
 * takes no signals: nothing happens.  The caller keeps t alive.  Never
 * sleeps; not from interrupt handlers.
 */
void send_sig(int sig, struct task *t);
/*
 * Sends sig to every process in group pgid, as kill(-pgid, sig) does: for
 * the tty's Ctrl-C (SIGINT), Ctrl-\ (SIGQUIT) and SIGWINCH.  sig 0 only
 * checks that the group exists.  Returns 0, -ESRCH if no process is in
 * the group, -EINVAL for a bad signal.  Any context, interrupts included;
 * never sleeps.
 */
int kill_pgrp(int pgid, int sig);
/*
 * The last step before ring 3, interrupts off (entry code only): runs the
 * scheduler while a reschedule is due, acts on deliverable signals, and
 * exits the task if a signal is fatal.  Returns with interrupts off.
 */
void exit_to_user_mode(void);
/*
 * execve (through mm_release): every caught signal goes back to SIG_DFL,
 * ignored ones stay ignored; the mask and pending signals are kept, as
 * POSIX says.  t is current.  Process context.
 */
void flush_signal_handlers(struct task *t);
/*
 * Sets the current task's blocked set (SIGKILL and SIGSTOP are left
 * out), as rt_sigreturn restores it; a signal it unblocks is acted on at
 * the exit to ring 3.  Process context.
 */
void set_current_blocked(uint64_t set);
/*
 * The temporary mask of ppoll and io_uring_enter (Linux's
 * set_user_sigmask): with umask non-NULL, saves the current blocked set
 * and blocks *umask instead until restore_saved_sigmask_unless.  0 (umask
 * NULL: nothing done), -EINVAL (sigsetsize is not 8), -EFAULT.  Process
 * context.
 */
int set_user_sigmask(const uint64_t __user *umask, size_t sigsetsize);
/*
 * Ends set_user_sigmask's window: the saved mask comes back now, unless
 * the call was interrupted (-EINTR): then a handler runs under the
 * temporary mask first and the exit to ring 3 restores it.  Does nothing
 * if no mask is saved.  Process context.
 */
void restore_saved_sigmask_unless(bool interrupted);
/*
 * arch/x86_64/signal.c: makes the current task's user registers enter
 * ka's handler for sig on a signal frame that saves them, its FPU state
 * and oldmask (the mask to restore).  0, or -EFAULT if the frame could not
 * be written or there is no SA_RESTORER (the caller then kills with
 * SIGSEGV).  Process context, on the way back to ring 3.
 */
int setup_rt_frame(int sig, const struct k_sigaction *ka, uint64_t oldmask);
/* Ends the current task with exit status code (wait4's encoding).  May sleep. */
__noreturn void do_exit(long code);

#endif
