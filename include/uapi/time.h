/*
 * The time ABI: clock ids, the timespec and timeval layouts and the
 * clock_nanosleep flag, with Linux's x86_64 values (include/uapi/linux/
 * time.h, time_types.h), so a static binary's calls mean the same here.
 */
#ifndef UAPI_TIME_H
#define UAPI_TIME_H

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define CLOCK_REALTIME_ALARM		8
#define CLOCK_BOOTTIME_ALARM		9
#define CLOCK_TAI			11

#define TIMER_ABSTIME			0x01

/* 64-bit seconds and nanoseconds on every architecture (__kernel_timespec). */
struct __kernel_timespec {
	long long tv_sec;
	long long tv_nsec;
};

/* gettimeofday's: seconds and microseconds, each a long. */
struct __kernel_old_timeval {
	long tv_sec;
	long tv_usec;
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

#endif
