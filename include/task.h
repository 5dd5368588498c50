/*
 * Tasks: kernel threads, user threads (a kernel thread that entered ring 3
 * to run a program: user_thread_create, sched.h) and each CPU's idle task.
 *
 * A task lives on one CPU for its whole life (its run queue), so the
 * scheduler needs no load balancing and a task's stack is only ever used by
 * one CPU.  The boot CPU's boot context becomes its idle task, "swapper/0",
 * PID 0, as in Linux; other CPUs' idle tasks are swapper/N.
 */
#ifndef TASK_H
#define TASK_H

#include "percpu.h"
#include "list.h"
#include "wait.h"
#include "atomic.h"
#include <asm/processor.h>

#define TASK_COMM_LEN 16

enum task_state {
	TASK_RUNNING,		/* running or on its run queue */
	TASK_SLEEPING,		/* waiting for a wake_up_process() */
	TASK_DEAD,		/* exited; its kthread_stop() frees it */
};

struct task {
	unsigned long rsp;		/* saved by __switch_to: must stay first */
	int pid;
	char comm[TASK_COMM_LEN];
	unsigned long stack_top;	/* highest address of its kernel stack */
	unsigned long stack_size;
	int state;			/* enum task_state; changes under the rq lock or by current */
	int cpu;			/* the CPU it runs on, for life */
	struct list_head run_node;	/* in its run queue while runnable and not running */
	bool on_rq;
	unsigned long nr_switches;	/* times it was switched in */

	/* kernel threads */
	int (*fn)(void *);
	void *arg;
	int exit_code;
	bool should_stop;
	struct completion exited;

	struct files_struct *files;	/* its descriptor table (shared, counted), or NULL */
	struct fs_struct *fs;		/* cwd and umask (file.h; counted), NULL: "/", 022 */
	struct mm_struct *mm;		/* its address space, or NULL: a kernel thread (vm.h) */
	bool sigpending;		/* signal_task() was called: interruptible waits return -EINTR */
	int fail_nth;			/* fault injection: fail this many allocations from now */
	unsigned long addr_limit;	/* user accesses stay below it: get_fs/set_fs (uaccess.h) */
	int fatal_signal;		/* ends the task on its way back to ring 3 (signal.h); 0: none */
	struct thread_struct thread;	/* user CPU state: FPU, FS base (<asm/processor.h>) */
};

DECLARE_PER_CPU(struct task *, current_task);
#define current this_cpu_read(current_task)

extern struct task init_task;

/* Marks the current task about to sleep; it sleeps at the next schedule(). */
static inline void set_current_state(int state)
{
	WRITE_ONCE(current->state, state);
	smp_mb();
}

/*
 * ringlet's only signal: an interruption flag.  signal_task() (sched.h)
 * sets it and wakes the task; wait_event_interruptible() (wait.h) then
 * returns -EINTR.  The task clears it when it has handled it.
 */
static inline bool signal_pending(struct task *t)
{
	return READ_ONCE(t->sigpending);
}

static inline void clear_signal(void)
{
	WRITE_ONCE(current->sigpending, false);
}

#endif
