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
 *
 * waitid is the same wait with Linux's other interface: an idtype (P_ALL,
 * P_PID, P_PGID), WEXITED required to see exits, WNOWAIT to report a
 * zombie and leave it for a later wait, and the result in a siginfo.
 */
#include "syscalls.h"
#include "sched.h"
#include "signal.h"
#include "errno.h"
#include "string.h"
#include "internal.h"

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002	/* WSTOPPED, for waitid */
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* Linux's struct rusage on x86_64: two timevals and fourteen longs. */
struct rusage {
	long ru_utime[2], ru_stime[2];
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
	long ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

/* Which children a wait is for, and how (wait4's pid, waitid's idtype and id). */
enum wait_type { WAIT_ANY, WAIT_PID, WAIT_PGID };

struct wait_opts {
	enum wait_type type;
	int id;			/* the pid or pgid; WAIT_PGID with 0: the caller's group */
	unsigned int options;	/* WEXITED is set when zombies are wanted */
};

/* Does child c match?  tasklist_lock held. */
static bool eligible(struct task *c, const struct wait_opts *wo)
{
	if (wo->type == WAIT_PID && c->pid != wo->id)
		return false;
	if (wo->type == WAIT_PGID && c->pgid != wo->id)
		return false;
	if (wo->options & __WALL)
		return true;
	return (c->exit_signal != SIGCHLD) == !!(wo->options & __WCLONE);
}

/*
 * A zombie to report, or NULL with *any set if some matching child lives
 * on.  Without WNOWAIT the zombie is taken: EXIT_DEAD, unlinked, ours to
 * free.  tasklist_lock held.
 */
static struct task *find_zombie(const struct wait_opts *wo, bool *any)
{
	struct task *me = current, *c;

	*any = false;
	list_for_each_entry(c, &me->children, sibling) {
		if (!eligible(c, wo))
			continue;
		if (c->exit_state == EXIT_ZOMBIE && (wo->options & WEXITED)) {
			if (wo->options & WNOWAIT)
				return c;
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

/* Returns the child's pid and *status, 0 (WNOHANG, nothing yet), or -errno. */
static long do_wait(struct wait_opts *wo, int *status)
{
	struct task *me = current, *c;
	struct wait_queue_entry we = { .task = NULL };
	unsigned long flags;
	long ret;
	bool any;

	flags = spin_lock_irqsave(&tasklist_lock);
	if (wo->type == WAIT_PGID && !wo->id)
		wo->id = me->pgid;	/* the group the caller is in now */
	for (;;) {
		prepare_to_wait(&me->wait_chldexit, &we);
		c = find_zombie(wo, &any);
		if (c) {
			ret = c->pid;
			*status = c->exit_code;	/* final: set before it became a zombie */
			break;
		}
		if (!any) {
			ret = -ECHILD;
			break;
		}
		if (wo->options & WNOHANG) {
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
	if (c && !(wo->options & WNOWAIT)) {
		wait_for_completion(&c->exited);	/* off its stack for good */
		release_task(c);
	}
	return ret;
}

SYSCALL_DEFINE4(wait4, int, pid, int __user *, stat_addr, int, options, struct rusage __user *, ru)
{
	struct wait_opts wo = { .id = 0 };
	struct rusage r;
	int status = 0;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == PID_INT_MIN)
		return -ESRCH;		/* -INT_MIN names no group */
	wo.options = (unsigned int)options | WEXITED;
	if (pid == -1) {
		wo.type = WAIT_ANY;
	} else if (pid > 0) {
		wo.type = WAIT_PID;
		wo.id = pid;
	} else {
		wo.type = WAIT_PGID;
		wo.id = -pid;		/* 0: the caller's group */
	}
	ret = do_wait(&wo, &status);
	if (ret <= 0)
		return ret;
	if (stat_addr && copy_to_user(stat_addr, &status, sizeof(status)))
		return -EFAULT;
	memset(&r, 0, sizeof(r));
	if (ru && copy_to_user(ru, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}

/* waitid's idtype */
#define P_ALL		0
#define P_PID		1
#define P_PGID		2

#define CLD_EXITED	1
#define CLD_KILLED	2

/* The part of Linux's siginfo_t that waitid writes (the whole is 128 bytes). */
struct waitid_info {
	int si_signo, si_errno, si_code, pad;
	int si_pid, si_uid, si_status;
};

SYSCALL_DEFINE5(waitid, int, which, int, upid, struct waitid_info __user *, infop, int, options,
		struct rusage __user *, ru)
{
	struct wait_opts wo = { .id = upid, .options = (unsigned int)options };
	struct waitid_info info;
	struct rusage r;
	int status = 0;
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		wo.type = WAIT_ANY;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo.type = WAIT_PID;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo.type = WAIT_PGID;	/* 0: the caller's group */
		break;
	default:
		return -EINVAL;
	}
	ret = do_wait(&wo, &status);
	if (ret < 0)
		return ret;
	memset(&info, 0, sizeof(info));	/* WNOHANG with nothing to report: all zeros */
	if (ret > 0) {
		info.si_signo = SIGCHLD;
		info.si_code = status & 0x7f ? CLD_KILLED : CLD_EXITED;
		info.si_pid = (int)ret;
		info.si_status = status & 0x7f ? status & 0x7f : (status >> 8) & 0xff;
	}
	if (infop && copy_to_user(infop, &info, sizeof(info)))
		return -EFAULT;
	memset(&r, 0, sizeof(r));
	if (ru && copy_to_user(ru, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}
