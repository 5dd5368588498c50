/*
 * Time: the clocks move forward and never back, the three ways to read
 * the wall clock agree, sleeps last at least what was asked (a lower
 * bound only: no test here depends on how fast the machine is), and the
 * errors: EINVAL for a bad clock or timespec, EFAULT for a bad pointer.
 */
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "test.h"

static long long ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return -1;
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void clocks_never_go_back(void)
{
	static const clockid_t ids[] = { CLOCK_MONOTONIC,	 CLOCK_REALTIME,
					 CLOCK_BOOTTIME,	 CLOCK_MONOTONIC_RAW,
					 CLOCK_MONOTONIC_COARSE, CLOCK_PROCESS_CPUTIME_ID };

	for (unsigned int c = 0; c < sizeof(ids) / sizeof(ids[0]); c++) {
		long long prev = ns(ids[c]);
		int back = 0;

		CHECK(prev >= 0);
		for (int i = 0; i < 10000; i++) {
			long long now = ns(ids[c]);

			back += now < prev;
			prev = now;
		}
		CHECK_EQ(back, 0);
	}
}

static void wall_clock_agrees(void)
{
	struct timespec rt, res;
	struct timeval tv;
	time_t t;

	CHECK_EQ(clock_gettime(CLOCK_REALTIME, &rt), 0);
	CHECK(rt.tv_sec > 1577836800);		/* after 2020: the RTC was read */
	CHECK_EQ(gettimeofday(&tv, NULL), 0);
	t = time(NULL);
	CHECK(tv.tv_sec >= rt.tv_sec && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	CHECK(t >= tv.tv_sec);
	CHECK_EQ(clock_getres(CLOCK_MONOTONIC, &res), 0);
	CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000);
	CHECK_EQ(clock_getres(CLOCK_MONOTONIC, NULL), 0);
}

static void sleeps_are_never_short(void)
{
	struct timespec req = { 0, 20000000 }, rem = { 99, 99 };
	long long t0 = ns(CLOCK_MONOTONIC), target;

	CHECK_EQ(nanosleep(&req, &rem), 0);
	CHECK(ns(CLOCK_MONOTONIC) - t0 >= 20000000);
	CHECK_EQ(rem.tv_sec, 99);		/* written only when interrupted */
	target = ns(CLOCK_MONOTONIC) + 15000000;
	req.tv_sec = target / 1000000000;
	req.tv_nsec = target % 1000000000;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL), 0);
	CHECK(ns(CLOCK_MONOTONIC) >= target);
	req.tv_sec = 0;
	req.tv_nsec = 0;
	CHECK_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &req, NULL), 0);	/* long past */
}

static void errors(void)
{
	struct timespec ts = { 0, 1 }, bad_nsec = { 0, 1000000000 }, neg = { -1, 0 };
	void *volatile bad = (void *)8;

	CHECK_ERR(clock_gettime((clockid_t)10, &ts), EINVAL);
	CHECK_ERR(clock_gettime((clockid_t)100, &ts), EINVAL);
	CHECK_ERR(clock_getres((clockid_t)10, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad), EFAULT);
	CHECK_ERR(syscall(SYS_gettimeofday, bad, NULL), EFAULT);
	CHECK_ERR(syscall(SYS_time, bad), EFAULT);
	CHECK_ERR(nanosleep(&bad_nsec, NULL), EINVAL);
	CHECK_ERR(nanosleep(&neg, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_nanosleep, bad, NULL), EFAULT);
	/* clock_nanosleep returns the error instead of setting errno. */
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad_nsec, NULL), EINVAL);
	CHECK_EQ(clock_nanosleep((clockid_t)10, 0, &ts, NULL), EINVAL);
	CHECK_EQ(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL), EINVAL);
}

int main(void)
{
	clocks_never_go_back();
	wall_clock_agrees();
	sleeps_are_never_short();
	errors();
	return t_exit();
}
