/*
 * Self-tests of nanosleep.c (suite nanosleep): a sleep is never short,
 * relative or absolute, on MONOTONIC and REALTIME; an absolute time in
 * the past returns at once; the errors in Linux's order; and a sleeper
 * on another CPU, signalled, returns -EINTR with the time it had left.
 */
#include "ktest.h"
#include "syscalls.h"
#include "errno.h"
#include "sched.h"
#include "smp.h"
#include "time.h"
#include "timer.h"
#include "uapi/time.h"
#include "../internal.h"

#define BAD_PTR ((void __user *)0x8000000000000000UL)
#define MS 1000000LL

static long long now_ns(int id)
{
	struct __kernel_timespec ts;

	sys_clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct __kernel_timespec ts_of(long long ns)
{
	return (struct __kernel_timespec){ ns / 1000000000LL, ns % 1000000000LL };
}

KTEST(nanosleep, relative_sleeps_are_never_short)
{
	struct __kernel_timespec req = ts_of(15 * MS), rem = { 7, 7 };
	long long t0 = now_ns(CLOCK_MONOTONIC);

	EXPECT_EQ(sys_nanosleep(&req, &rem), 0);
	EXPECT_GE(now_ns(CLOCK_MONOTONIC) - t0, 15 * MS);
	EXPECT_EQ(rem.tv_sec, 7);		/* rmtp is written only when interrupted */
	t0 = now_ns(CLOCK_MONOTONIC);
	req = ts_of(1);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_BOOTTIME, 0, &req, NULL), 0);
	EXPECT_GE(now_ns(CLOCK_MONOTONIC) - t0, 1);
	req = ts_of(0);
	EXPECT_EQ(sys_nanosleep(&req, NULL), 0);
}

KTEST(nanosleep, absolute_sleeps_end_at_the_target)
{
	static const int ids[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_TAI };

	for (unsigned int i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		long long target = now_ns(ids[i]) + 12 * MS;
		struct __kernel_timespec req = ts_of(target), rem = { 7, 7 };

		EXPECT_EQ(sys_clock_nanosleep(ids[i], TIMER_ABSTIME, &req, &rem), 0);
		EXPECT_GE(now_ns(ids[i]), target);
		EXPECT_EQ(rem.tv_sec, 7);
	}
}

KTEST(nanosleep, an_absolute_time_past_returns_at_once)
{
	struct __kernel_timespec req = ts_of(0);
	long long t0 = now_ns(CLOCK_MONOTONIC);

	EXPECT_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL), 0);
	req = ts_of(now_ns(CLOCK_REALTIME) - 1000 * MS);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &req, NULL), 0);
	EXPECT_LT(now_ns(CLOCK_MONOTONIC) - t0, 1000 * MS);	/* far less than the second asked */
}

KTEST(nanosleep, errors_in_linux_order)
{
	struct __kernel_timespec bad_nsec = { 0, 1000000000 }, neg_nsec = { 0, -1 };
	struct __kernel_timespec neg_sec = { -1, 0 }, ok = { 0, 1 };

	EXPECT_EQ(sys_nanosleep(&bad_nsec, NULL), -EINVAL);
	EXPECT_EQ(sys_nanosleep(&neg_nsec, NULL), -EINVAL);
	EXPECT_EQ(sys_nanosleep(&neg_sec, NULL), -EINVAL);
	EXPECT_EQ(sys_nanosleep(BAD_PTR, NULL), -EFAULT);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &neg_sec, NULL), -EINVAL);
	EXPECT_EQ(sys_clock_nanosleep(10, 0, BAD_PTR, NULL), -EINVAL);		/* clock first */
	EXPECT_EQ(sys_clock_nanosleep(-1, 0, &ok, NULL), -EINVAL);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC_RAW, 0, BAD_PTR, NULL), -EOPNOTSUPP);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC_COARSE, 0, &ok, NULL), -EOPNOTSUPP);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_REALTIME_COARSE, 0, &ok, NULL), -EOPNOTSUPP);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ok, NULL), -EOPNOTSUPP);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_BOOTTIME_ALARM, 0, &ok, NULL), -EOPNOTSUPP);
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &ok, NULL), 0);
	/* The copy is checked before the value. */
	EXPECT_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC, 0, BAD_PTR, NULL), -EFAULT);
}

struct sleeper {
	int flags;
	struct __kernel_timespec req, rem;
	struct __kernel_timespec __user *rmtp;
	long ret;
};

static int sleep_fn(void *arg)
{
	struct sleeper *s = arg;

	s->ret = sys_clock_nanosleep(CLOCK_MONOTONIC, s->flags, &s->req, s->rmtp);
	return 0;
}

/* Starts a sleeper on the last CPU, signals it once it sleeps, and reaps it. */
static void run_signalled(struct sleeper *s)
{
	struct task *t = kthread_create_on_cpu(sleep_fn, s, num_online_cpus() - 1, "sleeper");

	ASSERT_NOT_NULL(t);
	wake_up_process(t);
	while (READ_ONCE(t->state) != TASK_SLEEPING)
		msleep(1);
	msleep(20);
	signal_task(t);
	kthread_stop(t);
}

KTEST(nanosleep, a_signal_ends_the_sleep_with_eintr_and_the_rest)
{
	struct sleeper s = { .req = { 10, 0 }, .rem = { -1, -1 } };

	s.rmtp = &s.rem;
	run_signalled(&s);
	EXPECT_EQ(s.ret, -EINTR);
	EXPECT_GT(s.rem.tv_sec * 1000000000LL + s.rem.tv_nsec, 5000 * MS);	/* most of it left */
	EXPECT_LT(s.rem.tv_sec * 1000000000LL + s.rem.tv_nsec, 10000 * MS);
	EXPECT_TRUE(timespec_ok(s.rem.tv_sec, s.rem.tv_nsec));

	/* Unwritable rmtp: -EFAULT; an absolute sleep writes no rmtp. */
	s = (struct sleeper){ .req = { 10, 0 }, .rmtp = BAD_PTR };
	run_signalled(&s);
	EXPECT_EQ(s.ret, -EFAULT);
	s = (struct sleeper){ .flags = TIMER_ABSTIME, .rem = { -1, -1 } };
	s.req = ts_of(now_ns(CLOCK_MONOTONIC) + 10000 * MS);
	s.rmtp = &s.rem;
	run_signalled(&s);
	EXPECT_EQ(s.ret, -EINTR);
	EXPECT_EQ(s.rem.tv_sec, -1);
}
