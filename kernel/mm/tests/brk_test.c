/*
 * Self-tests of brk.c (suite brk): the break grows and shrinks by pages,
 * keeps the exact byte asked for, never goes below its start, stops a
 * page short of the next mapping, and a failure returns the old break.
 */
#include "ktest.h"
#include "errno.h"
#include "mm_syscalls.h"

#define START	0x1000000UL

KTEST(brk, grows_shrinks_and_fails_with_the_old_break)
{
	struct mm_struct *mm = mm_test_begin();

	ASSERT_NOT_NULL(mm);
	mm->start_brk = mm->brk = START;	/* as the ELF loader sets them */
	EXPECT_EQ(sys_brk(0), (long)START);
	EXPECT_EQ(peek(START), -1);		/* an empty heap */
	EXPECT_EQ(sys_brk(START + 100), (long)(START + 100));
	EXPECT_TRUE(poke(START + 99, 5));
	EXPECT_TRUE(poke(START + PAGE_SIZE - 1, 5));	/* the whole page is the program's */
	EXPECT_EQ(sys_brk(START + 3 * PAGE_SIZE + 1), (long)(START + 3 * PAGE_SIZE + 1));
	EXPECT_EQ(peek(START + 3 * PAGE_SIZE), 0);
	EXPECT_EQ(peek(START + 99), 5);
	EXPECT_EQ(sys_brk(START + 10), (long)(START + 10));	/* shrinks */
	EXPECT_EQ(peek(START + PAGE_SIZE), -1);
	EXPECT_EQ(peek(START + 99), 5);
	EXPECT_EQ(sys_brk(START - 1), (long)(START + 10));	/* below the start: no */
	EXPECT_EQ(sys_brk(-1UL), (long)(START + 10));		/* past everything: no */
	EXPECT_EQ(sys_brk(TASK_SIZE + PAGE_SIZE), (long)(START + 10));
	/* A mapping 16 pages up: the heap may come no closer than a page. */
	ASSERT_EQ(sys_mmap(START + 16 * PAGE_SIZE, PAGE_SIZE, RW, ANON_PRIVATE | MAP_FIXED, 0, 0),
		  (long)(START + 16 * PAGE_SIZE));
	EXPECT_EQ(sys_brk(START + 15 * PAGE_SIZE + 1), (long)(START + 10));
	EXPECT_EQ(sys_brk(START + 15 * PAGE_SIZE), (long)(START + 15 * PAGE_SIZE));
	EXPECT_EQ(sys_brk(START), (long)START);
	EXPECT_EQ(peek(START), -1);
	mm_test_end(mm);
}
