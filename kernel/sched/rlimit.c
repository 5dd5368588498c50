/*
 * getrlimit, setrlimit and prlimit64 over one system-wide table
 * (include/rlimit.h says why it is one, and how it becomes one per
 * process).  A spinlock makes each read and each read-and-replace of a
 * limit atomic, so prlimit64 returns exactly the value it replaced.
 *
 * Errors follow Linux 6.1's do_prlimit and prlimit64, in its order:
 * an unreadable new limit -EFAULT; a pid other than 0 or the caller's
 * -ESRCH (other processes' limits are not reachable here yet); a
 * resource out of range -EINVAL; soft above hard -EINVAL; RLIMIT_NOFILE
 * above the descriptor table's size -EPERM; an unwritable old limit
 * -EFAULT after the change is made.  Every process is root
 * (CAP_SYS_RESOURCE), so raising a hard limit is allowed.
 */
#include "syscalls.h"
#include "rlimit.h"
#include "errno.h"
#include "file.h"
#include "spinlock.h"
#include "task.h"

#define INF RLIM64_INFINITY

static DEFINE_SPINLOCK(rlimit_lock);
static struct rlimit64 system_rlimits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { INF, INF },
	[RLIMIT_FSIZE] = { INF, INF },
	[RLIMIT_DATA] = { INF, INF },
	[RLIMIT_STACK] = { RLIMIT_STACK_DEFAULT, INF },
	[RLIMIT_CORE] = { 0, INF },
	[RLIMIT_RSS] = { INF, INF },
	[RLIMIT_NPROC] = { INF, INF },
	[RLIMIT_NOFILE] = { 1024, FILES_MAX_FDS },
	[RLIMIT_MEMLOCK] = { 8ULL << 20, 8ULL << 20 },
	[RLIMIT_AS] = { INF, INF },
	[RLIMIT_LOCKS] = { INF, INF },
	[RLIMIT_SIGPENDING] = { INF, INF },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { INF, INF },
};

/* The table task t's limits live in: the one system-wide table today. */
static struct rlimit64 *rlimit_table(struct task *t)
{
	(void)t;
	return system_rlimits;
}

unsigned long long rlimit(unsigned int resource)
{
	unsigned long flags = spin_lock_irqsave(&rlimit_lock);
	unsigned long long cur = rlimit_table(current)[resource].rlim_cur;

	spin_unlock_irqrestore(&rlimit_lock, flags);
	return cur;
}

/* Reads into *old and/or replaces with *nlim (either may be NULL) the limit of resource. */
static long do_prlimit(struct task *t, unsigned int resource, const struct rlimit64 *nlim,
		       struct rlimit64 *old)
{
	struct rlimit64 *lim;
	unsigned long flags;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (nlim && nlim->rlim_cur > nlim->rlim_max)
		return -EINVAL;
	if (nlim && resource == RLIMIT_NOFILE && nlim->rlim_max > FILES_MAX_FDS)
		return -EPERM;
	lim = &rlimit_table(t)[resource];
	flags = spin_lock_irqsave(&rlimit_lock);
	if (old)
		*old = *lim;
	if (nlim)
		*lim = *nlim;
	spin_unlock_irqrestore(&rlimit_lock, flags);
	return 0;
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource, const struct rlimit64 __user *,
		new_rlim, struct rlimit64 __user *, old_rlim)
{
	struct rlimit64 nlim, old;
	long ret;

	if (new_rlim && copy_from_user(&nlim, new_rlim, sizeof(nlim)))
		return -EFAULT;
	if (pid != 0 && pid != current->pid)
		return -ESRCH;
	ret = do_prlimit(current, resource, new_rlim ? &nlim : NULL, old_rlim ? &old : NULL);
	if (!ret && old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		ret = -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
	struct rlimit64 v;
	struct rlimit r;
	long ret;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	ret = do_prlimit(current, resource, NULL, &v);
	r.rlim_cur = v.rlim_cur;	/* 64 bits each way on x86_64: no clamping */
	r.rlim_max = v.rlim_max;
	if (!ret && copy_to_user(rlim, &r, sizeof(r)))
		ret = -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
	struct rlimit r;
	struct rlimit64 v;

	if (copy_from_user(&r, rlim, sizeof(r)))
		return -EFAULT;
	v.rlim_cur = r.rlim_cur;
	v.rlim_max = r.rlim_max;
	return do_prlimit(current, resource, &v, NULL);
}
