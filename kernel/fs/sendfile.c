/*
 * sendfile(2): copies from one descriptor to another inside the kernel
 * (Linux 6.1's do_sendfile in fs/read_write.c gives the checks and their
 * order).  busybox's cat and cp try it before read/write.
 *
 * Linux splices the input's page cache into the output.  ringlet has no
 * splice, so the bytes go through a bounce buffer of its own: a read of
 * up to SENDFILE_CHUNK bytes from the input at the position, a write of
 * them to the output at its own position, under KERNEL_DS for the two
 * calls alone (the buffer is a kernel one; the caller's limit comes back
 * before anything else).  The input must be seekable (a ramfs file, not
 * a pipe or the terminal: Linux's pipes have no splice_read either, so
 * they are -EINVAL there too); the output may be anything open for
 * writing but O_APPEND (-EINVAL, as Linux's do_splice_direct).  A short
 * write puts the input position back by what was not written, as a
 * splice consumes only what it delivered.  The first error ends the copy:
 * it is returned if nothing was copied, else the count so far is.
 *
 * With an offset pointer the input's own position is left alone and the
 * new position is written back (whatever the result, -EFAULT if that
 * fails); without one the input's position moves.  A write to a pipe with
 * no reader sends SIGPIPE from the pipe itself, as for write(2).
 */
#include "syscalls.h"
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"

#define SENDFILE_CHUNK	(16 * 1024)
#define MAX_RW_COUNT	0x7ffff000UL	/* Linux's: one call moves at most this much */

/* The copy itself: returns bytes copied or -errno; *pos is the input position. */
static long copy_between(struct file *in, struct file *out, long long *pos, size_t count)
{
	char *buf = kmalloc(SENDFILE_CHUNK);
	mm_segment_t old = get_fs();
	size_t done = 0;
	long err = 0;

	if (!buf)
		return -ENOMEM;
	while (done < count) {
		size_t want = count - done < SENDFILE_CHUNK ? count - done : SENDFILE_CHUNK;
		ssize_t n, m;

		set_fs(KERNEL_DS);
		n = vfs_read(in, buf, want, pos);
		m = n > 0 ? vfs_write(out, buf, (size_t)n, NULL) : 0;
		set_fs(old);
		if (n <= 0 || m < 0) {
			err = n < 0 ? n : m;
			if (m < 0)
				*pos -= n;	/* nothing of it was delivered */
			break;
		}
		done += (size_t)m;
		if (m < n) {
			*pos -= n - m;
			break;
		}
		if (signal_pending(current))
			break;
	}
	kfree(buf);
	return done ? (long)done : err;
}

static long do_sendfile(int out_fd, int in_fd, long long *ppos, size_t count)
{
	struct file *in = fget_fd(in_fd), *out = NULL;
	long long pos;
	long ret = -EBADF;

	if (!in)
		return -EBADF;
	if (!file_readable(in))
		goto put_in;
	ret = -ESPIPE;
	if (ppos && !in->f_op->llseek)
		goto put_in;
	pos = ppos ? *ppos : in->f_pos;
	ret = -EINVAL;
	if (pos < 0)
		goto put_in;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	ret = -EBADF;
	out = fget_fd(out_fd);
	if (!out || !file_writable(out))
		goto put_out;
	ret = -EINVAL;
	if (!in->f_op->llseek || !in->f_op->read || (READ_ONCE(out->f_flags) & O_APPEND))
		goto put_out;
	ret = count ? copy_between(in, out, &pos, count) : 0;
	if (ppos)
		*ppos = pos;
	else
		in->f_pos = pos;
put_out:
	if (out)
		fput(out);
put_in:
	fput(in);
	return ret;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, long long __user *, offset, size_t, count)
{
	long long pos;
	long ret;

	if (!offset)
		return do_sendfile(out_fd, in_fd, NULL, count);
	if (copy_from_user(&pos, offset, sizeof(pos)))
		return -EFAULT;
	ret = do_sendfile(out_fd, in_fd, &pos, count);
	if (copy_to_user(offset, &pos, sizeof(pos)))
		return -EFAULT;
	return ret;
}
