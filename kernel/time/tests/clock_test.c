/*
 * Self-tests of clock.c (suite clock): every clock id's value and
 * resolution, the ids refused with -EINVAL, -EFAULT for a bad pointer,
 * REALTIME from the RTC agreeing with gettimeofday and time, and the
 * clocks never going back, read on every CPU at once.
 */
#include "ktest.h"
#include "syscalls.h"
#include "errno.h"
#include "time.h"
#include "smp.h"
#include "atomic.h"
#include "uapi/time.h"
#include "../internal.h"

#define BAD_PTR ((void __user *)0x8000000000000000UL)	/* non-canonical: the copy faults */
/* 2020-01-01T00:00:00Z: QEMU's RTC follows the host's clock, which is later. */
#define Y2020 1577836800LL

static long long ts_ns(const struct __kernel_timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long llabs_diff(long long a, long long b)
{
	return a > b ? a - b : b - a;
}

static const int served[] = {
	CLOCK_REALTIME,		 CLOCK_MONOTONIC,     CLOCK_PROCESS_CPUTIME_ID,
	CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
	CLOCK_MONOTONIC_COARSE,	 CLOCK_BOOTTIME,      CLOCK_TAI,
};
static const int refused[] = { CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM, 10, 12, 16, -1, -6 };

KTEST(clock, every_served_clock_reads_a_valid_timespec)
{
	for (unsigned int i = 0; i < sizeof(served) / sizeof(served[0]); i++) {
		struct __kernel_timespec ts = { -1, -1 };

		EXPECT_EQ(sys_clock_gettime(served[i], &ts), 0);
		EXPECT_TRUE(timespec_ok(ts.tv_sec, ts.tv_nsec));
		EXPECT_EQ(sys_clock_gettime(served[i], BAD_PTR), -EFAULT);
	}
	for (unsigned int i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct __kernel_timespec ts = { -1, -1 };

		EXPECT_EQ(sys_clock_gettime(refused[i], &ts), -EINVAL);
		EXPECT_EQ(ts.tv_sec, -1);		/* untouched */
		EXPECT_EQ(sys_clock_gettime(refused[i], BAD_PTR), -EINVAL);	/* id first */
		EXPECT_EQ(sys_clock_getres(refused[i], &ts), -EINVAL);
	}
}

KTEST(clock, resolutions)
{
	struct __kernel_timespec ts;

	EXPECT_EQ(sys_clock_getres(CLOCK_MONOTONIC, &ts), 0);
	EXPECT_EQ(ts.tv_sec, 0);
	EXPECT_EQ(ts.tv_nsec, 1);
	EXPECT_EQ(sys_clock_getres(CLOCK_REALTIME_COARSE, &ts), 0);
	EXPECT_EQ(ts.tv_nsec, (long long)TICK_NSEC);
	EXPECT_EQ(sys_clock_getres(CLOCK_MONOTONIC_COARSE, &ts), 0);
	EXPECT_EQ(ts.tv_nsec, (long long)TICK_NSEC);
	EXPECT_EQ(sys_clock_getres(CLOCK_MONOTONIC, NULL), 0);
	EXPECT_EQ(sys_clock_getres(CLOCK_MONOTONIC, BAD_PTR), -EFAULT);
}

KTEST(clock, realtime_comes_from_the_rtc_and_the_three_calls_agree)
{
	struct __kernel_timespec rt, mono, rt2, mono2;
	struct __kernel_old_timeval tv;
	struct timezone tz = { 7, 7 };
	long t, t2;

	EXPECT_EQ(sys_clock_gettime(CLOCK_REALTIME, &rt), 0);
	EXPECT_GT(rt.tv_sec, Y2020);
	EXPECT_EQ(sys_gettimeofday(&tv, &tz), 0);
	EXPECT_EQ(tz.tz_minuteswest, 0);
	EXPECT_EQ(tz.tz_dsttime, 0);
	t = sys_time(&t2);
	EXPECT_EQ(t, t2);
	EXPECT_GE(tv.tv_sec, rt.tv_sec);
	EXPECT_LE(tv.tv_sec, rt.tv_sec + 2);
	EXPECT_LT(tv.tv_usec, 1000000);
	EXPECT_GE(t, tv.tv_sec);
	EXPECT_LE(t, tv.tv_sec + 2);
	EXPECT_EQ(sys_gettimeofday(NULL, NULL), 0);
	EXPECT_EQ(sys_gettimeofday(BAD_PTR, NULL), -EFAULT);
	EXPECT_EQ(sys_gettimeofday(NULL, BAD_PTR), -EFAULT);
	EXPECT_EQ(sys_time(BAD_PTR), -EFAULT);
	/* REALTIME - MONOTONIC stays put (the clock is never set): within 1 ms, the reads' gap. */
	sys_clock_gettime(CLOCK_MONOTONIC, &mono);
	sys_clock_gettime(CLOCK_REALTIME, &rt);
	mdelay(20);
	sys_clock_gettime(CLOCK_MONOTONIC, &mono2);
	sys_clock_gettime(CLOCK_REALTIME, &rt2);
	EXPECT_LT(llabs_diff(ts_ns(&rt) - ts_ns(&mono), ts_ns(&rt2) - ts_ns(&mono2)), 1000000);
}

struct backwards {
	atomic_t count;
};

/* Each clock read in a loop on this CPU; counts any read below the one before. */
static int read_clocks(void *arg)
{
	struct backwards *b = arg;
	static const int ids[] = { CLOCK_MONOTONIC, CLOCK_MONOTONIC_COARSE, CLOCK_REALTIME,
				   CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID };

	for (unsigned int c = 0; c < sizeof(ids) / sizeof(ids[0]); c++) {
		long long prev = 0;

		for (int i = 0; i < 2000; i++) {
			struct __kernel_timespec ts;
			long long now;

			EXPECT_EQ(sys_clock_gettime(ids[c], &ts), 0);
			now = ts_ns(&ts);
			if (now < prev)
				atomic_inc(&b->count);
			prev = now;
		}
	}
	return 0;
}

KTEST(clock, no_clock_goes_back_on_any_cpu)
{
	struct backwards b = { ATOMIC_INIT(0) };

	ktest_run_threads(read_clocks, &b, 2);
	EXPECT_EQ(atomic_read(&b.count), 0);
}

KTEST(clock, coarse_is_the_last_tick)
{
	struct __kernel_timespec c, m;

	EXPECT_EQ(sys_clock_gettime(CLOCK_MONOTONIC_COARSE, &c), 0);
	EXPECT_EQ(sys_clock_gettime(CLOCK_MONOTONIC, &m), 0);
	EXPECT_LE(ts_ns(&c), ts_ns(&m));
	/* Within a tick, plus 20 ms for TCG's pauses between the two reads. */
	EXPECT_GT(ts_ns(&c) + (long long)TICK_NSEC, ts_ns(&m) - 20000000);
	EXPECT_EQ(ts_ns(&c) % (long long)TICK_NSEC, 0);
}
