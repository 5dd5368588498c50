/*
 * Self-tests of fpu.c (suite fpu): a user program starts with the clean
 * FPU state (FCW 0x37f, MXCSR 0x1f80), and its XMM registers, MXCSR and
 * x87 control word survive switches to another user program on the same
 * CPU.  Two programs on one CPU, each with its own values in every
 * register, yield to each other hundreds of times: without the save and
 * restore in the context switch each would see the other's.  The same
 * runs on every CPU at once.
 */
#include "ktest.h"
#include "smp.h"
#include "user_snippets.h"

DECLARE_SNIPPET(fpu);

/* Two programs with values a and b on cpu; returns the sum of their statuses. */
static int pair_on_cpu(int cpu, uint64_t a, uint64_t b, uint64_t rounds)
{
	uint64_t *da = NULL, *db = NULL;
	struct task *ta = snippet_create(SNIPPET(fpu), cpu, "fpu_a", &da);
	struct task *tb = snippet_create(SNIPPET(fpu), cpu, "fpu_b", &db);
	int sum = 0;

	if (!ta || !tb) {	/* a thread that never ran exits at kthread_stop, dropping its mm */
		if (ta)
			kthread_stop(ta);
		if (tb)
			kthread_stop(tb);
		return 1000;
	}
	da[0] = a;
	da[1] = rounds;
	db[0] = b;
	db[1] = rounds;
	wake_up_process(ta);
	wake_up_process(tb);
	sum += snippet_wait(ta);
	sum += snippet_wait(tb);
	return sum;
}

KTEST(fpu, state_is_per_task)
{
	EXPECT_EQ(pair_on_cpu(num_online_cpus() - 1, 0x1000, 0x2001, 300), 0);
}

static int pair_here(void *arg)
{
	(void)arg;
	return pair_on_cpu(smp_processor_id(), 0x100 * (smp_processor_id() + 1),
			   0x100 * (smp_processor_id() + 1) + 0x55, 50);
}

KTEST(fpu, state_is_per_task_on_every_cpu)
{
	EXPECT_EQ(ktest_run_threads(pair_here, NULL, 1), 0);
}
