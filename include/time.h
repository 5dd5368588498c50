/*
 * Time: the periodic tick (jiffies) and a monotonic nanosecond clock.
 */
#ifndef TIME_H
#define TIME_H

#include <stdint.h>

#define HZ 250

#include "percpu.h"

/* Ticks since the timer started on the boot CPU. */
extern volatile uint64_t jiffies;
/* Ticks this CPU's own timer has delivered. */
DECLARE_PER_CPU(uint64_t, local_ticks);

/* Measures the TSC and the LAPIC timer, then starts the tick on this CPU. */
void time_init(void);

/*
 * Nanoseconds since time_init() (0 before it), from the TSC.  Never goes backwards on one CPU;
 * any context, no locks.  Under QEMU TCG it follows the host's clock, so
 * use it for ratios within one run, not absolute speeds.
 */
uint64_t ktime_get_ns(void);

/* Busy-waits at least ns nanoseconds. */
void ndelay(uint64_t ns);
static inline void udelay(uint64_t us) { ndelay(us * 1000); }
static inline void mdelay(uint64_t ms) { ndelay(ms * 1000000); }

#endif
