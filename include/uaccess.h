/*
 * Copying to and from "user" memory.
 *
 * ringlet has no user space yet: the rings are driven by kernel threads
 * acting as applications.  Every pointer an application hands the ring
 * (the params of io_uring_setup, buffers, iovec arrays, timespecs, fd
 * arrays) still goes through these helpers, marked __user, so that the
 * entry points already have the shape of system calls and a garbage
 * pointer gets -EFAULT instead of a crash.
 *
 * What is checked: the range does not wrap, every byte of it is a
 * canonical address, and every page of it is mapped (and writable, for
 * copies to it) in the current page tables.  A mapped kernel address
 * passes: with one address space there is nothing to tell an
 * application's memory from the kernel's.  Page tables are never freed,
 * so the walk is safe against concurrent unmapping; a page unmapped
 * between the check and the copy (only kernel stacks are ever unmapped)
 * would still fault, which no caller does.
 */
#ifndef UACCESS_H
#define UACCESS_H

#include "compiler.h"

#define __user

/* True if [p, p+len) may be read (write false) or written (write true). */
bool user_range_ok(const void __user *p, size_t len, bool write);

/*
 * Copy n bytes.  Return 0, or -EFAULT (copying nothing) if the user range
 * fails user_range_ok.  Any context; never sleep.
 */
int copy_from_user(void *dst, const void __user *src, size_t n);
int copy_to_user(void __user *dst, const void *src, size_t n);

#endif
