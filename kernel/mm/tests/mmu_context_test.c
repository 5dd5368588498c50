/*
 * Self-tests of mmu_context.c (suite mmu_context): a kernel thread that
 * adopts an address space sees its pages at the user addresses; two threads
 * with two address spaces at the same address each see their own, across
 * context switches on one CPU; a kernel thread that follows an exited user
 * keeps its PML4 alive (lazy TLB) until it loads another; every CPU at once
 * creating, switching and destroying address spaces leaks nothing; and a
 * change to an mm loaded on another CPU warns.
 *
 * These threads read user addresses through their loaded CR3.  SMAP (being
 * enabled) makes a kernel access to a U=1 page fault unless RFLAGS.AC is
 * set, so peek_user/poke_user put stac/clac around the one access, as
 * copy_from_user does; the uaccess routines themselves are not used here,
 * so these tests depend only on this step.
 */
#include "ktest.h"
#include "vm.h"
#include "mm.h"
#include "sched.h"
#include "smp.h"
#include "timer.h"
#include <asm/pgtable.h>
#include <asm/x86.h>

#define A	0x400000UL

static uint64_t peek_user(unsigned long va)
{
	uint64_t v;

	asm volatile("stac; movq (%1), %0; clac" : "=r"(v) : "r"(va) : "memory");
	return v;
}

static void poke_user(unsigned long va, uint64_t v)
{
	asm volatile("stac; movq %0, (%1); clac" : : "r"(v), "r"(va) : "memory");
}

static uint64_t *kview64(struct mm_struct *mm, unsigned long va)
{
	return (uint64_t *)((char *)__va(user_page_frame(mm->pgd, va)) + (va & (PAGE_SIZE - 1)));
}

/* An mm with one private RW page at A holding value. */
static struct mm_struct *mm_with_value(uint64_t value)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (mmap_region(mm, A, PAGE_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) != (long)A) {
		mmput(mm);
		return NULL;
	}
	*kview64(mm, A) = value;
	return mm;
}

/*
 * Waits until cpu has given back any mm it borrowed: it does so when it goes
 * idle, which may be after the test's threads were reaped if another kernel
 * thread ran on it in between.  Sleeping, not yielding: when cpu is this
 * test's own, a yield with nothing else runnable never lets its idle task
 * run, and the loop would spin forever (it did at -smp 1).
 */
static void wait_cpu_idle_mm(int cpu)
{
	while (READ_ONCE(per_cpu(active_mm, cpu)))
		msleep(1);
}

/* kthread_stop() of a thread that has not run yet would skip it: tests wait for done first. */
struct sees {
	struct mm_struct *mm;
	uint64_t expect;
	int rounds;
	struct completion done;
};

/* Adopts s->mm, then checks its value after each yield (other threads switch in between). */
static int sees_own_value(void *arg)
{
	struct sees *s = arg;
	int bad = 0;

	kthread_use_mm(s->mm);
	for (int i = 0; i < s->rounds; i++) {
		if (peek_user(A) != s->expect + i)
			bad++;
		poke_user(A, s->expect + i + 1);
		yield();
	}
	kthread_unuse_mm(s->mm);
	mmput(s->mm);	/* the last user puts it on the CPU it was loaded on */
	complete(&s->done);
	return bad;
}

KTEST(mmu_context, two_threads_same_address_different_memory)
{
	int cpu = num_online_cpus() - 1;
	struct sees s[2];
	struct task *t[2];

	for (int i = 0; i < 2; i++) {
		s[i] = (struct sees){ .mm = mm_with_value(1000 * (i + 1)), .expect = 1000 * (i + 1), .rounds = 50 };
		ASSERT_NOT_NULL(s[i].mm);
		init_completion(&s[i].done);
	}
	/* One CPU: every yield switches between the two address spaces. */
	for (int i = 0; i < 2; i++)
		t[i] = kthread_create_on_cpu(sees_own_value, &s[i], cpu, "mm_sees/%d", i);
	ASSERT_NOT_NULL(t[0]);
	ASSERT_NOT_NULL(t[1]);
	wake_up_process(t[0]);
	wake_up_process(t[1]);
	wait_for_completion(&s[0].done);
	wait_for_completion(&s[1].done);
	EXPECT_EQ(kthread_stop(t[0]), 0);
	EXPECT_EQ(kthread_stop(t[1]), 0);
	wait_cpu_idle_mm(cpu);
}

struct lazy {
	struct mm_struct *m, *n;
	struct task *follower;
	int cpu;
	int bad;
	struct completion done;
};

/* A "process": uses m, exits (mmput) and hands the CPU to the follower. */
static int lazy_user(void *arg)
{
	struct lazy *l = arg;

	kthread_use_mm(l->m);
	poke_user(A, 7);
	kthread_unuse_mm(l->m);
	mmput(l->m);		/* its user half is freed here... */
	wake_up_process(l->follower);
	return 0;
}

/* A kernel thread scheduled after it: borrows m, which only its CPU's reference keeps. */
static int lazy_follower(void *arg)
{
	struct lazy *l = arg;

	if (this_cpu_read(active_mm) != l->m || atomic_read(&l->m->mm_count) != 1 ||
	    !list_empty(&l->m->vmas) || read_cr3() != __pa(l->m->pgd))
		l->bad++;
	/* Loading another mm lets the last holder go: m is freed (the leak check sees it). */
	kthread_use_mm(l->n);
	if (this_cpu_read(active_mm) != l->n || peek_user(A) != 9)
		l->bad++;
	kthread_unuse_mm(l->n);
	mmput(l->n);
	complete(&l->done);
	return 0;
}

KTEST(mmu_context, lazy_tlb_keeps_the_mm_until_the_next)
{
	struct lazy l = { .cpu = num_online_cpus() - 1 };
	struct task *user;

	l.m = mm_with_value(0);
	l.n = mm_with_value(9);
	ASSERT_NOT_NULL(l.m);
	ASSERT_NOT_NULL(l.n);
	init_completion(&l.done);
	l.follower = kthread_create_on_cpu(lazy_follower, &l, l.cpu, "mm_follower");
	ASSERT_NOT_NULL(l.follower);
	user = kthread_run_on_cpu(lazy_user, &l, l.cpu, "mm_user");
	ASSERT_NOT_NULL(user);
	wait_for_completion(&l.done);
	EXPECT_EQ(kthread_stop(user), 0);
	EXPECT_EQ(kthread_stop(l.follower), 0);
	EXPECT_EQ(l.bad, 0);
	wait_cpu_idle_mm(l.cpu);
}

/*
 * Every CPU, two threads each: build an address space, fork it, adopt each
 * in turn, check and change its pages through CR3 while the other thread
 * of the CPU switches in, cut it with munmap and mprotect while loaded,
 * drop it.  Each round's adoption makes the CPU drop the last round's mm.
 */
static int churn(void *arg)
{
	uint64_t me = (uint64_t)smp_processor_id() << 32 | (uint64_t)(unsigned long)current;
	int bad = 0;

	(void)arg;
	for (int round = 0; round < 20; round++) {
		struct mm_struct *mm = mm_with_value(me + round), *child;

		if (!mm)
			return 1000;
		if (mmap_region(mm, A + PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED) != (long)(A + PAGE_SIZE))
			bad++;
		kthread_use_mm(mm);
		poke_user(A + PAGE_SIZE, me);
		yield();
		if (peek_user(A) != me + round)
			bad++;
		child = dup_mm(mm);	/* fork while loaded: the child is not */
		if (do_munmap(mm, A + 2 * PAGE_SIZE, PAGE_SIZE) || do_mprotect(mm, A, PAGE_SIZE, PROT_READ))
			bad++;
		yield();
		if (user_lookup_pte(mm->pgd, A) & PTE_W)
			bad++;
		kthread_unuse_mm(mm);
		if (!child)
			return bad + 1000;
		kthread_use_mm(child);		/* drops mm's lazy reference: it still has a user */
		if (peek_user(A) != me + round || peek_user(A + PAGE_SIZE) != me)
			bad++;
		poke_user(A + PAGE_SIZE, ~me);	/* shared: the parent sees it */
		kthread_unuse_mm(child);
		if (*kview64(mm, A + PAGE_SIZE) != ~me)
			bad++;
		mmput(child);
		mmput(mm);
	}
	return bad;
}

KTEST(mmu_context, every_cpu_churns_address_spaces)
{
	int cpu;

	EXPECT_EQ(ktest_run_threads(churn, NULL, 2), 0);
	for_each_online_cpu(cpu)
		wait_cpu_idle_mm(cpu);
}

struct holder {
	struct mm_struct *mm;
	bool release;
	struct completion loaded, done;
};

/*
 * Keeps the mm loaded on its CPU.  It spins rather than sleeps: a sleep
 * would switch its CPU to idle, which loads the kernel's PML4, and then no
 * shootdown would be needed (nor would the check warn).
 */
static int hold_mm(void *arg)
{
	struct holder *h = arg;

	kthread_use_mm(h->mm);
	complete(&h->loaded);
	while (!READ_ONCE(h->release))
		cpu_relax();
	kthread_unuse_mm(h->mm);
	complete(&h->done);
	return 0;
}

KTEST_OPTS(mmu_context, change_while_loaded_elsewhere_warns,
	   .expect_report = "WARNING in tlb_check_no_remote", .min_cpus = 2)
{
	struct holder h = { .mm = mm_with_value(1) };
	int cpu = num_online_cpus() - 1;
	struct task *t;

	ASSERT_NOT_NULL(h.mm);
	ASSERT_NE(cpu, smp_processor_id());
	init_completion(&h.loaded);
	init_completion(&h.done);
	t = kthread_run_on_cpu(hold_mm, &h, cpu, "mm_holder");
	ASSERT_NOT_NULL(t);
	wait_for_completion(&h.loaded);
	/* The holder's CPU may cache A's translation: only a shootdown could fix it. */
	EXPECT_EQ(do_munmap(h.mm, A, PAGE_SIZE), 0);
	WRITE_ONCE(h.release, true);
	wait_for_completion(&h.done);
	EXPECT_EQ(kthread_stop(t), 0);
	wait_cpu_idle_mm(cpu);
	mmput(h.mm);
}
