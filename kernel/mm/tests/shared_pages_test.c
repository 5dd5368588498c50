/*
 * Self-tests of shared_pages.c (suite shared_pages): one set of frames
 * mapped into two address spaces, as io_uring's rings will be, is the same
 * memory in both and lives until its last reference, whether that is a
 * mapping or the creator's; a partial munmap frees none of it.
 */
#include "ktest.h"
#include "vm.h"
#include "mm.h"
#include <asm/pgtable.h>

#define R1	0x500000UL
#define R2	0x900000UL

static unsigned char *kview(struct mm_struct *mm, unsigned long va)
{
	uint64_t pa = user_page_frame(mm->pgd, va & ~(PAGE_SIZE - 1UL));

	return pa ? (unsigned char *)__va(pa) + (va & (PAGE_SIZE - 1)) : NULL;
}

KTEST(shared_pages, two_address_spaces_share_frames)
{
	struct shared_pages *sp = shared_pages_alloc(2);
	struct mm_struct *a = mm_alloc(), *b = mm_alloc();
	unsigned char *ring;

	ASSERT_NOT_NULL(sp);
	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	ring = __va(sp->frames[1]);	/* the kernel's side, as io_uring writes a CQE */
	ASSERT_EQ(mmap_shared_pages(a, R1, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_FIXED, sp, 0, NULL),
		  (long)R1);
	/* b maps only the second page, at another address. */
	ASSERT_EQ(mmap_shared_pages(b, R2, PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED, sp, 1,
				    NULL),
		  (long)R2);
	shared_pages_put(sp);	/* the creator lets go: the mappings keep it */
	ring[0] = 42;
	EXPECT_EQ(*kview(a, R1 + PAGE_SIZE), 42);
	EXPECT_EQ(*kview(b, R2), 42);
	*kview(a, R1 + PAGE_SIZE) = 43;
	EXPECT_EQ(*kview(b, R2), 43);

	/* A partial munmap splits the VMA; both halves keep the frames. */
	ASSERT_EQ(do_munmap(a, R1, PAGE_SIZE), 0);
	EXPECT_EQ(find_vma(a, R1)->pgoff, 1);
	mmput(a);
	EXPECT_EQ(*kview(b, R2), 43);	/* b's mapping alone keeps the frames */
	mmput(b);
}
