/*
 * The types of a process's address space: mm_struct, its VMAs, and the
 * shared frames that several address spaces can map (Linux's
 * include/linux/mm_types.h, much smaller).
 *
 * An address space is a PML4 whose lower half (entries 0..255, user
 * addresses 0 .. 2^47) is the process's own and whose upper half is a copy
 * of the kernel's entries.  The copy stays right because the kernel's
 * upper-half PML4 entries are all created at boot and never change (see
 * paging.c): kernel mappings added later go into tables every address
 * space already shares.
 *
 * Lifetime, as in Linux: mm_users counts the tasks using the address space
 * (its user pages live while it is above zero); mm_count counts the
 * references that keep the struct and its PML4 (every CPU that has it
 * loaded holds one, and all the users together hold one).
 */
#ifndef MM_TYPES_H
#define MM_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "atomic.h"
#include "mutex.h"

/*
 * Frames that several address spaces map: MAP_SHARED anonymous memory
 * (shared again by fork) and io_uring's ring memory mapped into its
 * processes.  Each mapping VMA holds a reference; the frames are freed with
 * the last one, so unmapping part of a shared mapping frees nothing (as
 * Linux's shmem object outlives a partial munmap).
 */
struct file;

struct shared_pages {
	atomic_t refcount;
	size_t nr_pages;
	uint64_t frames[];	/* physical addresses, one zeroed page each */
};

/* One mapping: [start, end) with one protection and one backing. */
struct vm_area {
	struct list_head node;		/* in mm->vmas, sorted by start */
	unsigned long start, end;	/* page aligned */
	unsigned int prot;		/* PROT_READ | PROT_WRITE | PROT_EXEC */
	unsigned int flags;		/* MAP_PRIVATE or MAP_SHARED; MAP_ANONYMOUS unless file-backed */
	unsigned int maxprot;		/* what mprotect may grant (Linux's VM_MAY*) */
	struct shared_pages *shared;	/* MAP_SHARED: its frames (one reference); else NULL */
	size_t pgoff;			/* MAP_SHARED: the page of shared mapped at start */
	struct file *file;		/* a file whose mmap made it (one reference), or NULL */
};

struct mm_struct {
	uint64_t *pgd;			/* the PML4 (direct-map address) */
	atomic_t mm_users;		/* tasks using it: user pages live while > 0 */
	atomic_t mm_count;		/* keeps struct and PML4: CPUs that load it, + 1 for all users */
	atomic_long_t cpumask;		/* CPUs that have it loaded (may hold its TLB entries) */
	struct list_head vmas;		/* struct vm_area, sorted, never overlapping */
	unsigned long mmap_base;	/* mmap without MAP_FIXED searches down from here */
	unsigned long start_brk, brk;	/* the heap: brk(2) moves brk, never below start_brk */
	char *exe_path;			/* the program's path (kmalloc'd, freed with the pages), or NULL */
	/*
	 * Held by every call that changes the VMAs or the page tables of a
	 * live address space (mmap, munmap, mprotect, brk, madvise) and by
	 * access_remote_vm, so a frame is never freed under a remote copy.
	 */
	struct mutex mmap_lock;
};

#endif
