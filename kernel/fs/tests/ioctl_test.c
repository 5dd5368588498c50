/*
 * Self-tests of ioctl.c (suite ioctl): the generic requests (FIOCLEX,
 * FIONCLEX, FIONBIO with its int argument, FIOASYNC), -ENOTTY for a file
 * without an ioctl operation (glibc's TCGETS on a regular file), the
 * file's own requests (a pipe's FIONREAD), -EBADF and -EFAULT.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "errno.h"
#include "proc_ctx.h"

#define TCGETS	0x5401

KTEST(ioctl, generic_requests_and_enotty)
{
	struct saved_ctx s;
	int on = 1, off = 0, n = -1, p[2];
	char buf[4];
	long fd;

	ASSERT_TRUE(proc_enter(&s, 8));
	fd = sys_open("/dev/null", O_RDWR, 0);
	EXPECT_EQ(sys_ioctl((unsigned int)fd, TCGETS, (unsigned long)buf), -ENOTTY);
	EXPECT_EQ(sys_ioctl((unsigned int)fd, FIOCLEX, 0), 0);
	EXPECT_EQ(sys_fcntl((unsigned int)fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(sys_ioctl((unsigned int)fd, FIONCLEX, 0), 0);
	EXPECT_EQ(sys_fcntl((unsigned int)fd, F_GETFD, 0), 0);
	EXPECT_EQ(sys_ioctl((unsigned int)fd, FIOASYNC, (unsigned long)&off), 0);
	EXPECT_EQ(sys_ioctl((unsigned int)fd, FIOASYNC, (unsigned long)&on), -ENOTTY);
	EXPECT_EQ(sys_ioctl(77, FIOCLEX, 0), -EBADF);
	/* FIONBIO on a pipe: an empty read is then -EAGAIN, not a wait. */
	EXPECT_EQ(sys_pipe(p), 0);
	EXPECT_EQ(sys_ioctl((unsigned int)p[0], FIONBIO, (unsigned long)&on), 0);
	EXPECT_EQ(sys_fcntl((unsigned int)p[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
	EXPECT_EQ(sys_read((unsigned int)p[0], buf, 4), -EAGAIN);
	EXPECT_EQ(sys_ioctl((unsigned int)p[0], FIONBIO, 16), -EFAULT);
	EXPECT_EQ(sys_write((unsigned int)p[1], "abc", 3), 3);
	EXPECT_EQ(sys_ioctl((unsigned int)p[0], FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ(n, 3);
	EXPECT_EQ(sys_ioctl((unsigned int)p[1], FIONREAD, 16), -EFAULT);
	EXPECT_EQ(sys_ioctl((unsigned int)p[0], TCGETS, (unsigned long)buf), -ENOTTY);
	EXPECT_EQ(sys_ioctl((unsigned int)p[0], FIONBIO, (unsigned long)&off), 0);
	EXPECT_EQ(sys_fcntl((unsigned int)p[0], F_GETFL, 0), O_RDONLY);
	/* O_PATH descriptors take no ioctl. */
	fd = sys_open("/dev", O_PATH, 0);
	EXPECT_EQ(sys_ioctl((unsigned int)fd, FIOCLEX, 0), -EBADF);
	proc_leave(&s);
}
