/*
 * Tasks: kernel threads, user threads (a kernel thread that entered ring 3
 * to run a program: user_thread_create, sched.h) and each CPU's idle task.
 * A user thread, or a task fork made, is a process (docs/processes.md).
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
#include "spinlock.h"
#include "workqueue.h"
#include <asm/processor.h>

#define TASK_COMM_LEN 16

enum task_state {
	TASK_RUNNING,		/* running or on its run queue */
	TASK_SLEEPING,		/* waiting for a wake_up_process() */
	TASK_DEAD,		/* exited; its reaper frees it (kthread_stop, wait4, autoreap) */
};

/* A process's place between exit and being freed (exit_state, under tasklist_lock). */
enum exit_state {
	EXIT_NONE,		/* alive */
	EXIT_ZOMBIE,		/* exited; keeps its status until reaped */
	EXIT_DEAD,		/* taken by its reaper, about to be freed */
};

#define _NSIG		64	/* signals 1.._NSIG, bit sig - 1 of a sigset */

/* What a process does with one signal (rt_sigaction's struct, Linux's x86_64 layout). */
struct k_sigaction {
	unsigned long handler;	/* SIG_DFL 0, SIG_IGN 1, or a user address */
	unsigned long flags;	/* SA_* */
	unsigned long restorer;	/* SA_RESTORER: where the handler returns to */
	uint64_t mask;		/* blocked while the handler runs */
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
	bool restore_sigmask;		/* rt_sigsuspend: saved_sigmask goes back once a signal is taken */
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
	struct syscall_counts *syscall_counts;	/* syscall_stats.h: NULL unless counting */
	bool sigpending;		/* signal_task() was called: interruptible waits return -EINTR */
	int fail_nth;			/* fault injection: fail this many allocations from now */
	unsigned long addr_limit;	/* user accesses stay below it: get_fs/set_fs (uaccess.h) */
	int fatal_signal;		/* ends the task on its way back to ring 3 (signal.h); 0: none */
	int exit_state;			/* enum exit_state (processes, below; tasklist_lock) */
	struct thread_struct thread;	/* user CPU state: FPU, FS base (<asm/processor.h>) */

	/*
	 * Processes (kernel/sched/fork.c, exit.c, pid.c; docs/processes.md).
	 * A task made by user_thread_create or fork is a process: it is on
	 * the process list and has a process group and session.  The links
	 * and IDs change under tasklist_lock (sched.h).
	 */
	struct task *parent;		/* waits for it; NULL: reaped by kthread_stop or autoreap */
	struct list_head children;	/* its children, by sibling */
	struct list_head sibling;
	struct list_head tasks;		/* in the process list */
	struct wait_queue_head wait_chldexit;	/* wait4 sleeps here until a child exits */
	struct completion *vfork_done;	/* a vfork child: wakes the parent at exit/exec */
	unsigned long set_child_tid;	/* user int *, CLONE_CHILD_SETTID: the child writes its tid */
	unsigned long clear_child_tid;	/* user int *, set_tid_address: zeroed at exit and exec */
	unsigned long robust_list;	/* set_robust_list: recorded (no futexes) */
	struct work_struct reap_work;	/* autoreap: frees the task once it is off its stack */
	int exit_signal;		/* sent to the parent at exit (clone's CSIGNAL); 0: none */
	int pgid, sid;
	bool is_process;
	bool exiting;			/* in do_exit: mm_release is not exec's */
	bool did_exec;			/* setpgid's EACCES: the child has execed */
	bool autoreap;			/* no one will wait: freed by the kernel once dead */

	/* Signals (kernel/sched/signal.c): under siglock. */
	spinlock_t siglock;
	uint64_t sig_pending;		/* bit sig - 1: sent, not yet delivered */
	uint64_t sig_blocked;		/* rt_sigprocmask */
	uint64_t saved_sigmask;		/* rt_sigsuspend: the caller's mask */
	struct k_sigaction action[_NSIG];
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
 * The kernel's interruption flag.  signal_task() (sched.h) sets it and
 * wakes the task; wait_event_interruptible() (wait.h) then returns
 * -EINTR.  A kernel thread clears it when it has handled it; for a
 * process it means "a signal is deliverable" (signal.h), and the way
 * back to ring 3 clears it once none is left.
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
