/*
 * The read/write family of system calls: from a descriptor to a file's
 * operation (Linux's fs/read_write.c).  Only write so far.
 *
 * The descriptor is looked up in the calling task's table with a
 * reference of its own (fdget), so a close of the same descriptor by
 * another thread meanwhile cannot free the file under the write.  The
 * buffer is the program's pointer; the file's ->write copies from it with
 * copy_from_user under the task's USER_DS limit, so a bad one is -EFAULT
 * (or a short count), never a kernel fault.
 */
#include "syscalls.h"
#include "file.h"
#include "errno.h"
#include "task.h"

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	struct file *f;
	ssize_t ret;

	/* Above INT_MAX the descriptor is negative as an int: fdget finds nothing. */
	if (!current->files || fd > 0x7fffffff)
		return -EBADF;
	f = fdget(current->files, (int)fd);
	if (!f)
		return -EBADF;
	ret = vfs_write(f, buf, count, NULL);
	fput(f);
	return ret;
}
