/*
 * wait4: a parent reaps its children (docs/processes.md).
 *
 * The waiter scans its children list under tasklist_lock for one that
 * matches pid (one child, any child, its own group, another group) and is
 * a zombie.  It takes a zombie by marking it EXIT_DEAD and unlinking it,
 * still under the lock, so two waiters never take the same child and
 * kill(2) no longer finds it; then, unlocked, it waits until the child is
 * off its stack (exited) and frees it as kthread_stop does.
 *
 * With matching children but no zombie, it sleeps on its own
 * wait_chldexit queue, which an exiting child (or a zombie handed over by
 * reparenting) wakes.  The queue is the waiter's own, so the condition is
 * rechecked under tasklist_lock after every wake-up: a child's exit and
 * the wake-up happen under the same lock.
 *
 * Which children count follows Linux: a child whose exit signal is not
 * SIGCHLD (a "clone" child) only for __WCLONE, every child for __WALL.
 * Stopped and continued children do not exist here (no job control), so
 * WUNTRACED and WCONTINUED are accepted and never report.  ringlet
 * measures no per-process times, so rusage is all zeros, but written.
 */
#include "syscalls.h"
#include "sched.h"
#include "signal.h"
#include "errno.h"
#include "string.h"
#include "internal.h"

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WCONTINUED	0x00000008
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* Linux's struct rusage on x86_64: two timevals and fourteen longs. */
struct rusage {
	long ru_utime[2], ru_stime[2];
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
	long ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

/* Does child c match wait4's pid and options?  tasklist_lock held. */
static bool eligible(struct task *c, int pid, int pgid, unsigned int options)
{
	if (pid > 0 ? c->pid != pid : pid != -1 && c->pgid != pgid)
		return false;
	if (options & __WALL)
		return true;
	return (c->exit_signal != SIGCHLD) == !!(options & __WCLONE);
}

/*
 * A zombie to reap (taken: EXIT_DEAD, unlinked), or NULL with *any set if
 * some matching child lives on.  tasklist_lock held.
 */
static struct task *take_zombie(int pid, int pgid, unsigned int options, bool *any)
{
	struct task *me = current, *c;

	*any = false;
	list_for_each_entry(c, &me->children, sibling) {
		if (!eligible(c, pid, pgid, options))
			continue;
		if (c->exit_state == EXIT_ZOMBIE) {
			c->exit_state = EXIT_DEAD;
			list_del_init(&c->sibling);
			list_del_init(&c->tasks);
			c->parent = NULL;
			return c;
		}
		*any = true;
	}
	return NULL;
}

/* Returns the reaped child's pid and *status, 0 (WNOHANG, nothing yet), or -errno. */
static long do_wait(int pid, unsigned int options, int *status)
{
	struct task *me = current, *c;
	struct wait_queue_entry we = { .task = NULL };
	unsigned long flags;
	long ret;
	bool any;
	int pgid;

	flags = spin_lock_irqsave(&tasklist_lock);
	pgid = pid < -1 ? -pid : me->pgid;
	for (;;) {
		prepare_to_wait(&me->wait_chldexit, &we);
		c = take_zombie(pid, pgid, options, &any);
		if (c) {
			ret = c->pid;
			break;
		}
		if (!any) {
			ret = -ECHILD;
			break;
		}
		if (options & WNOHANG) {
			ret = 0;
			break;
		}
		if (signal_pending(me)) {
			ret = -EINTR;
			break;
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);
		schedule();
		flags = spin_lock_irqsave(&tasklist_lock);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	finish_wait(&me->wait_chldexit, &we);
	if (c) {
		wait_for_completion(&c->exited);	/* off its stack for good */
		*status = c->exit_code;
		release_task(c);
	}
	return ret;
}

SYSCALL_DEFINE4(wait4, int, pid, int __user *, stat_addr, int, options, struct rusage __user *, ru)
{
	struct rusage r;
	int status = 0;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == PID_INT_MIN)
		return -ESRCH;		/* -INT_MIN names no group */
	ret = do_wait(pid, (unsigned int)options, &status);
	if (ret <= 0)
		return ret;
	if (stat_addr && copy_to_user(stat_addr, &status, sizeof(status)))
		return -EFAULT;
	memset(&r, 0, sizeof(r));
	if (ru && copy_to_user(ru, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}
