/*
 * copy_from_user and friends (contracts in include/uaccess.h).
 *
 * Each helper is the same two steps: access_ok against the task's limit,
 * then the arch loop (arch/x86_64/copy_user.S), which survives a fault
 * through the exception table and says how far it got.  Nothing here
 * looks at page tables: whether memory is mapped is the fault's business,
 * which also makes the helpers correct against a concurrent unmap, where
 * a check-then-copy would not be.
 */
#include "uaccess.h"
#include "string.h"
#include "errno.h"
#include <asm/copy_user.h>

unsigned long copy_from_user(void *dst, const void __user *src, size_t n)
{
	unsigned long left = n;

	if (access_ok(src, n))
		left = copy_user_generic(dst, src, n);
	/* Never hand the caller stale kernel bytes in place of user data. */
	if (unlikely(left))
		memset((char *)dst + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!access_ok(dst, n))
		return n;
	return copy_user_generic(dst, src, n);
}

unsigned long clear_user(void __user *dst, size_t n)
{
	if (!access_ok(dst, n))
		return n;
	return clear_user_generic(dst, n);
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long addr = (unsigned long)src, limit = get_fs().seg, max;
	long ret;

	if (count <= 0)
		return 0;
	if (addr >= limit)
		return -EFAULT;
	/* Read no further than the limit; a string that would cross it is a fault. */
	max = min((unsigned long)count, limit - addr);
	ret = strncpy_from_user_generic(dst, src, max);
	if (ret == (long)max && max < (unsigned long)count)
		return -EFAULT;
	return ret;
}
