/*
 * Self-tests of rlimit.c (suite rlimit): the defaults, the three calls
 * agreeing, every error in Linux's order, and prlimit64's swap being
 * atomic while every CPU swaps the same limit at once.  Each test puts
 * back what it changed: the table is system-wide.
 */
#include "ktest.h"
#include "syscalls.h"
#include "rlimit.h"
#include "errno.h"
#include "file.h"
#include "atomic.h"
#include "task.h"

#define BAD_PTR ((void __user *)0x8000000000000000UL)

KTEST(rlimit, defaults)
{
	struct rlimit r;

	EXPECT_EQ(sys_getrlimit(RLIMIT_STACK, &r), 0);
	EXPECT_EQ(r.rlim_cur, RLIMIT_STACK_DEFAULT);
	EXPECT_EQ(r.rlim_max, RLIM_INFINITY);
	EXPECT_EQ(sys_getrlimit(RLIMIT_NOFILE, &r), 0);
	EXPECT_EQ(r.rlim_cur, 1024);
	EXPECT_EQ(r.rlim_max, FILES_MAX_FDS);
	EXPECT_EQ(sys_getrlimit(RLIMIT_CORE, &r), 0);
	EXPECT_EQ(r.rlim_cur, 0);
	EXPECT_EQ(rlimit(RLIMIT_STACK), RLIMIT_STACK_DEFAULT);
}

KTEST(rlimit, set_get_and_prlimit64_agree)
{
	struct rlimit old, r = { 100, 200 }, got;
	struct rlimit64 n64 = { 300, 400 }, o64;

	ASSERT_EQ(sys_getrlimit(RLIMIT_FSIZE, &old), 0);
	EXPECT_EQ(sys_setrlimit(RLIMIT_FSIZE, &r), 0);
	EXPECT_EQ(sys_getrlimit(RLIMIT_FSIZE, &got), 0);
	EXPECT_EQ(got.rlim_cur, 100);
	EXPECT_EQ(got.rlim_max, 200);
	EXPECT_EQ(rlimit(RLIMIT_FSIZE), 100);
	EXPECT_EQ(sys_prlimit64(0, RLIMIT_FSIZE, &n64, &o64), 0);	/* old is the value replaced */
	EXPECT_EQ(o64.rlim_cur, 100);
	EXPECT_EQ(o64.rlim_max, 200);
	EXPECT_EQ(sys_prlimit64(current->pid, RLIMIT_FSIZE, NULL, &o64), 0);
	EXPECT_EQ(o64.rlim_cur, 300);
	EXPECT_EQ(sys_prlimit64(0, RLIMIT_FSIZE, NULL, NULL), 0);
	EXPECT_EQ(sys_setrlimit(RLIMIT_FSIZE, &old), 0);
	EXPECT_EQ(rlimit(RLIMIT_FSIZE), old.rlim_cur);
}

KTEST(rlimit, errors_in_linux_order)
{
	struct rlimit r, cur_above_max = { 10, 5 }, nofile_big = { 1024, FILES_MAX_FDS + 1 };
	struct rlimit64 n64 = { 1, 1 };

	EXPECT_EQ(sys_getrlimit(RLIM_NLIMITS, &r), -EINVAL);
	EXPECT_EQ(sys_getrlimit(RLIM_NLIMITS, BAD_PTR), -EINVAL);
	EXPECT_EQ(sys_getrlimit(~0U, &r), -EINVAL);
	EXPECT_EQ(sys_getrlimit(RLIMIT_CORE, BAD_PTR), -EFAULT);
	EXPECT_EQ(sys_setrlimit(RLIM_NLIMITS, &r), -EINVAL);
	EXPECT_EQ(sys_setrlimit(RLIM_NLIMITS, BAD_PTR), -EFAULT);	/* the copy first */
	EXPECT_EQ(sys_setrlimit(RLIMIT_CORE, &cur_above_max), -EINVAL);
	EXPECT_EQ(sys_setrlimit(RLIMIT_NOFILE, &nofile_big), -EPERM);
	EXPECT_EQ(sys_prlimit64(0, RLIMIT_CORE, BAD_PTR, NULL), -EFAULT);
	EXPECT_EQ(sys_prlimit64(-5, RLIMIT_CORE, BAD_PTR, NULL), -EFAULT);	/* before the pid */
	EXPECT_EQ(sys_prlimit64(0x7ffffff0, RLIMIT_CORE, &n64, NULL), -ESRCH);
	/* The pid is checked before the resource. */
	EXPECT_EQ(sys_prlimit64(0x7ffffff0, RLIM_NLIMITS, NULL, NULL), -ESRCH);
	EXPECT_EQ(sys_prlimit64(0, RLIM_NLIMITS, NULL, NULL), -EINVAL);
	EXPECT_EQ(sys_prlimit64(0, RLIMIT_CORE, NULL, BAD_PTR), -EFAULT);
	/* Nothing above changed a limit. */
	EXPECT_EQ(rlimit(RLIMIT_CORE), 0);
	EXPECT_EQ(rlimit(RLIMIT_NOFILE), 1024);
}

struct swaps {
	atomic_long_t sum_new, sum_old;
	atomic_t next;
};

/* Swaps RLIMIT_RTTIME for values of its own; sums what it put and what it took out. */
static int swap_fn(void *arg)
{
	struct swaps *s = arg;

	for (int i = 0; i < 200; i++) {
		unsigned long long v = (unsigned long long)atomic_inc_return(&s->next);
		struct rlimit64 n = { v, v }, o;

		EXPECT_EQ(sys_prlimit64(0, RLIMIT_RTTIME, &n, &o), 0);
		EXPECT_EQ(o.rlim_cur, o.rlim_max);	/* never half of two writes */
		atomic_long_add((long)v, &s->sum_new);
		atomic_long_add((long)o.rlim_cur, &s->sum_old);
	}
	return 0;
}

/*
 * Every value put in is taken out exactly once (by a later swap or the
 * final read) and the first value taken out is the one there before:
 * initial + sum(new) == sum(old) + final.
 */
KTEST(rlimit, prlimit64_swaps_atomically_on_every_cpu)
{
	struct swaps s = { .next = ATOMIC_INIT(0) };
	struct rlimit64 start = { 1000000, 1000000 }, saved, fin;

	ASSERT_EQ(sys_prlimit64(0, RLIMIT_RTTIME, &start, &saved), 0);
	ktest_run_threads(swap_fn, &s, 2);
	EXPECT_EQ(sys_prlimit64(0, RLIMIT_RTTIME, &saved, &fin), 0);
	EXPECT_EQ(1000000 + atomic_long_read(&s.sum_new),
		  atomic_long_read(&s.sum_old) + (long)fin.rlim_cur);
}
