/*
 * Self-tests of pid.c (suite pid), driven by a ring-3 program
 * (proc_snippets.S): process groups and sessions with Linux's errnos,
 * kill and wait4 by group, set_tid_address's tid and its address zeroed
 * at exit, set_robust_list's size check.
 */
#include "ktest.h"
#include "proc_user.h"

DECLARE_SNIPPET(proc_pgid);

KTEST(pid, groups_sessions_and_tid_address)
{
	uint64_t *data = NULL;
	struct mm_struct *mm = NULL;
	struct task *t = proc_create(SNIPPET(proc_pgid), 0, &data, &mm);

	ASSERT_NOT_NULL(t);
	data[6] = 0x5555;
	wake_up_process(t);
	EXPECT_EQ(proc_wait(t), 0);
	EXPECT_EQ(data[6], 0);		/* clear_child_tid, written at exit */
	mmput(mm);
}

KTEST(pid, session_of_pgrp_for_the_tty)
{
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_pgid), 0, &data, NULL);
	int pgid;

	ASSERT_NOT_NULL(t);
	pgid = t->pgid;
	EXPECT_EQ(session_of_pgrp(pgid), t->sid);
	kthread_stop(t);	/* never ran */
	EXPECT_EQ(session_of_pgrp(pgid), -ESRCH);
}
