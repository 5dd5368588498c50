/*
 * Self-tests of traps.c (suite traps): a write to NULL is a page fault and
 * a non-canonical address a general protection fault, each reported and
 * titled by the function that faulted.  Each test provokes its fault on
 * purpose and expects the exact title (ktest fails it if the report is
 * missing or titled differently).
 *
 * The same exceptions from ring 3 are no bugs: a user program that faults
 * (user_snippets.S) is killed with Linux's one line and the signal as its
 * status, and nothing is reported (ktest would fail the test on any
 * report).  Its neighbours on the CPU carry on: the next test runs there.
 *
 * Interrupts from ring 3 leave through exit_to_user_mode: a program that
 * spins without a system call is preempted by the timer (a kernel thread
 * on its CPU makes progress, which it never would otherwise) and is ended
 * by kill_task from another task, from another CPU when there is one (the
 * reschedule IPI brings it into the kernel), with SIGKILL as its status.
 */
#include "ktest.h"
#include "printk.h"
#include "printf.h"
#include "signal.h"
#include "smp.h"
#include "timer.h"
#include "user_snippets.h"

/* noinline: the title must name this function, not the test that calls it. */
static __noinline void crash_site_fault_site(volatile int *p)
{
	*p = 1;
}

KTEST_OPTS(traps, null_write_page_fault,
	   .expect_report = "BUG: unable to handle page fault in crash_site_fault_site")
{
	crash_site_fault_site(NULL);
	ktest_fail(__FILE__, __LINE__, "the write to NULL did not fault");
}

static __noinline void crash_site_gp_site(void)
{
	/* A non-canonical address, like a pointer read from poisoned memory. */
	*(volatile unsigned long *)0x6b6b6b6b6b6b6b6bUL = 0;
}

KTEST_OPTS(traps, non_canonical_is_gp_fault,
	   .expect_report = "general protection fault in crash_site_gp_site")
{
	crash_site_gp_site();
	ktest_fail(__FILE__, __LINE__, "no general protection fault");
}

DECLARE_SNIPPET(segv);
DECLARE_SNIPPET(ud);
DECLARE_SNIPPET(gp);
DECLARE_SNIPPET(de);

/* Runs a faulting snippet; checks its status and that line (with its PID) was logged once. */
static void expect_killed(const char *start, const char *end, int sig, const char *fmt)
{
	unsigned long mark = log_buf_pos();
	uint64_t *data = NULL;
	struct task *t = snippet_create(start, end, num_online_cpus() - 1, "faulty", &data);
	char line[128];

	ASSERT_NOT_NULL(t);
	snprintf(line, sizeof(line), fmt, t->pid);
	wake_up_process(t);
	EXPECT_EQ(snippet_wait(t), sig);	/* killed by sig: its number in the low bits */
	EXPECT_EQ(log_buf_count(mark, line), 1);
	/* The CPU runs user code again afterwards. */
	EXPECT_EQ(snippet_run(SNIPPET(ud), num_online_cpus() - 1, 0, 0), SIGILL);
}

KTEST(traps, user_page_fault_is_sigsegv)
{
	expect_killed(
		SNIPPET(segv), SIGSEGV,
		"faulty[%d]: segfault at 1000 ip 0000000000400007 sp 0000000000800000 error 6\n");
}

KTEST(traps, user_invalid_opcode_is_sigill)
{
	expect_killed(SNIPPET(ud), SIGILL,
		      "traps: faulty[%d] trap invalid opcode ip:400000 sp:800000 error:0\n");
}

KTEST(traps, user_general_protection_is_sigsegv)
{
	expect_killed(SNIPPET(gp), SIGSEGV,
		      "traps: faulty[%d] general protection fault ip:40000a sp:800000 error:0\n");
}

KTEST(traps, user_divide_error_is_sigfpe)
{
	expect_killed(SNIPPET(de), SIGFPE,
		      "traps: faulty[%d] trap divide error ip:400009 sp:800000 error:0\n");
}

DECLARE_SNIPPET(spin);

static int count_up(void *arg)
{
	struct completion *done = arg;

	for (int i = 0; i < 5; i++)
		msleep(1);	/* each wake-up needs the CPU back from the spinner */
	complete(done);
	return 0;
}

KTEST(traps, user_spinner_is_preempted_and_killed)
{
	int cpu = num_online_cpus() - 1;
	uint64_t *data = NULL;
	struct task *spinner = snippet_create(SNIPPET(spin), cpu, "spinner", &data), *other;
	struct completion done;
	uint64_t seen;

	ASSERT_NOT_NULL(spinner);
	init_completion(&done);
	wake_up_process(spinner);
	while (!READ_ONCE(data[1]))
		msleep(1);	/* it is in ring 3 and counting */
	other = kthread_run_on_cpu(count_up, &done, cpu, "spin_neighbour");
	ASSERT_NOT_NULL(other);
	wait_for_completion(&done);
	EXPECT_EQ(kthread_stop(other), 0);
	seen = READ_ONCE(data[1]);
	msleep(2);
	EXPECT_GT(READ_ONCE(data[1]), seen);	/* and it got the CPU back */
	kill_task(spinner, SIGKILL);
	EXPECT_EQ(snippet_wait(spinner), SIGKILL);
}
