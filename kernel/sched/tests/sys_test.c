/*
 * Self-tests of sys.c (suite sys): prctl's PR_SET_NAME (cut to 15 bytes,
 * -EFAULT leaving the name alone) and PR_GET_NAME (all 16 bytes, -EFAULT),
 * -EINVAL for the options ringlet does not keep, and getcpu's CPU on every
 * CPU, its node 0 and its optional pointers.
 */
#include "ktest.h"
#include "syscalls.h"
#include "task.h"
#include "sched.h"
#include "smp.h"
#include "percpu.h"
#include "uaccess.h"
#include "timer.h"
#include "string.h"
#include "errno.h"

#define PR_SET_PDEATHSIG	1
#define PR_SET_NAME		15
#define PR_GET_NAME		16
#define BAD_PTR			0x10UL	/* below mmap_min_addr: never mapped */

KTEST(sys, prctl_names_the_task)
{
	char saved[TASK_COMM_LEN], got[TASK_COMM_LEN + 4];

	memcpy(saved, current->comm, sizeof(saved));
	EXPECT_EQ(sys_prctl(PR_SET_NAME, (unsigned long)"worker", 0, 0, 0), 0);
	EXPECT_STREQ(current->comm, "worker");
	memset(got, 'x', sizeof(got));
	EXPECT_EQ(sys_prctl(PR_GET_NAME, (unsigned long)got, 0, 0, 0), 0);
	EXPECT_STREQ(got, "worker");
	EXPECT_EQ(got[TASK_COMM_LEN], 'x');	/* 16 bytes written, no more */
	EXPECT_EQ(sys_prctl(PR_SET_NAME, (unsigned long)"a-name-longer-than-fifteen", 0, 0, 0), 0);
	EXPECT_STREQ(current->comm, "a-name-longer-t");
	EXPECT_EQ(sys_prctl(PR_SET_NAME, BAD_PTR, 0, 0, 0), -EFAULT);
	EXPECT_STREQ(current->comm, "a-name-longer-t");	/* untouched */
	EXPECT_EQ(sys_prctl(PR_GET_NAME, BAD_PTR, 0, 0, 0), -EFAULT);
	EXPECT_EQ(sys_prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0), -EINVAL);
	EXPECT_EQ(sys_prctl(-1, 0, 0, 0, 0), -EINVAL);
	memcpy(current->comm, saved, sizeof(saved));
}

/* getcpu from a thread on one CPU: 0 if it named that CPU and node 0, 1 if not, or -errno. */
static int getcpu_on(void *arg)
{
	unsigned int cpu = ~0u, node = ~0u;
	long ret = sys_getcpu(&cpu, &node, NULL);

	if (ret == 0 && (cpu != (unsigned int)smp_processor_id() || node != 0))
		ret = 1;
	WRITE_ONCE(*(long *)arg, ret);
	return 0;
}

KTEST(sys, getcpu_says_which_cpu)
{
	unsigned int cpu = ~0u;

	for (int c = 0; c < num_online_cpus(); c++) {
		long ret = -1000;
		struct task *t = kthread_run_on_cpu(getcpu_on, &ret, c, "getcpu");

		ASSERT_NOT_NULL(t);
		for (int i = 0; i < 2000 && READ_ONCE(ret) == -1000; i++)
			msleep(1);
		kthread_stop(t);
		EXPECT_EQ(ret, 0);
	}
	EXPECT_EQ(sys_getcpu(&cpu, NULL, NULL), 0);
	EXPECT_LT(cpu, (unsigned int)num_online_cpus());
	EXPECT_EQ(sys_getcpu(NULL, NULL, NULL), 0);
	EXPECT_EQ(sys_getcpu((unsigned int *)BAD_PTR, NULL, NULL), -EFAULT);
	EXPECT_EQ(sys_getcpu(NULL, (unsigned int *)BAD_PTR, NULL), -EFAULT);
}
