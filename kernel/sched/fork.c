/*
 * Making processes: fork, vfork and clone (docs/processes.md).
 *
 * A child is a new task that resumes the parent's system call in ring 3
 * with RAX = 0.  It is built while it cannot run: a kernel stack and task
 * (kthread_create_on_cpu), then
 *
 *   - its descriptor table: a copy of the parent's (files_dup), each file
 *     with one more reference, or the parent's own with CLONE_FILES;
 *   - its current directory and umask: a copy (fs_copy), or the parent's
 *     own with CLONE_FS;
 *   - its address space: a copy (dup_mm: private pages copied now), or
 *     with CLONE_VM|CLONE_VFORK the parent's own, one more mm_users;
 *   - its user registers, FPU state and FS base: the parent's, except
 *     RAX, the stack (clone's newsp) and FS base (CLONE_SETTLS)
 *     (copy_thread, arch/x86_64/process.c);
 *   - its signal actions and mask: the parent's; nothing pending;
 *   - its place in the tree: the parent's child, in its group and session
 *     (process_attach), where wait4 and kill find it from then on;
 *
 * and only then woken.  Tasks never change CPU (task.h), so the CPU is
 * chosen once: round robin over the online CPUs for a child with its own
 * address space, so a program that forks N children spreads them over
 * every CPU; the parent's own CPU for one that shares the parent's mm,
 * since an mm loaded on two CPUs would need TLB shootdowns, which ringlet
 * does not have (tlb_check_no_remote, vm.h).
 *
 * vfork: the parent sleeps until the child lets go of the shared mm, by
 * exiting or by execve (mm_release completes the parent's vfork_done).
 *
 * Deliberate limits: no threads.  CLONE_THREAD and CLONE_SIGHAND (which
 * threads need) are -EINVAL, and so is CLONE_VM without CLONE_VFORK (two
 * tasks running in one mm at once, serialized by nothing), and every flag
 * ringlet has nothing behind (namespaces, ptrace, CLONE_PARENT,
 * CLONE_SYSVSEM, CLONE_PIDFD, ...).
 */
#include "syscalls.h"
#include "sched.h"
#include "signal.h"
#include "errno.h"
#include "file.h"
#include "vm.h"
#include "internal.h"
#include <asm/processor.h>

#define CSIGNAL			0x000000ffUL	/* the exit signal */
#define CLONE_VM		0x00000100UL
#define CLONE_FS		0x00000200UL
#define CLONE_FILES		0x00000400UL
#define CLONE_SIGHAND		0x00000800UL
#define CLONE_VFORK		0x00004000UL
#define CLONE_THREAD		0x00010000UL
#define CLONE_SETTLS		0x00080000UL
#define CLONE_PARENT_SETTID	0x00100000UL
#define CLONE_CHILD_CLEARTID	0x00200000UL
#define CLONE_DETACHED		0x00400000UL	/* ignored, as Linux does */
#define CLONE_UNTRACED		0x00800000UL	/* no ptrace: nothing to untrace */
#define CLONE_CHILD_SETTID	0x01000000UL

#define CLONE_SUPPORTED	(CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_VFORK | CLONE_SETTLS |	\
			 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED |		\
			 CLONE_UNTRACED | CLONE_CHILD_SETTID)

/* The child's first code, on its own stack: the tid it was asked to write, then ring 3. */
static int run_forked(void *unused)
{
	struct task *t = current;

	(void)unused;
	if (t->set_child_tid)	/* a bad address is the program's problem, as in Linux */
		(void)copy_to_user((int __user *)t->set_child_tid, &t->pid, sizeof(t->pid));
	ret_to_user();
}

/* Linux's checks of the flags, in its order, then ringlet's limits. */
static long check_clone_flags(unsigned long flags)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (flags & ~CLONE_SUPPORTED)
		return -EINVAL;		/* threads and the rest: see the top of the file */
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL;
	return 0;
}

/*
 * Gives child its descriptor table, directory and umask, and address
 * space.  0 or -ENOMEM.
 */
static long copy_files_mm(struct task *child, struct task *me, unsigned long flags)
{
	/* kthread_create_on_cpu made child share our table: right for CLONE_FILES only. */
	if (!(flags & CLONE_FILES) && me->files) {
		files_put(child->files);
		child->files = files_dup(me->files);
		if (!child->files)
			return -ENOMEM;
	}
	/* kthread_create_on_cpu shared our fs_struct too: right for CLONE_FS only. */
	if (!(flags & CLONE_FS) && me->fs) {
		fs_put(child->fs);
		child->fs = fs_copy(me->fs);
		if (!child->fs)
			return -ENOMEM;
	}
	if (flags & CLONE_VM) {
		mmget(me->mm);
		child->mm = me->mm;
	} else {
		child->mm = dup_mm(me->mm);
		if (!child->mm)
			return -ENOMEM;
	}
	return 0;
}

static long do_fork(unsigned long flags, unsigned long newsp, int __user *parent_tid,
		    int __user *child_tid, unsigned long tls)
{
	struct task *me = current, *child;
	struct completion vfork;
	unsigned long irqflags;
	long ret = check_clone_flags(flags);
	int pid;

	if (ret)
		return ret;
	child = kthread_create_on_cpu(run_forked, NULL, flags & CLONE_VM ? me->cpu : -1, "%s",
				      me->comm);
	if (!child)
		return -ENOMEM;
	ret = copy_files_mm(child, me, flags);
	if (ret) {
		files_put(child->files);
		fs_put(child->fs);
		if (child->mm)
			mmput(child->mm);
		release_task(child);	/* never ran: nothing else to undo */
		return ret;
	}
	child->addr_limit = USER_DS.seg;
	copy_thread(child, newsp, tls, flags & CLONE_SETTLS);
	copy_signals(child, me);
	child->exit_signal = (int)(flags & CSIGNAL);
	if (flags & CLONE_CHILD_SETTID)
		child->set_child_tid = (unsigned long)child_tid;
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = (unsigned long)child_tid;
	if (flags & CLONE_VFORK) {
		init_completion(&vfork);
		child->vfork_done = &vfork;
	}
	pid = child->pid;	/* child may be reaped (autoreap) before we look again */
	if (flags & CLONE_PARENT_SETTID)	/* in our mm, before the child runs; faults ignored */
		(void)copy_to_user(parent_tid, &pid, sizeof(pid));
	irqflags = spin_lock_irqsave(&tasklist_lock);
	process_attach(child, me);
	spin_unlock_irqrestore(&tasklist_lock, irqflags);
	wake_up_process(child);
	if (flags & CLONE_VFORK)
		wait_for_completion(&vfork);
	return pid;
}

SYSCALL_DEFINE0(fork)
{
	return do_fork(SIGCHLD, 0, NULL, NULL, 0);
}

SYSCALL_DEFINE0(vfork)
{
	return do_fork(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, NULL, NULL, 0);
}

/* x86_64's argument order: flags, newsp, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, newsp, int __user *, parent_tid,
		int __user *, child_tid, unsigned long, tls)
{
	if ((flags & CSIGNAL) > _NSIG)
		return -EINVAL;		/* clone3's check: no such signal to send */
	return do_fork(flags, newsp, parent_tid, child_tid, tls);
}
