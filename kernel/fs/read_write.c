/*
 * The read/write family of system calls: from a descriptor to a file's
 * operation (Linux's fs/read_write.c and fs/sync.c): read(2) write(2)
 * readv(2) writev(2) pread64(2) pwrite64(2) lseek(2) fsync(2)
 * fdatasync(2).
 *
 * The descriptor is looked up in the calling task's table with a
 * reference of its own (fdget), so a close of the same descriptor by
 * another thread meanwhile cannot free the file under the call.  Buffers
 * are the program's pointers; the file's operation copies through
 * copy_to_user/copy_from_user under the task's address limit, so a bad
 * one is -EFAULT (or a short count), never a kernel fault.  vfs_read and
 * vfs_write (file.c) make Linux's checks in its order: open for that
 * direction (-EBADF), has the operation (-EINVAL), buffer within the
 * limit (-EFAULT), position not negative (-EINVAL).
 *
 * readv/writev take each segment in turn and stop at the first short
 * one, as Linux's loop for files without ->read_iter does (a file kind
 * with read_iter/write_iter, a socket, gets the whole array in one call); the iovec
 * array is checked whole first (count above UIO_MAXIOV or a negative
 * length is -EINVAL, an unreadable array or a segment beyond the limit
 * is -EFAULT), so nothing is transferred for a bad one.  As in Linux, the
 * segments together move at most MAX_RW_COUNT: later ones are cut short.
 * pread/pwrite and lseek need a seekable file (an llseek operation):
 * pipes and terminals are -ESPIPE.
 */
#include "syscalls.h"
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "uapi/io_uring.h"	/* struct iovec, UIO_MAXIOV */

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct file *f = fget_fd(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_read(f, buf, count, NULL);
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	struct file *f = fget_fd(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_write(f, buf, count, NULL);
	fput(f);
	return ret;
}

/* Copies in and checks an iovec array (Linux's import_iovec); a kmalloc'ed copy or ERR. */
static long import_iovec(const struct iovec __user *uvec, unsigned long nr, struct iovec **out)
{
	struct iovec *iov;
	size_t total = 0;

	if (nr > UIO_MAXIOV)
		return -EINVAL;
	iov = kmalloc(nr * sizeof(*iov) + 1);
	if (!iov)
		return -ENOMEM;
	if (copy_from_user(iov, uvec, nr * sizeof(*iov))) {
		kfree(iov);
		return -EFAULT;
	}
	for (unsigned long i = 0; i < nr; i++) {
		if ((long)iov[i].iov_len < 0) {
			kfree(iov);
			return -EINVAL;
		}
	}
	for (unsigned long i = 0; i < nr; i++) {
		if (!access_ok(iov[i].iov_base, iov[i].iov_len)) {
			kfree(iov);
			return -EFAULT;
		}
		/* Later segments are cut short: the call moves at most MAX_RW_COUNT in all. */
		iov[i].iov_len = min(iov[i].iov_len, MAX_RW_COUNT - total);
		total += iov[i].iov_len;
	}
	*out = iov;
	return 0;
}

static long do_rw_vec(unsigned long fd, const struct iovec __user *uvec, unsigned long vlen,
		      long long *pos, bool write)
{
	struct file *f = fget_fd((long)fd);
	struct iovec *iov;
	ssize_t done = 0, n = 0;
	long err;

	if (!f)
		return -EBADF;
	err = -EBADF;
	if (!(write ? file_writable(f) : file_readable(f)))
		goto out;
	err = -EINVAL;
	if (write ? !f->f_op->write : !f->f_op->read)
		goto out;
	err = -ESPIPE;
	if (pos && !f->f_op->llseek)
		goto out;
	err = import_iovec(uvec, vlen, &iov);
	if (err)
		goto out;
	if (!pos && (write ? f->f_op->write_iter : f->f_op->read_iter)) {
		/* A kind whose readv is one transfer (sockets: one datagram), as Linux's ->read_iter. */
		err = write ? f->f_op->write_iter(f, iov, vlen) : f->f_op->read_iter(f, iov, vlen);
		kfree(iov);
		goto out;
	}
	for (unsigned long i = 0; i < vlen; i++) {
		if (!iov[i].iov_len)
			continue;
		n = write ? vfs_write(f, iov[i].iov_base, iov[i].iov_len, pos) :
			    vfs_read(f, iov[i].iov_base, iov[i].iov_len, pos);
		if (n < 0)
			break;
		done += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	kfree(iov);
	err = done ? done : n;
out:
	fput(f);
	return err;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_rw_vec(fd, vec, vlen, NULL, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_rw_vec(fd, vec, vlen, NULL, true);
}

static long do_prw(unsigned int fd, void __user *buf, size_t count, long long pos, bool write)
{
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget_fd(fd);
	if (!f)
		return -EBADF;
	if (!f->f_op->llseek)
		ret = -ESPIPE;
	else
		ret = write ? vfs_write(f, buf, count, &pos) : vfs_read(f, buf, count, &pos);
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf, size_t, count, long, pos)
{
	return do_prw(fd, buf, count, pos, false);
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf, size_t, count, long, pos)
{
	return do_prw(fd, (void __user *)buf, count, pos, true);
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, long, offset, unsigned int, whence)
{
	struct file *f = fget_fd(fd);
	long ret;

	if (!f)
		return -EBADF;
	if (whence > SEEK_MAX)
		ret = -EINVAL;
	else if (!f->f_op->llseek)
		ret = -ESPIPE;
	else
		ret = f->f_op->llseek(f, offset, (int)whence);
	fput(f);
	return ret;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	struct file *f = fget_fd(fd);
	int ret;

	if (!f)
		return -EBADF;
	ret = vfs_fsync(f);
	fput(f);
	return ret;
}

/* Everything is in memory: data and metadata are equally durable. */
SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return sys_fsync(fd);
}
