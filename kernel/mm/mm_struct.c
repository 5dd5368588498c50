/*
 * The lifetime of an address space (Linux's mm_alloc, mmput, mmdrop and
 * dup_mm, from kernel/fork.c).
 *
 * Two counts, because a struct mm_struct outlives its use:
 *
 *   mm_users   the tasks using the address space.  The last mmput() tears
 *              down the user half: every mapping, every private frame,
 *              every lower-half table (exit_mmap).
 *   mm_count   references that keep the struct and its PML4: one for all
 *              the users together, one for each CPU that has it loaded
 *              (active_mm, see mmu_context.c).  A CPU that ran the process
 *              last may keep the PML4 in CR3 after the process exited
 *              (lazy TLB); the upper half it still uses is the kernel's.
 *
 * The last mmdrop() frees the PML4 and the struct; by then no CPU has it
 * loaded.
 */
#include "vm.h"
#include "internal.h"
#include "mm.h"
#include "slab.h"
#include "panic.h"
#include "ktest_leak.h"
#include <asm/pgtable.h>

static atomic_long_t mm_live;
KTEST_LEAK_COUNTER(mm_live, "address spaces");

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);
	INIT_LIST_HEAD(&mm->vmas);
	mutex_init(&mm->mmap_lock);
	mm->mmap_base = MMAP_BASE;
	atomic_long_inc(&mm_live);
	return mm;
}

void mmget(struct mm_struct *mm)
{
	WARN_ON(atomic_inc_return(&mm->mm_users) <= 1);	/* a user must exist to lend it */
}

bool mmget_not_zero(struct mm_struct *mm)
{
	return atomic_add_unless(&mm->mm_users, 1, 0);
}

void mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	exit_mmap(mm);
	mmdrop(mm);	/* the users' shared reference */
}

void mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}

void mmdrop(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_count))
		return;
	/* Every CPU that loads it holds a reference: none can have it loaded. */
	WARN_ON(atomic_long_read(&mm->cpumask));
	pgd_free(mm->pgd);
	kfree(mm);
	atomic_long_dec(&mm_live);
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	mm->mmap_base = oldmm->mmap_base;
	if (dup_mmap(mm, oldmm)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}
