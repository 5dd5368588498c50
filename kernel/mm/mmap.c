/*
 * VMAs and the mapping calls: what mmap, munmap and mprotect will do
 * (Linux's mm/mmap.c and mm/mprotect.c, with a sorted list for the maple
 * tree).
 *
 * An address space is a list of VMAs sorted by address, never overlapping:
 * each is [start, end) with one protection and one backing (private
 * anonymous memory, or pages of a struct shared_pages).  The page tables
 * follow the list exactly: every page of every VMA is mapped, from the
 * moment the VMA exists.  Populating at mmap time (zeroed frames) is a
 * deliberate limit of this step; with demand paging a VMA will promise
 * pages that its first touch brings in.
 *
 * Adjacent VMAs with equal attributes are not merged, so munmap and
 * mprotect can leave more VMAs than Linux's /proc/PID/maps would show;
 * what is mapped, and how, is the same.
 *
 * Every call checks its arguments first, in Linux 6.1's order, so a bad
 * call fails with Linux's errno and changes nothing.  Unmapping a frame
 * follows the rule of every TLB: clear the PTE, flush, only then free the
 * frame.  Every call that changes the tables first checks that no other
 * CPU has the mm loaded (tlb_check_no_remote: see mmu_context.c).
 */
#include "vm.h"
#include "internal.h"
#include "mm.h"
#include "slab.h"
#include "string.h"
#include "errno.h"
#include "panic.h"
#include "file.h"
#include <asm/pgtable.h>
#include <asm/x86.h>

#define PAGE_MASK	(~(PAGE_SIZE - 1UL))
#define PAGE_ALIGN(x)	ALIGN_UP((unsigned long)(x), PAGE_SIZE)	/* 0 if it wraps */

struct vm_area *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area *vma;

	list_for_each_entry(vma, &mm->vmas, node)
		if (vma->end > addr)
			return vma;
	return NULL;
}

static struct vm_area *next_vma(struct mm_struct *mm, struct vm_area *vma)
{
	return vma->node.next == &mm->vmas ? NULL :
					     list_entry(vma->node.next, struct vm_area, node);
}

/* Inserts vma in address order; its range must be free. */
static void vma_link(struct mm_struct *mm, struct vm_area *vma)
{
	struct vm_area *next;

	list_for_each_entry(next, &mm->vmas, node)
		if (next->start >= vma->end)
			break;
	list_add_tail(&vma->node, &next->node);	/* before next, or last */
}

/* A VMA's references: its frames' object and its file.  Never sleeps. */
static void vma_get_backing(struct vm_area *vma)
{
	if (vma->shared)
		shared_pages_get(vma->shared);
	if (vma->file)
		get_file(vma->file);
}

static void vma_free(struct vm_area *vma)
{
	if (vma->shared)
		shared_pages_put(vma->shared);
	if (vma->file)
		fput(vma->file);	/* may be the last: a ring's teardown starts here */
	kfree(vma);
}

/* Cuts vma in two at addr (if addr is inside it); the upper part follows it in the list. */
static int split_vma(struct vm_area *vma, unsigned long addr)
{
	struct vm_area *upper;

	if (addr <= vma->start || addr >= vma->end)
		return 0;
	upper = kmalloc(sizeof(*upper));
	if (!upper)
		return -ENOMEM;
	*upper = *vma;
	upper->start = addr;
	if (upper->shared)
		upper->pgoff += (addr - vma->start) >> PAGE_SHIFT;
	vma_get_backing(upper);
	vma->end = addr;
	list_add(&upper->node, &vma->node);
	return 0;
}

/*
 * Maps every page of vma: shared ones to its object's frames, private ones
 * to new frames, zeroed or (fork) copied from the same address in src.
 */
static int populate(struct mm_struct *mm, struct vm_area *vma, struct mm_struct *src)
{
	for (unsigned long va = vma->start; va < vma->end; va += PAGE_SIZE) {
		void *page = NULL;
		uint64_t pa;

		if (vma->shared) {
			pa = vma->shared->frames[vma->pgoff + ((va - vma->start) >> PAGE_SHIFT)];
		} else {
			page = src ? alloc_page() : get_zeroed_page();
			if (!page)
				return -ENOMEM;
			if (src)
				memcpy(page, __va(user_page_frame(src->pgd, va)), PAGE_SIZE);
			pa = __pa(page);
		}
		if (user_map_page(mm->pgd, va, pa, vma->prot)) {
			if (page)
				free_page(page);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Unmaps vma's pages in [start, end); private frames are freed, shared ones stay with their object. */
static void unmap_pages(struct mm_struct *mm, struct vm_area *vma, unsigned long start,
			unsigned long end)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		uint64_t pa = user_unmap_page(mm->pgd, va);

		if (!pa)
			continue;	/* a fork or mmap that ran out of memory midway */
		flush_tlb_mm_page(mm, va);
		if (!vma->shared)
			free_page(__va(pa));
	}
}

/* Removes every mapping in [start, end).  0, or -ENOMEM if a VMA could not be split. */
static int unmap_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area *vma = find_vma(mm, start), *last, *next;

	if (!vma || vma->start >= end)
		return 0;
	/*
	 * Split first: it is the only step that can fail.  A failure on the
	 * second split leaves the first one, harmless: two VMAs that map as
	 * one did.
	 */
	if (split_vma(vma, start))
		return -ENOMEM;
	last = find_vma(mm, end - 1);
	if (last && split_vma(last, end))
		return -ENOMEM;
	list_for_each_entry_safe(vma, next, &mm->vmas, node) {
		if (vma->end <= start)
			continue;
		if (vma->start >= end)
			break;
		unmap_pages(mm, vma, vma->start, vma->end);
		list_del_init(&vma->node);
		vma_free(vma);
	}
	return 0;
}

static bool range_free(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area *vma = find_vma(mm, start);

	return !vma || vma->start >= end;
}

/*
 * The highest free range of len bytes in [lo, hi), or -ENOMEM: below
 * mm->mmap_base, or for MAP_32BIT in Linux's [1 GiB, 2 GiB).
 */
static long search_top_down(struct mm_struct *mm, size_t len, unsigned long lo, unsigned long hi)
{
	struct vm_area *vma;

	list_for_each_entry_reverse(vma, &mm->vmas, node) {
		if (vma->start >= hi)
			continue;
		if (vma->end <= lo)
			break;
		if (vma->end <= hi && hi - vma->end >= len)
			return (long)(hi - len);
		hi = vma->start;
	}
	return hi >= lo && hi - lo >= len ? (long)(hi - len) : -ENOMEM;
}

/* Linux's get_unmapped_area: where a mapping of len (page aligned, > 0) goes. */
static long get_unmapped_area(struct mm_struct *mm, unsigned long addr, size_t len,
			      unsigned int flags)
{
	if (len > TASK_SIZE - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (!(flags & MAP_FIXED)) {
		long found;

		if (addr && addr < MMAP_MIN_ADDR)
			addr = MMAP_MIN_ADDR;	/* round_hint_to_min */
		addr = PAGE_ALIGN(addr);
		if (!addr || addr > TASK_SIZE - len || !range_free(mm, addr, addr + len)) {
			if (flags & MAP_32BIT)
				found = search_top_down(mm, len, 0x40000000UL, 0x80000000UL);
			else
				found = search_top_down(mm, len, MMAP_MIN_ADDR, mm->mmap_base);
			if (found < 0)
				return found;
			addr = (unsigned long)found;
		}
	}
	if (addr > TASK_SIZE - len)
		return -ENOMEM;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (addr < MMAP_MIN_ADDR)
		return -EPERM;	/* security_mmap_addr */
	return (long)addr;
}

/*
 * Makes the VMA [addr, addr + len) and maps its pages; sp and file (either
 * may be NULL) gain a reference.  flags: how to place it (MAP_FIXED
 * replaces); vma_flags: what the VMA is.
 */
static long map_new_vma(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int prot,
			unsigned int flags, unsigned int vma_flags, unsigned int maxprot,
			struct shared_pages *sp, size_t pgoff, struct file *file)
{
	struct vm_area *vma = kzalloc(sizeof(*vma));

	if (!vma)
		return -ENOMEM;
	tlb_check_no_remote(mm);
	/* MAP_FIXED replaces what was there: gone even if what follows fails, as in Linux. */
	if ((flags & MAP_FIXED) && unmap_range(mm, addr, addr + len)) {
		kfree(vma);
		return -ENOMEM;
	}
	vma->start = addr;
	vma->end = addr + len;
	vma->prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
	vma->flags = vma_flags & (MAP_TYPE | MAP_ANONYMOUS | VM_IMAGE);
	vma->maxprot = maxprot;
	vma->shared = sp;
	vma->pgoff = pgoff;
	vma->file = file;
	vma_get_backing(vma);
	vma_link(mm, vma);
	if (populate(mm, vma, NULL)) {
		unmap_range(mm, vma->start, vma->end);	/* no split needed: cannot fail */
		return -ENOMEM;
	}
	return (long)addr;
}

/* Rounds *len up to pages: -EINVAL for 0, -ENOMEM if rounding wraps (Linux's mmap order). */
static long mmap_page_len(size_t *len)
{
	if (!*len)
		return -EINVAL;
	*len = PAGE_ALIGN(*len);
	return *len ? 0 : -ENOMEM;
}

#define PROT_ALL	(PROT_READ | PROT_WRITE | PROT_EXEC)

long mmap_find_area(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int flags)
{
	long ret = mmap_page_len(&len);

	if (ret)
		return ret;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	ret = get_unmapped_area(mm, addr, len, flags);
	if (ret < 0)
		return ret;
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    !range_free(mm, (unsigned long)ret, (unsigned long)ret + len))
		return -EEXIST;
	return ret;
}

long mmap_region(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int prot,
		 unsigned int flags)
{
	struct shared_pages *sp;
	unsigned int vma_flags = flags & (MAP_TYPE | MAP_ANONYMOUS);
	long ret = mmap_find_area(mm, addr, len, flags);

	if (ret < 0)
		return ret;
	len = PAGE_ALIGN(len);
	flags |= MAP_FIXED;	/* the range is chosen; NOREPLACE was checked */
	switch (flags & MAP_TYPE) {
	case MAP_PRIVATE:
		return map_new_vma(mm, ret, len, prot, flags, vma_flags, PROT_ALL, NULL, 0, NULL);
	case MAP_SHARED:
		sp = shared_pages_alloc(len >> PAGE_SHIFT);
		if (!sp)
			return -ENOMEM;
		ret = map_new_vma(mm, ret, len, prot, flags, vma_flags, PROT_ALL, sp, 0, NULL);
		shared_pages_put(sp);	/* the VMA holds its own */
		return ret;
	default:
		return -EINVAL;
	}
}

long mmap_region_filled(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int prot,
			unsigned int vma_flags, unsigned int maxprot)
{
	long ret = mmap_find_area(mm, addr, len, MAP_FIXED);

	if (ret < 0)
		return ret;
	return map_new_vma(mm, ret, PAGE_ALIGN(len), prot, MAP_FIXED, vma_flags & ~MAP_ANONYMOUS,
			   maxprot, NULL, 0, NULL);
}

long mmap_shared_pages(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int prot,
		       unsigned int flags, struct shared_pages *sp, size_t pgoff, struct file *file)
{
	long ret = mmap_page_len(&len);

	if (ret)
		return ret;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	ret = get_unmapped_area(mm, addr, len, flags);
	if (ret < 0)
		return ret;
	/* Private copies of an object's pages would need copy-on-write. */
	if ((flags & MAP_TYPE) != MAP_SHARED)
		return -EINVAL;
	/* Shared objects hold data the kernel writes, never code: as a noexec mount. */
	if (prot & PROT_EXEC)
		return -EPERM;
	/* Past the object's end: io_uring's mmap says -EINVAL too. */
	if (pgoff + (len >> PAGE_SHIFT) > sp->nr_pages)
		return -EINVAL;
	return map_new_vma(mm, ret, len, prot, flags, flags, PROT_READ | PROT_WRITE, sp, pgoff,
			   file);
}

int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	tlb_check_no_remote(mm);
	return unmap_range(mm, start, start + len);
}

static void change_protection(struct mm_struct *mm, struct vm_area *vma, unsigned int prot)
{
	vma->prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
	for (unsigned long va = vma->start; va < vma->end; va += PAGE_SIZE) {
		user_protect_page(mm->pgd, va, vma->prot);
		flush_tlb_mm_page(mm, va);
	}
}

int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned int prot)
{
	unsigned int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	unsigned long end, nstart;
	struct vm_area *vma;

	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	prot &= ~grows;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;		/* arch_validate_prot */
	vma = find_vma(mm, start);
	if (!vma)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN)	/* no VMA grows down: even execve's stack is fixed */
		return vma->start >= end ? -ENOMEM : -EINVAL;
	if (vma->start > start)
		return -ENOMEM;
	if (grows)
		return -EINVAL;		/* no VMA grows up on x86 */
	tlb_check_no_remote(mm);
	for (nstart = start;;) {
		/* A read-only shared file mapping may not become writable (Linux's VM_MAYWRITE). */
		if (prot & PROT_ALL & ~vma->maxprot)
			return -EACCES;
		if (split_vma(vma, nstart))
			return -ENOMEM;
		if (vma->start < nstart)
			vma = next_vma(mm, vma);
		if (split_vma(vma, min(vma->end, end)))
			return -ENOMEM;
		change_protection(mm, vma, prot);
		nstart = vma->end;
		if (nstart >= end)
			return 0;
		vma = next_vma(mm, vma);
		if (!vma || vma->start != nstart)
			return -ENOMEM;	/* a hole: what came before keeps its change */
	}
}

void exit_mmap(struct mm_struct *mm)
{
	struct vm_area *vma, *next;

	tlb_check_no_remote(mm);
	list_for_each_entry_safe(vma, next, &mm->vmas, node) {
		unmap_pages(mm, vma, vma->start, vma->end);
		list_del_init(&vma->node);
		vma_free(vma);
	}
	user_free_page_tables(mm->pgd);	/* safe against preemption: see pgtable.c */
	kfree(mm->exe_path);
	mm->exe_path = NULL;
}

static char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = kmalloc(n);

	if (copy)
		memcpy(copy, s, n);
	return copy;
}

int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area *old;

	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	if (oldmm->exe_path) {
		mm->exe_path = kstrdup(oldmm->exe_path);
		if (!mm->exe_path)
			return -ENOMEM;
	}
	list_for_each_entry(old, &oldmm->vmas, node) {
		struct vm_area *vma = kmalloc(sizeof(*vma));

		if (!vma)
			return -ENOMEM;
		*vma = *old;
		vma_get_backing(vma);
		list_add_tail(&vma->node, &mm->vmas);	/* oldmm's order is address order */
		if (populate(mm, vma, oldmm))
			return -ENOMEM;
	}
	return 0;
}
