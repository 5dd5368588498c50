/*
 * Address spaces: creating, sharing and ending them (kernel/mm/mm_struct.c),
 * the mapping calls behind mmap/munmap/mprotect (kernel/mm/mmap.c), frames
 * shared between address spaces (kernel/mm/shared_pages.c), and which
 * address space each CPU has loaded (kernel/mm/mmu_context.c).  The types
 * are in mm_types.h; docs/memory.md tells the whole story.
 *
 * Deliberate limits of this step: pages are populated (zeroed) when they
 * are mapped, not on first touch, and fork copies private pages at once
 * instead of sharing them copy-on-write.  Changes to one address space are
 * serialized by its caller: today an mm has one task (mmap_lock comes with
 * threads).
 */
#ifndef VM_H
#define VM_H

#include <stdbool.h>
#include "mm_types.h"
#include "percpu.h"
#include "uapi/mman.h"
#include "errno.h"

/*
 * A vm_area flag of the kernel's own, beside MAP_TYPE and MAP_ANONYMOUS:
 * the VMA maps a segment of the running program (the ELF loader's), so a
 * fault report can name the program as Linux's print_vma_addr does.
 */
#define VM_IMAGE	0x80000000u

/* User addresses: [MMAP_MIN_ADDR, TASK_SIZE), Linux's x86_64 values. */
#define TASK_SIZE	0x00007ffffffff000UL
#define MMAP_MIN_ADDR	0x10000UL	/* vm.mmap_min_addr of most distributions */
#define MMAP_BASE	(TASK_SIZE - (128UL << 20))	/* room for a stack below TASK_SIZE */

/* ---- mm_struct.c: lifetime ---- */

/*
 * A new, empty address space with mm_users = mm_count = 1, or NULL.  For
 * execve.  May sleep.
 */
struct mm_struct *mm_alloc(void);
/* One more user (clone(CLONE_VM), a kernel thread borrowing it); caller holds one. */
void mmget(struct mm_struct *mm);
/*
 * One more user unless the last one is gone (its pages are, or are
 * going): true if taken.  For a holder of mm_count only (mmgrab), such
 * as an io_uring request that must reach its submitter's memory from a
 * worker.  Any context.
 */
bool mmget_not_zero(struct mm_struct *mm);
/* Drops a user; the last one unmaps everything and frees every user frame and table. May sleep. */
void mmput(struct mm_struct *mm);
/* Keeps the struct and its PML4 (not its pages) alive.  Any context. */
void mmgrab(struct mm_struct *mm);
/* Drops an mmgrab; the last one frees struct and PML4.  Any context, irqs may be off. */
void mmdrop(struct mm_struct *mm);
/*
 * fork: a copy of oldmm (mm_users = 1): every VMA, private pages copied now
 * (no copy-on-write yet), shared ones mapped to the same frames.  Returns
 * NULL if memory ran out.  oldmm must not change meanwhile.  May sleep.
 */
struct mm_struct *dup_mm(struct mm_struct *oldmm);

/* ---- mmap.c: the mapping calls, errnos as Linux 6.1 ---- */

/*
 * mmap(MAP_ANONYMOUS): maps len bytes of zeroed memory, private or shared
 * (flags' MAP_TYPE), at addr with MAP_FIXED (replacing what was there),
 * else at the hint if free, else top-down below mm->mmap_base.  Returns the
 * address or -errno (EINVAL, ENOMEM, EPERM below MMAP_MIN_ADDR).
 */
long mmap_region(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int prot,
		 unsigned int flags);
/*
 * Where mmap would put len bytes (Linux's get_unmapped_area, then
 * MAP_FIXED_NOREPLACE's check), changing nothing: the address, or -errno
 * (EINVAL: len 0 or a MAP_FIXED address not page aligned; ENOMEM: no room
 * or past TASK_SIZE; EPERM: below MMAP_MIN_ADDR; EEXIST: MAP_FIXED_NOREPLACE
 * over a mapping).  mmap_region accepts MAP_FIXED_NOREPLACE the same way.
 */
long mmap_find_area(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int flags);
/*
 * A mapping of private zeroed pages at addr (page aligned; what is there is
 * replaced, as MAP_FIXED) that the caller then fills through the kernel's
 * view of the frames: the ELF loader's segments, mmap of a ramfs file.
 * The VMA records vma_flags' MAP_SHARED or MAP_PRIVATE as file-backed (no
 * MAP_ANONYMOUS), and mprotect may later grant no more than maxprot.
 * Returns addr or -errno as mmap_region.  May sleep.
 */
long mmap_region_filled(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int prot,
			unsigned int vma_flags, unsigned int maxprot);
/*
 * mmap of an object's frames (MAP_SHARED): maps pages [pgoff, pgoff + len/PAGE_SIZE)
 * of sp, as mmap_region places them.  The VMA takes its own reference on sp
 * and on file (NULL: none), so the file lives while it is mapped, as Linux's
 * vm_file: io_uring's rings.  Never executable: PROT_EXEC is -EPERM, and
 * mprotect cannot add it (-EACCES).  Returns the address or -errno (EINVAL
 * for MAP_PRIVATE or pages past sp's end).  May sleep.
 */
long mmap_shared_pages(struct mm_struct *mm, unsigned long addr, size_t len, unsigned int prot,
		       unsigned int flags, struct shared_pages *sp, size_t pgoff,
		       struct file *file);
/* munmap: unmaps [start, start + len), splitting VMAs.  0 or -EINVAL/-ENOMEM. */
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
/*
 * mprotect: changes the protection of [start, start + len), VMA by VMA, and
 * stops with -ENOMEM at the first hole, or -EACCES at a VMA whose maxprot
 * forbids it (earlier VMAs keep the change, as in Linux).  0 or
 * -EINVAL/-ENOMEM/-EACCES.
 */
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned int prot);
/* The first VMA that ends above addr, or NULL (the page-fault handler's lookup). */
struct vm_area *find_vma(struct mm_struct *mm, unsigned long addr);

/* ---- remote.c: another address space's memory ---- */

/*
 * Copies up to len bytes between buf (kernel memory) and addr in mm,
 * which need not be loaded anywhere (Linux's access_remote_vm): into mm
 * if write, else out of it.  Only what a user access could do: pages of
 * VMAs that allow it (PROT_WRITE to write, PROT_READ to read).  The
 * caller holds a user of mm (mmget or mmget_not_zero).  Returns the bytes
 * copied, less than len at the first page it may not touch.  Takes
 * mm->mmap_lock: may sleep.
 */
size_t access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, size_t len,
			bool write);

/* ---- shared_pages.c: frames shared between address spaces ---- */

/* nr zeroed frames with one reference, or NULL.  May sleep. */
struct shared_pages *shared_pages_alloc(size_t nr);
/*
 * As shared_pages_alloc, but the frames are physically contiguous, so the
 * kernel reaches them all through the direct map at __va(frames[0]), as
 * Linux's rings come from __get_free_pages.  NULL if no run of nr is free.
 */
struct shared_pages *shared_pages_alloc_contig(size_t nr);
void shared_pages_get(struct shared_pages *sp);
/* Drops a reference; the last one frees the frames.  May sleep. */
void shared_pages_put(struct shared_pages *sp);

/* ---- mmu_context.c: the address space each CPU has loaded ---- */

/* This CPU's loaded address space (one mm_count held), or NULL for the kernel's tables. */
DECLARE_PER_CPU(struct mm_struct *, active_mm);

/*
 * The scheduler's hook, with interrupts off and the run queue locked: loads
 * next (the next task's mm) unless it is NULL, in which case the CPU keeps
 * what it has (lazy TLB) or, for the idle task, returns to the kernel's
 * tables.  Never frees: the mm given up is dropped by finish_mm_switch().
 */
void switch_mm_irqs_off(struct mm_struct *next, bool to_idle);
/* After the run queue is unlocked: drops the mm this CPU gave up, if any. */
void finish_mm_switch(void);
/*
 * A kernel thread starts using mm at its user addresses (io_uring's SQPOLL
 * thread and workers, and execve's switch): sets current->mm and loads it.
 * Caller holds an mm_users reference until kthread_unuse_mm.  May sleep.
 */
void kthread_use_mm(struct mm_struct *mm);
/* Stops: current->mm = NULL; the CPU keeps mm loaded lazily. */
void kthread_unuse_mm(struct mm_struct *mm);
/*
 * WARNs if a CPU other than this one has mm loaded: then a change to its
 * tables would need a TLB shootdown (see mmu_context.c).  Every call that
 * changes an mm's tables makes this check first.
 */
void tlb_check_no_remote(struct mm_struct *mm);
/* After a change to va's PTE in mm: invalidates va here if mm is loaded here.  Never an IPI. */
void flush_tlb_mm_page(struct mm_struct *mm, unsigned long va);

#endif
