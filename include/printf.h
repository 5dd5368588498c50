/*
 * Formatted output into a buffer: vsnprintf and snprintf with C's
 * semantics, and Linux's vscnprintf and scnprintf, which report what they
 * actually stored and so can be summed to append piece by piece:
 *
 *	len += scnprintf(line + len, sizeof(line) - len, "%02x ", byte);
 *
 * The conversions are C's integer, character, string and pointer ones
 * (%d %i %u %x %X %o %c %s %p %%) with flags "-0+ #", width, precision,
 * '*' and the length modifiers hh h l ll z t.  No floating point and no %n.
 * Beyond C:
 *
 *	%p	16 lowercase hex digits without "0x" (Linux's %px)
 *	%pS	a text address as "name+0xoff/0xsize" (see kallsyms.h)
 *	%ps	a text address as "name"
 *
 * A conversion not listed (including C's optional forms such as "%5%" or
 * "%lc") is copied to the output as written and consumes no argument.
 */
#ifndef PRINTF_H
#define PRINTF_H

#include <stddef.h>
#include <stdarg.h>

/*
 * Formats into buf, storing at most size - 1 characters and then a NUL
 * (nothing at all when size is 0; buf may then be NULL).  Returns the
 * length the whole output would have, so a return >= size means it was
 * truncated.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4)))
int snprintf(char *buf, size_t size, const char *fmt, ...);

/*
 * Like vsnprintf, but returns the number of characters actually stored,
 * excluding the NUL: at most size - 1, and 0 when size is 0.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4)))
int scnprintf(char *buf, size_t size, const char *fmt, ...);

#endif
