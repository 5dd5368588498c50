/*
 * madvise(2): advice about a range of memory (Linux's mm/madvise.c).
 *
 * Most advice is about paging and ringlet keeps every page in memory, so
 * it is accepted and changes nothing.  What a program can observe is
 * done as Linux does it:
 *
 *   MADV_DONTNEED, MADV_DONTNEED_LOCKED  private anonymous pages read as
 *        zero afterwards (here they are zeroed in place).  Shared pages
 *        keep their contents (they live in their object, as Linux's shmem).
 *        Limit: a private file mapping keeps its pages as they are, where
 *        Linux would read the file again.
 *   MADV_REMOVE  shared writable anonymous pages are zeroed (the hole
 *        punched in the shmem object); -EINVAL on private anonymous
 *        memory, -EACCES if not shared and writable.
 *   MADV_FREE  only anonymous private memory (else -EINVAL); its pages
 *        may keep their contents, and here they do.
 *   MADV_WIPEONFORK  only private anonymous memory (else -EINVAL).
 *   MADV_POPULATE_READ/WRITE  -EFAULT where the access would fault.
 *
 * Advice values that Linux knows only with KSM, transparent huge pages or
 * memory-failure handling configured are -EINVAL, as on such a kernel;
 * so is any value Linux does not know.  The range checks and the -ENOMEM
 * for a range with unmapped parts (given after advising the mapped
 * parts) follow Linux 6.1's do_madvise.
 */
#include "vm.h"
#include "mm.h"
#include "task.h"
#include "string.h"
#include "syscalls.h"
#include <asm/pgtable.h>

#define PAGE_ALIGN(x)	ALIGN_UP((unsigned long)(x), PAGE_SIZE)

static bool advice_valid(int advice)
{
	switch (advice) {
	case MADV_DOFORK:
	case MADV_DONTFORK:
	case MADV_NORMAL:
	case MADV_SEQUENTIAL:
	case MADV_RANDOM:
	case MADV_REMOVE:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
	case MADV_FREE:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
		return true;
	default:
		return false;
	}
}

static void zero_pages(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE)
		memset(__va(user_page_frame(mm->pgd, va)), 0, PAGE_SIZE);
}

/* Advice for [start, end), all inside vma: 0 or -errno. */
static int advise_vma(struct mm_struct *mm, struct vm_area *vma, unsigned long start,
		      unsigned long end, int advice)
{
	bool anon = vma->flags & MAP_ANONYMOUS, shared = (vma->flags & MAP_TYPE) == MAP_SHARED;

	switch (advice) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
		if (anon && !shared)
			zero_pages(mm, start, end);
		return 0;
	case MADV_REMOVE:
		if (!shared)
			return -EINVAL;		/* no file (shmem) behind private memory */
		if (!(vma->prot & PROT_WRITE))
			return -EACCES;
		if (anon)
			zero_pages(mm, start, end);
		return 0;
	case MADV_FREE:
	case MADV_WIPEONFORK:
		return anon && !shared ? 0 : -EINVAL;
	case MADV_POPULATE_READ:
		return vma->prot & PROT_READ ? 0 : -EFAULT;
	case MADV_POPULATE_WRITE:
		return vma->prot & PROT_WRITE ? 0 : -EFAULT;
	default:
		return 0;
	}
}

/* madvise(2) on the checked range [start, end), under mm->mmap_lock. */
static int madvise_range(struct mm_struct *mm, unsigned long start, unsigned long end, int advice)
{
	int unmapped = 0;

	while (start < end) {
		struct vm_area *vma = find_vma(mm, start);
		unsigned long stop;
		int err;

		if (!vma || vma->start >= end)
			return -ENOMEM;
		if (start < vma->start) {
			unmapped = -ENOMEM;	/* a hole: the rest is still advised */
			start = vma->start;
		}
		stop = min(vma->end, end);
		err = advise_vma(mm, vma, start, stop, advice);
		if (err)
			return err;
		start = stop;
	}
	return unmapped;
}

SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, advice)
{
	struct mm_struct *mm = current->mm;
	unsigned long len, end;
	int ret;

	if (!advice_valid(advice))
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;		/* rounded up from a huge length to zero */
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (!mm)
		return -ENOMEM;
	mutex_lock(&mm->mmap_lock);
	ret = madvise_range(mm, start, end, advice);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
