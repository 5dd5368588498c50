/*
 * Self-tests of signal.c (suite signal), driven by ring-3 programs
 * (sig_snippets.S): SIG_IGN and default-ignored signals do not kill,
 * rt_sigaction's and rt_sigprocmask's EINVALs, a blocked signal stays
 * pending and kills when unblocked; kill_pgrp (the tty's Ctrl-C) ends a
 * program spinning in ring 3 on another CPU, and its errnos; handlers
 * (arch/x86_64/signal.c's frames) run from a system call's exit and from
 * an interrupt's, on another CPU, and return with every register intact;
 * rt_sigsuspend sleeps with its mask and puts the old one back; init
 * (the child reaper) drops signals it has no handler for, SIGKILL too.
 */
#include "ktest.h"
#include "proc_user.h"

DECLARE_SNIPPET(proc_sigmask);
DECLARE_SNIPPET(proc_spin);
DECLARE_SNIPPET(proc_handler);
DECLARE_SNIPPET(proc_handler_spin);
DECLARE_SNIPPET(proc_sigsuspend);

KTEST(signal, ignored_blocked_then_fatal_when_unblocked)
{
	uint64_t *data = NULL;
	struct mm_struct *mm = NULL;
	struct task *t = proc_create(SNIPPET(proc_sigmask), num_online_cpus() - 1, &data, &mm);

	ASSERT_NOT_NULL(t);
	wake_up_process(t);
	EXPECT_EQ(proc_wait(t), SIGUSR2);
	EXPECT_EQ(data[5], 1);		/* it got through every check before unblocking */
	mmput(mm);
}

KTEST(signal, kill_pgrp_ends_a_spinning_program)
{
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_spin), num_online_cpus() - 1, &data, NULL);
	int pgid;

	ASSERT_NOT_NULL(t);
	pgid = t->pgid;
	EXPECT_EQ(pgid, t->pid);	/* a user_thread_create process leads its group */
	wake_up_process(t);
	for (int ms = 0; ms < 2000 && !READ_ONCE(data[1]); ms++)
		msleep(1);
	EXPECT_NE(READ_ONCE(data[1]), 0);	/* in ring 3 and spinning */
	EXPECT_EQ(kill_pgrp(pgid, 0), 0);
	EXPECT_EQ(kill_pgrp(pgid, 65), -EINVAL);
	EXPECT_EQ(kill_pgrp(pgid, SIGINT), 0);
	EXPECT_EQ(proc_wait(t), SIGINT);
	EXPECT_EQ(kill_pgrp(pgid, 0), -ESRCH);
}

KTEST(signal, handler_runs_and_returns_by_rt_sigreturn)
{
	uint64_t *data = NULL;
	struct mm_struct *mm = NULL;
	struct task *t = proc_create(SNIPPET(proc_handler), 0, &data, &mm);

	ASSERT_NOT_NULL(t);
	wake_up_process(t);
	EXPECT_EQ(proc_wait(t), SIGSEGV);	/* the last step: no SA_RESTORER */
	EXPECT_EQ(data[5], 1);			/* after every check of the handler's runs */
	EXPECT_EQ(data[2], 2);
	mmput(mm);
}

static int handler_spin_on(int cpu)
{
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_handler_spin), cpu, &data, NULL);

	if (!t)
		return -1;
	wake_up_process(t);
	for (int ms = 0; ms < 2000 && !READ_ONCE(data[1]); ms++)
		msleep(1);
	EXPECT_EQ(kill_pgrp(t->pgid, SIGUSR1), 0);
	return proc_wait(t);
}

KTEST(signal, handler_interrupts_a_spinning_program)
{
	EXPECT_EQ(handler_spin_on(num_online_cpus() - 1), EXITED(0));
}

KTEST(signal, sigsuspend_waits_with_a_mask_and_restores_it)
{
	EXPECT_EQ(proc_run(SNIPPET(proc_sigsuspend), 0, 0, 0), EXITED(0));
	EXPECT_EQ(proc_run(SNIPPET(proc_sigsuspend), num_online_cpus() - 1, 0, 0), EXITED(0));
}

KTEST(signal, init_drops_signals_it_has_no_handler_for)
{
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_spin), num_online_cpus() - 1, &data, NULL);
	int pgid;

	ASSERT_NOT_NULL(t);
	pgid = t->pgid;
	wake_up_process(t);
	for (int ms = 0; ms < 2000 && !READ_ONCE(data[1]); ms++)
		msleep(1);
	EXPECT_NE(READ_ONCE(data[1]), 0);	/* in ring 3 and spinning */
	set_child_reaper(t);
	/* Found, and dropped: as Linux's kill(1, SIGKILL). */
	EXPECT_EQ(kill_pgrp(pgid, SIGKILL), 0);
	EXPECT_EQ(kill_pgrp(pgid, SIGINT), 0);
	msleep(50);	/* a delivered SIGKILL ends a spinner within a tick or an IPI */
	EXPECT_EQ(READ_ONCE(t->exit_state), EXIT_NONE);
	EXPECT_EQ(READ_ONCE(t->fatal_signal), 0);
	EXPECT_EQ(READ_ONCE(t->sig_pending), 0);
	set_child_reaper(NULL);
	EXPECT_EQ(kill_pgrp(pgid, SIGINT), 0);	/* no longer init: the default action */
	EXPECT_EQ(proc_wait(t), SIGINT);
}
