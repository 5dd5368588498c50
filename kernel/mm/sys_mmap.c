/*
 * The memory system calls mmap, munmap and mprotect: the user-facing layer
 * over the mapping calls of mmap.c (Linux's ksys_mmap_pgoff and do_mmap,
 * mm/mmap.c, and the x86_64 sys_mmap).
 *
 * Arguments are checked in Linux 6.1's order, so a call that is wrong in
 * several ways fails with Linux's errno: the offset's alignment, the
 * descriptor, the length, the place (mmap_find_area), then what the file
 * allows.  Only then is anything mapped.
 *
 * Files.  ringlet has no page cache, so a file mapping is a copy: the
 * file's bytes are read into fresh private pages when the mapping is made.
 * For MAP_PRIVATE that is exactly Linux's view until the file changes;
 * MAP_SHARED is accepted only read-only and never writable later (its VMA's
 * maxprot has no PROT_WRITE, so mprotect says -EACCES), because writes
 * could not reach the file.  A writable MAP_SHARED mapping of a file is
 * -ENODEV, the errno Linux gives a file that cannot be mapped that way.
 * Only ramfs regular files can be mapped; pipes and devices are -ENODEV,
 * as Linux says for a file without an mmap operation.  Pages past the end
 * of the file read as zero (Linux raises SIGBUS on touching them).
 *
 * Flags Linux accepts and ringlet has nothing to do for: MAP_POPULATE
 * (every page is populated anyway), MAP_NORESERVE, MAP_NONBLOCK, MAP_STACK,
 * MAP_DENYWRITE, MAP_EXECUTABLE, MAP_LOCKED (pages never leave memory),
 * MAP_GROWSDOWN (the VMA is made; it does not grow), MAP_UNINITIALIZED.
 * MAP_HUGETLB is -ENOMEM, as Linux with no huge pages reserved.
 */
#include "vm.h"
#include "mm.h"
#include "file.h"
#include "task.h"
#include "errno.h"
#include "syscalls.h"
#include "uaccess.h"
#include "string.h"
#include <asm/pgtable.h>

#define PAGE_MASK	(~(PAGE_SIZE - 1UL))
#define PROT_ALL	(PROT_READ | PROT_WRITE | PROT_EXEC)

/* Copies up to len bytes of f from pos into the frames of [addr, addr + len); the rest stays zero. */
static int fill_from_file(struct mm_struct *mm, unsigned long addr, size_t len, struct file *f,
			  long long pos)
{
	mm_segment_t fs = get_fs();
	int ret = 0;

	set_fs(KERNEL_DS);	/* the destination is the kernel's view of the frames */
	for (size_t done = 0; done < len; done += PAGE_SIZE) {
		void *page = __va(user_page_frame(mm->pgd, addr + done));
		long long at = pos + (long long)done;
		ssize_t n = vfs_read(f, page, PAGE_SIZE, &at);

		if (n < 0) {
			ret = (int)n;
			break;
		}
		if (n < (ssize_t)PAGE_SIZE)
			break;	/* end of file: the rest is zero already */
	}
	set_fs(fs);
	return ret;
}

/*
 * What f lets this mapping be (the file half of Linux's do_mmap): 0 with
 * *maxprot set, or -errno.
 */
static int check_file_mapping(struct file *f, unsigned long prot, unsigned long flags,
			      unsigned int *maxprot)
{
	unsigned int acc = f->f_flags & O_ACCMODE;
	bool readable = acc == O_RDONLY || acc == O_RDWR,
	     writable = acc == O_WRONLY || acc == O_RDWR;

	*maxprot = PROT_ALL;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED_VALIDATE:
		if (flags & ~LEGACY_MAP_MASK)
			return -EOPNOTSUPP;
		break;
	case MAP_SHARED:
	case MAP_PRIVATE:
		break;
	default:
		return -EINVAL;
	}
	if ((flags & MAP_TYPE) != MAP_PRIVATE) {
		if ((prot & PROT_WRITE) && !writable)
			return -EACCES;
		*maxprot = PROT_READ | PROT_EXEC;	/* writes could not reach the file */
	}
	if (!readable)
		return -EACCES;
	if (!f->f_op->mmap && ramfs_size(f) < 0)
		return -ENODEV;		/* no mmap operation */
	if (flags & MAP_GROWSDOWN)
		return -EINVAL;
	if (f->f_op->mmap) {
		*maxprot = PROT_READ | PROT_WRITE;	/* the file's own pages, shared */
		return 0;
	}
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE))
		return -ENODEV;		/* ringlet's limit: no shared writable file pages */
	return 0;
}

/*
 * A file with its own mmap operation (an io_uring ring): map the frames it
 * names, shared, with the VMA holding a reference on the file.
 */
static long map_file_pages(struct mm_struct *mm, unsigned long addr, size_t len, unsigned long prot,
			   unsigned long flags, struct file *f, unsigned long pgoff)
{
	struct shared_pages *sp;
	size_t sp_pgoff;
	long ret = f->f_op->mmap(f, pgoff, len, &sp, &sp_pgoff);

	if (ret)
		return ret;
	ret = mmap_shared_pages(mm, addr, len, (unsigned int)prot,
				(unsigned int)((flags & MAP_TYPE) | MAP_FIXED), sp, sp_pgoff, f);
	shared_pages_put(sp);	/* the VMA holds its own */
	return ret;
}

static long map_file(struct mm_struct *mm, unsigned long addr, size_t len, unsigned long prot,
		     unsigned long flags, struct file *f, unsigned long pgoff)
{
	unsigned int maxprot;
	int err = check_file_mapping(f, prot, flags, &maxprot);
	long ret;

	if (err)
		return err;
	if (f->f_op->mmap)
		return map_file_pages(mm, addr, len, prot, flags, f, pgoff);
	ret = mmap_region_filled(mm, addr, len, (unsigned int)prot,
				 (flags & MAP_TYPE) == MAP_PRIVATE ? MAP_PRIVATE : MAP_SHARED,
				 maxprot);
	if (ret < 0)
		return ret;
	err = fill_from_file(mm, addr, ALIGN_UP(len, PAGE_SIZE), f, (long long)pgoff << PAGE_SHIFT);
	if (err) {
		do_munmap(mm, addr, len);
		return err;
	}
	return ret;
}

static long do_mmap_locked(struct mm_struct *mm, struct file *f, unsigned long addr,
			   unsigned long len, unsigned long prot, unsigned long flags,
			   unsigned long pgoff);

static long do_mmap(struct file *f, unsigned long addr, unsigned long len, unsigned long prot,
		    unsigned long flags, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	unsigned long pages;
	long where;

	if (!mm)
		return -ENOMEM;
	if (!len)
		return -EINVAL;
	pages = ALIGN_UP(len, PAGE_SIZE) >> PAGE_SHIFT;
	if (pages && pgoff + pages < pgoff)
		return -EOVERFLOW;
	mutex_lock(&mm->mmap_lock);
	where = do_mmap_locked(mm, f, addr, len, prot, flags, pgoff);
	mutex_unlock(&mm->mmap_lock);
	return where;
}

/* do_mmap's second half, the place and the mapping, under mm->mmap_lock. */
static long do_mmap_locked(struct mm_struct *mm, struct file *f, unsigned long addr,
			   unsigned long len, unsigned long prot, unsigned long flags,
			   unsigned long pgoff)
{
	long where = mmap_find_area(mm, addr, len, (unsigned int)flags);

	if (where < 0)
		return where;
	if (f)
		return map_file(mm, (unsigned long)where, len, prot, flags, f, pgoff);
	if ((flags & MAP_TYPE) == MAP_SHARED && (flags & MAP_GROWSDOWN))
		return -EINVAL;
	if ((flags & MAP_TYPE) != MAP_SHARED && (flags & MAP_TYPE) != MAP_PRIVATE)
		return -EINVAL;
	/* The place is chosen and checked: map exactly there. */
	return mmap_region(mm, (unsigned long)where, len, (unsigned int)prot,
			   (unsigned int)((flags & MAP_TYPE) | MAP_ANONYMOUS | MAP_FIXED));
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot, unsigned long,
		flags, unsigned long, fd, unsigned long, off)
{
	struct file *f = NULL;
	long ret;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = current->files ? fdget(current->files, (int)(unsigned int)fd) : NULL;
		if (!f)
			return -EBADF;
		if (flags & MAP_HUGETLB) {
			fput(f);
			return -EINVAL;
		}
	} else if (flags & MAP_HUGETLB) {
		return -ENOMEM;		/* no huge pages are reserved */
	}
	ret = do_mmap(f, addr, len, prot, flags, off >> PAGE_SHIFT);
	if (f)
		fput(f);
	return ret;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	struct mm_struct *mm = current->mm;
	int ret;

	if (!mm)
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	ret = do_munmap(mm, addr, len);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)
{
	struct mm_struct *mm = current->mm;
	int ret;

	if (!mm)
		return -ENOMEM;
	mutex_lock(&mm->mmap_lock);
	/* Bits above 31 are unknown prot bits too: 0x10 keeps them so (-EINVAL in its turn). */
	ret = do_mprotect(mm, start, len, (unsigned int)prot | (prot >> 32 ? 0x10 : 0));
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
