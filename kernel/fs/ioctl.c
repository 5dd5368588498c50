/*
 * ioctl(2), as Linux's fs/ioctl.c: the requests every descriptor answers
 * are handled here (FIOCLEX and FIONCLEX set and clear close-on-exec,
 * FIONBIO sets or clears O_NONBLOCK from an int in user memory, FIOASYNC
 * is accepted only to turn async notification off, since there is none);
 * everything else goes to the file's ioctl operation, and a file without
 * one answers -ENOTTY, as a terminal-less file does in Linux.  O_PATH
 * descriptors are -EBADF.
 */
#include "internal.h"
#include "syscalls.h"
#include "errno.h"
#include "task.h"

static long fionbio(struct file *f, const int __user *argp)
{
	unsigned int flags;
	int on;

	if (copy_from_user(&on, argp, sizeof(on)))
		return -EFAULT;
	flags = READ_ONCE(f->f_flags);
	WRITE_ONCE(f->f_flags, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
	return 0;
}

static long fioasync(const int __user *argp)
{
	int on;

	if (copy_from_user(&on, argp, sizeof(on)))
		return -EFAULT;
	return on ? -ENOTTY : 0;	/* no file here has a fasync operation */
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget_fd(fd);
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		ret = fd_set_cloexec(current->files, (int)fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		ret = fionbio(f, (const int __user *)arg);
		break;
	case FIOASYNC:
		ret = fioasync((const int __user *)arg);
		break;
	default:
		ret = f->f_op->ioctl ? f->f_op->ioctl(f, cmd, arg) : -ENOTTY;
		break;
	}
	fput(f);
	return ret;
}
