/*
 * Self-tests of the tick and the clock.
 */
#include "ktest.h"
#include "time.h"
#include <asm/x86.h>

KTEST(time, ticks_advance)
{
	uint64_t start = jiffies, deadline = ktime_get_ns() + 200 * 1000000ULL;

	ASSERT_FALSE(irqs_disabled());
	while (jiffies < start + 3 && ktime_get_ns() < deadline)
		cpu_relax();
	EXPECT_GE(jiffies, start + 3);
}

KTEST(time, clock_is_monotonic)
{
	uint64_t prev = ktime_get_ns(), backwards = 0;

	for (int i = 0; i < 100000; i++) {
		uint64_t now = ktime_get_ns();

		backwards += now < prev;
		prev = now;
	}
	EXPECT_EQ(backwards, 0);
}

/* The clock and the tick are measured independently: they must agree. */
KTEST(time, clock_agrees_with_tick)
{
	uint64_t j0, t0, ns;

	j0 = jiffies;
	while (jiffies == j0)
		cpu_relax();
	j0 = jiffies;
	t0 = ktime_get_ns();
	while (jiffies < j0 + HZ / 10)
		cpu_relax();
	ns = ktime_get_ns() - t0;
	/* 100 ms of ticks; allow a generous margin, TCG timing is rough. */
	EXPECT_GT(ns, 50 * 1000000ULL);
	EXPECT_LT(ns, 400 * 1000000ULL);
}

KTEST(time, ndelay_waits)
{
	uint64_t t0 = ktime_get_ns();

	udelay(500);
	EXPECT_GE(ktime_get_ns() - t0, 500 * 1000ULL);
}
