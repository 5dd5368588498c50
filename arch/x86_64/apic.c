/*
 * Local APIC, legacy PIC and IO-APIC setup.
 *
 * ringlet uses the xAPIC through its memory-mapped registers (mapped
 * uncached with ioremap).  The 8259 PICs are remapped away from the
 * exception vectors and fully masked, so the only interrupt sources are the
 * APICs.  The IO-APIC starts with every input masked; a driver unmasks its
 * line with ioapic_route_irq (today only the UART, arch/x86_64/serial.c).
 *
 * The LAPIC timer counts down at a bus frequency nobody tells us, so it is
 * measured: run it for a known time (PIT channel 2, which counts at a fixed
 * 1.193182 MHz, gated by port 0x61) and see how far it counted.
 */
#include <asm/apic.h>
#include <asm/traps.h>
#include "vmap.h"
#include <asm/x86.h>
#include "printk.h"
#include <asm/pit.h>

#define APIC_BASE_PHYS	0xfee00000
#define MSR_APIC_BASE	0x1b
#define APIC_ID		0x020
#define APIC_EOI	0x0b0
#define APIC_SVR	0x0f0
#define APIC_ICR_LO	0x300
#define APIC_ICR_HI	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_TIMER_INIT	0x380
#define APIC_TIMER_CUR	0x390
#define APIC_TIMER_DIV	0x3e0
#define APIC_SVR_ENABLE	0x100
#define APIC_ICR_BUSY	0x1000
#define LVT_MASKED	0x10000
#define LVT_PERIODIC	0x20000
#define TIMER_DIV_16	0x3

#define CALIBRATE_MS	2	/* short: a window the host does not interrupt is likelier */
#define CALIBRATE_TRIES	25	/* the shortest window wins: see pit.c */

static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;
static uint32_t lapic_ticks_per_ms;

static uint32_t lapic_read(uint32_t reg) { return lapic[reg / 4]; }
static void lapic_write(uint32_t reg, uint32_t v) { lapic[reg / 4] = v; }

static void pic_mask_all(void)
{
	/* Remap to 0x20..0x2f first: a spurious PIC interrupt must not look like an exception. */
	outb(0x20, 0x11); outb(0xa0, 0x11);
	outb(0x21, 0x20); outb(0xa1, 0x28);
	outb(0x21, 0x04); outb(0xa1, 0x02);
	outb(0x21, 0x01); outb(0xa1, 0x01);
	outb(0x21, 0xff); outb(0xa1, 0xff);
}

uint32_t apic_id(void)
{
	return lapic_read(APIC_ID) >> 24;
}

void apic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

void apic_send_ipi(uint32_t dest, uint32_t mode)
{
	unsigned long flags = local_irq_save();

	while (lapic_read(APIC_ICR_LO) & APIC_ICR_BUSY)
		cpu_relax();
	lapic_write(APIC_ICR_HI, dest << 24);
	lapic_write(APIC_ICR_LO, mode);
	local_irq_restore(flags);
}

void apic_init_boot_cpu(void)
{
	pic_mask_all();
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | 0x800);	/* global enable */
	lapic = ioremap(APIC_BASE_PHYS, 4096);
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
	pr_info("apic: local APIC id %u enabled, legacy PIC masked\n", apic_id());
}

void apic_init_ap(void)
{
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
}

/* The masked one-shot count from 0xffffffff, turned into a count up (about a minute before it stops). */
static uint64_t lapic_counter(void)
{
	return 0xffffffffULL - lapic_read(APIC_TIMER_CUR);
}

void apic_timer_calibrate(void)
{
	uint64_t elapsed;

	lapic_write(APIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
	lapic_write(APIC_TIMER_INIT, 0xffffffff);
	elapsed = pit_measure_min(lapic_counter, CALIBRATE_MS, CALIBRATE_TRIES);
	lapic_write(APIC_TIMER_INIT, 0);
	lapic_ticks_per_ms = (uint32_t)(elapsed / CALIBRATE_MS);
	pr_info("apic: timer %u kHz (the shortest of %d PIT windows of %d ms)\n",
		lapic_ticks_per_ms, CALIBRATE_TRIES, CALIBRATE_MS);
}

void apic_timer_start(unsigned int hz)
{
	lapic_write(APIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(APIC_LVT_TIMER, LVT_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TIMER_INIT, lapic_ticks_per_ms * 1000 / hz);
}

#define IOAPIC_REGSEL	0
#define IOAPIC_WIN	4
#define IOAPIC_VER	0x01
#define IOAPIC_REDTBL(n) (0x10 + 2 * (n))

static uint32_t ioapic_read(uint32_t reg)
{
	ioapic[IOAPIC_REGSEL] = reg;
	return ioapic[IOAPIC_WIN];
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
	ioapic[IOAPIC_REGSEL] = reg;
	ioapic[IOAPIC_WIN] = v;
}

static unsigned int ioapic_nr_pins(void)
{
	return ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
}

void ioapic_init(uint64_t phys)
{
	ioapic = ioremap(phys, 4096);
	for (unsigned int pin = 0; pin < ioapic_nr_pins(); pin++) {
		ioapic_write(IOAPIC_REDTBL(pin), LVT_MASKED);
		ioapic_write(IOAPIC_REDTBL(pin) + 1, 0);
	}
	pr_info("ioapic: %u pins at %#llx, all masked\n", ioapic_nr_pins(),
		(unsigned long long)phys);
}

/* Redirection entry bits (82093AA datasheet 3.2.4), besides the vector. */
#define IOREDTBL_MASKED	0x10000

void ioapic_route_irq(unsigned int pin, int vector, uint32_t dest_apic_id)
{
	/* Fixed delivery, physical destination, active high, edge: an ISA line. */
	ioapic_write(IOAPIC_REDTBL(pin) + 1, dest_apic_id << 24);
	ioapic_write(IOAPIC_REDTBL(pin), (uint32_t)vector);
}

bool ioapic_irq_routed(unsigned int pin, int vector)
{
	uint32_t lo = ioapic_read(IOAPIC_REDTBL(pin));

	return !(lo & IOREDTBL_MASKED) && (lo & 0xff) == (uint32_t)vector;
}
