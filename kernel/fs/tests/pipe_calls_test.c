/*
 * Self-tests of pipe.c's system calls (suite pipe_calls): pipe(2) and
 * pipe2(2) (the two lowest descriptors, O_CLOEXEC, O_NONBLOCK, -EINVAL
 * for other flags, -EFAULT with nothing left installed), O_NONBLOCK
 * reads (-EAGAIN while a writer is open, 0 once none is) and writes (what
 * fits, all of an atomic write or -EAGAIN), and -EPIPE without a reader.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "slab.h"
#include "string.h"
#include "errno.h"
#include "proc_ctx.h"

#define CAPACITY	(64 * 1024)

KTEST(pipe_calls, pipe2_flags_and_nonblocking_io)
{
	struct saved_ctx s;
	char *big = kzalloc(CAPACITY + 100);
	char buf[8];
	int p[2] = { -1, -1 };
	long live;

	ASSERT_NOT_NULL(big);
	ASSERT_TRUE(proc_enter(&s, 8));
	live = nr_files_live();
	EXPECT_EQ(sys_pipe2(p, O_RDWR), -EINVAL);
	EXPECT_EQ(sys_pipe2(p, O_DIRECT), -EINVAL);
	EXPECT_EQ(sys_pipe2((int *)16, 0), -EFAULT);
	EXPECT_EQ(nr_files_live(), live);	/* nothing left behind */
	EXPECT_EQ(sys_fcntl(0, F_GETFD, 0), -EBADF);
	EXPECT_EQ(sys_pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	EXPECT_EQ(p[0], 0);
	EXPECT_EQ(p[1], 1);
	EXPECT_EQ(sys_fcntl(0, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(sys_fcntl(1, F_GETFL, 0), O_WRONLY | O_NONBLOCK);
	EXPECT_EQ(sys_read(0, buf, sizeof(buf)), -EAGAIN);
	/* A big write queues what fits; then nothing fits: EAGAIN. */
	EXPECT_EQ(sys_write(1, big, CAPACITY + 100), CAPACITY);
	EXPECT_EQ(sys_write(1, "x", 1), -EAGAIN);
	EXPECT_EQ(sys_read(0, buf, 4), 4);
	/* 4 bytes free: an atomic write of 8 does not fit whole, so nothing is written. */
	EXPECT_EQ(sys_write(1, "12345678", 8), -EAGAIN);
	EXPECT_EQ(sys_write(1, "1234", 4), 4);
	EXPECT_EQ(sys_close(1), 0);
	while (sys_read(0, big, CAPACITY) > 0)
		;
	EXPECT_EQ(sys_read(0, buf, sizeof(buf)), 0);	/* no writer: end of file */
	EXPECT_EQ(sys_close(0), 0);
	/* Without a reader a write is EPIPE. */
	EXPECT_EQ(sys_pipe(p), 0);
	EXPECT_EQ(sys_fcntl((unsigned int)p[0], F_GETFL, 0), O_RDONLY);
	EXPECT_EQ(sys_close((unsigned int)p[0]), 0);
	EXPECT_EQ(sys_write((unsigned int)p[1], "x", 1), -EPIPE);
	EXPECT_EQ(sys_close((unsigned int)p[1]), 0);
	EXPECT_EQ(nr_files_live(), live);
	proc_leave(&s);
	kfree(big);
}
