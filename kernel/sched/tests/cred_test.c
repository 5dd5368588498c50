/*
 * Self-tests of cred.c (suite cred): every process is root, on every CPU,
 * with no supplementary groups.
 */
#include "ktest.h"
#include "syscalls.h"
#include "atomic.h"
#include "errno.h"

static int ids_are_root(void *arg)
{
	atomic_t *nonzero = arg;

	for (int i = 0; i < 100; i++)
		if (sys_getuid() || sys_geteuid() || sys_getgid() || sys_getegid())
			atomic_inc(nonzero);
	return 0;
}

KTEST(cred, every_id_is_zero_on_every_cpu)
{
	atomic_t nonzero = ATOMIC_INIT(0);

	EXPECT_EQ(sys_getuid(), 0);
	EXPECT_EQ(sys_geteuid(), 0);
	EXPECT_EQ(sys_getgid(), 0);
	EXPECT_EQ(sys_getegid(), 0);
	/* No supplementary groups: 0, the list untouched; a negative size is -EINVAL. */
	EXPECT_EQ(sys_getgroups(0, NULL), 0);
	EXPECT_EQ(sys_getgroups(4, (unsigned int *)0x10), 0);
	EXPECT_EQ(sys_getgroups(-1, NULL), -EINVAL);
	ktest_run_threads(ids_are_root, &nonzero, 1);
	EXPECT_EQ(atomic_read(&nonzero), 0);
}
