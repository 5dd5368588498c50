/*
 * Self-tests of exit.c (suite exit): orphans with no reaper are reaped by
 * the kernel once they die; when the reaper (init) exits, every process
 * it leaves behind is killed and reaped.  Both count on the runner's leak
 * counters and on the live-task count coming back down.  And mm_release as
 * execve calls it: handlers reset, the vfork parent woken.  A parent that
 * ignores SIGCHLD leaves no zombies.
 */
#include "ktest.h"
#include "proc_user.h"

DECLARE_SNIPPET(proc_abandon);
DECLARE_SNIPPET(proc_spawn_spinners);
DECLARE_SNIPPET(proc_nocldwait);

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

/* What execve's call of mm_release does, in a kernel thread standing in for the program. */
static int exec_release(void *arg)
{
	struct task *t = current;
	struct completion *vfork = arg;

	t->action[SIGUSR1 - 1] = (struct k_sigaction){ .handler = 0x401000, .flags = SA_RESTORER };
	t->action[SIGUSR2 - 1].handler = SIG_IGN;
	t->sig_blocked = sigmask(SIGTERM);
	t->robust_list = 0x600000;
	t->vfork_done = vfork;
	mm_release(t);
	if (t->action[SIGUSR1 - 1].handler != SIG_DFL || t->action[SIGUSR1 - 1].flags)
		return 1;	/* a caught signal must be back to its default */
	if (t->action[SIGUSR2 - 1].handler != SIG_IGN)
		return 2;	/* an ignored one stays ignored */
	if (t->sig_blocked != sigmask(SIGTERM) || t->robust_list || t->vfork_done || !t->did_exec)
		return 3;
	return 0;
}

KTEST(exit, mm_release_at_exec_resets_handlers_and_wakes_vfork)
{
	struct completion vfork;
	struct task *t;

	init_completion(&vfork);
	t = kthread_run(exec_release, &vfork, "exec_release");
	ASSERT_NOT_NULL(t);
	wait_for_completion(&vfork);	/* the vfork parent's wait ends at exec */
	EXPECT_EQ(kthread_stop(t), 0);
}

KTEST(exit, sigchld_ignored_means_no_zombies)
{
	long tasks = nr_tasks_live();

	EXPECT_EQ(proc_run(SNIPPET(proc_nocldwait), 0, 0, 0), EXITED(0));
	EXPECT_TRUE(proc_wait_tasks(tasks, 2000));
}
