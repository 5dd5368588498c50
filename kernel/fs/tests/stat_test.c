/*
 * Self-tests of stat.c (suite stat): struct stat's layout (Linux x86_64's
 * offsets and size), the fields for each kind of node (regular file with
 * holes, directory link counts, symbolic link, device numbers, pipe),
 * stat against lstat, newfstatat with AT_EMPTY_PATH (glibc's fstat) and
 * AT_SYMLINK_NOFOLLOW, and the errnos: EBADF, EFAULT, EINVAL, ENOENT,
 * ENOTDIR.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "errno.h"
#include "proc_ctx.h"

KTEST(stat, layout_is_linux_x86_64s)
{
	EXPECT_EQ(sizeof(struct stat), 144);
	EXPECT_EQ(offsetof(struct stat, st_nlink), 16);
	EXPECT_EQ(offsetof(struct stat, st_mode), 24);
	EXPECT_EQ(offsetof(struct stat, st_rdev), 40);
	EXPECT_EQ(offsetof(struct stat, st_size), 48);
	EXPECT_EQ(offsetof(struct stat, st_blocks), 64);
	EXPECT_EQ(offsetof(struct stat, st_mtime), 88);
}

KTEST(stat, fields_of_each_kind_of_node)
{
	struct saved_ctx s;
	struct stat st, st2;
	int p[2];
	long fd;

	ASSERT_TRUE(proc_enter(&s, 16));
	EXPECT_EQ(sys_mkdir("/st", 0750), 0);
	EXPECT_EQ(sys_mkdir("/st/d1", 0755), 0);
	EXPECT_EQ(sys_mkdir("/st/d2", 0755), 0);
	fd = sys_open("/st/f", O_RDWR | O_CREAT, 0640);
	/* One byte at 1 MiB: a hole before it takes no blocks. */
	EXPECT_EQ(sys_pwrite64((unsigned int)fd, "x", 1, 1 << 20), 1);
	EXPECT_EQ(sys_stat("/st/f", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 0640);
	EXPECT_EQ(st.st_size, (1 << 20) + 1);
	EXPECT_EQ(st.st_blocks, 8);	/* one page */
	EXPECT_EQ(st.st_blksize, 4096);
	EXPECT_EQ(st.st_nlink, 1);
	EXPECT_EQ(st.st_uid, 0);
	EXPECT_EQ(st.st_dev, RAMFS_DEV);
	EXPECT_EQ(sys_fstat((unsigned int)fd, &st2), 0);
	EXPECT_EQ(st2.st_ino, st.st_ino);
	/* Directories: 2 + subdirectories. */
	EXPECT_EQ(sys_stat("/st", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFDIR | 0750);
	EXPECT_EQ(st.st_nlink, 4);
	/* Links: lstat sees the text's length. */
	EXPECT_EQ(sys_symlink("f", "/st/l"), 0);
	EXPECT_EQ(sys_lstat("/st/l", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFLNK | 0777);
	EXPECT_EQ(st.st_size, 1);
	EXPECT_EQ(sys_newfstatat(AT_FDCWD, "/st/l", &st, 0), 0);
	EXPECT_EQ(st.st_ino, st2.st_ino);
	EXPECT_EQ(sys_newfstatat(AT_FDCWD, "/st/l", &st, AT_SYMLINK_NOFOLLOW), 0);
	EXPECT_EQ(st.st_mode, S_IFLNK | 0777);
	/* Devices carry Linux's numbers. */
	EXPECT_EQ(sys_stat("/dev/null", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFCHR | 0666);
	EXPECT_EQ(st.st_rdev, MKDEV_ABI(1, 3));
	/* Pipes: S_IFIFO, each its own inode number; glibc's fstat is AT_EMPTY_PATH. */
	EXPECT_EQ(sys_pipe(p), 0);
	EXPECT_EQ(sys_newfstatat(p[0], "", &st, AT_EMPTY_PATH), 0);
	EXPECT_EQ(st.st_mode, S_IFIFO | 0600);
	EXPECT_EQ(sys_fstat((unsigned int)p[1], &st2), 0);
	EXPECT_EQ(st2.st_ino, st.st_ino);
	EXPECT_NE(st.st_ino, 0);
	/* AT_EMPTY_PATH of AT_FDCWD is the current directory. */
	EXPECT_EQ(sys_chdir("/st"), 0);
	EXPECT_EQ(sys_newfstatat(AT_FDCWD, "", &st, AT_EMPTY_PATH), 0);
	EXPECT_EQ(st.st_nlink, 4);
	/* An unlinked open file has no links. */
	EXPECT_EQ(sys_unlink("f"), 0);
	EXPECT_EQ(sys_fstat((unsigned int)fd, &st), 0);
	EXPECT_EQ(st.st_nlink, 0);
	/* The errnos. */
	EXPECT_EQ(sys_fstat(99, &st), -EBADF);
	EXPECT_EQ(sys_fstat((unsigned int)fd, (struct stat *)16), -EFAULT);
	EXPECT_EQ(sys_stat("d1", (struct stat *)16), -EFAULT);
	EXPECT_EQ(sys_stat((char *)16, &st), -EFAULT);
	EXPECT_EQ(sys_stat("", &st), -ENOENT);
	EXPECT_EQ(sys_stat("l", &st), -ENOENT);	/* dangling now */
	EXPECT_EQ(sys_stat("l/", &st), -ENOENT);
	EXPECT_EQ(sys_stat("/dev/null/", &st), -ENOTDIR);
	EXPECT_EQ(sys_newfstatat(AT_FDCWD, "d1", &st, 0x1), -EINVAL);
	EXPECT_EQ(sys_newfstatat(99, "", &st, AT_EMPTY_PATH), -EBADF);
	EXPECT_EQ(sys_newfstatat(99, "d1", &st, 0), -EBADF);
	EXPECT_EQ(sys_unlink("l"), 0);
	EXPECT_EQ(sys_rmdir("d1"), 0);
	EXPECT_EQ(sys_rmdir("d2"), 0);
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(sys_rmdir("/st"), 0);
	proc_leave(&s);
}
