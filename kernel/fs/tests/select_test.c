/*
 * Self-tests of select.c (suite select): poll's answers for pipe ends (in,
 * out, hang-up, error), negative and closed descriptors, events not asked
 * for, -EINVAL and -EFAULT, timeouts that are never short, a poller
 * woken by a write from another CPU and one ended by a signal, and ppoll's
 * checks, its time left and the signal mask put back.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "sched.h"
#include "smp.h"
#include "signal.h"
#include "timer.h"
#include "time.h"
#include "rlimit.h"
#include "errno.h"
#include "uapi/poll.h"
#include "uapi/time.h"
#include "uapi/resource.h"

#define NS_PER_MS	(1000ULL * 1000)
#define IN		(POLLIN | POLLRDNORM)
#define OUT		(POLLOUT | POLLWRNORM)

struct saved_ctx {
	struct files_struct *files;
};

/* A descriptor table of our own, with a pipe at fds[0] (read) and fds[1] (write). */
static bool enter(struct saved_ctx *s, int fds[2])
{
	struct file *rd, *wr;

	s->files = current->files;
	current->files = files_alloc(8);
	if (!current->files || pipe_create(&rd, &wr, 64 * 1024))
		return false;
	fds[0] = fd_install(current->files, rd);
	fds[1] = fd_install(current->files, wr);
	return fds[0] >= 0 && fds[1] >= 0;
}

static void leave(struct saved_ctx *s)
{
	if (current->files)
		files_put(current->files);
	current->files = s->files;
}

KTEST(select, pipe_ends_report_in_out_hangup_and_error)
{
	struct saved_ctx s;
	struct pollfd p[2];
	long live = nr_files_live();
	int fds[2];
	char c;

	ASSERT_TRUE(enter(&s, fds));
	p[0] = (struct pollfd){ .fd = fds[0], .events = POLLIN | POLLOUT };
	p[1] = (struct pollfd){ .fd = fds[1], .events = POLLIN | POLLOUT };
	EXPECT_EQ(sys_poll(p, 2, 0), 1);
	EXPECT_EQ(p[0].revents, 0);		/* empty, and a read end is never writable */
	EXPECT_EQ(p[1].revents, POLLOUT);	/* only what was asked for */
	EXPECT_EQ(sys_write(fds[1], "x", 1), 1);
	EXPECT_EQ(sys_poll(p, 2, 0), 2);
	EXPECT_EQ(p[0].revents, POLLIN);
	EXPECT_EQ(sys_close(fds[1]), 0);
	p[0].events = 0;			/* hang-up is reported unasked */
	EXPECT_EQ(sys_poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, POLLHUP);
	p[0].events = IN;
	EXPECT_EQ(sys_poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, IN | POLLHUP);
	EXPECT_EQ(sys_read(fds[0], &c, 1), 1);
	EXPECT_EQ(sys_poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, POLLHUP);
	EXPECT_EQ(sys_close(fds[0]), 0);
	leave(&s);
	/* The write end alone: writable, and in error once the reader is gone. */
	ASSERT_TRUE(enter(&s, fds));
	EXPECT_EQ(sys_close(fds[0]), 0);
	p[0] = (struct pollfd){ .fd = fds[1], .events = POLLOUT };
	EXPECT_EQ(sys_poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, POLLOUT | POLLERR);
	leave(&s);
	EXPECT_EQ(nr_files_live(), live);
}

KTEST(select, negative_closed_and_bad_arguments)
{
	struct saved_ctx s;
	struct pollfd p[3];
	int fds[2];

	ASSERT_TRUE(enter(&s, fds));
	p[0] = (struct pollfd){ .fd = -1, .events = OUT, .revents = 77 };
	p[1] = (struct pollfd){ .fd = 7, .events = 0, .revents = 77 };	/* not open */
	p[2] = (struct pollfd){ .fd = fds[1], .events = OUT };
	EXPECT_EQ(sys_poll(p, 3, 0), 2);
	EXPECT_EQ(p[0].revents, 0);		/* skipped, and cleared */
	EXPECT_EQ(p[1].revents, POLLNVAL);
	EXPECT_EQ(p[2].revents, OUT);
	EXPECT_EQ(sys_poll(NULL, 0, 0), 0);
	EXPECT_EQ(sys_poll(p, (unsigned int)rlimit(RLIMIT_NOFILE) + 1, 0), -EINVAL);
	EXPECT_EQ(sys_poll((struct pollfd *)0x10, 1, 0), -EFAULT);
	leave(&s);
}

KTEST(select, timeouts_are_never_short)
{
	struct saved_ctx s;
	struct pollfd p;
	uint64_t t0;
	int fds[2];

	ASSERT_TRUE(enter(&s, fds));
	p = (struct pollfd){ .fd = fds[0], .events = IN };
	t0 = ktime_get_ns();
	EXPECT_EQ(sys_poll(&p, 1, 30), 0);
	EXPECT_GE(ktime_get_ns() - t0, 30 * NS_PER_MS);
	EXPECT_EQ(p.revents, 0);
	t0 = ktime_get_ns();
	EXPECT_EQ(sys_poll(NULL, 0, 20), 0);	/* no descriptors: a sleep */
	EXPECT_GE(ktime_get_ns() - t0, 20 * NS_PER_MS);
	leave(&s);
}

struct poll_thread {
	int fd;
	int timeout;
	volatile bool started, returned;
	long ret;
	short revents;
};

static int do_poll_thread(void *arg)
{
	struct poll_thread *pt = arg;
	struct pollfd p = { .fd = pt->fd, .events = IN };

	pt->started = true;
	pt->ret = sys_poll(&p, 1, pt->timeout);
	pt->revents = p.revents;
	pt->returned = true;
	return 0;
}

/* Waits up to two seconds for the thread's poll to return. */
static bool returned_soon(struct poll_thread *pt)
{
	uint64_t end = ktime_get_ns() + 2000 * NS_PER_MS;

	while (!pt->returned && ktime_get_ns() < end)
		msleep(1);
	return pt->returned;
}

/* A poller on another CPU, asleep on an empty pipe, wakes for a write from here. */
KTEST(select, poller_on_another_cpu_woken_by_write)
{
	struct poll_thread pt = { .timeout = 5000 };
	struct saved_ctx s;
	struct task *t;
	int fds[2];

	ASSERT_TRUE(enter(&s, fds));
	pt.fd = fds[0];
	t = kthread_run_on_cpu(do_poll_thread, &pt, (smp_processor_id() + 1) % num_online_cpus(),
			       "poller");
	ASSERT_NOT_NULL(t);
	while (!pt.started)
		msleep(1);
	msleep(30);
	EXPECT_FALSE(pt.returned);		/* nothing to read: still waiting */
	EXPECT_EQ(sys_write(fds[1], "w", 1), 1);
	EXPECT_TRUE(returned_soon(&pt));
	EXPECT_EQ(pt.ret, 1);
	EXPECT_EQ(pt.revents, IN);
	kthread_stop(t);
	leave(&s);
}

/* A signal ends a poll with nothing ready: -EINTR. */
KTEST(select, signal_ends_a_poll)
{
	struct poll_thread pt = { .timeout = -1 };
	struct saved_ctx s;
	struct task *t;
	int fds[2];

	ASSERT_TRUE(enter(&s, fds));
	pt.fd = fds[0];
	t = kthread_run_on_cpu(do_poll_thread, &pt, (smp_processor_id() + 1) % num_online_cpus(),
			       "poller");
	ASSERT_NOT_NULL(t);
	while (!pt.started)
		msleep(1);
	msleep(30);
	EXPECT_FALSE(pt.returned);
	signal_task(t);
	EXPECT_TRUE(returned_soon(&pt));
	EXPECT_EQ(pt.ret, -EINTR);
	EXPECT_EQ(pt.revents, 0);
	if (!pt.returned)
		sys_write(fds[1], "w", 1);	/* let a stuck poller go */
	kthread_stop(t);
	leave(&s);
}

KTEST(select, ppoll_checks_time_left_and_mask)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20 * NS_PER_MS };
	uint64_t mask = sigmask(SIGUSR1), before = current->sig_blocked;
	struct saved_ctx s;
	struct pollfd p;
	int fds[2];

	ASSERT_TRUE(enter(&s, fds));
	p = (struct pollfd){ .fd = fds[0], .events = IN };
	EXPECT_EQ(sys_ppoll(&p, 1, &ts, &mask, sizeof(mask)), 0);
	EXPECT_EQ(ts.tv_sec, 0);		/* the time left: none */
	EXPECT_EQ(ts.tv_nsec, 0);
	EXPECT_EQ(current->sig_blocked, before);	/* the mask is back */
	EXPECT_FALSE(current->restore_sigmask);
	ts.tv_nsec = 1000 * NS_PER_MS;		/* not a valid timespec */
	EXPECT_EQ(sys_ppoll(&p, 1, &ts, NULL, 0), -EINVAL);
	ts = (struct __kernel_timespec){ .tv_sec = -1 };
	EXPECT_EQ(sys_ppoll(&p, 1, &ts, NULL, 0), -EINVAL);
	ts = (struct __kernel_timespec){ .tv_sec = 5 };
	EXPECT_EQ(sys_ppoll(&p, 1, &ts, &mask, 4), -EINVAL);
	EXPECT_EQ(sys_ppoll(&p, 1, (void *)0x10, NULL, 0), -EFAULT);
	EXPECT_EQ(sys_write(fds[1], "w", 1), 1);
	EXPECT_EQ(sys_ppoll(&p, 1, &ts, &mask, sizeof(mask)), 1);
	EXPECT_EQ(p.revents, IN);
	EXPECT_GT(ts.tv_sec, 3);		/* ready at once: nearly all of it left */
	EXPECT_EQ(current->sig_blocked, before);
	EXPECT_EQ(sys_ppoll(&p, 1, NULL, NULL, 0), 1);	/* no timeout, no mask */
	leave(&s);
}
