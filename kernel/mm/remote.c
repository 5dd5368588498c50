/*
 * Another address space's memory: access_remote_vm (Linux's, in
 * mm/memory.c).
 *
 * An io_uring worker runs a request for a process it is not part of: the
 * process may be running on another CPU at that moment.  ringlet never
 * loads one address space on two CPUs (there is no TLB shootdown: see
 * mmu_context.c), so the worker cannot simply switch to the process's
 * page tables.  Instead it reaches the process's frames through the
 * kernel's direct map: walk the page table for each page, check the
 * VMA's protection as a user access would be checked, copy.
 *
 * What keeps the frame there during the copy: mm->mmap_lock, held by
 * every call that unmaps or remaps (munmap, mmap over it, mprotect, brk,
 * madvise), so a frame found under the lock is not freed until the lock
 * is dropped; and the caller's mm_users reference, so exit_mmap cannot
 * run meanwhile.  The process may write the same bytes concurrently, as
 * another thread could on Linux: the copy sees some mix, nothing worse.
 */
#include "vm.h"
#include "mm.h"
#include "string.h"
#include <asm/pgtable.h>

#define PAGE_MASK	(~(PAGE_SIZE - 1UL))

/* The kernel's view of the byte at addr, if a user access of that kind may touch it. */
static void *remote_byte(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area *vma = find_vma(mm, addr);
	uint64_t pa;

	if (!vma || addr < vma->start || !(vma->prot & (write ? PROT_WRITE : PROT_READ)))
		return NULL;
	pa = user_page_frame(mm->pgd, addr & PAGE_MASK);
	return pa ? (char *)__va(pa) + (addr & ~PAGE_MASK) : NULL;
}

size_t access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, size_t len, bool write)
{
	size_t done = 0;

	mutex_lock(&mm->mmap_lock);
	while (done < len) {
		unsigned long at = addr + done;
		size_t n = min(len - done, PAGE_SIZE - (at & ~PAGE_MASK));
		char *p;

		if (at < addr || at >= TASK_SIZE)
			break;		/* wrapped, or not a user address */
		p = remote_byte(mm, at, write);
		if (!p)
			break;
		if (write)
			memcpy(p, (char *)buf + done, n);
		else
			memcpy((char *)buf + done, p, n);
		done += n;
	}
	mutex_unlock(&mm->mmap_lock);
	return done;
}
