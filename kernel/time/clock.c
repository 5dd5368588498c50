/*
 * The POSIX clocks and the system calls that read them: clock_gettime,
 * clock_getres, gettimeofday and time (Linux 6.1's kernel/time/
 * posix-timers.c, posix-stubs.c and time.c give the semantics).
 *
 * There is one time source, ktime_get_ns() (the TSC scaled at boot), so
 * every clock is that source seen from some base:
 *
 *   MONOTONIC, MONOTONIC_RAW, BOOTTIME   ktime: nanoseconds since boot.
 *                                        No NTP slewing and no suspend, so
 *                                        the three are equal.
 *   REALTIME, TAI                        ktime + the wall-clock time of boot,
 *                                        read once from the CMOS RTC (QEMU's
 *                                        follows the host's clock, in UTC).
 *                                        TAI = REALTIME, as on Linux until NTP
 *                                        sets the TAI offset.  Nothing sets the
 *                                        clock (no settimeofday), so it never
 *                                        jumps.
 *   *_COARSE                             the above, rounded down to the last
 *                                        tick, resolution 1/HZ, as Linux's
 *                                        coarse clocks return the time of the
 *                                        last tick.
 *   PROCESS_CPUTIME_ID, THREAD_CPUTIME_ID  APPROXIMATED: ringlet keeps no
 *                                        per-task run time, so these read the
 *                                        time since boot, an upper bound of
 *                                        the CPU time; they only go forward.
 *
 * Not served (-EINVAL, as Linux on a machine without an RTC device): the
 * alarm clocks (8, 9); negative ids (Linux's per-pid CPU clocks and
 * clock fds); 10 and everything above 11.
 */
#include "syscalls.h"
#include "time.h"
#include "errno.h"
#include "spinlock.h"
#include "uapi/time.h"
#include "internal.h"
#include <asm/x86.h>

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71

static DEFINE_SPINLOCK(boot_wall_lock);
static bool boot_wall_known;
static uint64_t boot_wall_ns;	/* REALTIME - MONOTONIC: the wall-clock time of boot */

static unsigned int cmos_read(unsigned int reg)
{
	outb(CMOS_INDEX, (uint8_t)reg);
	return inb(CMOS_DATA);
}

static unsigned int bcd(unsigned int v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), for y >= 1970. */
static uint64_t days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
	static const unsigned int before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
	};
	unsigned int leaps_to = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400;
	unsigned int leaps_1970 = 1969 / 4 - 1969 / 100 + 1969 / 400;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return (uint64_t)(y - 1970) * 365 + (leaps_to - leaps_1970) + before[m - 1] +
	       (leap && m > 2) + (d - 1);
}

/*
 * Seconds since the epoch from the CMOS RTC.  The registers are read
 * twice, outside an update (status A bit 7), until two reads agree, so a
 * read never mixes two seconds.  Interrupts off, boot_wall_lock held.
 */
static uint64_t cmos_seconds(void)
{
	static const unsigned int regs[6] = { 0x00, 0x02, 0x04, 0x07, 0x08, 0x09 };
	unsigned int r[6], again[6], regb;
	bool same, pm;

	do {
		while (cmos_read(0x0a) & 0x80)
			cpu_relax();
		same = true;
		for (int i = 0; i < 6; i++)
			r[i] = cmos_read(regs[i]);
		for (int i = 0; i < 6; i++) {
			again[i] = cmos_read(regs[i]);
			same &= r[i] == again[i];
		}
	} while (!same);
	regb = cmos_read(0x0b);
	pm = r[2] & 0x80;
	r[2] &= 0x7f;
	if (!(regb & 0x04))		/* BCD, QEMU's default */
		for (int i = 0; i < 6; i++)
			r[i] = bcd(r[i]);
	if (!(regb & 0x02))		/* 12-hour mode: 12 AM is 0, 12 PM is 12 */
		r[2] = r[2] % 12 + (pm ? 12 : 0);
	if (r[4] < 1 || r[4] > 12 || r[3] < 1 || r[3] > 31 || r[2] > 23)
		return 0;		/* no sane date: REALTIME starts at the epoch */
	/* The RTC keeps two digits of the year: this century. */
	return days_since_epoch(2000 + r[5], r[4], r[3]) * 86400 + r[2] * 3600 + r[1] * 60 + r[0];
}

/* REALTIME - MONOTONIC, measured on first use.  Any context. */
static uint64_t boot_wall(void)
{
	unsigned long flags;

	if (smp_load_acquire(&boot_wall_known))
		return boot_wall_ns;
	flags = spin_lock_irqsave(&boot_wall_lock);
	if (!boot_wall_known) {
		uint64_t secs = cmos_seconds(), now = ktime_get_ns();
		uint64_t wall = secs * NSEC_PER_SEC;

		boot_wall_ns = wall > now ? wall - now : 0;
		smp_store_release(&boot_wall_known, true);
	}
	spin_unlock_irqrestore(&boot_wall_lock, flags);
	return boot_wall_ns;
}

static uint64_t coarse(uint64_t ns)
{
	return ns - ns % TICK_NSEC;
}

int clock_read_ns(int id, uint64_t *ns)
{
	uint64_t mono = ktime_get_ns();

	switch (id) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = mono;
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		*ns = coarse(mono);
		return 0;
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		*ns = boot_wall() + mono;
		return 0;
	case CLOCK_REALTIME_COARSE:
		*ns = boot_wall() + coarse(mono);
		return 0;
	default:
		return -EINVAL;
	}
}

uint64_t clock_offset_ns(int id)
{
	bool real = id == CLOCK_REALTIME || id == CLOCK_TAI || id == CLOCK_REALTIME_COARSE;

	return real ? boot_wall() : 0;
}

bool timespec_ok(long long sec, long long nsec)
{
	return sec >= 0 && nsec >= 0 && (unsigned long long)nsec < NSEC_PER_SEC;
}

static long put_timespec(struct __kernel_timespec __user *u, uint64_t ns)
{
	struct __kernel_timespec ts = {
		.tv_sec = (long long)(ns / NSEC_PER_SEC),
		.tv_nsec = (long long)(ns % NSEC_PER_SEC),
	};

	return copy_to_user(u, &ts, sizeof(ts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(clock_gettime, int, which_clock, struct __kernel_timespec __user *, tp)
{
	uint64_t ns;
	int err = clock_read_ns(which_clock, &ns);

	return err ? err : put_timespec(tp, ns);
}

SYSCALL_DEFINE2(clock_getres, int, which_clock, struct __kernel_timespec __user *, tp)
{
	uint64_t ns;
	int err = clock_read_ns(which_clock, &ns);

	if (err)
		return err;
	/* TSC-based clocks resolve nanoseconds; coarse ones move once a tick. */
	if (which_clock == CLOCK_REALTIME_COARSE || which_clock == CLOCK_MONOTONIC_COARSE)
		ns = TICK_NSEC;
	else
		ns = 1;
	return tp ? put_timespec(tp, ns) : 0;
}

SYSCALL_DEFINE2(gettimeofday, struct __kernel_old_timeval __user *, tv, struct timezone __user *,
		tz)
{
	if (tv) {
		uint64_t ns = boot_wall() + ktime_get_ns();
		struct __kernel_old_timeval v = {
			.tv_sec = (long)(ns / NSEC_PER_SEC),
			.tv_usec = (long)(ns % NSEC_PER_SEC / 1000),
		};

		if (copy_to_user(tv, &v, sizeof(v)))
			return -EFAULT;
	}
	if (tz) {
		/* UTC, no DST: Linux's sys_tz until settimeofday sets it. */
		struct timezone z = { 0, 0 };

		if (copy_to_user(tz, &z, sizeof(z)))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(time, long __user *, tloc)
{
	long secs = (long)((boot_wall() + ktime_get_ns()) / NSEC_PER_SEC);

	if (tloc && copy_to_user(tloc, &secs, sizeof(secs)))
		return -EFAULT;
	return secs;
}
