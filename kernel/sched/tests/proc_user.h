/*
 * Running the ring-3 snippets of proc_snippets.S and sig_snippets.S as
 * processes, for the
 * process tests of this room (the same layout as arch/x86_64's
 * user_snippets.h, which this room may not include):
 *   USER_CODE   one page, read and execute: the snippet's copy
 *   USER_DATA   one page, read and write: parameters in, results out
 *   stack       two pages below USER_STACK_TOP, where RSP starts
 * A test that wants the data page after the program exited keeps the
 * address space alive with its own mm_users reference (proc_create's
 * hold) and drops it after reaping.
 */
#ifndef PROC_USER_H
#define PROC_USER_H

#include "vm.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "timer.h"
#include "smp.h"
#include "errno.h"
#include <asm/pgtable.h>

#define USER_CODE	0x400000UL
#define USER_DATA	0x600000UL
#define USER_STACK_TOP	0x800000UL

/* wait4's status for exit(code). */
#define EXITED(code)	(((code) & 0xff) << 8)

#define DECLARE_SNIPPET(n)	extern const char snippet_##n[], snippet_##n##_end[]
#define SNIPPET(n)		snippet_##n, snippet_##n##_end

static inline bool proc_map(struct mm_struct *mm, unsigned long va, size_t len, unsigned int prot)
{
	return mmap_region(mm, va, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) == (long)va;
}

/*
 * A process running [start, end) on cpu, not yet woken; *data is its data
 * page.  With hold, *hold gets the mm with an extra user the caller
 * mmputs.  NULL if memory ran out.
 */
static inline struct task *proc_create(const char *start, const char *end, int cpu, uint64_t **data,
				       struct mm_struct **hold)
{
	struct mm_struct *mm = mm_alloc();
	struct task *t;

	if (!mm)
		return NULL;
	if (!proc_map(mm, USER_CODE, PAGE_SIZE, PROT_READ | PROT_EXEC) ||
	    !proc_map(mm, USER_DATA, PAGE_SIZE, PROT_READ | PROT_WRITE) ||
	    !proc_map(mm, USER_STACK_TOP - 2 * PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE)) {
		mmput(mm);
		return NULL;
	}
	memcpy(__va(user_page_frame(mm->pgd, USER_CODE)), start, (size_t)(end - start));
	*data = __va(user_page_frame(mm->pgd, USER_DATA));
	if (hold) {
		mmget(mm);
		*hold = mm;
	}
	t = user_thread_create(mm, USER_CODE, USER_STACK_TOP, cpu, "proc");
	if (!t) {
		mmput(mm);
		if (hold)
			mmput(mm);
	}
	return t;
}

/*
 * Waits until no CPU keeps an address space loaded lazily: a CPU keeps
 * the last one until it goes idle or loads another, and the runner's leak
 * check counts them.  Sleeping lets this CPU's idle task run too.  Only
 * once every program has ended: a running one keeps its mm loaded.
 */
static inline void proc_settle(void)
{
	for (int cpu = 0; cpu < num_online_cpus(); cpu++)
		while (READ_ONCE(per_cpu(active_mm, cpu)))
			msleep(1);
}

/*
 * Waits (up to ms) until the live tasks are down to n (the kernel reaps
 * orphans with no reaper in a work item, a little after they die), then
 * settles.  False on timeout.
 */
static inline bool proc_wait_tasks(long n, int ms)
{
	while (nr_tasks_live() > n && ms-- > 0)
		msleep(1);
	if (nr_tasks_live() > n)
		return false;
	proc_settle();
	return true;
}

/* Waits until t has exited by itself and reaps it: its status. */
static inline int proc_reap(struct task *t)
{
	wait_for_completion(&t->exited);
	return kthread_stop(t);
}

/* proc_reap, then proc_settle: for a program that leaves nothing running. */
static inline int proc_wait(struct task *t)
{
	int status = proc_reap(t);

	proc_settle();
	return status;
}

/* Runs the code once with data[0..1] = p0, p1; returns its exit status. */
static inline int proc_run(const char *start, const char *end, int cpu, uint64_t p0, uint64_t p1)
{
	uint64_t *data = NULL;
	struct task *t = proc_create(start, end, cpu, &data, NULL);

	if (!t)
		return -1;
	data[0] = p0;
	data[1] = p1;
	wake_up_process(t);
	return proc_wait(t);
}

#endif
