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
 * that crashed (a fault inside serial_write: the lock records its owner,
 * and the owner prints straight through) or is wedged (once a panic has
 * started, console_emit waits a bounded time for the lock and then prints
 * anyway).  A garbled line is better than a silent death.
 */
#include "printk.h"
#include "printf.h"
#include "spinlock.h"
#include <asm/serial.h>
#include <asm/x86.h>
#include "atomic.h"
#include "report.h"
#include "percpu.h"

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

/*
 * The console lock is a bare test-and-set lock, not a spinlock_t: the
 * spinlock's recursion check reports through printk, and a report must not
 * depend on the thing it reports about.
 */
static int console_owner = -1;	/* CPU holding the console, or -1 */
static bool oops_in_progress;

#define OOPS_LOCK_SPINS	10000000

void console_force_unlock_on_oops(void)
{
	WRITE_ONCE(oops_in_progress, true);
}

void console_emit(const char *s, size_t len)
{
	unsigned long flags = local_irq_save();
	int me = smp_processor_id(), free = -1;
	long spins = 0;
	bool got = true;

	/* This CPU already holds it: a fault or NMI hit us mid-line.  Print anyway. */
	if (READ_ONCE(console_owner) == me)
		got = false;
	while (got && !try_cmpxchg_acquire(&console_owner, &free, me)) {
		free = -1;
		cpu_relax();
		if (READ_ONCE(oops_in_progress) && ++spins > OOPS_LOCK_SPINS)
			got = false;
	}
	serial_write(s, len);
	if (got)
		smp_store_release(&console_owner, -1);
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
	len = vscnprintf(buf, sizeof(buf) - 1, fmt, ap);
	/* Every message is a whole line, as in Linux (ringlet has no KERN_CONT). */
	if (len == 0 || buf[len - 1] != '\n') {
		buf[len++] = '\n';
		buf[len] = '\0';
	}
	/* A crash report is printed whole, or tools could not read it. */
	if (level < READ_ONCE(console_loglevel) || report_in_progress_here())
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
