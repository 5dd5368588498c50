/*
 * Fatal signals and the way back to user mode (kernel/sched/signal.c).
 *
 * ringlet has no signal handlers yet, so every signal it sends is fatal:
 * it is recorded in the task (task->fatal_signal) and acted on where Linux
 * delivers signals, on the task's way back to ring 3, which then never
 * happens: the task exits with the signal as its status.  The kernel's own
 * interruption flag (signal_task, signal_pending) is separate and older.
 */
#ifndef SIGNAL_H
#define SIGNAL_H

#include "task.h"

#define SIGILL		4
#define SIGFPE		8
#define SIGKILL		9
#define SIGSEGV		11

/*
 * Sends sig to t (a user task), as kill(2) will: the first signal sent
 * wins; t is woken from an interruptible sleep and, if it is running on
 * another CPU, kicked into the kernel so it dies promptly.  Any context.
 */
void kill_task(struct task *t, int sig);
/* A fault in the current task's user code: it dies with sig on its way out.  Any context. */
void force_sig(int sig);
/*
 * The last step before ring 3, interrupts off (entry code only): runs the
 * scheduler while a reschedule is due, and exits the task if a fatal
 * signal is pending.  Returns with interrupts off.
 */
void exit_to_user_mode(void);
/* Ends the current task with exit status code (wait4's encoding).  May sleep. */
__noreturn void do_exit(long code);

#endif
