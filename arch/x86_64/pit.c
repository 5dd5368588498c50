/*
 * The 8254 PIT as a stopwatch.  Channel 2 is the one whose gate software
 * controls (bit 0 of port 0x61) and whose output it can read (bit 5), so
 * it can time an interval without any interrupt: load a count, open the
 * gate, spin until the output goes high.
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
