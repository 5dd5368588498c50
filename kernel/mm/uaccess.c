/*
 * The checks behind copy_from_user/copy_to_user (see include/uaccess.h):
 * a page-table walk instead of Linux's fault fixups, because ringlet's
 * "users" are kernel threads and a failed check must not fault at all.
 */
#include "uaccess.h"
#include <asm/paging.h>
#include "mm.h"
#include "string.h"
#include "errno.h"
#include <asm/x86.h>

/* Bits 63..47 all equal: the only addresses x86_64 will translate. */
static bool canonical(unsigned long a)
{
	return (unsigned long)((long)(a << 16) >> 16) == a;
}

bool user_range_ok(const void __user *p, size_t len, bool write)
{
	unsigned long start = (unsigned long)p, last, va;

	if (len == 0)
		return true;
	if (start + len - 1 < start)
		return false;
	last = start + len - 1;
	if (!canonical(start) || !canonical(last))
		return false;
	/* Canonical at both ends but not in between: the range spans the hole. */
	if ((start >> 63) != (last >> 63))
		return false;
	for (va = ALIGN_DOWN(start, PAGE_SIZE); va <= last; va += PAGE_SIZE) {
		uint64_t pte = lookup_pte(va);

		if (!(pte & PTE_P) || (write && !(pte & PTE_W)))
			return false;
		if (va + PAGE_SIZE < va)
			break;
	}
	return true;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!user_range_ok(src, n, false))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n, true))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}
