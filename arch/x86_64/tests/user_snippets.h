/*
 * Running the snippets of user_snippets.S as user threads, for the ring-3
 * tests of this room.  Each run gets a fresh address space:
 *   USER_CODE   one page, read and execute: the snippet's copy
 *   USER_DATA   one page, read and write: parameters in, counters out
 *   stack       one page below USER_STACK_TOP, where RSP starts
 * The test reaches the data page through the kernel's direct map (the same
 * frame), so it can set parameters before the program runs and watch a
 * counter while it runs.
 */
#ifndef USER_SNIPPETS_H
#define USER_SNIPPETS_H

#include "vm.h"
#include "mm.h"
#include "sched.h"
#include "string.h"
#include "timer.h"
#include <asm/pgtable.h>

#define USER_CODE	0x400000UL
#define USER_DATA	0x600000UL
#define USER_STACK_TOP	0x800000UL

/* wait4's status for exit(code). */
#define EXITED(code)	(((code) & 0xff) << 8)

#define DECLARE_SNIPPET(n)	extern const char snippet_##n[], snippet_##n##_end[]
#define SNIPPET(n)		snippet_##n, snippet_##n##_end

static inline void *user_kview(struct mm_struct *mm, unsigned long va)
{
	return __va(user_page_frame(mm->pgd, va));
}

static inline bool map_page(struct mm_struct *mm, unsigned long va, unsigned int prot)
{
	return mmap_region(mm, va, PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) ==
	       (long)va;
}

/*
 * A user thread running the code [start, end) on cpu, not yet woken; *data
 * is its data page.  NULL if memory ran out.
 */
static inline struct task *snippet_create(const char *start, const char *end, int cpu,
					  const char *name, uint64_t **data)
{
	struct mm_struct *mm = mm_alloc();
	struct task *t;

	if (!mm)
		return NULL;
	if (!map_page(mm, USER_CODE, PROT_READ | PROT_EXEC) ||
	    !map_page(mm, USER_DATA, PROT_READ | PROT_WRITE) ||
	    !map_page(mm, USER_STACK_TOP - PAGE_SIZE, PROT_READ | PROT_WRITE)) {
		mmput(mm);
		return NULL;
	}
	memcpy(user_kview(mm, USER_CODE), start, (size_t)(end - start));
	*data = user_kview(mm, USER_DATA);
	t = user_thread_create(mm, USER_CODE, USER_STACK_TOP, cpu, name);
	if (!t)
		mmput(mm);
	return t;
}

/*
 * Waits until t has exited by itself (kthread_stop alone might stop it
 * before it ran) and reaps it.  Then waits until t's CPU has let go of the
 * address space too: a CPU keeps the last one loaded (lazy TLB) until it
 * goes idle or loads another, and the runner's leak check counts it.
 * Sleeping, not yielding, lets that CPU's idle task run if it is ours.
 */
static inline int snippet_wait(struct task *t)
{
	int cpu = t->cpu, status;

	wait_for_completion(&t->exited);
	status = kthread_stop(t);
	while (READ_ONCE(per_cpu(active_mm, cpu)))
		msleep(1);
	return status;
}

/* Runs the code once on cpu with data[0..1] = p0, p1; returns its exit status. */
static inline int snippet_run(const char *start, const char *end, int cpu, uint64_t p0, uint64_t p1)
{
	uint64_t *data = NULL;
	struct task *t = snippet_create(start, end, cpu, "snippet", &data);

	if (!t)
		return -1;
	data[0] = p0;
	data[1] = p1;
	wake_up_process(t);
	return snippet_wait(t);
}

#endif
