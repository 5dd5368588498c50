/*
 * Self-tests of cred.c (suite cred): every process is root, on every CPU.
 */
#include "ktest.h"
#include "syscalls.h"
#include "atomic.h"

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
	ktest_run_threads(ids_are_root, &nonzero, 1);
	EXPECT_EQ(atomic_read(&nonzero), 0);
}
