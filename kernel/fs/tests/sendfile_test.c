/*
 * Self-tests of sendfile.c (suite sendfile): a file into a pipe and into
 * another file, across several bounce-buffer chunks; the input position
 * moving without an offset and staying with one (the offset written
 * back); end of file; and the errnos in Linux's order (EBADF, ESPIPE,
 * EINVAL for a pipe as input and for O_APPEND output, EFAULT), with the
 * caller's address limit back after each call.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "slab.h"
#include "errno.h"
#include "proc_ctx.h"

#define BIG	40000	/* more than two chunks */

KTEST(sendfile, file_to_pipe_positions_and_offsets)
{
	long long off;
	struct saved_ctx s;
	char buf[16];
	int p[2];
	long fd;

	ASSERT_TRUE(proc_enter(&s, 16));
	fd = sys_open("/sf", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(sys_write((unsigned int)fd, "0123456789", 10), 10);
	EXPECT_EQ(sys_pipe2(p, 0), 0);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 2, SEEK_SET), 2);
	EXPECT_EQ(sys_sendfile(p[1], (int)fd, NULL, 3), 3);	/* from the file's position */
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, SEEK_CUR), 5);	/* which moved */
	EXPECT_EQ(sys_read((unsigned int)p[0], buf, sizeof(buf)), 3);
	EXPECT_EQ(memcmp(buf, "234", 3), 0);
	off = 7;
	EXPECT_EQ(sys_sendfile(p[1], (int)fd, &off, 100), 3);	/* to the end, from off */
	EXPECT_EQ(off, 10);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, SEEK_CUR), 5);	/* not moved */
	EXPECT_EQ(sys_read((unsigned int)p[0], buf, sizeof(buf)), 3);
	EXPECT_EQ(memcmp(buf, "789", 3), 0);
	EXPECT_EQ(sys_sendfile(p[1], (int)fd, &off, 100), 0);	/* at the end */
	EXPECT_EQ(sys_sendfile(p[1], (int)fd, NULL, 0), 0);
	/* Errors, in Linux's order. */
	EXPECT_EQ(sys_sendfile(p[1], 99, NULL, 1), -EBADF);
	EXPECT_EQ(sys_sendfile(p[1], p[1], NULL, 1), -EBADF);	/* input not readable */
	EXPECT_EQ(sys_sendfile(p[1], p[0], &off, 1), -ESPIPE);	/* offset on a pipe */
	off = -1;
	EXPECT_EQ(sys_sendfile(p[1], (int)fd, &off, 1), -EINVAL);
	EXPECT_EQ(sys_sendfile(99, (int)fd, NULL, 1), -EBADF);
	EXPECT_EQ(sys_sendfile(p[0], (int)fd, NULL, 1), -EBADF);	/* output not writable */
	EXPECT_EQ(sys_sendfile(p[1], p[0], NULL, 1), -EINVAL);	/* a pipe is no input */
	EXPECT_EQ(sys_sendfile(p[1], (int)fd, (long long *)0x10, 1), -EFAULT);
	EXPECT_EQ(sys_close((unsigned int)p[0]), 0);
	EXPECT_EQ(sys_close((unsigned int)p[1]), 0);
	EXPECT_EQ(sys_close((unsigned int)fd), 0);
	EXPECT_EQ(sys_unlink("/sf"), 0);
	proc_leave(&s);
}

KTEST(sendfile, file_to_file_in_chunks)
{
	char *data = kmalloc(BIG), *back = kmalloc(BIG);
	mm_segment_t old = get_fs();
	struct saved_ctx s;
	long long off = 0;
	long in, out, app;

	ASSERT_NOT_NULL(data);
	ASSERT_NOT_NULL(back);
	ASSERT_TRUE(proc_enter(&s, 16));
	for (int i = 0; i < BIG; i++)
		data[i] = (char)(i * 7 + i / 251);
	in = sys_open("/sfin", O_RDWR | O_CREAT | O_TRUNC, 0600);
	out = sys_open("/sfout", O_RDWR | O_CREAT | O_TRUNC, 0600);
	app = sys_open("/sfout", O_WRONLY | O_APPEND, 0);
	ASSERT_GE(in, 0);
	ASSERT_GE(out, 0);
	ASSERT_GE(app, 0);
	EXPECT_EQ(sys_write((unsigned int)in, data, BIG), BIG);
	EXPECT_EQ(sys_sendfile((int)out, (int)in, &off, BIG + 10), BIG);
	EXPECT_EQ(off, BIG);
	EXPECT_EQ(sys_lseek((unsigned int)out, 0, SEEK_CUR), BIG);	/* the output's moved */
	EXPECT_EQ(sys_pread64((unsigned int)out, back, BIG, 0), BIG);
	EXPECT_EQ(memcmp(back, data, BIG), 0);
	off = 0;
	EXPECT_EQ(sys_sendfile((int)app, (int)in, &off, 1), -EINVAL);	/* O_APPEND */
	/* Under a user limit: the copy still works (its buffer is the kernel's), the limit comes back. */
	EXPECT_EQ(sys_lseek((unsigned int)in, 0, SEEK_SET), 0);
	set_fs(USER_DS);
	EXPECT_EQ(sys_sendfile((int)out, (int)in, NULL, 2), 2);
	EXPECT_TRUE(get_fs().seg == USER_DS.seg);
	EXPECT_EQ(sys_sendfile((int)out, (int)in, &off, 1), -EFAULT);	/* a kernel pointer */
	set_fs(old);
	EXPECT_EQ(sys_lseek((unsigned int)out, 0, SEEK_CUR), BIG + 2);
	EXPECT_EQ(sys_close((unsigned int)in), 0);
	EXPECT_EQ(sys_close((unsigned int)out), 0);
	EXPECT_EQ(sys_close((unsigned int)app), 0);
	EXPECT_EQ(sys_unlink("/sfin"), 0);
	EXPECT_EQ(sys_unlink("/sfout"), 0);
	proc_leave(&s);
	kfree(data);
	kfree(back);
}
