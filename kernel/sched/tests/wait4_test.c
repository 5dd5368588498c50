/*
 * Self-tests of wait4.c (suite wait4), driven by ring-3 programs
 * (proc_snippets.S): WNOHANG before the child exits, kill of a child
 * spinning on another CPU and the signal in wait4's status, EINVAL for a
 * bad option, ESRCH and ECHILD after the reap; orphans handed to the
 * child reaper and reaped by it; and a parent blocked in wait4 that is
 * killed (wait4 must give up with -EINTR, or the parent never dies);
 * waitid with WNOWAIT, its siginfo and its EINVALs.
 */
#include "ktest.h"
#include "proc_user.h"

DECLARE_SNIPPET(proc_wait_kill);
DECLARE_SNIPPET(proc_orphan);
DECLARE_SNIPPET(proc_wait_forever);
DECLARE_SNIPPET(proc_waitid);

KTEST(wait4, wnohang_kill_status_echild)
{
	EXPECT_EQ(proc_run(SNIPPET(proc_wait_kill), 0, 0, 0), 0);
	EXPECT_EQ(proc_run(SNIPPET(proc_wait_kill), num_online_cpus() - 1, 0, 0), 0);
}

KTEST(wait4, orphans_go_to_the_reaper)
{
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_orphan), 0, &data, NULL);

	ASSERT_NOT_NULL(t);
	data[0] = (uint64_t)t->pid;	/* the grandchild waits to see this parent */
	set_child_reaper(t);
	wake_up_process(t);
	EXPECT_EQ(proc_wait(t), 0);
	EXPECT_NULL(child_reaper());	/* cleared when the reaper exited */
}

KTEST(wait4, killed_waiter_gives_up)
{
	long tasks = nr_tasks_live();
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_wait_forever), 0, &data, NULL);
	int pgid;

	ASSERT_NOT_NULL(t);
	pgid = t->pgid;
	wake_up_process(t);
	msleep(20);			/* well into wait4 by now */
	EXPECT_FALSE(completion_done(&t->exited));
	kill_task(t, SIGKILL);
	for (int ms = 0; ms < 2000 && !completion_done(&t->exited); ms++)
		msleep(1);
	ASSERT_TRUE(completion_done(&t->exited));	/* else wait4 ignored the kill */
	EXPECT_EQ(proc_reap(t), SIGKILL);
	/* The spinning child is an orphan: kill it through the group it still forms. */
	EXPECT_EQ(kill_pgrp(pgid, SIGKILL), 0);
	EXPECT_TRUE(proc_wait_tasks(tasks, 2000));
}

KTEST(wait4, waitid_reports_leaves_and_reaps)
{
	EXPECT_EQ(proc_run(SNIPPET(proc_waitid), 0, 0, 0), EXITED(0));
}
