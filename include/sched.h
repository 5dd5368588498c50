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

#endif
