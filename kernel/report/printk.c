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
 *
 * The log buffer.  Every message, printed or not (a quiet loglevel), is
 * also appended to log_buf, a ring of the last LOG_BUF_LEN bytes, under
 * the same lock (Linux's log_buf, without records or a reader).  Tests
 * read it back with log_buf_count to check that a message was logged, and
 * how often: a killed program's "segfault at" line, a one-time warning.
 */
#include "printk.h"
#include "printf.h"
#include "spinlock.h"
#include <asm/serial.h>
#include <asm/x86.h>
#include "atomic.h"
#include "report.h"
#include "percpu.h"
#include "string.h"

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

#define LOG_BUF_LEN	(64 * 1024)

static char log_buf[LOG_BUF_LEN];
static unsigned long log_next;	/* bytes ever stored: the next one goes to log_next % LOG_BUF_LEN */

/*
 * Takes the console lock with interrupts off; false if it could not be
 * had (see above) and the caller goes ahead without it.
 */
static bool console_lock_irqsave(unsigned long *flags)
{
	int me = smp_processor_id(), free = -1;
	long spins = 0;

	*flags = local_irq_save();
	/* This CPU already holds it: a fault or NMI hit us mid-line.  Print anyway. */
	if (READ_ONCE(console_owner) == me)
		return false;
	while (!try_cmpxchg_acquire(&console_owner, &free, me)) {
		free = -1;
		cpu_relax();
		if (READ_ONCE(oops_in_progress) && ++spins > OOPS_LOCK_SPINS)
			return false;
	}
	return true;
}

static void console_unlock_irqrestore(bool got, unsigned long flags)
{
	if (got)
		smp_store_release(&console_owner, -1);
	local_irq_restore(flags);
}

void console_emit(const char *s, size_t len)
{
	unsigned long flags;
	bool got = console_lock_irqsave(&flags);

	serial_write(s, len);
	console_unlock_irqrestore(got, flags);
}

unsigned long log_buf_pos(void)
{
	return READ_ONCE(log_next);
}

int log_buf_count(unsigned long since, const char *needle)
{
	unsigned long flags, end, start, i;
	size_t n = strlen(needle);
	bool got = console_lock_irqsave(&flags);
	int count = 0;

	end = log_next;
	start = end - since > LOG_BUF_LEN ? end - LOG_BUF_LEN :
					    since; /* what the ring still holds */
	for (i = start; n && i + n <= end; i++) {
		size_t k = 0;

		while (k < n && log_buf[(i + k) % LOG_BUF_LEN] == needle[k])
			k++;
		count += k == n;
	}
	console_unlock_irqrestore(got, flags);
	return count;
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int level = LOGLEVEL_DEFAULT;
	unsigned long flags;
	bool got;
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
	got = console_lock_irqsave(&flags);
	for (int i = 0; i < len; i++)
		log_buf[log_next++ % LOG_BUF_LEN] = buf[i];
	/* A crash report is printed whole, or tools could not read it. */
	if (level < READ_ONCE(console_loglevel) || report_in_progress_here())
		serial_write(buf, (size_t)len);
	console_unlock_irqrestore(got, flags);
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
