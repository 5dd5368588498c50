/*
 * Self-tests of syscall.c (suite syscall), driven by real ring-3 code
 * (user_snippets.S): exit and exit_group statuses, getpid/gettid, every
 * register but RCX/R11 surviving hundreds of calls with preemption in
 * between, -ENOSYS and its one-time log line (also when every CPU makes
 * the same first call at once), write to a pipe the test
 * reads back, user threads entering and leaving ring 3 on every CPU at
 * once; and the SYSRET-safety predicate case by case.
 */
#include "ktest.h"
#include "file.h"
#include "printk.h"
#include "printf.h"
#include "smp.h"
#include "errno.h"
#include "atomic.h"
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <asm/boot_defs.h>
#include <asm/x86.h>
#include "user_snippets.h"

DECLARE_SNIPPET(exit);
DECLARE_SNIPPET(getpid);
DECLARE_SNIPPET(regs);
DECLARE_SNIPPET(enosys);
DECLARE_SNIPPET(write);
DECLARE_SNIPPET(nosys_nr);

static int last_cpu(void)
{
	return num_online_cpus() - 1;
}

KTEST(syscall, exit_group_and_exit_status)
{
	EXPECT_EQ(snippet_run(SNIPPET(exit), 0, 42, 0), EXITED(42));
	EXPECT_EQ(snippet_run(SNIPPET(exit), 0, 0x1ff, 0), EXITED(0xff));	/* status & 0xff */
	EXPECT_EQ(snippet_run(SNIPPET(exit), last_cpu(), 7, 1), EXITED(7));	/* exit (60) */
}

KTEST(syscall, getpid_equals_gettid_and_the_task)
{
	uint64_t *data = NULL;
	struct task *t = snippet_create(SNIPPET(getpid), last_cpu(), "getpid", &data);
	int pid;

	ASSERT_NOT_NULL(t);
	pid = t->pid;
	wake_up_process(t);
	EXPECT_EQ(snippet_wait(t), EXITED(pid));
}

KTEST(syscall, registers_survive_but_rcx_r11)
{
	EXPECT_EQ(snippet_run(SNIPPET(regs), 0, 300, 0), 0);
}

/*
 * A number no Linux x86_64 system call uses (335..423 are unused in 6.1),
 * never handed out before in this boot: the one-time log line is per
 * boot, so a test repeated by ktest.repeat needs a number of its own.
 */
static unsigned int fresh_unused_nr(void)
{
	static atomic_t next = ATOMIC_INIT(335);
	int nr = atomic_inc_return(&next);

	ASSERT_TRUE(nr <= 423);
	return (unsigned int)nr;
}

static void expect_logged_once(unsigned long mark, unsigned int nr)
{
	char needle[64];

	snprintf(needle, sizeof(needle), "called unimplemented syscall (unused number) (%u)\n", nr);
	EXPECT_EQ(log_buf_count(mark, needle), 1);
}

KTEST(syscall, unimplemented_is_enosys_logged_once)
{
	unsigned long mark = log_buf_pos();
	unsigned int nr = fresh_unused_nr();
	uint64_t *data = NULL;
	struct task *t = snippet_create(SNIPPET(enosys), 0, "nosys", &data);
	char line[96];

	ASSERT_NOT_NULL(t);
	snprintf(line, sizeof(line),
		 "ringlet: nosys[%d] called unimplemented syscall create_module (174)\n", t->pid);
	wake_up_process(t);
	/* create_module (gone from Linux too) twice, an unused number, one past the table, -1: all -ENOSYS. */
	EXPECT_EQ(snippet_wait(t), 0);
	EXPECT_LE(log_buf_count(mark, line), 1);	/* 0 if an earlier repetition logged it */
	EXPECT_EQ(log_buf_count(mark, "(451)"), 0);	/* past the table: nothing to name */
	/* A number called twice for the first time in this boot: logged once. */
	EXPECT_EQ(snippet_run(SNIPPET(nosys_nr), 0, nr, 0), 0);
	EXPECT_EQ(snippet_run(SNIPPET(nosys_nr), last_cpu(), nr, 0), 0);
	expect_logged_once(mark, nr);
}

static int first_call_of(void *arg)
{
	return snippet_run(SNIPPET(nosys_nr), smp_processor_id(), *(unsigned int *)arg, 0);
}

/* Programs on every CPU make the same first unimplemented call at once: one line. */
KTEST(syscall, first_unimplemented_call_logged_once_across_cpus)
{
	unsigned long mark = log_buf_pos();
	unsigned int nr = fresh_unused_nr();

	EXPECT_EQ(ktest_run_threads(first_call_of, &nr, 2), 0);
	expect_logged_once(mark, nr);
}

KTEST(syscall, write_to_a_pipe)
{
	struct file *rd, *wr;
	struct files_struct *files = files_alloc(16);
	uint64_t *data = NULL;
	struct task *t;
	char buf[64] = { 0 };
	int fd;

	ASSERT_NOT_NULL(files);
	ASSERT_EQ(pipe_create(&rd, &wr, 4096), 0);
	fd = fd_install(files, wr);
	ASSERT_GE(fd, 0);
	t = snippet_create(SNIPPET(write), last_cpu(), "writer", &data);
	ASSERT_NOT_NULL(t);
	data[0] = (uint64_t)fd;
	files_put(t->files);	/* the creator's table, if it had one */
	t->files = files;	/* the program's: ours passes to it */
	wake_up_process(t);
	EXPECT_EQ(snippet_wait(t), EXITED(18));
	EXPECT_EQ(vfs_read(rd, buf, sizeof(buf), NULL), 18);
	EXPECT_STREQ(buf, "hello from ring 3\n");
	fput(rd);
}

static int enter_leave(void *arg)
{
	(void)arg;
	return snippet_run(SNIPPET(regs), smp_processor_id(), 40, 0);
}

KTEST(syscall, every_cpu_enters_and_leaves_at_once)
{
	EXPECT_EQ(ktest_run_threads(enter_leave, NULL, 2), 0);
}

static struct pt_regs sysret_frame(void)
{
	return (struct pt_regs){
		.rip = USER_CODE + 2,
		.rcx = USER_CODE + 2,
		.rflags = X86_EFLAGS_IF,
		.r11 = X86_EFLAGS_IF,
		.cs = __USER_CS,
		.ss = __USER_DS,
		.rsp = USER_STACK_TOP,
	};
}

KTEST(syscall, sysret_only_when_safe)
{
	struct pt_regs r = sysret_frame();

	EXPECT_TRUE(syscall_can_sysret(&r));
	r.rip = r.rcx = TASK_SIZE_MAX - 1;		/* the last user byte: fine */
	EXPECT_TRUE(syscall_can_sysret(&r));
	r.rip = r.rcx = TASK_SIZE_MAX;			/* the guard page below the hole */
	EXPECT_FALSE(syscall_can_sysret(&r));
	r.rip = r.rcx = 0x0000800000000000UL;		/* non-canonical */
	EXPECT_FALSE(syscall_can_sysret(&r));
	r.rip = r.rcx = 0xffff800000000000UL;		/* canonical, kernel */
	EXPECT_FALSE(syscall_can_sysret(&r));
	r = sysret_frame();
	r.rip += 4;					/* the kernel moved RIP (execve) */
	EXPECT_FALSE(syscall_can_sysret(&r));
	r = sysret_frame();
	r.r11 |= X86_EFLAGS_DF;				/* RFLAGS changed */
	EXPECT_FALSE(syscall_can_sysret(&r));
	r = sysret_frame();
	r.rflags = r.r11 = X86_EFLAGS_IF | X86_EFLAGS_TF;
	EXPECT_FALSE(syscall_can_sysret(&r));
	r.rflags = r.r11 = X86_EFLAGS_IF | X86_EFLAGS_RF;
	EXPECT_FALSE(syscall_can_sysret(&r));
	r = sysret_frame();
	r.cs = __KERNEL_CS;
	EXPECT_FALSE(syscall_can_sysret(&r));
	r = sysret_frame();
	r.ss = __KERNEL_DS;
	EXPECT_FALSE(syscall_can_sysret(&r));
}

/*
 * The dispatch with a frame whose return address the kernel changed: the
 * result lands in RAX and the way back must be IRET.  (Called from this
 * kernel thread, so it returns here with interrupts off.)
 */
KTEST(syscall, changed_rip_returns_by_iret)
{
	struct pt_regs r = sysret_frame();

	r.orig_ax = __NR_getpid;
	r.rip = USER_CODE + 64;
	EXPECT_FALSE(do_syscall_64(&r));
	local_irq_enable();
	EXPECT_EQ(r.rax, (uint64_t)current->pid);
	r = sysret_frame();
	r.orig_ax = 0xffffffff00000000UL |
		    __NR_getpid; /* only the low 32 bits count, as in Linux */
	EXPECT_TRUE(do_syscall_64(&r));
	local_irq_enable();
	EXPECT_EQ(r.rax, (uint64_t)current->pid);
}
