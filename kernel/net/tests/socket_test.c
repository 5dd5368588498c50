/*
 * Self-tests of socket.c's system calls (suite socket), called as a
 * process would with a descriptor table of the test's own: socketpair(2)
 * and socket(2) (descriptors, flags, errors that leave nothing behind,
 * -EMFILE), fstat's S_IFSOCK, sendmsg/recvmsg and their header checks in
 * Linux's order, recvfrom's address length, readv/writev as one datagram,
 * shutdown and getsockopt, and -ENOTSOCK for a file that is not a socket.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "errno.h"
#include "string.h"
#include "ramfs.h"
#include "uapi/stat.h"

/* The test task's own descriptor table of nfds for the test, and its old one back after. */
static struct files_struct *enter(unsigned int nfds)
{
	struct files_struct *old = current->files;

	current->files = files_alloc(nfds);
	return old;
}

static void leave(struct files_struct *old)
{
	files_put(current->files);
	current->files = old;
}

KTEST(socket, socketpair_descriptors_and_errors)
{
	struct files_struct *old = enter(8);
	long files = nr_files_live();
	int sv[2] = { -1, -1 };
	struct stat st;

	ASSERT_NOT_NULL(current->files);
	EXPECT_EQ(sys_socketpair(AF_UNIX, SOCK_STREAM | O_APPEND, 0, sv), -EINVAL);
	EXPECT_EQ(sys_socketpair(AF_INET, SOCK_STREAM, 0, sv), -EAFNOSUPPORT);
	EXPECT_EQ(sys_socketpair(AF_UNIX, SOCK_DCCP, 0, sv), -ESOCKTNOSUPPORT);
	EXPECT_EQ(sys_socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)16), -EFAULT);
	EXPECT_EQ(nr_files_live(), files);		/* nothing left behind */
	EXPECT_EQ(sys_fcntl(0, F_GETFD, 0), -EBADF);
	EXPECT_EQ(sys_socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv), 0);
	EXPECT_EQ(sv[0], 0);
	EXPECT_EQ(sv[1], 1);
	EXPECT_EQ(sys_fcntl(1, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(sys_fcntl(1, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	EXPECT_EQ(sys_fstat(0, &st), 0);
	EXPECT_EQ(st.st_mode, (unsigned int)(S_IFSOCK | 0777));
	EXPECT_NE(st.st_ino, 0);
	EXPECT_EQ(sys_read(0, (char *)&st, 1), -EAGAIN);
	EXPECT_EQ(sys_lseek(0, 0, SEEK_SET), -ESPIPE);
	/* A table with one free slot: -EMFILE, and the first descriptor is closed again. */
	for (int fd = 2; fd < 7; fd++)
		EXPECT_EQ(sys_socket(AF_UNIX, SOCK_STREAM, 0), fd);
	EXPECT_EQ(sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), -EMFILE);
	EXPECT_EQ(sys_fcntl(7, F_GETFD, 0), -EBADF);
	EXPECT_EQ(sys_socket(AF_UNIX, SOCK_STREAM, 0), 7);
	EXPECT_EQ(sys_socket(AF_UNIX, SOCK_STREAM, 0), -EMFILE);
	EXPECT_EQ(sys_socket(AF_UNIX, 0, 0), -ESOCKTNOSUPPORT);
	leave(old);
	EXPECT_EQ(nr_files_live(), files);
}

KTEST(socket, sendmsg_recvmsg_and_their_checks)
{
	struct files_struct *old = enter(8);
	char a[3] = "abc", b[8] = "defghijk", buf[16];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct user_msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	char ctl[32] = { 0 };
	struct cmsghdr *c = (struct cmsghdr *)ctl;
	int sv[2], len;

	ASSERT_NOT_NULL(current->files);
	ASSERT_EQ(sys_socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), 11);
	EXPECT_EQ(sys_recvfrom(sv[1], buf, 4, MSG_PEEK, NULL, NULL), 4);
	/* recvmsg: one datagram over both segments; name length and flags written back. */
	memset(a, 0, 3);
	memset(b, 0, 8);
	iov[1].iov_len = 4;
	mh.msg_name = &sun;
	mh.msg_namelen = sizeof(sun);
	mh.msg_flags = 0x7777;
	EXPECT_EQ(sys_recvmsg(sv[1], &mh, 0), 7);
	EXPECT_EQ(memcmp(a, "abc", 3), 0);
	EXPECT_EQ(memcmp(b, "defg", 4), 0);
	EXPECT_EQ(mh.msg_namelen, 0);
	EXPECT_EQ(mh.msg_flags, (unsigned int)MSG_TRUNC);
	EXPECT_EQ(mh.msg_controllen, 0);
	/* recvfrom's address: the length is read, then 0 written. */
	EXPECT_EQ(sys_sendto(sv[0], "xy", 2, 0, NULL, 0), 2);
	len = sizeof(sun);
	EXPECT_EQ(sys_recvfrom(sv[1], buf, sizeof(buf), 0, &sun, &len), 2);
	EXPECT_EQ(len, 0);
	/* Header checks, in Linux's order. */
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, MSG_CMSG_COMPAT), -EINVAL);
	EXPECT_EQ(sys_sendmsg(99, NULL, 0), -EBADF);
	EXPECT_EQ(sys_sendmsg(sv[0], (struct user_msghdr *)16, 0), -EFAULT);
	mh.msg_namelen = -1;
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), -EINVAL);
	mh.msg_name = NULL;				/* no name: the length is ignored */
	mh.msg_iovlen = UIO_MAXIOV + 1;
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), -EMSGSIZE);
	mh.msg_iovlen = 2;
	iov[1].iov_len = (size_t)-1;
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), -EINVAL);
	iov[1].iov_len = 4;
	mh.msg_control = ctl;
	mh.msg_controllen = 20480;
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), -ENOBUFS);
	mh.msg_controllen = sizeof(ctl);
	c->cmsg_len = sizeof(*c) + 4;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), -EOPNOTSUPP);	/* deliberate: no fd passing */
	c->cmsg_type = 77;
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), -EINVAL);
	c->cmsg_level = 41;					/* another level: skipped */
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), 7);
	mh.msg_controllen = 8;					/* shorter than a header: none */
	EXPECT_EQ(sys_sendmsg(sv[0], &mh, 0), 7);
	EXPECT_EQ(sys_recvmsg(sv[1], &mh, MSG_CMSG_COMPAT), -EINVAL);
	EXPECT_EQ(sys_recvfrom(sv[1], buf, sizeof(buf), 0, NULL, NULL), 7);
	/* A bad address length is found after the datagram is taken, as in Linux. */
	EXPECT_EQ(sys_recvfrom(sv[1], buf, sizeof(buf), MSG_DONTWAIT, &sun, (int *)16), -EFAULT);
	EXPECT_EQ(sys_recvfrom(sv[1], buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL), -EAGAIN);
	/* The buffer's range before the descriptor. */
	EXPECT_EQ(sys_sendto(99, (void *)~0UL, 1, 0, NULL, 0), -EFAULT);
	EXPECT_EQ(sys_sendto(99, buf, 1, 0, NULL, 0), -EBADF);
	EXPECT_EQ(sys_sendto(sv[0], buf, 1, 0, &sun, 129), -EINVAL);
	leave(old);
}

KTEST(socket, readv_writev_move_one_datagram)
{
	struct files_struct *old = enter(4);
	char a[2] = "ab", b[6] = "cdefgh", buf[16];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int sv[2];

	ASSERT_NOT_NULL(current->files);
	ASSERT_EQ(sys_socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	EXPECT_EQ(sys_writev(sv[0], iov, 2), 8);
	EXPECT_EQ(sys_writev(sv[0], iov, 0), 0);		/* nothing: no datagram */
	EXPECT_EQ(sys_write(sv[0], "", 0), 0);			/* an empty datagram */
	memset(a, 0, 2);
	memset(b, 0, 6);
	EXPECT_EQ(sys_readv(sv[1], iov, 2), 8);
	EXPECT_EQ(memcmp(a, "ab", 2), 0);
	EXPECT_EQ(memcmp(b, "cdefgh", 6), 0);
	EXPECT_EQ(sys_readv(sv[1], iov, 2), 0);
	EXPECT_EQ(sys_recvfrom(sv[1], buf, 1, MSG_DONTWAIT, NULL, NULL), -EAGAIN);
	leave(old);
}

KTEST(socket, shutdown_getsockopt_and_notsock)
{
	struct files_struct *old = enter(4);
	int sv[2], val = -1, len = sizeof(val);
	struct file *null = null_file_open();

	ASSERT_NOT_NULL(current->files);
	ASSERT_NOT_NULL(null);
	ASSERT_EQ(sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	EXPECT_EQ(fd_install(current->files, null), 2);
	EXPECT_EQ(sys_shutdown(2, SHUT_RD), -ENOTSOCK);
	EXPECT_EQ(sys_shutdown(3, SHUT_RD), -EBADF);
	EXPECT_EQ(sys_shutdown(sv[0], 5), -EINVAL);
	EXPECT_EQ(sys_shutdown(sv[0], SHUT_WR), 0);
	EXPECT_EQ(sys_recvfrom(sv[1], &val, 1, 0, NULL, NULL), 0);
	EXPECT_EQ(sys_getsockopt(2, SOL_SOCKET, SO_TYPE, (char *)&val, &len), -ENOTSOCK);
	EXPECT_EQ(sys_getsockopt(sv[0], 6, SO_TYPE, (char *)&val, &len), -EOPNOTSUPP);
	EXPECT_EQ(sys_getsockopt(sv[0], SOL_SOCKET, SO_TYPE, (char *)&val, (int *)16), -EFAULT);
	len = -1;
	EXPECT_EQ(sys_getsockopt(sv[0], SOL_SOCKET, SO_TYPE, (char *)&val, &len), -EINVAL);
	len = sizeof(val);
	EXPECT_EQ(sys_getsockopt(sv[0], SOL_SOCKET, 12345, (char *)&val, &len), -ENOPROTOOPT);
	EXPECT_EQ(sys_getsockopt(sv[0], SOL_SOCKET, SO_TYPE, (char *)&val, &len), 0);
	EXPECT_EQ(val, SOCK_STREAM);
	EXPECT_EQ(len, (int)sizeof(val));
	EXPECT_EQ(sys_sendto(2, "x", 1, 0, NULL, 0), -ENOTSOCK);
	leave(old);
}
