/*
 * The local APIC (one per CPU: timer, IPIs, end-of-interrupt) and the
 * IO-APIC (routes device interrupt lines to CPUs).
 */
#ifndef APIC_H
#define APIC_H

#include <stdint.h>
#include <stdbool.h>
#include <asm/ptrace.h>

#define APIC_DM_FIXED		0x000
#define APIC_DM_NMI		0x400
#define APIC_DM_INIT		0x500
#define APIC_DM_STARTUP		0x600
#define APIC_DEST_ALLBUT	0xc0000	/* shorthand: all excluding self */

/* Masks the legacy PICs, maps and enables this CPU's local APIC. */
void apic_init_boot_cpu(void);
/* Enables an application processor's local APIC (mapped already by the boot CPU). */
void apic_init_ap(void);
uint32_t apic_id(void);
void apic_eoi(void);
/* Sends an IPI: mode is APIC_DM_* | vector, optionally | APIC_DEST_ALLBUT. */
void apic_send_ipi(uint32_t dest_apic_id, uint32_t mode);

/*
 * Measures the LAPIC timer against the PIT, then starts it periodic at hz
 * on this CPU with LOCAL_TIMER_VECTOR.
 */
void apic_timer_calibrate(void);
void apic_timer_start(unsigned int hz);

/* Maps the IO-APIC and masks every input. */
void ioapic_init(uint64_t phys);
/*
 * Unmasks IO-APIC input pin as an ISA line (edge, active high), delivered
 * as vector to the CPU with dest_apic_id.  After ioapic_init.  Never
 * sleeps; the caller serializes calls for one pin.
 */
void ioapic_route_irq(unsigned int pin, int vector, uint32_t dest_apic_id);
/* True if pin is unmasked and delivers vector. */
bool ioapic_irq_routed(unsigned int pin, int vector);

void nmi_handler(struct pt_regs *regs);

#endif
