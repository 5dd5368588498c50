/*
 * Ending a task: do_exit, and the exit and exit_group system calls.
 *
 * A task cannot free the stack it runs on, so exiting is two steps (see
 * kthread.c): do_exit lets go of everything else (its descriptor table,
 * its address space), records its status, marks itself dead and switches
 * away for the last time; whoever reaps it (kthread_stop, wait4 later)
 * frees the stack and the task.
 *
 * The status is stored as wait4 reports it, as Linux's exit_code: a
 * normal exit puts the program's status & 0xff in bits 8..15, a task
 * killed by a signal has the signal number in bits 0..6.  A kernel
 * thread's status is its function's return value, unencoded.
 *
 * exit and exit_group differ once a process has several threads; ringlet's
 * processes have one, so both end it.
 */
#include "signal.h"
#include "sched.h"
#include "syscalls.h"
#include "file.h"
#include "vm.h"
#include <asm/x86.h>

/* Drops the task's address space: the CPU keeps it loaded lazily until it loads another. */
static void exit_mm(struct task *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm)
		return;
	kthread_unuse_mm(mm);
	mmput(mm);
}

void do_exit(long code)
{
	struct task *t = current;

	t->exit_code = (int)code;
	files_put(t->files);
	t->files = NULL;
	exit_mm(t);
	local_irq_disable();
	WRITE_ONCE(t->state, TASK_DEAD);
	schedule();
	__builtin_unreachable();
}

SYSCALL_DEFINE1(exit, int, status)
{
	do_exit((status & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, status)
{
	do_exit((status & 0xff) << 8);
}
