/*
 * What kernel/time's files share: the clocks system calls read
 * (clock.c), for the sleeps (nanosleep.c).
 */
#ifndef KERNEL_TIME_INTERNAL_H
#define KERNEL_TIME_INTERNAL_H

#include <stdint.h>
#include <stdbool.h>

#define NSEC_PER_SEC	1000000000ULL
#define TICK_NSEC	(NSEC_PER_SEC / HZ)

/*
 * Reads clock id (a CLOCK_* of <uapi/time.h>) into *ns, nanoseconds in
 * that clock's own base.  Returns 0, or -EINVAL for an id ringlet does
 * not serve (the alarm clocks, negative CPU-clock ids, unused numbers).
 * Any context that may take a spinlock (the first realtime read reads
 * the CMOS clock).
 */
int clock_read_ns(int id, uint64_t *ns);

/*
 * What clock id (one clock_read_ns serves) adds to MONOTONIC: the
 * wall-clock time of boot for the realtime clocks, 0 for the others.
 * Constant for the boot (nothing sets the clock).  Any context.
 */
uint64_t clock_offset_ns(int id);

/*
 * True if a timespec is one Linux accepts (timespec64_valid): seconds
 * not negative, nanoseconds in [0, 1e9).
 */
bool timespec_ok(long long sec, long long nsec);

#endif
