/*
 * Kernel threads (see include/sched.h).
 *
 * A new thread's stack is built to look like a task that called
 * __switch_to: six zeroed callee-saved registers (RBP 0 ends backtraces)
 * under the address of ret_from_kthread, so the first switch to it
 * "returns" into kthread_main().  Above that frame, at the very top, is
 * room for a struct pt_regs (task_pt_regs): a task that runs a user
 * program keeps its user registers there, where the CPU's entries from
 * ring 3 build them.
 *
 * A user thread (user_thread_create) is a kernel thread whose function is
 * ret_to_user: it was given an address space, user registers and user
 * CPU state before it first ran, and enters ring 3 at once.  It comes
 * back into the kernel only through system calls, interrupts and faults,
 * and ends in do_exit like any thread.
 *
 * A thread's exit is two steps, because a task cannot free the stack it is
 * running on: do_exit() (exit.c) marks it dead and switches away for the
 * last time; the next task on that CPU signals t->exited
 * (finish_task_switch); kthread_stop(), waiting on exited, then frees
 * stack and task.
 */
#include "sched.h"
#include "slab.h"
#include "vmap.h"
#include "printf.h"
#include "string.h"
#include "smp.h"
#include "errno.h"
#include "atomic.h"
#include "ktest_leak.h"
#include "uaccess.h"
#include <asm/x86.h>
#include "file.h"
#include <asm/boot_defs.h>
#include <asm/processor.h>
#include "signal.h"
#include "vm.h"
#include "internal.h"

extern char ret_from_kthread[];

/* pid 1 is init's (init_process_attach): kernel threads count from 2. */
static atomic_t next_pid = ATOMIC_INIT(INIT_PID);
static atomic_long_t live_tasks;
KTEST_LEAK_COUNTER(live_tasks, "tasks");
static atomic_t next_cpu = ATOMIC_INIT(0);

struct task *kthread_create_on_cpu(int (*fn)(void *), void *arg, int cpu, const char *fmt, ...)
{
	struct task *t;
	unsigned long *sp;
	va_list ap;

	if (cpu < 0)
		cpu = nth_online_cpu((unsigned int)atomic_inc_return(&next_cpu));
	if (cpu >= NR_CPUS || !cpu_online(cpu))
		return NULL;
	t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	sp = vmap_stack_alloc();
	if (!sp) {
		kfree(t);
		return NULL;
	}
	t->stack_top = (unsigned long)sp;
	t->stack_size = THREAD_SIZE;
	sp = (unsigned long *)task_pt_regs(t);	/* the user registers' place */
	*--sp = 0;				/* keeps RSP 16-byte aligned for the calls */
	*--sp = 0;
	*--sp = (unsigned long)ret_from_kthread;
	for (int i = 0; i < 6; i++)
		*--sp = 0;			/* rbp rbx r12 r13 r14 r15 */
	t->rsp = (unsigned long)sp;
	t->pid = atomic_inc_return(&next_pid);
	va_start(ap, fmt);
	vsnprintf(t->comm, sizeof(t->comm), fmt, ap);
	va_end(ap);
	t->state = TASK_SLEEPING;		/* runs at its first wake_up_process() */
	t->cpu = cpu;
	t->fn = fn;
	t->arg = arg;
	INIT_LIST_HEAD(&t->run_node);
	init_completion(&t->exited);
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->tasks);
	init_waitqueue_head(&t->wait_chldexit);
	spin_lock_init(&t->siglock, "siglock");
	t->addr_limit = KERNEL_DS.seg;	/* a kernel thread, whatever its creator's limit */
	if (current->files)
		t->files = files_get(current->files);	/* threads share their creator's fds */
	if (current->fs)
		t->fs = fs_get(current->fs);	/* and its directory and umask (CLONE_FS) */
	atomic_long_inc(&live_tasks);
	return t;
}

/* Runs on the new thread's stack, from ret_from_kthread. */
__noreturn void kthread_main(void)
{
	struct task *t = current;
	int code = -EINTR;

	if (!READ_ONCE(t->should_stop))
		code = t->fn(t->arg);
	kthread_exit(code);
}

void kthread_exit(int code)
{
	do_exit(code);
}

/* A user thread's function: into ring 3 with the registers start_thread set. */
static int run_user(void *unused)
{
	(void)unused;
	ret_to_user();
}

struct task *user_thread_create(struct mm_struct *mm, unsigned long ip, unsigned long sp, int cpu,
				const char *name)
{
	struct task *t = kthread_create_on_cpu(run_user, NULL, cpu, "%s", name);
	unsigned long flags;

	if (!t)
		return NULL;
	t->mm = mm;	/* the scheduler loads it when t first runs */
	t->addr_limit = USER_DS.seg;
	arch_setup_user_thread(t);
	start_thread(task_pt_regs(t), ip, sp);
	flags = spin_lock_irqsave(&tasklist_lock);
	process_attach(t, NULL);	/* a process of its own: no parent, kthread_stop reaps it */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return t;
}

bool kthread_should_stop(void)
{
	return READ_ONCE(current->should_stop);
}

void release_task(struct task *t)
{
	unsigned long flags;

	if (t->is_process) {
		flags = spin_lock_irqsave(&tasklist_lock);
		list_del_init(&t->tasks);
		spin_unlock_irqrestore(&tasklist_lock, flags);
	}
	vmap_stack_free((void *)t->stack_top);
	kfree(t);
	atomic_long_dec(&live_tasks);
}

long nr_tasks_live(void)
{
	return atomic_long_read(&live_tasks);
}

int kthread_stop(struct task *t)
{
	int code;

	WRITE_ONCE(t->should_stop, true);
	wake_up_process(t);
	wait_for_completion(&t->exited);
	code = t->exit_code;
	release_task(t);
	return code;
}
