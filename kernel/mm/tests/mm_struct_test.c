/*
 * Self-tests of mm_struct.c (suite mm_struct): the two counts (the last
 * user frees the user half, the last mmdrop the struct) and fork's copy
 * (private pages copied, shared pages shared).  Pages are read and written
 * through the direct map, so no mm is ever loaded here; the runner's leak
 * check proves the frees exact.
 */
#include "ktest.h"
#include "vm.h"
#include "mm.h"
#include <asm/pgtable.h>

#define A	0x400000UL

static unsigned char *kview(struct mm_struct *mm, unsigned long va)
{
	uint64_t pa = user_page_frame(mm->pgd, va & ~(PAGE_SIZE - 1UL));

	return pa ? (unsigned char *)__va(pa) + (va & (PAGE_SIZE - 1)) : NULL;
}

KTEST(mm_struct, last_user_frees_pages_last_grab_frees_struct)
{
	struct mm_struct *mm = mm_alloc();

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(mmap_region(mm, A, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED), (long)A);
	mmget(mm);
	mmgrab(mm);
	mmput(mm);
	EXPECT_NOT_NULL(kview(mm, A));		/* a user is left */
	mmput(mm);
	/* The user half is gone: no VMA, no lower-half table. */
	EXPECT_TRUE(list_empty(&mm->vmas));
	for (int i = 0; i < 256; i++)
		EXPECT_EQ(mm->pgd[i], 0);
	EXPECT_EQ(atomic_read(&mm->mm_count), 1);	/* ours: the struct stays */
	mmdrop(mm);
}

KTEST(mm_struct, dup_mm_copies_private_and_shares_shared)
{
	const unsigned long S = A + 16 * PAGE_SIZE, N = A + 32 * PAGE_SIZE;
	struct mm_struct *parent = mm_alloc(), *child;
	struct vm_area *vma;
	int n = 0;

	ASSERT_NOT_NULL(parent);
	ASSERT_EQ(mmap_region(parent, A, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED), (long)A);
	ASSERT_EQ(mmap_region(parent, S, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED), (long)S);
	ASSERT_EQ(mmap_region(parent, N, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED), (long)N);
	*kview(parent, A) = 'p';
	*kview(parent, S) = 's';
	*kview(parent, N) = 'n';
	ASSERT_EQ(do_mprotect(parent, N, PAGE_SIZE, PROT_NONE), 0);

	child = dup_mm(parent);
	ASSERT_NOT_NULL(child);
	list_for_each_entry(vma, &child->vmas, node)
		n++;
	EXPECT_EQ(n, 3);
	/* Private: a copy in a frame of its own. */
	EXPECT_NE(user_page_frame(child->pgd, A), user_page_frame(parent->pgd, A));
	EXPECT_EQ(*kview(child, A), 'p');
	*kview(child, A) = 'c';
	EXPECT_EQ(*kview(parent, A), 'p');
	/* Shared: the same frame both ways. */
	EXPECT_EQ(user_page_frame(child->pgd, S), user_page_frame(parent->pgd, S));
	*kview(child, S) = 'S';
	EXPECT_EQ(*kview(parent, S), 'S');
	/* PROT_NONE: copied with its data and still inaccessible. */
	EXPECT_EQ(*kview(child, N), 'n');
	EXPECT_FALSE(user_lookup_pte(child->pgd, N) & PTE_P);

	/* The shared frame outlives the parent: the child's VMA still counts. */
	mmput(parent);
	EXPECT_EQ(*kview(child, S), 'S');
	mmput(child);
}
