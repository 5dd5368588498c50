/*
 * Who a process is: its IDs, the process list, process groups and
 * sessions (docs/processes.md).
 *
 * Linux gives every thread its own ID (gettid) and a process the ID of
 * its first thread (getpid).  A ringlet process has exactly one thread, so
 * the two are its task's pid.  Pids come from one counter that never
 * wraps in practice (kthread.c) and are never reused.
 *
 * Every process, from its creation until its reaper takes it, is on
 * process_list, which kill and the group calls walk and find_process
 * searches: a linear scan, where Linux has a pid hash.  The list, the
 * parent/children links, pgid and sid are guarded by tasklist_lock; a
 * task found under the lock stays valid while it is held, since a reaper
 * takes the task off the list under the lock before freeing it.
 *
 * Process groups and sessions are plain numbers in each task (a group or
 * session exists while some process carries its number), with Linux's
 * rules for setpgid and setsid.
 *
 * set_tid_address and set_robust_list record what the C libraries hand
 * over at start-up: the first is honoured at exit and exec (mm_release,
 * exit.c), the second only kept, since ringlet has no futexes.
 */
#include "syscalls.h"
#include "sched.h"
#include "errno.h"
#include "internal.h"

DEFINE_SPINLOCK(tasklist_lock);
LIST_HEAD(process_list);
struct task *reaper;

void process_attach(struct task *t, struct task *parent)
{
	t->is_process = true;
	t->parent = parent;
	if (parent) {
		list_add_tail(&t->sibling, &parent->children);
		t->pgid = parent->pgid;
		t->sid = parent->sid;
	} else {
		t->pgid = t->pid;
		t->sid = t->pid;
	}
	list_add_tail(&t->tasks, &process_list);
}

struct task *find_process(int pid)
{
	struct task *t;

	list_for_each_entry(t, &process_list, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

void set_child_reaper(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	reaper = t;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void init_process_attach(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	t->pid = INIT_PID;	/* never handed out to anyone else (kthread.c) */
	process_attach(t, NULL);
	reaper = t;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

struct task *child_reaper(void)
{
	return READ_ONCE(reaper);
}

SYSCALL_DEFINE0(getpid)
{
	return current->pid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	int ppid = current->parent ? current->parent->pid : 0;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ppid;
}

/* True if some process is in group pgid of session sid (sid < 0: any session). */
static bool group_exists(int pgid, int sid)
{
	struct task *t;

	list_for_each_entry(t, &process_list, tasks)
		if (t->pgid == pgid && (sid < 0 || t->sid == sid))
			return true;
	return false;
}

int session_of_pgrp(int pgid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	int sid = -ESRCH;
	struct task *t;

	list_for_each_entry(t, &process_list, tasks) {
		if (t->pgid == pgid) {
			sid = t->sid;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return sid;
}

/* Linux's checks, in its order: which process, may we, is it a leader, does the group exist. */
static long do_setpgid(struct task *me, int pid, int pgid)
{
	struct task *p;

	if (!pid)
		pid = me->pid;
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	p = find_process(pid);
	if (!p || p->exit_state != EXIT_NONE)
		return -ESRCH;
	if (p->parent == me) {
		if (p->sid != me->sid)
			return -EPERM;
		if (p->did_exec)
			return -EACCES;
	} else if (p != me) {
		return -ESRCH;
	}
	if (p->sid == p->pid)
		return -EPERM;		/* a session leader stays in its group */
	if (pgid != pid && !group_exists(pgid, me->sid))
		return -EPERM;
	p->pgid = pgid;
	return 0;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	long ret = do_setpgid(current, pid, pgid);

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* getpgid and getsid: pid 0 is the caller. */
static long get_id(int pid, bool session)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *p = pid ? find_process(pid) : current;
	long ret = -ESRCH;

	if (p)
		ret = session ? p->sid : p->pgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	return get_id(pid, false);
}

SYSCALL_DEFINE0(getpgrp)
{
	return get_id(0, false);
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	return get_id(pid, true);
}

/*
 * A new session and group, both numbered by the caller's pid.  EPERM if
 * that number already names a group (the caller leads one, or a group it
 * left still has members), as in Linux.
 */
SYSCALL_DEFINE0(setsid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *me = current;
	long ret = -EPERM;

	if (!group_exists(me->pid, -1)) {
		me->sid = me->pid;
		me->pgid = me->pid;
		ret = me->pid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = (unsigned long)tidptr;
	return current->pid;
}

/* The size of Linux's struct robust_list_head on x86_64. */
#define ROBUST_LIST_HEAD_SIZE	24

SYSCALL_DEFINE2(set_robust_list, void __user *, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = (unsigned long)head;
	return 0;
}
