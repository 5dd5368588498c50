/*
 * printk: the kernel's log.  Each call's text reaches the console as one
 * piece under the console lock, so lines from several CPUs never interleave
 * inside a line.  A message that does not end in a newline gets one: every
 * call is a line (or several), as in Linux without KERN_CONT.  A leading KERN_* level is
 * compared with console_loglevel (loglevel= on the command line): messages
 * whose level is below it are printed, except that crash reports are
 * always printed whole.
 */
#ifndef PRINTK_H
#define PRINTK_H

#include <stdarg.h>
#include "compiler.h"

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"

#define LOGLEVEL_DEFAULT	4	/* level of a message that names none */
#define CONSOLE_LOGLEVEL_DEFAULT 7

extern int console_loglevel;

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);

/* Writes len bytes to the console atomically with respect to other printers. */
void console_emit(const char *s, size_t len);

/* Where the next message will go in the log: a mark for log_buf_count. */
unsigned long log_buf_pos(void);
/*
 * How many times needle occurs in the log text stored since the mark
 * (or in all the log still holds, if the mark has been overwritten).
 * Any context.
 */
int log_buf_count(unsigned long since, const char *needle);

/*
 * Called once a panic starts: from now on the console lock is taken with a
 * bounded wait, so a CPU that died holding it cannot silence the panic.
 */
void console_force_unlock_on_oops(void);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG fmt, ##__VA_ARGS__)

#endif
