/*
 * printk and the console lock.
 *
 * A message is formatted into a buffer on the caller's stack first, then
 * written to the UART in one go under console_lock, with interrupts off so
 * an interrupt handler's printk on the same CPU cannot deadlock on it.  So a
 * line is never split by another CPU's output, and the lock is only held for
 * the time it takes to push bytes out, not to format them.
 *
 * Crash reports must get out even if the CPU that holds the lock is the one
 * that crashed (a fault inside serial_write) or is wedged: once a report has
 * started, console_emit waits a bounded time for the lock and then prints
 * anyway.  A garbled line is better than a silent death.
 */
#include "printk.h"
#include "printf.h"
#include "spinlock.h"
#include "serial.h"
#include "x86.h"
#include "atomic.h"

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

/*
 * The console lock is a bare test-and-set lock, not a spinlock_t: the
 * spinlock's recursion check reports through printk, and a report must not
 * depend on the thing it reports about.
 */
static int console_locked;
static bool oops_in_progress;

#define OOPS_LOCK_SPINS	10000000

void console_force_unlock_on_oops(void)
{
	WRITE_ONCE(oops_in_progress, true);
}

void console_emit(const char *s, size_t len)
{
	unsigned long flags = local_irq_save();
	long spins = 0;
	bool got = true;

	while (__atomic_exchange_n(&console_locked, 1, __ATOMIC_ACQUIRE)) {
		cpu_relax();
		if (READ_ONCE(oops_in_progress) && ++spins > OOPS_LOCK_SPINS) {
			got = false;
			break;
		}
	}
	serial_write(s, len);
	if (got)
		__atomic_store_n(&console_locked, 0, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int level = LOGLEVEL_DEFAULT;
	int len;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	len = vscnprintf(buf, sizeof(buf), fmt, ap);
	if (level < READ_ONCE(console_loglevel))
		console_emit(buf, (size_t)len);
	return len;
}

/* Formats and prints one message; returns its length.  Any context. */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
