/*
 * What every user-space test program shares: checks that print what
 * went wrong and count it, and the exit convention init reads
 * (0 pass, 77 skip, anything else fail; liburing's convention).
 *
 * A check prints one line "FAIL file:line: what (errno E)" to stderr and
 * carries on, so one run shows every difference from Linux at once;
 * t_exit() turns the count into the exit status.  Header only: each
 * test is one self-contained program.
 */
#ifndef USER_TEST_H
#define USER_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_SKIP 77

static int t_failures;

static inline void t_fail(const char *file, int line, const char *what, long got, int err)
{
	fprintf(stderr, "FAIL %s:%d: %s (got %ld, errno %d %s)\n", file, line, what, got, err,
		strerror(err));
	t_failures++;
}

/* cond must hold. */
#define CHECK(cond)                                                  \
	do {                                                         \
		int t_e = errno;                                     \
		if (!(cond))                                         \
			t_fail(__FILE__, __LINE__, #cond, 0, t_e);   \
	} while (0)

/* a == b, both as longs. */
#define CHECK_EQ(a, b)                                                           \
	do {                                                                     \
		long t_a = (long)(a), t_b = (long)(b);                           \
		int t_e = errno;                                                 \
		if (t_a != t_b)                                                  \
			t_fail(__FILE__, __LINE__, #a " == " #b, t_a, t_e);      \
	} while (0)

/* The call fails (-1) with exactly errno err. */
#define CHECK_ERR(call, err)                                                           \
	do {                                                                           \
		long t_r;                                                              \
		errno = 0;                                                             \
		t_r = (long)(call);                                                    \
		if (t_r != -1 || errno != (err))                                       \
			t_fail(__FILE__, __LINE__, #call " fails with " #err, t_r, errno); \
	} while (0)

/* The call succeeds (not -1). */
#define CHECK_OK(call)                                                      \
	do {                                                                \
		long t_r;                                                   \
		errno = 0;                                                  \
		t_r = (long)(call);                                         \
		if (t_r == -1)                                              \
			t_fail(__FILE__, __LINE__, #call, t_r, errno);      \
	} while (0)

/* The exit status: 0 if every check held, else 1. */
static inline int t_exit(void)
{
	return t_failures ? 1 : 0;
}

#endif
