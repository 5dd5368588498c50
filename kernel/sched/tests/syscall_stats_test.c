/*
 * Self-tests of syscall_stats.c (suite syscall_stats): ring-3 snippets
 * (syscall_stats_snippets.S) make a known mix of system calls and the
 * record kept at their exit must say exactly that; nothing is counted or
 * kept when the option is off or the name does not match; processes
 * exiting on every CPU at once each get their own exact record; execve's
 * reset and an allocation failure ("lost") are driven from this thread,
 * which counts as a program would.  Each test puts the boot's setting back
 * (a boot with syscall_stats runs these before init's programs).
 */
#include "ktest.h"
#include "proc_user.h"
#include "syscall_stats.h"
#include "fault_inject.h"
#include "printf.h"
#include <asm/unistd.h>

DECLARE_SNIPPET(stats_mix);

/* The boot's setting, for restore(): a copy, as syscall_stats_set overwrites the glob. */
struct saved {
	bool on;
	char glob[64];
};

static void save(struct saved *s)
{
	const char *glob = syscall_stats_glob();

	s->on = glob != NULL;
	strlcpy(s->glob, glob ? glob : "", sizeof(s->glob));
}

static void restore(const struct saved *s)
{
	syscall_stats_set(s->on ? s->glob : NULL);
}

/* Runs the mix with getpid n times on cpu; its pid, or -1. */
static int run_mix(int cpu, uint64_t n)
{
	uint64_t *data = NULL;
	struct task *t = proc_create(SNIPPET(stats_mix), cpu, &data, NULL);
	int pid;

	if (!t)
		return -1;
	pid = t->pid;
	data[0] = n;
	wake_up_process(t);
	return proc_wait(t) == EXITED(0) ? pid : -1;
}

/* The record the mix must leave: write 2, getpid n, getppid 1, exit_group 1, by number. */
static void mix_record(char *buf, size_t size, int pid, unsigned int n)
{
	snprintf(buf, size,
		 "syscalls: pid %d comm proc total %u write 2 getpid %u getppid 1 exit_group 1\n",
		 pid, n + 4, n);
}

KTEST(syscall_stats, counts_every_call_by_number)
{
	char got[SYSCALL_STATS_LINE], want[SYSCALL_STATS_LINE];
	struct saved boot;
	int pid;

	save(&boot);
	syscall_stats_set("proc");
	pid = run_mix(0, 3);
	restore(&boot);
	ASSERT_TRUE(pid > 0);
	EXPECT_GT(syscall_stats_find(pid, got, sizeof(got)), 0);
	mix_record(want, sizeof(want), pid, 3);
	EXPECT_STREQ(got, want);
}

KTEST(syscall_stats, nothing_kept_when_off_or_not_matching)
{
	char got[SYSCALL_STATS_LINE];
	struct saved boot;
	int off, other;

	save(&boot);
	syscall_stats_set(NULL);
	off = run_mix(0, 1);
	syscall_stats_set("not-proc*");
	other = run_mix(0, 1);
	restore(&boot);
	ASSERT_TRUE(off > 0);
	ASSERT_TRUE(other > 0);
	EXPECT_EQ(syscall_stats_find(off, got, sizeof(got)), -1);
	EXPECT_EQ(syscall_stats_find(other, got, sizeof(got)), -1);
}

/* Processes on every CPU exit together: each record is whole and its own. */
KTEST(syscall_stats, concurrent_exits_keep_separate_records)
{
	struct task *t[NR_CPUS];
	int pid[NR_CPUS];
	int cpus = min(num_online_cpus(), SYSCALL_STATS_RECORDS / 2);
	char got[SYSCALL_STATS_LINE], want[SYSCALL_STATS_LINE];
	struct saved boot;

	save(&boot);
	syscall_stats_set("proc");
	for (int i = 0; i < cpus; i++) {
		uint64_t *data = NULL;

		t[i] = proc_create(SNIPPET(stats_mix), i, &data, NULL);
		if (!t[i]) {
			cpus = i;	/* run and reap those made; the check below fails */
			break;
		}
		pid[i] = t[i]->pid;
		data[0] = 100 + (uint64_t)i;
	}
	for (int i = 0; i < cpus; i++)
		wake_up_process(t[i]);
	for (int i = 0; i < cpus; i++)
		EXPECT_EQ(proc_wait(t[i]), EXITED(0));
	restore(&boot);
	EXPECT_EQ(cpus, min(num_online_cpus(), SYSCALL_STATS_RECORDS / 2));
	for (int i = 0; i < cpus; i++) {
		EXPECT_GT(syscall_stats_find(pid[i], got, sizeof(got)), 0);
		mix_record(want, sizeof(want), pid[i], 100 + (unsigned int)i);
		EXPECT_STREQ(got, want);
	}
}

/* This thread stands in for a program: counts, execs, counts, exits. */
KTEST(syscall_stats, exec_starts_from_zero)
{
	char got[SYSCALL_STATS_LINE], want[SYSCALL_STATS_LINE];
	struct saved boot;

	save(&boot);
	syscall_stats_set(current->comm);
	syscall_stats_count(__NR_read);
	syscall_stats_count(__NR_execve);
	syscall_stats_exec(current);
	syscall_stats_count(__NR_io_uring_enter);
	syscall_stats_count(__NR_io_uring_enter);
	syscall_stats_exit(current);
	restore(&boot);
	EXPECT_NULL(current->syscall_counts);
	EXPECT_GT(syscall_stats_find(current->pid, got, sizeof(got)), 0);
	snprintf(want, sizeof(want), "syscalls: pid %d comm %s total 2 io_uring_enter 2\n",
		 current->pid, current->comm);
	EXPECT_STREQ(got, want);
}

KTEST(syscall_stats, failed_table_says_lost)
{
	char got[SYSCALL_STATS_LINE], want[SYSCALL_STATS_LINE];
	struct saved boot;

	save(&boot);
	syscall_stats_set(current->comm);
	EXPECT_EQ(fault_inject_fail_nth(1), 0);
	syscall_stats_count(__NR_read);		/* its table's allocation fails */
	syscall_stats_count(__NR_read);		/* and is not retried */
	fault_inject_fail_nth(0);
	syscall_stats_exit(current);
	restore(&boot);
	EXPECT_NULL(current->syscall_counts);
	EXPECT_GT(syscall_stats_find(current->pid, got, sizeof(got)), 0);
	snprintf(want, sizeof(want), "syscalls: pid %d comm %s lost\n", current->pid,
		 current->comm);
	EXPECT_STREQ(got, want);
}
