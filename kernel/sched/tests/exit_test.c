/*
 * Self-tests of exit.c (suite exit): orphans with no reaper are reaped by
 * the kernel once they die; when the reaper (init) exits, every process
 * it leaves behind is killed and reaped.  Both count on the runner's leak
 * counters and on the live-task count coming back down.
 */
#include "ktest.h"
#include "proc_user.h"

DECLARE_SNIPPET(proc_abandon);
DECLARE_SNIPPET(proc_spawn_spinners);

KTEST(exit, orphans_without_a_reaper_are_reaped)
{
	long tasks = nr_tasks_live();
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_abandon), 0, &data, NULL);
	int pgid;

	ASSERT_NOT_NULL(t);
	pgid = t->pgid;
	data[0] = (uint64_t)num_online_cpus();
	wake_up_process(t);
	EXPECT_EQ(proc_reap(t), EXITED(0));
	EXPECT_GT(nr_tasks_live(), tasks);	/* its spinning children live on */
	EXPECT_EQ(kill_pgrp(pgid, SIGTERM), 0);
	EXPECT_TRUE(proc_wait_tasks(tasks, 2000));
}

KTEST(exit, init_exit_kills_what_is_left)
{
	long tasks = nr_tasks_live();
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_spawn_spinners), 0, &data, NULL);

	ASSERT_NOT_NULL(t);
	data[0] = (uint64_t)num_online_cpus() + 1;
	set_child_reaper(t);
	wake_up_process(t);
	for (int ms = 0; ms < 2000 && nr_tasks_live() < tasks + num_online_cpus() + 2; ms++)
		msleep(1);
	EXPECT_EQ(nr_tasks_live(), tasks + num_online_cpus() + 2);	/* init and its children */
	kill_task(t, SIGKILL);		/* only init: the kernel must end the rest */
	EXPECT_EQ(proc_reap(t), SIGKILL);
	EXPECT_NULL(child_reaper());
	EXPECT_TRUE(proc_wait_tasks(tasks, 2000));
}
