/*
 * The COM1 UART (arch/x86_64/serial.c): the console's output, polled, and
 * its input, by interrupt, into the tty (include/tty.h).
 */
#ifndef SERIAL_H
#define SERIAL_H
#include <stddef.h>
#include <stdbool.h>

/* Programs the UART, interrupts off.  Once, first thing at boot. */
void serial_init(void);
/*
 * printk's writer: len bytes with "\n" sent as "\r\n" (or as they are
 * inside serial_console_write).  The caller holds the console lock.
 */
void serial_write(const char *s, size_t len);
/*
 * The tty's writer: len bytes exactly as given, under the console lock
 * (console_emit), so they never land inside a printk line.  Any context;
 * never sleeps.
 */
void serial_console_write(const char *s, size_t len);
/*
 * Installs the receive interrupt's handler, routes IRQ 4 through the
 * IO-APIC to the boot CPU and enables the UART's receive interrupt.
 * After ioapic_init; a second call does nothing.  Never sleeps.
 */
void serial_rx_enable(void);
/*
 * Called by the tty after it consumed input: if the interrupt handler
 * masked the receive interrupt because the tty was full, unmask it.  Any
 * context; never sleeps.
 */
void serial_rx_unthrottle(void);
/* True if the receive interrupt is enabled in the UART and routed by the IO-APIC. */
bool serial_rx_irq_ready(void);

#endif
