/*
 * Self-tests of dirops.c (suite dirops): mkdir(2)/mkdirat(2),
 * unlink(2)/unlinkat(2), rmdir(2) errno for errno as Linux 6.1 (EEXIST
 * for "." and "..", EISDIR, ENOTDIR, ENOTEMPTY, EBUSY, EINVAL, ENOENT,
 * EFAULT, ENAMETOOLONG), the umask on mkdir, unlinkat's flags, and the
 * *at forms relative to a directory fd.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "errno.h"
#include "proc_ctx.h"

KTEST(dirops, mkdir_unlink_rmdir_errnos)
{
	struct saved_ctx s;
	struct stat st;
	long dfd;

	ASSERT_TRUE(proc_enter(&s, 8));
	EXPECT_EQ(sys_mkdir("/do", 0777), 0);
	EXPECT_EQ(sys_stat("/do", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFDIR | 0755);	/* umask 022 */
	EXPECT_EQ(sys_mkdir("/do/sub/", 0700), 0);	/* a trailing slash is fine for mkdir */
	EXPECT_EQ(sys_mkdir("/do", 0755), -EEXIST);
	EXPECT_EQ(sys_mkdir("/do/.", 0755), -EEXIST);
	EXPECT_EQ(sys_mkdir("/do/..", 0755), -EEXIST);
	EXPECT_EQ(sys_mkdir("/", 0755), -EEXIST);
	EXPECT_EQ(sys_mkdir("/do/missing/x", 0755), -ENOENT);
	EXPECT_EQ(sys_mkdir("", 0755), -ENOENT);
	EXPECT_EQ(sys_mkdir((char *)16, 0755), -EFAULT);
	EXPECT_EQ(sys_close((unsigned int)sys_open("/do/f", O_CREAT | O_RDWR, 0600)), 0);
	EXPECT_EQ(sys_mkdir("/do/f/x", 0755), -ENOTDIR);
	EXPECT_EQ(sys_unlink("/do/sub"), -EISDIR);
	EXPECT_EQ(sys_unlink("/"), -EISDIR);
	EXPECT_EQ(sys_unlink("/do/."), -EISDIR);
	EXPECT_EQ(sys_unlink("/do/f/"), -ENOTDIR);
	EXPECT_EQ(sys_unlink("/do/nothing/"), -ENOENT);
	EXPECT_EQ(sys_rmdir("/do/f"), -ENOTDIR);
	EXPECT_EQ(sys_rmdir("/do"), -ENOTEMPTY);
	EXPECT_EQ(sys_rmdir("/do/sub/."), -EINVAL);
	EXPECT_EQ(sys_rmdir("/do/sub/.."), -ENOTEMPTY);
	EXPECT_EQ(sys_rmdir("/"), -EBUSY);
	EXPECT_EQ(sys_rmdir("/do/none"), -ENOENT);
	/* unlinkat: only AT_REMOVEDIR; relative to a directory fd. */
	dfd = sys_open("/do", O_RDONLY | O_DIRECTORY, 0);
	EXPECT_EQ(sys_unlinkat((int)dfd, "f", 0x1), -EINVAL);
	EXPECT_EQ(sys_unlinkat((int)dfd, "sub", 0), -EISDIR);
	EXPECT_EQ(sys_unlinkat((int)dfd, "sub", AT_REMOVEDIR), 0);
	EXPECT_EQ(sys_mkdirat((int)dfd, "sub2", 0700), 0);
	EXPECT_EQ(sys_access("/do/sub2", F_OK), 0);
	EXPECT_EQ(sys_unlinkat((int)dfd, "f", 0), 0);
	EXPECT_EQ(sys_unlinkat((int)dfd, "sub2", AT_REMOVEDIR), 0);
	EXPECT_EQ(sys_rmdir("/do"), 0);
	EXPECT_EQ(sys_mkdirat((int)dfd, "x", 0700), -ENOENT);	/* in a removed directory */
	proc_leave(&s);
}
