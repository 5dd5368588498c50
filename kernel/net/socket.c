/*
 * The socket layer (Linux's net/socket.c): sockets as files, and the
 * system calls socket(2), socketpair(2), sendto(2), recvfrom(2),
 * sendmsg(2), recvmsg(2), shutdown(2), getsockopt(2).  The protocol,
 * AF_UNIX, is af_unix.c; the kernel interface is include/net.h.
 *
 * A socket file.  read and write are recvmsg and sendmsg of one buffer
 * (Linux's sock_read_iter/sock_write_iter: O_NONBLOCK becomes
 * MSG_DONTWAIT, a zero-length read returns 0 at once, a zero-length write
 * is still a send: an empty datagram).  readv and writev go whole to one
 * recvmsg/sendmsg (read_iter/write_iter), so one datagram is scattered
 * over, or gathered from, all the segments.  read_nonblock and
 * write_nonblock are the same with "never sleep" for io_uring's inline
 * attempt.  There is no llseek: pread, pwrite and lseek are -ESPIPE.
 *
 * Messages (struct sock_msg) are msghdr.c's.
 *
 * Each system call checks as Linux's does, in its order: sendto and
 * recvfrom check the buffer (-EFAULT) before the descriptor (-EBADF,
 * -ENOTSOCK); sendmsg and recvmsg refuse MSG_CMSG_COMPAT (-EINVAL) first.
 */
#include "internal.h"
#include "syscalls.h"
#include "slab.h"
#include "task.h"
#include "errno.h"
#include "string.h"
#include "uaccess.h"
#include "uapi/fcntl.h"

static const struct file_operations socket_fops;

bool file_is_socket(struct file *f)
{
	return f->f_op == &socket_fops;
}

unsigned long sock_ino(struct file *f)
{
	return file_is_socket(f) ? unix_ino(f->private_data) : 0;
}

ssize_t sock_sendmsg(struct file *f, struct sock_msg *m, unsigned int flags, bool nonblock)
{
	if (!file_is_socket(f))
		return -ENOTSOCK;
	return unix_sendmsg(f->private_data, m, flags, nonblock);
}

ssize_t sock_recvmsg(struct file *f, struct sock_msg *m, unsigned int flags, bool nonblock)
{
	if (!file_is_socket(f))
		return -ENOTSOCK;
	m->out_flags |= flags & MSG_CMSG_CLOEXEC;
	return unix_recvmsg(f->private_data, m, flags, nonblock);
}

static unsigned int nonblock_flag(struct file *f)
{
	return (READ_ONCE(f->f_flags) & O_NONBLOCK) ? MSG_DONTWAIT : 0;
}

static ssize_t socket_do_read(struct file *f, const struct iovec *iov, unsigned long nr,
			      bool nonblock)
{
	struct sock_msg m;

	sock_msg_init_iov(&m, (struct iovec *)iov, nr);
	if (!m.len)
		return 0;	/* sock_read_iter: nothing asked, nothing consumed */
	return unix_recvmsg(f->private_data, &m, nonblock_flag(f), nonblock);
}

static ssize_t socket_do_write(struct file *f, const struct iovec *iov, unsigned long nr,
			       bool nonblock)
{
	unsigned int flags = nonblock_flag(f);
	struct sock_msg m;

	sock_msg_init_iov(&m, (struct iovec *)iov, nr);
	if (unix_type(f->private_data) == SOCK_SEQPACKET)
		flags |= MSG_EOR;
	return unix_sendmsg(f->private_data, &m, flags, nonblock);
}

static ssize_t socket_read(struct file *f, void *buf, size_t len, long long *pos)
{
	struct iovec v = { .iov_base = buf, .iov_len = len };

	(void)pos;
	return socket_do_read(f, &v, 1, false);
}

static ssize_t socket_read_nonblock(struct file *f, void *buf, size_t len, long long *pos)
{
	struct iovec v = { .iov_base = buf, .iov_len = len };

	(void)pos;
	return socket_do_read(f, &v, 1, true);
}

static ssize_t socket_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	struct iovec v = { .iov_base = (void *)buf, .iov_len = len };

	(void)pos;
	return socket_do_write(f, &v, 1, false);
}

static ssize_t socket_write_nonblock(struct file *f, const void *buf, size_t len, long long *pos)
{
	struct iovec v = { .iov_base = (void *)buf, .iov_len = len };

	(void)pos;
	return socket_do_write(f, &v, 1, true);
}

static ssize_t socket_read_iter(struct file *f, const struct iovec *iov, unsigned long nr)
{
	return socket_do_read(f, iov, nr, false);
}

static ssize_t socket_write_iter(struct file *f, const struct iovec *iov, unsigned long nr)
{
	size_t total = 0;

	for (unsigned long i = 0; i < nr; i++)
		total += iov[i].iov_len;
	if (!total)
		return 0;	/* Linux's do_iter_write: writev of nothing sends nothing */
	return socket_do_write(f, iov, nr, false);
}

static unsigned int socket_poll(struct file *f, struct poll_table *pt)
{
	return unix_poll(f->private_data, f, pt);
}

static long socket_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return unix_ioctl(f->private_data, cmd, arg);
}

static void socket_release(struct file *f)
{
	unix_release(f->private_data);
}

static const struct file_operations socket_fops = {
	.read = socket_read,
	.write = socket_write,
	.read_nonblock = socket_read_nonblock,
	.write_nonblock = socket_write_nonblock,
	.read_iter = socket_read_iter,
	.write_iter = socket_write_iter,
	.poll = socket_poll,
	.ioctl = socket_ioctl,
	.release = socket_release,
	.name = "socket",
};

/* A file for u with the status flags of type's SOCK_NONBLOCK; NULL (u released) if memory ran out. */
static struct file *sock_file(struct unix_sock *u, int flags)
{
	struct file *f = alloc_file(&socket_fops, u);

	if (!f) {
		unix_release(u);
		return NULL;
	}
	f->f_flags = O_RDWR | ((unsigned int)flags & O_NONBLOCK);
	return f;
}

/* Two files for a new pair of a checked type; 0 or -ENOMEM (nothing left behind). */
static int make_pair(int type, int flags, struct file **fa, struct file **fb)
{
	struct unix_sock *a, *b;

	if (unix_create_pair(type, &a, &b))
		return -ENOMEM;
	*fa = sock_file(a, flags);
	*fb = sock_file(b, flags);
	if (*fa && *fb)
		return 0;
	if (*fa)
		fput(*fa);
	if (*fb)
		fput(*fb);
	return -ENOMEM;
}

int sock_create_pair(int type, struct file **a, struct file **b)
{
	int flags = type & ~SOCK_TYPE_MASK;

	type &= SOCK_TYPE_MASK;
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
		return -EINVAL;
	return make_pair(type, flags, a, b);
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~SOCK_TYPE_MASK, fd;
	struct unix_sock *u;
	struct file *f;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type = unix_check_create(family, type & SOCK_TYPE_MASK, protocol);
	if (type < 0)
		return type;
	if (unix_create(type, &u))
		return -ENOMEM;
	f = sock_file(u, flags);
	if (!f)
		return -ENOMEM;
	if (!current->files) {
		fput(f);
		return -EMFILE;
	}
	fd = fd_install_from(current->files, f, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, int __user *, usockvec)
{
	struct files_struct *files = current->files;
	int flags = type & ~SOCK_TYPE_MASK, fd[2];
	bool cloexec = flags & SOCK_CLOEXEC;
	struct file *fa, *fb;
	int err;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type = unix_check_create(family, type & SOCK_TYPE_MASK, protocol);
	if (type < 0)
		return type;
	if (!files)
		return -EMFILE;
	err = make_pair(type, flags, &fa, &fb);
	if (err)
		return err;
	fd[0] = fd_install_from(files, fa, 0, cloexec);
	if (fd[0] < 0) {
		fput(fa);
		fput(fb);
		return fd[0];
	}
	fd[1] = fd_install_from(files, fb, 0, cloexec);
	if (fd[1] < 0) {
		fd_close(files, fd[0]);
		fput(fb);
		return fd[1];
	}
	if (copy_to_user(usockvec, fd, sizeof(fd))) {
		fd_close(files, fd[0]);
		fd_close(files, fd[1]);
		return -EFAULT;
	}
	return 0;
}

/* Linux's sockfd_lookup_light: the socket at fd with a reference, or NULL with *err set. */
static struct file *sock_lookup(int fd, long *err)
{
	struct file *f = current->files ? fdget(current->files, fd) : NULL;

	*err = -EBADF;
	if (f && !file_is_socket(f)) {
		fput(f);
		f = NULL;
		*err = -ENOTSOCK;
	}
	return f;
}

SYSCALL_DEFINE6(sendto, int, fd, void __user *, buff, size_t, len, unsigned int, flags,
		void __user *, addr, int, addr_len)
{
	struct sock_msg m;
	struct file *f;
	long err;

	err = sock_msg_init_single(&m, buff, len);
	if (err)
		return err;
	f = sock_lookup(fd, &err);
	if (!f)
		return err;
	if (addr) {
		err = -EINVAL;
		if (addr_len < 0 || addr_len > (int)sizeof(struct sockaddr_storage))
			goto out;
		err = -EFAULT;
		if (addr_len && copy_from_user(&m.name, addr, (size_t)addr_len))
			goto out;
		m.namelen = addr_len;
	}
	err = sock_sendmsg(f, &m, flags | nonblock_flag(f), false);
out:
	fput(f);
	return err;
}

SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, ubuf, size_t, size, unsigned int, flags,
		void __user *, addr, int __user *, addr_len)
{
	struct sock_msg m;
	struct file *f;
	long err;

	err = sock_msg_init_single(&m, ubuf, size);
	if (err)
		return err;
	f = sock_lookup(fd, &err);
	if (!f)
		return err;
	err = sock_recvmsg(f, &m, flags | nonblock_flag(f), false);
	if (err >= 0 && addr) {
		long e2 = sock_put_name(&m.name, m.out_namelen, addr, addr_len);

		if (e2 < 0)
			err = e2;
	}
	fput(f);
	return err;
}

SYSCALL_DEFINE3(sendmsg, int, fd, struct user_msghdr __user *, msg, unsigned int, flags)
{
	struct sock_msg m;
	struct file *f;
	long err;

	if (flags & MSG_CMSG_COMPAT)
		return -EINVAL;
	f = sock_lookup(fd, &err);
	if (!f)
		return err;
	err = sock_msg_import(&m, msg, true);
	if (!err) {
		err = sock_sendmsg(f, &m, flags | nonblock_flag(f), false);
		sock_msg_release(&m);
	}
	fput(f);
	return err;
}

SYSCALL_DEFINE3(recvmsg, int, fd, struct user_msghdr __user *, msg, unsigned int, flags)
{
	struct sock_msg m;
	struct file *f;
	long err;

	if (flags & MSG_CMSG_COMPAT)
		return -EINVAL;
	f = sock_lookup(fd, &err);
	if (!f)
		return err;
	err = sock_msg_import(&m, msg, false);
	if (!err) {
		err = sock_recvmsg_finish(&m, sock_recvmsg(f, &m, flags | nonblock_flag(f), false));
		sock_msg_release(&m);
	}
	fput(f);
	return err;
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct file *f;
	long err;

	f = sock_lookup(fd, &err);
	if (!f)
		return err;
	err = unix_shutdown(f->private_data, how);
	fput(f);
	return err;
}

/* Linux's sock_getsockopt for the int options ringlet keeps; other levels -EOPNOTSUPP. */
SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname, char __user *, optval, int __user *,
		optlen)
{
	struct file *f;
	int len, val = 0;
	long err;

	f = sock_lookup(fd, &err);
	if (!f)
		return err;
	err = -EOPNOTSUPP;	/* AF_UNIX has no options of its own level */
	if (level != SOL_SOCKET)
		goto out;
	err = -EFAULT;
	if (copy_from_user(&len, optlen, sizeof(len)))
		goto out;
	err = -EINVAL;
	if (len < 0)
		goto out;
	err = unix_getsockopt(f->private_data, optname, &val);
	if (err)
		goto out;
	len = min(len, (int)sizeof(val));
	err = -EFAULT;
	if (copy_to_user(optval, &val, (size_t)len) || copy_to_user(optlen, &len, sizeof(len)))
		goto out;
	err = 0;
out:
	fput(f);
	return err;
}
