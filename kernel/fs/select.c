/*
 * poll and ppoll: waiting for any of several descriptors (Linux 6.1's
 * fs/select.c gives the semantics).
 *
 * Each file kind says what holds now through f_op->poll (include/file.h),
 * and on the first pass hands over the wait queues whose wake_up means
 * "look again" through poll_wait, which queues the task on each with an
 * entry of its own (struct poll_table: up to POLL_QUEUES_PER_FILE per
 * descriptor).  The task marks itself sleeping *before* each pass, so a
 * wake_up between a file's answer and schedule() makes schedule() return
 * at once: the lost-wake-up rule of include/wait.h, over many queues.
 * A file without a poll operation is always ready, as Linux's regular
 * files.  The descriptors are looked up once, at the start, and held for
 * the whole call; one not open reports POLLNVAL, a negative one is skipped.
 *
 * The wait ends when some descriptor has events (they win over a pending
 * signal, as in Linux), a signal is pending (-EINTR), or the timeout ran
 * out (0).  Time is kept as a MONOTONIC deadline and slept in whole ticks
 * plus one, like nanosleep: a poll never returns early, and may be a tick
 * late.  Linux restarts an interrupted poll whose signal had no handler;
 * ringlet returns -EINTR, as its reads do.
 *
 * ppoll also sets the signal mask for the wait and writes the time left
 * back to its timespec (Linux's behaviour, not POSIX's).  The caller's mask
 * comes back at once, unless the call ends in -EINTR: then it comes back
 * after the signal's handler, through restore_sigmask, as rt_sigsuspend's.
 */
#include "syscalls.h"
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "signal.h"
#include "timer.h"
#include "time.h"
#include "wait.h"
#include "panic.h"
#include "rlimit.h"
#include "uapi/poll.h"
#include "uapi/time.h"
#include "uapi/resource.h"

#define POLL_NSEC_PER_SEC	1000000000ULL
#define POLL_TICK_NSEC		(POLL_NSEC_PER_SEC / HZ)
#define POLL_FOREVER		UINT64_MAX
#define DEFAULT_POLLMASK	(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
/* Longest single schedule_timeout, as nanosleep's: jiffies arithmetic never wraps. */
#define POLL_MAX_SLEEP_TICKS	(1L << 40)

struct poll_entry {
	struct wait_queue_head *wq;
	struct wait_queue_entry we;
};

struct poll_table {
	struct poll_entry *entries;
	unsigned int n, max;
};

/* One descriptor of the caller's array, and its file (NULL: not open). */
struct poll_fd {
	struct pollfd u;
	struct file *f;
};

void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
	struct poll_entry *e;

	(void)f;
	if (!pt || WARN_ON_ONCE(pt->n >= pt->max))
		return;
	e = &pt->entries[pt->n++];
	e->wq = wq;
	e->we.task = NULL;
	prepare_to_wait(wq, &e->we);
}

/* One look at every descriptor: sets each revents, returns how many are non-zero. */
static int poll_once(struct poll_fd *fds, unsigned int nfds, struct poll_table *pt)
{
	int count = 0;

	for (unsigned int i = 0; i < nfds; i++) {
		struct poll_fd *p = &fds[i];
		unsigned int mask;

		if (p->u.fd < 0) {
			p->u.revents = 0;
			continue;
		}
		if (!p->f) {
			mask = POLLNVAL;
		} else {
			mask = p->f->f_op->poll ? p->f->f_op->poll(p->f, pt) : DEFAULT_POLLMASK;
			/* POLLERR and POLLHUP are reported whether asked for or not. */
			mask &= (unsigned short)p->u.events | POLLERR | POLLHUP;
		}
		p->u.revents = (short)mask;
		count += mask != 0;
	}
	return count;
}

/* Passes until something is ready, a signal, or the deadline; count or -EINTR. */
static int do_poll(struct poll_fd *fds, unsigned int nfds, uint64_t deadline)
{
	struct poll_table table = { .max = nfds * POLL_QUEUES_PER_FILE };
	struct poll_table *pt = NULL;
	int count;

	if (deadline > ktime_get_ns() && nfds) {
		table.entries = kmalloc(table.max * sizeof(*table.entries));
		if (!table.entries)
			return -ENOMEM;
		pt = &table;
	}
	for (;;) {
		uint64_t now, ticks;

		set_current_state(TASK_SLEEPING);
		count = poll_once(fds, nfds, pt);
		pt = NULL;	/* queued once: later passes only look */
		if (!count && signal_pending(current))
			count = -EINTR;
		now = ktime_get_ns();
		if (count || now >= deadline)
			break;
		if (deadline == POLL_FOREVER) {
			schedule();
			continue;
		}
		ticks = (deadline - now + POLL_TICK_NSEC - 1) / POLL_TICK_NSEC;
		if (ticks >= (uint64_t)POLL_MAX_SLEEP_TICKS)
			ticks = POLL_MAX_SLEEP_TICKS;
		schedule_timeout((long)ticks + 1);	/* +1: the current tick is partly over */
	}
	set_current_state(TASK_RUNNING);
	for (unsigned int i = 0; i < table.n; i++)
		finish_wait(table.entries[i].wq, &table.entries[i].we);
	kfree(table.entries);
	return count;
}

/* poll's body: copies the array in, waits, writes every revents back. */
static long do_sys_poll(struct pollfd __user *ufds, unsigned int nfds, uint64_t deadline)
{
	struct poll_fd *fds;
	long ret = 0;

	if (nfds > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	fds = kzalloc((nfds ? nfds : 1) * sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	for (unsigned int i = 0; i < nfds && !ret; i++) {
		if (copy_from_user(&fds[i].u, &ufds[i], sizeof(fds[i].u)))
			ret = -EFAULT;
		else if (fds[i].u.fd >= 0)
			fds[i].f = fdget(current->files, fds[i].u.fd);
	}
	if (!ret)
		ret = do_poll(fds, nfds, deadline);
	for (unsigned int i = 0; i < nfds && ret >= 0; i++)
		if (copy_to_user(&ufds[i].revents, &fds[i].u.revents, sizeof(short)))
			ret = -EFAULT;
	for (unsigned int i = 0; i < nfds; i++)
		if (fds[i].f)
			fput(fds[i].f);
	kfree(fds);
	return ret;
}

static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now = ktime_get_ns();

	return now + ns < now ? POLL_FOREVER : now + ns;
}

SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds, int, timeout_msecs)
{
	uint64_t deadline = POLL_FOREVER;

	if (timeout_msecs >= 0)
		deadline = deadline_after((uint64_t)timeout_msecs * 1000000ULL);
	return do_sys_poll(ufds, nfds, deadline);
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		struct __kernel_timespec __user *, tsp, const uint64_t __user *, sigmask, size_t,
		sigsetsize)
{
	struct __kernel_timespec ts;
	uint64_t deadline = POLL_FOREVER, now;
	long ret;

	if (tsp) {
		if (copy_from_user(&ts, tsp, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (uint64_t)ts.tv_nsec >= POLL_NSEC_PER_SEC)
			return -EINVAL;
		deadline = (uint64_t)ts.tv_sec > UINT64_MAX / POLL_NSEC_PER_SEC - 1 ?
				   POLL_FOREVER :
				   deadline_after((uint64_t)ts.tv_sec * POLL_NSEC_PER_SEC +
						  (uint64_t)ts.tv_nsec);
	}
	ret = set_user_sigmask(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_sys_poll(ufds, nfds, deadline);
	restore_saved_sigmask_unless(ret == -EINTR);
	/* The time left, unless the timeout was zero; a failed write is ignored, as Linux. */
	if (tsp && (ts.tv_sec || ts.tv_nsec) && deadline != POLL_FOREVER) {
		now = ktime_get_ns();
		now = now >= deadline ? 0 : deadline - now;
		ts.tv_sec = (long long)(now / POLL_NSEC_PER_SEC);
		ts.tv_nsec = (long long)(now % POLL_NSEC_PER_SEC);
		if (copy_to_user(tsp, &ts, sizeof(ts)))
			return ret;
	}
	return ret;
}
