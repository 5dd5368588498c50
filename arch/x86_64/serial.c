/*
 * The 16550 UART on COM1: ringlet's console.  Polled output only: the
 * kernel writes a byte when the transmit holding register is empty.  Under
 * QEMU the wait is never long; on real hardware at 115200 baud it is ~87 us
 * a byte, which is why printk keeps reports short.
 */
#include <asm/x86.h>
#include <asm/serial.h>

#define COM1		0x3f8
#define UART_DATA	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_DLL	0
#define UART_DLM	1
#define LSR_THRE	0x20
#define LCR_DLAB	0x80
#define LCR_8N1		0x03

/* Programs 115200 8N1, FIFOs on, interrupts off.  Call once, early. */
void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1);	/* divisor 1: 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7);	/* enable and clear FIFOs */
	outb(COM1 + UART_MCR, 0x03);	/* DTR, RTS */
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_DATA, (uint8_t)c);
}

/* Writes len bytes, turning "\n" into "\r\n" for terminals.  No locking. */
void serial_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}
