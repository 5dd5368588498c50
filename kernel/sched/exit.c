/*
 * Ending a task: do_exit, mm_release, orphans, and the exit and
 * exit_group system calls (docs/processes.md).
 *
 * A task cannot free the stack it runs on, so exiting is two steps (see
 * kthread.c): do_exit lets go of everything else (its descriptor table,
 * its address space), records its status, marks itself dead and switches
 * away for the last time; whoever reaps it frees the stack and the task
 * once its exited completion says it is off that stack.  The reaper is:
 *
 *   - its parent, by wait4 (wait4.c), for a forked process: until then
 *     it is a zombie that keeps its status;
 *   - kthread_stop, for a kernel thread and for a process made by
 *     user_thread_create (no parent), as before processes existed;
 *   - the kernel itself (autoreap: a work item waits for exited and frees
 *     it) for an orphan when there is no child reaper, and for a child
 *     whose parent set SIGCHLD to SIG_IGN or SA_NOCLDWAIT, as in Linux.
 *
 * Orphans.  An exiting process hands its children to the child reaper
 * ("init", set_child_reaper); a zombie among them is then the reaper's to
 * wait for, and it is woken.  When the reaper itself exits (Linux panics
 * then), every process descended from it is sent SIGKILL and its orphans
 * are autoreaped, so nothing is left behind.
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
#include "workqueue.h"
#include "syscall_stats.h"
#include "internal.h"
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

void mm_release(struct task *t)
{
	int zero = 0;

	if (t->clear_child_tid) {
		/* A bad address is the program's problem: Linux ignores the fault too. */
		(void)copy_to_user((int __user *)t->clear_child_tid, &zero, sizeof(zero));
		t->clear_child_tid = 0;
	}
	if (!t->exiting) {
		/* execve: the old program's handlers and robust list go with its mm. */
		t->did_exec = true;
		t->robust_list = 0;
		flush_signal_handlers(t);
	}
	if (t->vfork_done) {
		complete(t->vfork_done);	/* the parent may use the mm again */
		t->vfork_done = NULL;
	}
}

static void reap_work_fn(struct work_struct *w)
{
	struct task *t = container_of(w, struct task, reap_work);

	wait_for_completion(&t->exited);
	release_task(t);
}

/* No one will wait for t, now exited or exiting: the kernel frees it.  tasklist_lock held. */
static void autoreap(struct task *t)
{
	t->exit_state = EXIT_DEAD;
	INIT_WORK(&t->reap_work, reap_work_fn);
	queue_work(system_wq, &t->reap_work);
}

/* True if p descends from a (a's own children included).  tasklist_lock held. */
static bool descends_from(struct task *p, struct task *a)
{
	for (p = p->parent; p; p = p->parent)
		if (p == a)
			return true;
	return false;
}

/* init is exiting: every process it leaves behind dies.  tasklist_lock held. */
static void kill_descendants(struct task *init)
{
	struct task *p;

	list_for_each_entry(p, &process_list, tasks)
		if (p->exit_state == EXIT_NONE && descends_from(p, init))
			kill_task(p, SIGKILL);
}

/* t's children go to the reaper, or, with none, are the kernel's to reap.  tasklist_lock held. */
static void reparent_children(struct task *t)
{
	struct task *c, *n;

	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del_init(&c->sibling);
		if (reaper) {
			c->parent = reaper;
			c->exit_signal = SIGCHLD;	/* as Linux: init hears of it as SIGCHLD */
			list_add_tail(&c->sibling, &reaper->children);
			if (c->exit_state == EXIT_ZOMBIE)
				wake_up(&reaper->wait_chldexit);
		} else {
			c->parent = NULL;
			c->autoreap = true;
			if (c->exit_state == EXIT_ZOMBIE)
				autoreap(c);
		}
	}
}

/* Makes t a zombie and tells whoever will reap it.  tasklist_lock held. */
static void exit_notify(struct task *t)
{
	struct task *p = t->parent;

	if (t == reaper) {
		reaper = NULL;
		kill_descendants(t);
	}
	reparent_children(t);
	t->exit_state = EXIT_ZOMBIE;
	if (p) {
		if (t->exit_signal == SIGCHLD && sig_handler_ignored(p, SIGCHLD)) {
			list_del_init(&t->sibling);
			t->parent = NULL;
			autoreap(t);
		} else if (t->exit_signal) {
			send_signal(p, t->exit_signal);
		}
		wake_up(&p->wait_chldexit);
	} else if (t->autoreap) {
		autoreap(t);
	}
}

void do_exit(long code)
{
	struct task *t = current;
	unsigned long flags;

	t->exit_code = (int)code;
	t->exiting = true;
	syscall_stats_exit(t);	/* before the parent can learn of the exit */
	if (t->is_process)
		mm_release(t);
	files_put(t->files);
	t->files = NULL;
	fs_put(t->fs);
	t->fs = NULL;
	exit_mm(t);
	if (t->is_process) {
		flags = spin_lock_irqsave(&tasklist_lock);
		exit_notify(t);
		spin_unlock_irqrestore(&tasklist_lock, flags);
	}
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
