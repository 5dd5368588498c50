/*
 * The 8254 PIT as a stopwatch.  Channel 2 is the one whose gate software
 * controls (bit 0 of port 0x61) and whose output it can read (bit 5), so
 * it can time an interval without any interrupt: load a count, open the
 * gate, spin until the output goes high.
 *
 * A calibration measures another clock over such a window.  The window is
 * only ever measured too long: the start is read before the PIT is
 * loaded, the end after its output is seen high, and any delay in between
 * (an interrupt, or, in a virtual machine, the host not running this
 * vCPU) is counted in.  On a loaded 2-core host running 8-vCPU TCG guests,
 * one 20 ms window was measured 79% too long (ktime then ran 44% slow for
 * the whole boot) and one 10 ms window of the LAPIC timer 48% too long
 * (every tick 48% late).  So pit_measure_min takes the shortest of many
 * short windows: a 2 ms window fits between two host preemptions far more
 * often than a 20 ms one.
 */
#include <asm/pit.h>
#include <asm/x86.h>

#define PIT_HZ		1193182
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61

void pit_wait_ms(unsigned int ms)
{
	uint32_t count = PIT_HZ / 1000 * ms;
	uint8_t b = inb(PORT_B);

	outb(PORT_B, (b & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(PIT_CMD, 0xb0);			/* channel 2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, (count >> 8) & 0xff);
	while (!(inb(PORT_B) & 0x20))
		cpu_relax();
	outb(PORT_B, b);
}

uint64_t pit_measure_min(uint64_t (*counter)(void), unsigned int ms, int tries)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < tries || best == UINT64_MAX; i++) {
		uint64_t c0 = counter(), d;

		pit_wait_ms(ms);
		d = counter() - c0;
		if (d < best)
			best = d;
	}
	return best;
}
