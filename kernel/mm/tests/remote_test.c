/*
 * Self-tests of remote.c (suite remote): access_remote_vm reaches an
 * address space nobody has loaded, only where a user access could, and a
 * copy never overlaps an munmap of its pages (mmap_lock): on several CPUs,
 * every copy of a region being unmapped and mapped again is all or
 * nothing.
 */
#include "ktest.h"
#include "vm.h"
#include "mm.h"
#include "sched.h"
#include "smp.h"
#include "string.h"
#include "timer.h"

#define RW	0x400000UL	/* two read-write pages, then a hole */
#define RO	0x600000UL	/* one read-only page */

static struct mm_struct *two_regions(void)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (mmap_region(mm, RW, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) != (long)RW ||
	    mmap_region(mm, RO, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) !=
		    (long)RO) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

KTEST(remote, copies_only_what_a_user_access_could)
{
	struct mm_struct *mm = two_regions();
	char buf[8] = "abcdefg", back[8] = { 0 };

	ASSERT_NOT_NULL(mm);
	/* Across a page boundary, with mm loaded nowhere. */
	EXPECT_EQ(access_remote_vm(mm, RW + PAGE_SIZE - 3, buf, 6, true), 6);
	EXPECT_EQ(access_remote_vm(mm, RW + PAGE_SIZE - 3, back, 6, false), 6);
	EXPECT_EQ(memcmp(buf, back, 6), 0);
	/* Read-only: readable, not writable. */
	EXPECT_EQ(access_remote_vm(mm, RO, back, 4, false), 4);
	EXPECT_EQ(access_remote_vm(mm, RO, buf, 4, true), 0);
	/* Into the hole after the region: what lies before it. */
	EXPECT_EQ(access_remote_vm(mm, RW + 2 * PAGE_SIZE - 2, buf, 6, true), 2);
	/* Never past the user half, and never wrapping. */
	EXPECT_EQ(access_remote_vm(mm, TASK_SIZE - 1, buf, 2, false), 0);
	EXPECT_EQ(access_remote_vm(mm, ~0UL - 1, buf, 4, false), 0);
	mmput(mm);
}

struct remote_race {
	struct mm_struct *mm;
	volatile bool stop;
	long copies, partial;
};

/* Copies the whole region over and over; a torn result means a frame changed under it. */
static int remote_copier(void *arg)
{
	struct remote_race *r = arg;
	static char buf[2 * PAGE_SIZE];

	while (!READ_ONCE(r->stop)) {
		size_t n = access_remote_vm(r->mm, RW, buf, sizeof(buf), false);

		if (n && n != sizeof(buf))
			r->partial++;
		r->copies++;
	}
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

KTEST(remote, copy_is_all_or_nothing_against_munmap)
{
	struct remote_race r = { 0 };
	struct task *t;
	int cpu = num_online_cpus() > 1 ? nth_online_cpu(1) : -1;

	r.mm = two_regions();
	ASSERT_NOT_NULL(r.mm);
	t = kthread_run_on_cpu(remote_copier, &r, cpu, "remote_copier");
	ASSERT_NOT_NULL(t);
	for (int i = 0; i < 300; i++) {
		mutex_lock(&r.mm->mmap_lock);
		EXPECT_EQ(do_munmap(r.mm, RW, 2 * PAGE_SIZE), 0);
		mutex_unlock(&r.mm->mmap_lock);
		msleep(0);
		mutex_lock(&r.mm->mmap_lock);
		EXPECT_EQ(mmap_region(r.mm, RW, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
			  (long)RW);
		mutex_unlock(&r.mm->mmap_lock);
	}
	WRITE_ONCE(r.stop, true);
	EXPECT_EQ(kthread_stop(t), 0);
	EXPECT_GT(r.copies, 0);
	EXPECT_EQ(r.partial, 0);
	mmput(r.mm);
}
