/*
 * Sleeping on a clock: nanosleep and clock_nanosleep (Linux 6.1's
 * kernel/time/hrtimer.c and posix-timers.c give the semantics).
 *
 * Every clock ringlet serves is MONOTONIC plus a fixed offset (clock.c),
 * so a sleep becomes a MONOTONIC deadline: now + the request for a
 * relative sleep, or the target minus the clock's offset for
 * TIMER_ABSTIME.  The task then sleeps in whole ticks (schedule_timeout)
 * and re-reads the clock after each wake-up until the deadline has
 * passed: a sleep is never short, and may run up to a tick or two long,
 * as Linux's sleeps may be long by the timer slack.
 *
 * A signal (signal_task, or a kill that wakes the task) ends the sleep
 * with -EINTR; a relative sleep with a rmtp then writes the time left
 * there.  Linux returns -ERESTART_RESTARTBLOCK, which becomes EINTR for a
 * program whose handler does not restart; ringlet has no handlers, so a
 * user program that is signalled dies and the caller that sees -EINTR is
 * a kernel thread.
 *
 * Errors, in Linux's order: an unknown clock -EINVAL; a clock without a
 * sleep (MONOTONIC_RAW, the COARSE clocks, THREAD_CPUTIME_ID and the
 * alarm clocks on a machine without an RTC device) -EOPNOTSUPP; an
 * unreadable request -EFAULT; a bad timespec -EINVAL.
 */
#include "syscalls.h"
#include "time.h"
#include "timer.h"
#include "task.h"
#include "errno.h"
#include "uapi/time.h"
#include "internal.h"

/* Longest single schedule_timeout: a bound far beyond any test, so jiffies arithmetic never wraps. */
#define MAX_SLEEP_TICKS (1L << 40)

static bool clock_can_sleep(int id)
{
	return id == CLOCK_REALTIME || id == CLOCK_MONOTONIC || id == CLOCK_BOOTTIME ||
	       id == CLOCK_TAI || id == CLOCK_PROCESS_CPUTIME_ID;
}

static bool clock_known(int id)
{
	uint64_t ns;

	return clock_read_ns(id, &ns) == 0 || id == CLOCK_REALTIME_ALARM ||
	       id == CLOCK_BOOTTIME_ALARM;
}

/* a + b, saturating at UINT64_MAX ("forever"). */
static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

static uint64_t timespec_ns(const struct __kernel_timespec *t)
{
	uint64_t sec = (uint64_t)t->tv_sec;

	if (sec > UINT64_MAX / NSEC_PER_SEC - 1)
		return UINT64_MAX;
	return sec * NSEC_PER_SEC + (uint64_t)t->tv_nsec;
}

/*
 * Sleeps until ktime_get_ns() >= deadline or a signal.  Returns 0, or
 * -EINTR with *left the nanoseconds that remained.
 */
static long sleep_until(uint64_t deadline, uint64_t *left)
{
	for (;;) {
		uint64_t now = ktime_get_ns(), ticks;

		if (now >= deadline)
			return 0;
		if (signal_pending(current)) {
			*left = deadline - now;
			return -EINTR;
		}
		ticks = (deadline - now + TICK_NSEC - 1) / TICK_NSEC;
		set_current_state(TASK_SLEEPING);
		if (signal_pending(current)) {	/* a signal between the check and the state */
			set_current_state(TASK_RUNNING);
			continue;
		}
		/* +1: the current tick is partly over. */
		if (ticks >= (uint64_t)MAX_SLEEP_TICKS)
			ticks = MAX_SLEEP_TICKS;
		schedule_timeout((long)ticks + 1);
	}
}

SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags,
		const struct __kernel_timespec __user *, rqtp, struct __kernel_timespec __user *,
		rmtp)
{
	struct __kernel_timespec t;
	uint64_t off, deadline, left = 0, req;
	long ret;

	if (!clock_known(which_clock))
		return -EINVAL;
	if (!clock_can_sleep(which_clock))
		return -EOPNOTSUPP;
	if (copy_from_user(&t, rqtp, sizeof(t)))
		return -EFAULT;
	if (!timespec_ok(t.tv_sec, t.tv_nsec))
		return -EINVAL;
	req = timespec_ns(&t);
	if (flags & TIMER_ABSTIME) {
		/* The target on MONOTONIC's scale: the clock is MONOTONIC + off. */
		off = clock_offset_ns(which_clock);
		deadline = req == UINT64_MAX ? req : req <= off ? 0 : req - off;
		rmtp = NULL;		/* as Linux: an absolute sleep reports nothing */
	} else {
		deadline = add_sat(ktime_get_ns(), req);
	}
	ret = sleep_until(deadline, &left);
	if (ret == -EINTR && rmtp) {
		struct __kernel_timespec rem = {
			.tv_sec = (long long)(left / NSEC_PER_SEC),
			.tv_nsec = (long long)(left % NSEC_PER_SEC),
		};

		if (copy_to_user(rmtp, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return ret;
}

SYSCALL_DEFINE2(nanosleep, const struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	return sys_clock_nanosleep(CLOCK_MONOTONIC, 0, rqtp, rmtp);
}
