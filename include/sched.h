/*
 * The scheduler and kernel threads.
 *
 * Each CPU has a run queue: a lock, the task running now, and a FIFO of
 * runnable tasks waiting for the CPU.  The timer tick gives each task one
 * tick at a time when others wait (round robin); a task that sleeps or
 * yields gives the CPU up at once.  The idle task runs when nothing else
 * can, halting the CPU until the next interrupt.
 */
#ifndef SCHED_H
#define SCHED_H

#include "task.h"
#include "compiler.h"

/* Sets up CPU 0's run queue, with the boot context as its idle task. */
void sched_init(void);
/* Sets up this CPU's run queue with idle as its idle task (APs, at bring-up). */
void sched_init_cpu(int cpu, struct task *idle);
/* The idle loop: never returns. */
__noreturn void cpu_idle(void);

/*
 * Makes a sleeping task runnable on its CPU, kicking that CPU if it is not
 * this one.  Returns false if the task was not sleeping.  Any context.
 */
bool wake_up_process(struct task *t);
/* Gives up the CPU to any runnable task on it.  May sleep. */
void yield(void);
/* From the tick: lets the next task run if one is waiting. */
void scheduler_tick(void);
/* From the interrupt exit path: switches if preemption is due. */
void preempt_schedule_irq(void);

/*
 * Creates a kernel thread that will run fn(arg) on cpu (-1: any online CPU,
 * chosen round robin), named from fmt.  It does not run until
 * wake_up_process(); kthread_run() does both.  Returns NULL if memory ran
 * out.  Every kthread must be reaped with kthread_stop().  Does not sleep.
 */
__printf(4, 5) struct task *kthread_create_on_cpu(int (*fn)(void *), void *arg, int cpu,
						  const char *fmt, ...);
#define kthread_create(fn, arg, ...) kthread_create_on_cpu(fn, arg, -1, __VA_ARGS__)
#define kthread_run(fn, arg, ...) ({						\
	struct task *__t = kthread_create(fn, arg, __VA_ARGS__);		\
	if (__t)								\
		wake_up_process(__t);						\
	__t;									\
})
#define kthread_run_on_cpu(fn, arg, cpu, ...) ({				\
	struct task *__t = kthread_create_on_cpu(fn, arg, cpu, __VA_ARGS__);	\
	if (__t)								\
		wake_up_process(__t);						\
	__t;									\
})

/*
 * Asks t to stop (kthread_should_stop() turns true), wakes it, waits until
 * it has exited, frees it and returns its exit code.  A thread that never
 * ran exits without calling its function (-EINTR).  May sleep.
 */
int kthread_stop(struct task *t);
/*
 * Creates a task that runs a user program: in ring 3, in address space mm
 * (taking over the caller's mm_users reference; on NULL the caller keeps
 * it), from ip with stack pointer sp, every other register 0, on cpu (-1:
 * any).  Like kthread_create it shares its creator's descriptor table,
 * waits for wake_up_process, and is reaped with kthread_stop, which
 * returns its exit status as wait4 encodes it.  Returns NULL if memory ran
 * out.  Does not sleep.
 */
struct mm_struct;
struct task *user_thread_create(struct mm_struct *mm, unsigned long ip, unsigned long sp, int cpu,
				const char *name);
/* Sets t's interruption flag and wakes it (see signal_pending, task.h).  Any context. */
void signal_task(struct task *t);
bool kthread_should_stop(void);
/* Ends the current kthread with code (also what returning from fn does): do_exit. */
__noreturn void kthread_exit(int code);
/* Tasks allocated and not yet freed (the "tasks" leak counter), for tests. */
long nr_tasks_live(void);

/*
 * Processes (docs/processes.md).  A task made by user_thread_create or
 * fork/vfork/clone is a process: it has a pid on the process list, a
 * process group and a session.  One made by user_thread_create has no
 * parent (kthread_stop reaps it, as any kthread) and leads a new session
 * and group of its own; a forked one has its creator as parent, which
 * reaps it with wait4.
 *
 * tasklist_lock guards the process list, every parent/children link,
 * pgid, sid, exit_state and the child reaper.  Take it with
 * spin_lock_irqsave (kill_pgrp may come from an interrupt).  Lock order:
 * tasklist_lock, then a task's siglock, then wait-queue and run-queue
 * locks.
 */
extern spinlock_t tasklist_lock;

/*
 * Makes t (a process) the child reaper, "init": orphans are re-parented
 * to it, and when it exits every process descended from it is killed
 * (SIGKILL) and reaped by the kernel, so nothing is left behind.  With no
 * reaper (before init starts, and in self-tests) orphans are reaped by
 * the kernel when they exit.  t must be a process (user_thread_create or
 * fork made it), not yet exited; NULL clears it.  Any context but irq.
 */
void set_child_reaper(struct task *t);
/*
 * Makes t, a kernel thread that has not run yet and will execve the first
 * program, a process with no parent (its creator reaps it with
 * kthread_stop), leading a session and group of its own, and the child
 * reaper, with pid INIT_PID as in Linux.  Once per boot: for
 * kernel/init/init.c.  Any context but irq.
 */
#define INIT_PID	1
void init_process_attach(struct task *t);
/* The child reaper, or NULL. */
struct task *child_reaper(void);

/*
 * The current task lets go of its address space: called by do_exit and by
 * execve (before it replaces the old mm, while current->mm is still the
 * old one), with t == current, process context, no locks held.  It writes
 * 0 to the clear_child_tid address (set_tid_address, CLONE_CHILD_CLEARTID)
 * if one is set and forgets it, and wakes a vfork parent waiting for this
 * child.  Called from execve (t not exiting; after exec's point of no
 * return) it also marks t as having execed (setpgid's EACCES), resets
 * caught signals to SIG_DFL (flush_signal_handlers, signal.h) and forgets
 * the robust list.  May sleep (the user write may fault).
 */
void mm_release(struct task *t);

/*
 * The session of process group pgid (for the tty's TIOCSPGRP: a group in
 * another session is EPERM), or -ESRCH if no process is in the group.
 * Any context.
 */
int session_of_pgrp(int pgid);

/*
 * The process with this pid (a zombie too), or NULL.  tasklist_lock held:
 * the task stays valid only while it is.
 */
struct task *find_process(int pid);

#endif
