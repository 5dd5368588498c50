/*
 * What the io_uring tests share on top of test.h: printing results the
 * same way on every kernel, so `make compare-linux` can set ringlet's
 * output beside Linux 6.1's line by line, and reaping CQEs into an array.
 * The rings themselves are always Debian's liburing (liburing.a); nothing
 * here wraps or re-implements an io_uring call.
 *
 * Output rules every uring_* test follows: a result is printed as an
 * errno name ("-EINVAL") or a number, CQEs as "ud U res R flags F" in a
 * stable order (sorted by user_data wherever completion order is not
 * part of the contract), never a pid, an address or a time; lines that
 * are inherently timing start with "timing:" and are tabulated, not
 * compared.
 */
#ifndef USER_URING_TEST_H
#define USER_URING_TEST_H

#include <liburing.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "test.h"

/* An errno by name, for output that reads the same on every libc. */
static inline const char *u_errname(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" },	{ ENOENT, "ENOENT" },	    { EINTR, "EINTR" },
		{ EIO, "EIO" },		{ ENXIO, "ENXIO" },	    { E2BIG, "E2BIG" },
		{ EBADF, "EBADF" },	{ EAGAIN, "EAGAIN" },	    { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" },	{ EFAULT, "EFAULT" },	    { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" },	{ ENODEV, "ENODEV" },	    { EINVAL, "EINVAL" },
		{ ENFILE, "ENFILE" },	{ EMFILE, "EMFILE" },	    { ENOTTY, "ENOTTY" },
		{ ENOSPC, "ENOSPC" },	{ ESPIPE, "ESPIPE" },	    { EPIPE, "EPIPE" },
		{ ERANGE, "ERANGE" },	{ ENOSYS, "ENOSYS" },	    { EOVERFLOW, "EOVERFLOW" },
		{ EBADFD, "EBADFD" },	{ EBADR, "EBADR" },	    { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ETIME, "ETIME" },	{ ECANCELED, "ECANCELED" }, { EALREADY, "EALREADY" },
		{ ENOBUFS, "ENOBUFS" },	{ ECHILD, "ECHILD" },	    { ENOTSOCK, "ENOTSOCK" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return "E?";
}

/* A result as Linux returns it: a count, or "-ENAME" (the number too if unnamed). */
static inline const char *u_res(long res)
{
	static char bufs[8][32];
	static int next;
	char *b = bufs[next++ % 8];

	if (res >= 0)
		snprintf(b, 32, "%ld", res);
	else if (u_errname((int)-res)[1] != '?')
		snprintf(b, 32, "-%s", u_errname((int)-res));
	else
		snprintf(b, 32, "-E%ld", -res);
	return b;
}

/* A syscall-style result (-1 and errno) in the same form. */
static inline const char *u_sys(long ret)
{
	return u_res(ret < 0 ? -errno : ret);
}

/* What a test keeps of a CQE once it has been seen. */
struct u_cqe {
	unsigned long long ud;
	int res;
	unsigned flags;
};

static inline void u_print_cqe(const char *what, const struct u_cqe *c)
{
	printf("%s: ud %llu res %s flags 0x%x\n", what, c->ud, u_res(c->res), c->flags);
}

static inline int u_by_ud(const void *a, const void *b)
{
	const struct u_cqe *x = a, *y = b;

	return x->ud < y->ud ? -1 : x->ud > y->ud;
}

/*
 * Waits for n CQEs and copies them into out in completion order (each
 * marked seen).  Returns how many it got: fewer only if a wait failed,
 * which is a failure the caller's count check reports.
 */
static inline unsigned u_reap(struct io_uring *ring, struct u_cqe *out, unsigned n)
{
	struct io_uring_cqe *cqe;
	unsigned got = 0;

	while (got < n) {
		int ret = io_uring_wait_cqe(ring, &cqe);

		if (ret < 0) {
			fprintf(stderr, "wait_cqe: %s after %u of %u\n", u_res(ret), got, n);
			t_failures++;
			break;
		}
		out[got].ud = cqe->user_data;
		out[got].res = cqe->res;
		out[got].flags = cqe->flags;
		got++;
		io_uring_cqe_seen(ring, cqe);
	}
	return got;
}

/* u_reap, then prints them sorted by user_data, each as "what: ud U res R flags F". */
static inline unsigned u_reap_print(struct io_uring *ring, struct u_cqe *out, unsigned n,
				    const char *what)
{
	unsigned got = u_reap(ring, out, n);

	qsort(out, got, sizeof(*out), u_by_ud);
	for (unsigned i = 0; i < got; i++)
		u_print_cqe(what, &out[i]);
	return got;
}

/* An SQE, which the test has sized its ring never to run out of. */
static inline struct io_uring_sqe *u_sqe(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe) {
		fprintf(stderr, "FAIL: SQ ring full\n");
		exit(1);
	}
	return sqe;
}

/*
 * Checks of an answer that is Linux 6.1's and changed in a later Linux.
 * On a kernel whose uname release is newer than 6.1 (the host, say) a
 * different answer skips that check instead of failing it, and the test
 * then exits 77 if nothing else failed; everywhere else (Linux 6.1, and
 * ringlet, which reports 6.1.0-ringlet) the check is strict.
 */
static int u_skipped;

static inline int u_after_61(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major > 6 || (major == 6 && minor > 1);
}

#define CHECK_61(cond)                                                                     \
	do {                                                                               \
		int t_e = errno, t_ok = !!(cond);                                         \
		if (!t_ok && u_after_61()) {                                               \
			fprintf(stderr, "skip %s:%d: %s is Linux 6.1's answer only\n",   \
				__FILE__, __LINE__, #cond);                                \
			u_skipped++;                                                       \
		} else if (!t_ok) {                                                        \
			t_fail(__FILE__, __LINE__, #cond, 0, t_e);                         \
		}                                                                          \
	} while (0)

/* 1 on ringlet, whose uname release is 6.1.0-ringlet. */
static inline int u_on_ringlet(void)
{
	struct utsname u;

	return !uname(&u) && strstr(u.release, "ringlet") != NULL;
}

/*
 * A check where ringlet answers otherwise on purpose: a deliberate limit,
 * listed with its reason in docs/uring.md ("Deliberate differences") and
 * in docs/compare-linux.md's allow-list.  On ringlet ringlet_cond must
 * hold, on Linux cond; the printed answers still go to compare-linux.
 */
#define CHECK_OR_RINGLET_LIMIT(cond, ringlet_cond) CHECK(u_on_ringlet() ? (ringlet_cond) : (cond))

/* 1 if a check failed, else 77 if a 6.1-only check was skipped, else 0. */
static inline int u_exit(void)
{
	return t_failures ? 1 : u_skipped ? T_SKIP : 0;
}

/* Monotonic nanoseconds, for "timing:" lines and lower bounds only. */
static inline long long u_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Line-buffered output (so lines from forked children never come out
 * twice or torn), and an alarm so a kernel that never completes what a
 * test waits for fails that test in a minute instead of init's timeout.
 */
static inline void u_start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(60);
}

/* A ring for the test, or exit 77 where the kernel has no io_uring at all. */
static inline void u_init_or_skip(unsigned entries, struct io_uring *ring, unsigned flags)
{
	int ret = io_uring_queue_init(entries, ring, flags);

	if (ret == -ENOSYS) {
		fprintf(stderr, "skip: no io_uring in this kernel\n");
		exit(T_SKIP);
	}
	if (ret < 0) {
		fprintf(stderr, "FAIL: io_uring_queue_init(%u): %s\n", entries, u_res(ret));
		exit(1);
	}
}

#endif
