/*
 * Self-tests of pit.c (suite pit): pit_measure_min keeps the least
 * disturbed of its windows, and the boot's calibration of ktime against
 * the PIT holds.
 *
 * A disturbance is simulated by a scripted counter whose first window
 * looks 50% long, as a clock's does when the host does not run this vCPU
 * for part of it: the result must be the shortest window, whatever the
 * host does meanwhile.  The calibration check measures PIT windows with
 * ktime: a TSC rate set from one disturbed window (as before
 * pit_measure_min) makes ktime slow, so the windows measure short; a
 * loaded host only makes them long, so only a generous upper bound.
 */
#include "ktest.h"
#include "time.h"
#include <asm/pit.h>

#define WINDOW_MS	10
#define MS		1000000ULL

/* The counter's value at each read: windows of 15, 10 and 12 "ms". */
static const uint64_t script[] = { 0, 15 * MS, 100 * MS, 110 * MS, 200 * MS, 212 * MS };
static unsigned int script_pos;

static uint64_t scripted_counter(void)
{
	return script[script_pos++ % (sizeof(script) / sizeof(script[0]))];
}

KTEST(pit, disturbed_window_is_not_taken)
{
	script_pos = 0;
	EXPECT_EQ(pit_measure_min(scripted_counter, WINDOW_MS, 1), 15 * MS);
	script_pos = 0;
	EXPECT_EQ(pit_measure_min(scripted_counter, WINDOW_MS, 3), 10 * MS);
	EXPECT_EQ(script_pos, 6);	/* one read at each end of each window */
	script_pos = 0;
	EXPECT_EQ(pit_measure_min(scripted_counter, WINDOW_MS, 0), 15 * MS);	/* at least one */
}

static uint64_t ktime_counter(void)
{
	return ktime_get_ns();
}

/* ktime counts PIT milliseconds as milliseconds: not 10% fewer. */
KTEST(pit, ktime_matches_the_pit)
{
	uint64_t ns = pit_measure_min(ktime_counter, 2 * WINDOW_MS, 5);

	EXPECT_GT(ns, 2 * WINDOW_MS * MS * 9 / 10);
	EXPECT_LT(ns, 2 * WINDOW_MS * MS * 3);	/* a host stall in every window: long, not garbage */
}
