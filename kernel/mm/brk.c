/*
 * brk(2): the program break, the end of the heap (Linux's sys_brk in
 * mm/mmap.c).
 *
 * The heap starts at mm->start_brk, the page after the program's highest
 * loaded segment (set by the ELF loader, no randomization), and grows up
 * page by page as private anonymous memory; mm->brk is the exact byte the
 * program asked for.  brk never returns -errno: it returns the break as
 * it is after the call, so a failure shows as the old break, which is how
 * C libraries detect it.  A heap may not grow to within a page of the
 * next mapping (Linux's guard), nor below start_brk.
 */
#include "vm.h"
#include "task.h"
#include "syscalls.h"

#define PAGE_ALIGN(x)	ALIGN_UP((unsigned long)(x), PAGE_SIZE)

/* Grows the heap's pages from oldbrk to newbrk (both page aligned); false if it cannot. */
static bool grow_heap(struct mm_struct *mm, unsigned long oldbrk, unsigned long newbrk)
{
	struct vm_area *next;

	if (newbrk < oldbrk || newbrk > TASK_SIZE)
		return false;
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->start)
		return false;
	return mmap_region(mm, oldbrk, newbrk - oldbrk, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) == (long)oldbrk;
}

/* brk(2) under mm->mmap_lock: moves the break to brk if it can, else leaves it. */
static void set_brk(struct mm_struct *mm, unsigned long brk)
{
	unsigned long newbrk, oldbrk;

	if (brk < mm->start_brk)
		return;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (!newbrk && brk)
		return;	/* rounding wrapped: far past TASK_SIZE */
	/* The same pages, fewer of them (munmap), or more: only then is the new break the break. */
	if (newbrk == oldbrk || (brk < mm->brk ? !do_munmap(mm, newbrk, oldbrk - newbrk) :
						 grow_heap(mm, oldbrk, newbrk)))
		mm->brk = brk;
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;

	if (!mm)
		return 0;
	mutex_lock(&mm->mmap_lock);
	set_brk(mm, brk);
	mutex_unlock(&mm->mmap_lock);
	return (long)mm->brk;
}
