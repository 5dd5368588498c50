/*
 * Reading and writing user memory, the way Linux does it.
 *
 * Every pointer an application hands the kernel (io_uring_setup's params,
 * read and write buffers, iovec arrays, timespecs, fd arrays) is marked
 * __user and is only ever touched through the helpers below.  Two layers
 * keep a bad pointer from hurting the kernel:
 *
 *  1. access_ok(p, n): the range does not wrap and lies below the calling
 *     task's address limit.  That is all it checks: not whether anything
 *     is mapped there.  It stops an application from naming kernel memory.
 *  2. The copy itself may fault (unmapped, read-only, non-canonical).  The
 *     faulting instruction is in the exception table (<asm/extable.h>), so
 *     the fault handler resumes the copy routine at its fixup, and the
 *     helper reports how much it did.  No oops, and no bytes beyond what
 *     was really copied are claimed.
 *
 * With SMAP on, the kernel faults on any access to a user page outside
 * these helpers; see <asm/smap.h>.
 *
 * The address limit (get_fs/set_fs, as Linux up to 5.9).  Each task has
 * one.  USER_DS is the user half, [0, TASK_SIZE_MAX): what a process will
 * get.  KERNEL_DS is the whole address space: what kernel threads have.
 * Every ringlet task is a kernel thread today, and the in-kernel ring
 * tests act as applications passing kernel pointers, so they run under
 * KERNEL_DS and a bad pointer is caught by the fault fixup alone.  Linux
 * removed set_fs in 5.10, once its last in-kernel users were converted to
 * kernel-pointer APIs; ringlet keeps it on purpose, so that its tests can
 * keep driving the real system-call paths from kernel threads.  A new
 * task starts with KERNEL_DS (kthread_create); a task whose limit is 0
 * (one nobody set up) can access nothing: the check fails closed.
 *
 * ringlet name         Linux name
 * access_ok            access_ok
 * get_fs/set_fs        get_fs/set_fs (<= 5.9), mm_segment_t, USER_DS, KERNEL_DS
 * copy_user_generic    copy_user_generic / rep_movs_alternative
 * __ex_table           __ex_table (Linux: relative entries plus a handler type)
 * fixup_exception      fixup_exception
 */
#ifndef UACCESS_H
#define UACCESS_H

#include "compiler.h"
#include "task.h"
#include <asm/boot_defs.h>

#define __user

typedef struct {
	unsigned long seg;	/* the first address a user access may not touch */
} mm_segment_t;

#define MAKE_MM_SEG(s)	((mm_segment_t){ (s) })
#define KERNEL_DS	MAKE_MM_SEG(~0UL)
#define USER_DS		MAKE_MM_SEG(TASK_SIZE_MAX)

/* The current task's address limit. */
static inline mm_segment_t get_fs(void)
{
	mm_segment_t fs;

	fs.seg = current->addr_limit;
	return fs;
}

/*
 * Sets the current task's address limit; affects only its own later
 * accesses.  A caller that narrows it restores the old value before
 * returning (or exits: a new task never inherits it).
 */
static inline void set_fs(mm_segment_t fs)
{
	current->addr_limit = fs.seg;
}

/*
 * True if [p, p+n) does not wrap and lies below the current limit.  Says
 * nothing about what is mapped there.  Any context.
 */
static inline bool access_ok(const void __user *p, size_t n)
{
	unsigned long addr = (unsigned long)p, limit = current->addr_limit;

	return n <= limit && addr <= limit - n;
}

/*
 * Copy n bytes between user memory and the kernel.  Return the number of
 * bytes NOT copied: 0 on success, n if access_ok fails, something between
 * if a fault stopped the copy part way.  copy_from_user zero-fills the
 * uncopied tail of dst, so the caller never sees stale kernel memory.
 * Any context; never sleep, never oops on a bad user pointer.
 */
unsigned long copy_from_user(void *dst, const void __user *src, size_t n);
unsigned long copy_to_user(void __user *dst, const void *src, size_t n);

/*
 * Zero n bytes of user memory.  Returns the number NOT zeroed, as above.
 */
unsigned long clear_user(void __user *dst, size_t n);

/*
 * Copy a NUL-terminated string of at most count bytes.  Returns its length
 * (dst then holds it and its NUL), count if no NUL came within count bytes
 * (dst is then not terminated), or -EFAULT if the string runs into memory
 * that is not accessible or above the limit.  As Linux, only the bytes up
 * to the NUL need to be valid.  Any context; never sleeps.
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

#endif
