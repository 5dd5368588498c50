/*
 * Fatal signals, and the last step before ring 3 (see include/signal.h).
 *
 * A signal is acted on where Linux acts on it: on the task's way back to
 * user mode, in exit_to_user_mode, which every return to ring 3 passes
 * (the system-call exit, the interrupt and exception exit, a task's first
 * entry).  So the sender never touches the target's state beyond one word:
 *
 *   - task->fatal_signal is set once, by compare-and-swap from 0: the
 *     first signal sent is the one the task dies of, whoever sends second;
 *   - a target asleep in the kernel is woken (signal_task, which also
 *     makes its interruptible wait return -EINTR) and reaches the exit;
 *   - a target running on another CPU, perhaps spinning in ring 3 where
 *     nothing else would bring it into the kernel soon, is sent a
 *     reschedule IPI: the interrupt's exit path is exit_to_user_mode.
 *     (The timer tick would get there too, a tick later.)  A target on
 *     this CPU is not running now, since the sender is: it passes the
 *     exit path before it next runs user code.
 */
#include "signal.h"
#include "sched.h"
#include "preempt.h"
#include "smp.h"
#include "atomic.h"
#include <asm/x86.h>

/* Records sig unless a signal is already pending; the first one wins. */
static void set_fatal_signal(struct task *t, int sig)
{
	int none = 0;

	try_cmpxchg(&t->fatal_signal, &none, sig);
}

void kill_task(struct task *t, int sig)
{
	set_fatal_signal(t, sig);
	signal_task(t);		/* ordered after the store: signal_task's full barrier */
	if (t->cpu != smp_processor_id())
		smp_send_reschedule(t->cpu);
}

void force_sig(int sig)
{
	set_fatal_signal(current, sig);
}

void exit_to_user_mode(void)
{
	for (;;) {
		int sig = READ_ONCE(current->fatal_signal);

		if (sig) {
			local_irq_enable();	/* do_exit sleeps: it frees the address space */
			do_exit(sig);		/* wait4's status for "killed by sig" */
		}
		if (!need_resched())
			return;
		preempt_schedule_irq();		/* a program is always preemptible */
	}
}
