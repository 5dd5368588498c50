/*
 * The 16550 UART on COM1: ringlet's console, in both directions.
 *
 * Output is polled: the kernel writes a byte when the transmit holding
 * register is empty.  Under QEMU the wait is never long; on real hardware
 * at 115200 baud it is ~87 us a byte, which is why printk keeps reports
 * short.  printk writes through serial_write, which turns "\n" into
 * "\r\n"; the tty decides that for itself (ONLCR) and writes through
 * serial_console_write, which sends the bytes as they are.
 *
 * Input is interrupt-driven.  A received byte raises IRQ 4, which the
 * IO-APIC delivers to the boot CPU as ISA_IRQ_VECTOR(4).  The handler
 * drains the UART's FIFO into the tty (tty_receive, include/tty.h), so
 * the line drops again: the IO-APIC input is edge-triggered, as ISA lines
 * are, and a line left high would never interrupt again.
 *
 * Flow control.  The handler takes no more bytes than the tty has room
 * for (tty_receive_room).  If the tty is full it masks the UART's receive
 * interrupt (throttled) and leaves the rest in the FIFO; QEMU then stops
 * reading its stdin, so piped input waits instead of being lost.  A
 * reader that made room calls serial_rx_unthrottle, which unmasks it; the
 * line rises again and the handler runs.  rx_lock makes "is there room?
 * then throttle" one step against the reader's "made room: throttled?",
 * so a throttle can never outlive the room being made.
 */
#include <asm/x86.h>
#include <asm/serial.h>
#include <asm/apic.h>
#include <asm/traps.h>
#include "printk.h"
#include "percpu.h"
#include "spinlock.h"
#include "smp.h"
#include "tty.h"

#define COM1		0x3f8
#define COM1_IRQ	4
#define UART_DATA	0
#define UART_IER	1
#define UART_FCR	2	/* written */
#define UART_IIR	2	/* read */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_DLL	0
#define UART_DLM	1
#define IIR_FIFO_ON	0xc0
#define IER_RDI		0x01	/* interrupt when received data is available */
#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT2	0x08	/* on PCs, gates the UART's interrupt onto the ISA line */
#define LSR_DR		0x01	/* a received byte is waiting */
#define LSR_THRE	0x20
#define LCR_DLAB	0x80
#define LCR_8N1		0x03

/*
 * Programs 115200 8N1, interrupts off.  Call once, early.  The FIFOs stay
 * as the boot loader left them: switching them on or off empties the
 * receiver (the 16550 does, and QEMU too), and input typed or piped
 * before the kernel started must wait there for the tty, not be lost.
 * Off, QEMU hands the UART one byte at a time and holds the rest back.
 */
void serial_init(void)
{
	bool fifo_on = (inb(COM1 + UART_IIR) & IIR_FIFO_ON) == IIR_FIFO_ON;

	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1);	/* divisor 1: 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	if (fifo_on)
		outb(COM1 + UART_FCR, 0xc5);	/* receive trigger at 14 bytes; nothing cleared */
	outb(COM1 + UART_MCR, MCR_DTR | MCR_RTS);
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_DATA, (uint8_t)c);
}

/*
 * Set while this CPU is inside serial_console_write: console_emit's call
 * to serial_write is then the tty's, whose bytes go out as they are.
 * Only this CPU, with interrupts off, ever sees it set.
 */
static DEFINE_PER_CPU(bool, serial_raw);

/*
 * Writes len bytes, turning "\n" into "\r\n" for terminals (printk's
 * output), or as they are inside serial_console_write.  No locking: the
 * caller holds the console lock (console_emit).
 */
void serial_write(const char *s, size_t len)
{
	bool raw = this_cpu_read(serial_raw);

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n' && !raw)
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

void serial_console_write(const char *s, size_t len)
{
	unsigned long flags = local_irq_save();

	this_cpu_write(serial_raw, true);
	console_emit(s, len);
	this_cpu_write(serial_raw, false);
	local_irq_restore(flags);
}

static DEFINE_SPINLOCK(rx_lock);
static bool rx_throttled;	/* guarded by rx_lock */
static bool rx_enabled;		/* guarded by rx_lock */

/* The UART's interrupt: moves every waiting byte the tty has room for. */
static void serial_interrupt(struct pt_regs *regs)
{
	char buf[16];
	size_t n, room;

	(void)regs;
	for (;;) {
		room = tty_receive_room();
		for (n = 0; n < room && n < sizeof(buf) && (inb(COM1 + UART_LSR) & LSR_DR); n++)
			buf[n] = (char)inb(COM1 + UART_DATA);
		if (n)
			tty_receive(buf, n);
		if (!(inb(COM1 + UART_LSR) & LSR_DR))
			return;		/* drained: the line is low again */
		spin_lock(&rx_lock);
		if (!tty_receive_room()) {
			rx_throttled = true;
			outb(COM1 + UART_IER, 0);
			spin_unlock(&rx_lock);
			return;
		}
		spin_unlock(&rx_lock);
	}
}

void serial_rx_unthrottle(void)
{
	unsigned long flags = spin_lock_irqsave(&rx_lock);

	if (rx_throttled) {
		rx_throttled = false;
		outb(COM1 + UART_IER, IER_RDI);
	}
	spin_unlock_irqrestore(&rx_lock, flags);
}

void serial_rx_enable(void)
{
	unsigned long flags = spin_lock_irqsave(&rx_lock);

	if (!rx_enabled) {
		rx_enabled = true;
		set_irq_handler(ISA_IRQ_VECTOR(COM1_IRQ), serial_interrupt);
		/* QEMU's MADT overrides only IRQ 0 among the ISA lines: IRQ 4 is pin 4. */
		ioapic_route_irq(COM1_IRQ, ISA_IRQ_VECTOR(COM1_IRQ), cpu_apic_id[0]);
		outb(COM1 + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
		outb(COM1 + UART_IER, IER_RDI);
	}
	spin_unlock_irqrestore(&rx_lock, flags);
}

bool serial_rx_irq_ready(void)
{
	return (inb(COM1 + UART_IER) & IER_RDI) && (inb(COM1 + UART_MCR) & MCR_OUT2) &&
	       ioapic_irq_routed(COM1_IRQ, ISA_IRQ_VECTOR(COM1_IRQ));
}
