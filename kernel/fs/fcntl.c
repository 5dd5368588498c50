/*
 * Descriptor duplication and flags: dup(2), dup2(2), dup3(2), fcntl(2)
 * (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL), as
 * Linux's fs/fcntl.c and fs/file.c.
 *
 * A duplicate is another slot of the table pointing at the same struct
 * file (one more reference), so it shares the position and the status
 * flags; only the close-on-exec flag is per descriptor (file.c).  The
 * status flags F_SETFL may change are O_APPEND and O_NONBLOCK (plus
 * O_NOATIME, meaningless here); O_DIRECT is -EINVAL because no file here
 * can do direct I/O, as Linux says for a file system without it.  O_PATH
 * descriptors allow only the dup commands, F_GETFD/F_SETFD and F_GETFL
 * (-EBADF for the rest).  Other commands are -EINVAL: locks, owners,
 * leases, notifications and seals are not implemented.
 */
#include "internal.h"
#include "syscalls.h"
#include "errno.h"
#include "task.h"

#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME)

static int dupfd(struct file *f, unsigned long from, bool cloexec)
{
	struct files_struct *files = current->files;
	int fd;

	if (from >= files_max_fds(files))
		return -EINVAL;
	fd = fd_install_from(files, get_file(f), (unsigned int)from, cloexec);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE1(dup, unsigned int, fildes)
{
	struct file *f = fget_raw_fd(fildes);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_install_from(current->files, f, 0, false);	/* the table takes our reference */
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	struct file *f;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (!current->files || newfd >= files_max_fds(current->files))
		return -EBADF;
	f = fget_raw_fd(oldfd);
	if (!f)
		return -EBADF;
	return fd_replace(current->files, (int)newfd, f, flags & O_CLOEXEC);
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget_raw_fd(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return sys_dup3(oldfd, newfd, 0);
}

static long setfl(struct file *f, unsigned long arg)
{
	unsigned int flags;

	if (arg & O_DIRECT)
		return -EINVAL;
	flags = (f->f_flags & ~SETFL_MASK) | ((unsigned int)arg & SETFL_MASK);
	WRITE_ONCE(f->f_flags, flags);
	return 0;
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget_raw_fd(fd);
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		/* Linux takes the argument as an unsigned int: -1 is 4294967295, -EINVAL. */
		ret = dupfd(f, (unsigned int)arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		ret = fd_get_cloexec(current->files, (int)fd);
		break;
	case F_SETFD:
		ret = fd_set_cloexec(current->files, (int)fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = READ_ONCE(f->f_flags);
		break;
	case F_SETFL:
		ret = (f->f_flags & O_PATH) ? -EBADF : setfl(f, arg);
		break;
	default:
		ret = (f->f_flags & O_PATH) ? -EBADF : -EINVAL;
		break;
	}
	fput(f);
	return ret;
}
