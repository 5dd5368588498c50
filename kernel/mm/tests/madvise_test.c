/*
 * Self-tests of madvise.c (suite madvise): MADV_DONTNEED zeroes private
 * anonymous memory and leaves shared memory alone; the advice Linux
 * accepts returns 0 and changes nothing; unknown advice, bad ranges and
 * advice that does not fit the mapping get Linux's errnos; a range with a
 * hole is advised where mapped and then answered -ENOMEM.
 */
#include "ktest.h"
#include "errno.h"
#include "mm_syscalls.h"

KTEST(madvise, dontneed_zeroes_private_anonymous_only)
{
	struct mm_struct *mm = mm_test_begin();
	long a, s;

	ASSERT_NOT_NULL(mm);
	a = sys_mmap(0, 2 * PAGE_SIZE, RW, ANON_PRIVATE, 0, 0);
	s = sys_mmap(0, PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS, 0, 0);
	ASSERT_GE(a, 0);
	ASSERT_GE(s, 0);
	EXPECT_TRUE(poke(a + 1, 1));
	EXPECT_TRUE(poke(a + PAGE_SIZE + 1, 2));
	EXPECT_TRUE(poke(s + 1, 3));
	EXPECT_EQ(sys_madvise(a + PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED), 0);
	EXPECT_EQ(peek(a + 1), 1);
	EXPECT_EQ(peek(a + PAGE_SIZE + 1), 0);
	EXPECT_EQ(sys_madvise(s, PAGE_SIZE, MADV_DONTNEED), 0);
	EXPECT_EQ(peek(s + 1), 3);
	/* Accepted advice changes nothing. */
	for (int adv = MADV_NORMAL; adv <= MADV_POPULATE_WRITE; adv++) {
		if (adv == MADV_DONTNEED || (adv >= 5 && adv <= 7) || adv == MADV_REMOVE ||
		    adv == MADV_MERGEABLE || adv == MADV_UNMERGEABLE || adv == MADV_HUGEPAGE ||
		    adv == MADV_NOHUGEPAGE)
			continue;
		EXPECT_EQ(sys_madvise(a, PAGE_SIZE, adv), 0);
	}
	EXPECT_EQ(peek(a + 1), 1);
	/* MADV_REMOVE punches a hole in shared writable memory. */
	EXPECT_EQ(sys_madvise(s, PAGE_SIZE, MADV_REMOVE), 0);
	EXPECT_EQ(peek(s + 1), 0);
	mm_test_end(mm);
}

KTEST(madvise, errnos)
{
	struct mm_struct *mm = mm_test_begin();
	long a, s, r;

	ASSERT_NOT_NULL(mm);
	a = sys_mmap(0, 3 * PAGE_SIZE, RW, ANON_PRIVATE, 0, 0);
	s = sys_mmap(0, PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS, 0, 0);
	r = sys_mmap(0, PAGE_SIZE, PROT_READ, ANON_PRIVATE, 0, 0);
	ASSERT_GE(a, 0);
	ASSERT_GE(s, 0);
	ASSERT_GE(r, 0);
	EXPECT_EQ(sys_madvise(a, PAGE_SIZE, 5), -EINVAL);		/* unknown */
	EXPECT_EQ(sys_madvise(a, PAGE_SIZE, 1000), -EINVAL);
	EXPECT_EQ(sys_madvise(a, PAGE_SIZE, MADV_MERGEABLE), -EINVAL);	/* no KSM */
	EXPECT_EQ(sys_madvise(a, PAGE_SIZE, MADV_HWPOISON), -EINVAL);
	EXPECT_EQ(sys_madvise(a + 1, PAGE_SIZE, MADV_NORMAL), -EINVAL);
	EXPECT_EQ(sys_madvise(a, -1UL, MADV_NORMAL), -EINVAL);		/* rounds to 0 */
	EXPECT_EQ(sys_madvise(a, 0, MADV_NORMAL), 0);
	EXPECT_EQ(sys_madvise(0x10000, PAGE_SIZE, MADV_NORMAL), -ENOMEM);	/* unmapped */
	EXPECT_EQ(sys_madvise(a, PAGE_SIZE, MADV_REMOVE), -EINVAL);	/* private */
	EXPECT_EQ(sys_madvise(s, PAGE_SIZE, MADV_FREE), -EINVAL);	/* shared */
	EXPECT_EQ(sys_madvise(s, PAGE_SIZE, MADV_WIPEONFORK), -EINVAL);
	EXPECT_EQ(sys_madvise(r, PAGE_SIZE, MADV_POPULATE_WRITE), -EFAULT);
	EXPECT_EQ(sys_madvise(r, PAGE_SIZE, MADV_POPULATE_READ), 0);
	/* A hole: the mapped pages are advised, then -ENOMEM. */
	EXPECT_EQ(sys_munmap(a + PAGE_SIZE, PAGE_SIZE), 0);
	EXPECT_TRUE(poke(a + 2 * PAGE_SIZE, 9));
	EXPECT_EQ(sys_madvise(a, 3 * PAGE_SIZE, MADV_DONTNEED), -ENOMEM);
	EXPECT_EQ(peek(a + 2 * PAGE_SIZE), 0);
	mm_test_end(mm);
}
