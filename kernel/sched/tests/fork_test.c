/*
 * Self-tests of fork.c (suite fork), driven by ring-3 programs
 * (proc_snippets.S): fork returns twice, the child's memory is a copy;
 * vfork's parent sleeps until the child exits; clone with posix_spawn's
 * and glibc's flags (new stack, the three tid pointers) and the EINVAL
 * limits; children spread round robin over every CPU; and fork storms,
 * one deep tree and one per CPU at once, with every task, address space
 * and file reaped (the runner's leak counters) and the shared file's
 * count back where it was.
 */
#include "ktest.h"
#include "file.h"
#include "../internal.h"
#include "proc_user.h"

DECLARE_SNIPPET(proc_fork_basic);
DECLARE_SNIPPET(proc_vfork);
DECLARE_SNIPPET(proc_clone);
DECLARE_SNIPPET(proc_storm);
DECLARE_SNIPPET(proc_spawn_spinners);

static int last_cpu(void)
{
	return num_online_cpus() - 1;
}

KTEST(fork, returns_twice_and_copies_memory)
{
	uint64_t *data = NULL;
	struct mm_struct *mm = NULL;
	struct task *t = proc_create(SNIPPET(proc_fork_basic), 0, &data, &mm);

	ASSERT_NOT_NULL(t);
	data[0] = (uint64_t)t->pid;	/* the child's getppid must say this */
	wake_up_process(t);
	EXPECT_EQ(proc_wait(t), 0);
	EXPECT_GT((long)data[3], (long)t->pid);	/* the child's pid, as fork gave it */
	mmput(mm);
}

KTEST(fork, vfork_parent_sleeps_until_the_child_exits)
{
	/* The child yields 200 times: the parent, were it runnable, would see D(2) != 3. */
	EXPECT_EQ(proc_run(SNIPPET(proc_vfork), last_cpu(), 0, 200), 0);
	EXPECT_EQ(proc_run(SNIPPET(proc_vfork), 0, 0, 1), 0);
}

KTEST(fork, clone_with_posix_spawn_flags_and_tid_pointers)
{
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_clone), last_cpu(), &data, NULL);

	ASSERT_NOT_NULL(t);
	data[8] = USER_STACK_TOP - 2048;	/* the child's stack: the parent's is above */
	wake_up_process(t);
	EXPECT_EQ(proc_wait(t), 0);
}

/* The CPUs of root's children, as a mask, once it has n of them; 0 on timeout. */
static unsigned long children_cpus(struct task *root, int n)
{
	for (int ms = 0; ms < 2000; ms++) {
		unsigned long flags = spin_lock_irqsave(&tasklist_lock), mask = 0;
		struct task *c;
		int count = 0;

		list_for_each_entry(c, &root->children, sibling) {
			mask |= 1UL << c->cpu;
			count++;
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (count == n)
			return mask;
		msleep(1);
	}
	return 0;
}

KTEST(fork, children_spread_over_every_cpu)
{
	long tasks = nr_tasks_live();
	int n = 2 * num_online_cpus();
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(proc_spawn_spinners), 0, &data, NULL);
	unsigned long all = (1UL << num_online_cpus()) - 1;

	ASSERT_NOT_NULL(t);
	data[0] = (uint64_t)n;
	wake_up_process(t);
	EXPECT_EQ(children_cpus(t, n), all);
	/* The parent and its spinning children share its group: one kill ends them all. */
	EXPECT_EQ(kill_pgrp(t->pgid, SIGKILL), 0);
	EXPECT_EQ(proc_wait(t), SIGKILL);
	EXPECT_TRUE(proc_wait_tasks(tasks, 2000));
}

/* A storm of 2^levels processes from one root with a pipe in its table. */
static int storm(int cpu, int levels)
{
	struct files_struct *files = files_alloc(16);
	struct file *rd, *wr;
	uint64_t *data = NULL;
	struct task *t;
	int status = -1;

	if (!files || pipe_create(&rd, &wr, 4096)) {
		files_put(files);
		return -2;
	}
	if (fd_install(files, wr) < 0) {
		fput(wr);
		goto out;
	}
	t = proc_create(SNIPPET(proc_storm), cpu, &data, NULL);
	if (!t)
		goto out;
	data[0] = (uint64_t)levels;
	files_put(t->files);	/* the creator's table, if it had one */
	t->files = files_get(files);
	wake_up_process(t);
	status = proc_wait(t);
	/* Every process had the pipe: only our table's reference is left. */
	if (status == 0 && file_count(wr) != 1)
		status = -3;
out:
	files_put(files);
	fput(rd);
	return status;
}

KTEST(fork, storm_of_256_processes_leaks_nothing)
{
	EXPECT_EQ(storm(0, 8), 0);
}

static int storm_here(void *arg)
{
	(void)arg;
	return storm(smp_processor_id(), 5) ? 1 : 0;
}

KTEST(fork, storms_from_every_cpu_at_once)
{
	EXPECT_EQ(ktest_run_threads(storm_here, NULL, 1), 0);
}
