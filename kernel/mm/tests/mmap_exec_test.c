/*
 * Self-tests of what mmap.c keeps for execve (suite mmap_exec): a fork's
 * copy (dup_mm) has its own copy of the program's path and the same
 * break, a file-backed VMA keeps its maxprot (a read-only shared file
 * mapping stays unwritable in the child), and the last mmput frees the
 * path (the leak check).
 */
#include "ktest.h"
#include "slab.h"
#include "string.h"
#include "errno.h"
#include "vm.h"
#include <asm/boot_defs.h>

KTEST(mmap_exec, fork_copies_path_break_and_maxprot)
{
	struct mm_struct *mm = mm_alloc(), *child;
	unsigned long at = 0x30000000;

	ASSERT_NOT_NULL(mm);
	mm->exe_path = kmalloc(sizeof("/bin/prog"));
	ASSERT_NOT_NULL(mm->exe_path);
	memcpy(mm->exe_path, "/bin/prog", sizeof("/bin/prog"));
	mm->start_brk = 0x1000000;
	mm->brk = 0x1000123;
	ASSERT_EQ(mmap_region_filled(mm, at, PAGE_SIZE, PROT_READ, MAP_SHARED,
				     PROT_READ | PROT_EXEC),
		  (long)at);
	EXPECT_EQ(do_mprotect(mm, at, PAGE_SIZE, PROT_READ | PROT_WRITE), -EACCES);
	child = dup_mm(mm);
	ASSERT_NOT_NULL(child);
	EXPECT_STREQ(child->exe_path, "/bin/prog");
	EXPECT_TRUE(child->exe_path != mm->exe_path);
	EXPECT_EQ(child->start_brk, 0x1000000);
	EXPECT_EQ(child->brk, 0x1000123);
	EXPECT_EQ(do_mprotect(child, at, PAGE_SIZE, PROT_READ | PROT_WRITE), -EACCES);
	EXPECT_EQ(do_mprotect(child, at, PAGE_SIZE, PROT_READ | PROT_EXEC), 0);
	EXPECT_EQ(find_vma(child, at)->flags & MAP_ANONYMOUS, 0);	/* still file-backed */
	mmput(child);
	mmput(mm);
}
