/*
 * The arch's user-memory loops (copy_user.S), for kernel/mm/uaccess.c.
 * Callers check the range with access_ok first: these only survive faults.
 * They run with user access open (stac) for exactly their own span, never
 * sleep, take no locks, and may be called in any context.
 */
#ifndef ASM_COPY_USER_H
#define ASM_COPY_USER_H

/* Copies len bytes from src to dst; returns the number NOT copied. */
unsigned long copy_user_generic(void *dst, const void *src, unsigned long len);
/* Zeroes len bytes at dst; returns the number NOT zeroed. */
unsigned long clear_user_generic(void *dst, unsigned long len);
/*
 * Copies a string of at most max bytes, its NUL included; returns its
 * length, max if it has no NUL in max bytes, or -EFAULT on a fault.
 */
long strncpy_from_user_generic(char *dst, const char *src, unsigned long max);

#endif
