/*
 * Self-tests of mmap.c (suite mmap): the mapping calls return Linux 6.1's
 * errno for each bad argument and change nothing then; placement is
 * top-down below mmap_base; MAP_FIXED replaces; munmap and mprotect split
 * VMAs and keep the data around the cut; PTEs carry the protection.
 *
 * These tests never load the mm: they read and write its pages through the
 * direct map (__va of the frame the page table holds), which works with
 * SMAP on.  The runner's leak check then proves every frame and table page
 * came back.
 */
#include "ktest.h"
#include "vm.h"
#include "mm.h"
#include "errno.h"
#include <asm/pgtable.h>
#include <asm/paging.h>

#define A	0x400000UL	/* a fixed address, as a static binary's text */

/* The kernel's view of the user byte at va in mm (NULL if unmapped). */
static unsigned char *kview(struct mm_struct *mm, unsigned long va)
{
	uint64_t pa = user_page_frame(mm->pgd, va & ~(PAGE_SIZE - 1UL));

	return pa ? (unsigned char *)__va(pa) + (va & (PAGE_SIZE - 1)) : NULL;
}

static int nr_vmas(struct mm_struct *mm)
{
	struct vm_area *vma;
	int n = 0;

	list_for_each_entry(vma, &mm->vmas, node)
		n++;
	return n;
}

KTEST(mmap, mmap_errnos)
{
	struct mm_struct *mm = mm_alloc();
	const unsigned int anon = MAP_PRIVATE | MAP_ANONYMOUS;

	ASSERT_NOT_NULL(mm);
	EXPECT_EQ(mmap_region(mm, 0, 0, PROT_READ, anon), -EINVAL);
	EXPECT_EQ(mmap_region(mm, 0, (size_t)-1, PROT_READ, anon), -ENOMEM);	/* PAGE_ALIGN wraps */
	EXPECT_EQ(mmap_region(mm, 0, TASK_SIZE, PROT_READ, anon), -ENOMEM);
	EXPECT_EQ(mmap_region(mm, A + 1, PAGE_SIZE, PROT_READ, anon | MAP_FIXED), -EINVAL);
	EXPECT_EQ(mmap_region(mm, PAGE_SIZE, PAGE_SIZE, PROT_READ, anon | MAP_FIXED), -EPERM);
	EXPECT_EQ(mmap_region(mm, TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ,
			      anon | MAP_FIXED),
		  -ENOMEM);
	EXPECT_EQ(mmap_region(mm, 0, PAGE_SIZE, PROT_READ, MAP_ANONYMOUS),
		  -EINVAL); /* neither type */
	EXPECT_EQ(nr_vmas(mm), 0);
	mmput(mm);
}

KTEST(mmap, munmap_and_mprotect_errnos)
{
	struct mm_struct *mm = mm_alloc();

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(mmap_region(mm, A, 2 * PAGE_SIZE, PROT_READ,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
		  (long)A);
	EXPECT_EQ(do_munmap(mm, A + 1, PAGE_SIZE), -EINVAL);
	EXPECT_EQ(do_munmap(mm, A, 0), -EINVAL);
	EXPECT_EQ(do_munmap(mm, TASK_SIZE + PAGE_SIZE, PAGE_SIZE), -EINVAL);
	EXPECT_EQ(do_munmap(mm, A, TASK_SIZE), -EINVAL);
	EXPECT_EQ(do_munmap(mm, 2 * A, PAGE_SIZE), 0);	/* nothing there: not an error */

	EXPECT_EQ(do_mprotect(mm, A + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	EXPECT_EQ(do_mprotect(mm, A, 0, PROT_READ), 0);
	EXPECT_EQ(do_mprotect(mm, A, (size_t)-PAGE_SIZE, PROT_READ), -ENOMEM);	/* end wraps */
	EXPECT_EQ(do_mprotect(mm, A, PAGE_SIZE, 0x40), -EINVAL);
	EXPECT_EQ(do_mprotect(mm, A, PAGE_SIZE, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP),
		  -EINVAL);
	EXPECT_EQ(do_mprotect(mm, A, PAGE_SIZE, PROT_READ | PROT_GROWSDOWN), -EINVAL);
	EXPECT_EQ(do_mprotect(mm, A - PAGE_SIZE, PAGE_SIZE, PROT_READ), -ENOMEM);
	EXPECT_EQ(do_mprotect(mm, 2 * A, PAGE_SIZE, PROT_READ), -ENOMEM);
	EXPECT_EQ(do_mprotect(mm, A, PAGE_SIZE, PROT_READ | PROT_SEM), 0);	/* ignored on x86 */
	EXPECT_EQ(nr_vmas(mm), 2);	/* the last call split off the first page */
	mmput(mm);
}

KTEST(mmap, mprotect_stops_at_a_hole)
{
	struct mm_struct *mm = mm_alloc();
	const unsigned int fixed = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(mmap_region(mm, A, PAGE_SIZE, PROT_READ, fixed), (long)A);
	ASSERT_EQ(mmap_region(mm, A + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ, fixed),
		  (long)(A + 2 * PAGE_SIZE));
	/* Linux changes the VMA before the hole, then fails. */
	EXPECT_EQ(do_mprotect(mm, A, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE), -ENOMEM);
	EXPECT_EQ(find_vma(mm, A)->prot, PROT_READ | PROT_WRITE);
	EXPECT_EQ(find_vma(mm, A + 2 * PAGE_SIZE)->prot, PROT_READ);
	mmput(mm);
}

KTEST(mmap, placement_is_top_down_below_mmap_base)
{
	struct mm_struct *mm = mm_alloc();
	const unsigned int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	long a, b;

	ASSERT_NOT_NULL(mm);
	a = mmap_region(mm, 0, 3 * PAGE_SIZE, PROT_READ, anon);
	EXPECT_EQ(a, (long)(MMAP_BASE - 3 * PAGE_SIZE));
	b = mmap_region(mm, 0, PAGE_SIZE + 1, PROT_READ, anon);	/* rounded up to two pages */
	EXPECT_EQ(b, a - 2 * PAGE_SIZE);
	EXPECT_EQ(mmap_region(mm, A + 123, PAGE_SIZE, PROT_READ, anon),
		  (long)(A + PAGE_SIZE));					  /* a free hint */
	EXPECT_EQ(mmap_region(mm, a, PAGE_SIZE, PROT_READ, anon), b - PAGE_SIZE); /* a taken hint */
	EXPECT_EQ(mmap_region(mm, 1, PAGE_SIZE, PROT_READ, anon),
		  (long)MMAP_MIN_ADDR); /* hint raised to the minimum */
	EXPECT_EQ(nr_vmas(mm), 5);
	mmput(mm);
}

KTEST(mmap, ptes_carry_the_protection)
{
	struct mm_struct *mm = mm_alloc();
	const unsigned int fixed = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	uint64_t pte;

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(mmap_region(mm, A, PAGE_SIZE, PROT_READ | PROT_WRITE, fixed), (long)A);
	pte = user_lookup_pte(mm->pgd, A);
	EXPECT_EQ(pte & (PTE_P | PTE_U | PTE_W | PTE_NX), PTE_P | PTE_U | PTE_W | PTE_NX);
	ASSERT_EQ(do_mprotect(mm, A, PAGE_SIZE, PROT_READ | PROT_EXEC), 0);
	pte = user_lookup_pte(mm->pgd, A);
	EXPECT_EQ(pte & (PTE_P | PTE_U | PTE_W | PTE_NX), PTE_P | PTE_U);
	EXPECT_EQ(pte & PTE_ADDR_MASK, user_page_frame(mm->pgd, A));
	mmput(mm);
}

KTEST(mmap, prot_none_keeps_the_data)
{
	struct mm_struct *mm = mm_alloc();

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(mmap_region(mm, A, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
		  (long)A);
	*kview(mm, A + 8) = 0x5a;
	ASSERT_EQ(do_mprotect(mm, A, PAGE_SIZE, PROT_NONE), 0);
	EXPECT_FALSE(user_lookup_pte(mm->pgd, A) & PTE_P);	/* every access faults */
	ASSERT_EQ(do_mprotect(mm, A, PAGE_SIZE, PROT_READ), 0);
	EXPECT_EQ(*kview(mm, A + 8), 0x5a);
	mmput(mm);
}

KTEST(mmap, map_fixed_replaces_the_middle)
{
	struct mm_struct *mm = mm_alloc();
	const unsigned int fixed = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(mmap_region(mm, A, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, fixed), (long)A);
	for (int i = 0; i < 4; i++)
		*kview(mm, A + i * PAGE_SIZE) = 'a' + i;
	ASSERT_EQ(mmap_region(mm, A + PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ, fixed),
		  (long)(A + PAGE_SIZE));
	EXPECT_EQ(nr_vmas(mm), 3);
	EXPECT_EQ(*kview(mm, A), 'a');
	EXPECT_EQ(*kview(mm, A + PAGE_SIZE), 0);	/* new, zeroed */
	EXPECT_EQ(*kview(mm, A + 2 * PAGE_SIZE), 0);
	EXPECT_EQ(*kview(mm, A + 3 * PAGE_SIZE), 'd');
	EXPECT_EQ(find_vma(mm, A + PAGE_SIZE)->prot, PROT_READ);
	EXPECT_EQ(find_vma(mm, A + 3 * PAGE_SIZE)->prot, PROT_READ | PROT_WRITE);
	mmput(mm);
}

KTEST(mmap, munmap_of_the_middle_splits)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area *lo, *hi;

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(mmap_region(mm, A, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
		  (long)A);
	*kview(mm, A) = 1;
	*kview(mm, A + 2 * PAGE_SIZE) = 3;
	ASSERT_EQ(do_munmap(mm, A + PAGE_SIZE, PAGE_SIZE), 0);
	ASSERT_EQ(nr_vmas(mm), 2);
	lo = find_vma(mm, A);
	hi = find_vma(mm, A + PAGE_SIZE);
	EXPECT_EQ(lo->start, A);
	EXPECT_EQ(lo->end, A + PAGE_SIZE);
	EXPECT_EQ(hi->start, A + 2 * PAGE_SIZE);
	EXPECT_EQ(hi->end, A + 3 * PAGE_SIZE);
	EXPECT_EQ(user_lookup_pte(mm->pgd, A + PAGE_SIZE), 0);
	EXPECT_EQ(*kview(mm, A), 1);
	EXPECT_EQ(*kview(mm, A + 2 * PAGE_SIZE), 3);
	/* A range across the hole and both halves takes them all. */
	ASSERT_EQ(do_munmap(mm, A, 3 * PAGE_SIZE), 0);
	EXPECT_EQ(nr_vmas(mm), 0);
	mmput(mm);
}

KTEST(mmap, mprotect_of_the_middle_splits)
{
	struct mm_struct *mm = mm_alloc();

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(mmap_region(mm, A, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
		  (long)A);
	ASSERT_EQ(do_mprotect(mm, A + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	EXPECT_EQ(nr_vmas(mm), 3);
	EXPECT_TRUE(user_lookup_pte(mm->pgd, A) & PTE_W);
	EXPECT_FALSE(user_lookup_pte(mm->pgd, A + PAGE_SIZE) & PTE_W);
	EXPECT_TRUE(user_lookup_pte(mm->pgd, A + 2 * PAGE_SIZE) & PTE_W);
	mmput(mm);
}

KTEST(mmap, shared_pages_errnos)
{
	struct mm_struct *mm = mm_alloc();
	struct shared_pages *sp = shared_pages_alloc(2);

	ASSERT_NOT_NULL(mm);
	ASSERT_NOT_NULL(sp);
	EXPECT_EQ(mmap_shared_pages(mm, 0, 3 * PAGE_SIZE, PROT_READ, MAP_SHARED, sp, 0, NULL),
		  -EINVAL);
	EXPECT_EQ(mmap_shared_pages(mm, 0, PAGE_SIZE, PROT_READ, MAP_SHARED, sp, 2, NULL), -EINVAL);
	EXPECT_EQ(mmap_shared_pages(mm, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, sp, 0, NULL),
		  -EINVAL);
	/* Ring memory is data: never executable. */
	EXPECT_EQ(mmap_shared_pages(mm, 0, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED, sp, 0,
				    NULL),
		  -EPERM);
	EXPECT_EQ(mmap_shared_pages(mm, 0, PAGE_SIZE, PROT_READ, MAP_SHARED, sp, (size_t)-1, NULL),
		  -EOVERFLOW);
	EXPECT_EQ(mmap_shared_pages(mm, 0, 0, PROT_READ, MAP_SHARED, sp, 0, NULL), -EINVAL);
	EXPECT_EQ(nr_vmas(mm), 0);
	shared_pages_put(sp);
	mmput(mm);
}
