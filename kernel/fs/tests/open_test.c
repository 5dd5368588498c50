/*
 * Self-tests of open.c (suite open): openat(2) and its flags errno for
 * errno against Linux 6.1 (O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY,
 * O_NOFOLLOW, O_PATH, O_APPEND, O_CLOEXEC, access mode 3), relative paths
 * from the current directory and from directory fds (EBADF, ENOTDIR),
 * EMFILE, EFAULT and ENAMETOOLONG for the path, access(2), chdir(2),
 * fchdir(2), chmod(2) fchmod(2) fchmodat(2), truncate(2) and ftruncate(2).  The calls are made as a
 * process makes them, from a task given its own descriptor table and
 * file-system context; its kernel pointers pass as user pointers because
 * a kernel thread's address limit is KERNEL_DS (uaccess.h), and a bad
 * one (the unmapped page 0) faults as a program's would.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "slab.h"
#include "errno.h"
#include "proc_ctx.h"

#define BAD_PTR	((void *)16)	/* unmapped: the copy faults */

static long open_rd(const char *path)
{
	return sys_openat(AT_FDCWD, path, O_RDONLY, 0);
}

KTEST(open, flags_and_errnos_as_linux)
{
	struct saved_ctx s;
	char buf[8];
	long fd;

	ASSERT_TRUE(proc_enter(&s, 64));
	EXPECT_EQ(sys_mkdir("/ot", 0755), 0);
	fd = sys_openat(AT_FDCWD, "/ot/f", O_RDWR | O_CREAT | O_EXCL, 0644);
	EXPECT_EQ(fd, 0);	/* the lowest free descriptor */
	EXPECT_EQ(sys_write(0, "hello", 5), 5);
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot/f", O_RDWR | O_CREAT | O_EXCL, 0644), -EEXIST);
	EXPECT_EQ(open_rd(""), -ENOENT);
	EXPECT_EQ(open_rd("/ot/missing"), -ENOENT);
	EXPECT_EQ(open_rd("/ot/f/x"), -ENOTDIR);
	EXPECT_EQ(open_rd("/ot/f/"), -ENOTDIR);
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot/f", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot", O_WRONLY, 0), -EISDIR);
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot", 3, 0), -EISDIR);	/* mode 3 asks to write */
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot", O_RDONLY | O_TRUNC, 0), -EISDIR);
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot", O_RDONLY | O_CREAT, 0), -EISDIR);
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot/new/", O_RDWR | O_CREAT, 0644), -EISDIR);
	EXPECT_EQ(open_rd(BAD_PTR), -EFAULT);
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot/t", O_TMPFILE | O_RDWR, 0600), -EOPNOTSUPP);
	/* No direct I/O in the ramfs: O_DIRECT is refused before O_TRUNC empties anything. */
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot/f", O_RDWR | O_DIRECT | O_TRUNC, 0), -EINVAL);
	EXPECT_EQ(sys_openat(AT_FDCWD, "/ot", O_RDONLY | O_DIRECT, 0), -EINVAL);
	/* Access mode 3 opens a file for neither reading nor writing. */
	fd = sys_openat(AT_FDCWD, "/ot/f", 3, 0);
	EXPECT_GE(fd, 0);
	EXPECT_EQ(sys_read((unsigned int)fd, buf, 1), -EBADF);
	EXPECT_EQ(sys_write((unsigned int)fd, "x", 1), -EBADF);
	EXPECT_EQ(sys_close((unsigned int)fd), 0);
	/* O_PATH: a handle that neither reads nor seeks, but fstat and F_GETFL work. */
	fd = sys_openat(AT_FDCWD, "/ot/f", O_PATH | O_RDWR | O_TRUNC, 0);
	EXPECT_GE(fd, 0);
	EXPECT_EQ(sys_read((unsigned int)fd, buf, 1), -EBADF);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, SEEK_SET), -EBADF);
	EXPECT_EQ(sys_fcntl((unsigned int)fd, F_GETFL, 0), O_PATH);	/* O_PATH drops O_LARGEFILE */
	EXPECT_EQ(sys_close((unsigned int)fd), 0);
	/* O_PATH did not truncate; O_TRUNC of a read-only open does, as Linux. */
	fd = open_rd("/ot/f");
	EXPECT_EQ(sys_read((unsigned int)fd, buf, 8), 5);
	EXPECT_EQ(sys_close((unsigned int)fd), 0);
	fd = sys_openat(AT_FDCWD, "/ot/f", O_RDONLY | O_TRUNC, 0);
	EXPECT_EQ(sys_read((unsigned int)fd, buf, 8), 0);
	EXPECT_EQ(sys_close((unsigned int)fd), 0);
	EXPECT_EQ(sys_close((unsigned int)fd), -EBADF);
	EXPECT_EQ(sys_close(0x80000000u), -EBADF);
	EXPECT_EQ(sys_unlink("/ot/f"), 0);
	EXPECT_EQ(sys_rmdir("/ot"), 0);
	proc_leave(&s);
}

KTEST(open, append_cloexec_and_umask)
{
	struct saved_ctx s;
	struct stat st;
	char buf[16];
	long fd, fd2;

	ASSERT_TRUE(proc_enter(&s, 64));
	EXPECT_EQ(sys_umask(027), 022);
	fd = sys_open("/oa", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	EXPECT_GE(fd, 0);
	EXPECT_EQ(sys_fcntl((unsigned int)fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(sys_fcntl((unsigned int)fd, F_GETFL, 0), O_WRONLY | O_APPEND | O_LARGEFILE);
	EXPECT_EQ(sys_write((unsigned int)fd, "abc", 3), 3);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, SEEK_SET), 0);
	EXPECT_EQ(sys_write((unsigned int)fd, "de", 2), 2);	/* O_APPEND: at the end anyway */
	EXPECT_EQ(sys_pwrite64((unsigned int)fd, "f", 1, 0), 1);	/* pwrite too, as Linux */
	EXPECT_EQ(sys_stat("/oa", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 0640);	/* 0666 & ~027 */
	EXPECT_EQ(st.st_size, 6);
	fd2 = sys_open("/oa", O_RDONLY, 0);
	EXPECT_EQ(sys_read((unsigned int)fd2, buf, sizeof(buf)), 6);
	EXPECT_EQ(memcmp(buf, "abcdef", 6), 0);
	EXPECT_EQ(sys_fcntl((unsigned int)fd2, F_GETFD, 0), 0);
	/* creat is O_CREAT|O_WRONLY|O_TRUNC. */
	fd = sys_creat("/oa", 0600);
	EXPECT_GE(fd, 0);
	EXPECT_EQ(sys_fstat((unsigned int)fd, &st), 0);
	EXPECT_EQ(st.st_size, 0);
	EXPECT_EQ(sys_umask(022), 027);
	EXPECT_EQ(sys_unlink("/oa"), 0);
	proc_leave(&s);
}

KTEST(open, relative_paths_and_dirfds)
{
	struct saved_ctx s;
	char buf[64];
	long dfd, fd, pfd;

	ASSERT_TRUE(proc_enter(&s, 64));
	EXPECT_EQ(sys_mkdir("/orel", 0755), 0);
	EXPECT_EQ(sys_mkdir("/orel/sub", 0755), 0);
	dfd = sys_open("/orel", O_RDONLY | O_DIRECTORY, 0);
	EXPECT_GE(dfd, 0);
	fd = sys_openat((int)dfd, "sub/../f", O_RDWR | O_CREAT, 0600);
	EXPECT_GE(fd, 0);
	EXPECT_EQ(sys_access("/orel/f", F_OK), 0);
	/* A file as the base: ENOTDIR; a closed or negative fd: EBADF. */
	EXPECT_EQ(sys_openat((int)fd, "x", O_RDONLY, 0), -ENOTDIR);
	EXPECT_EQ(sys_openat(63, "x", O_RDONLY, 0), -EBADF);
	EXPECT_EQ(sys_openat(-5, "x", O_RDONLY, 0), -EBADF);
	/* An absolute path never looks at the base, as Linux. */
	EXPECT_GE(sys_openat(-5, "/orel/f", O_RDONLY, 0), 0);
	/* An O_PATH directory is a base too. */
	pfd = sys_open("/orel/sub", O_PATH, 0);
	EXPECT_EQ(sys_mkdirat((int)pfd, "inner", 0700), 0);
	EXPECT_EQ(sys_access("/orel/sub/inner", X_OK), 0);
	/* chdir and fchdir move the base of AT_FDCWD; getcwd names it. */
	EXPECT_EQ(sys_chdir("/orel/sub"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 10);
	EXPECT_STREQ(buf, "/orel/sub");
	EXPECT_EQ(sys_access("inner", F_OK), 0);
	EXPECT_EQ(sys_access("../f", R_OK | W_OK), 0);
	EXPECT_EQ(sys_access("../f", X_OK), -EACCES);
	EXPECT_EQ(sys_access("../f", 8), -EINVAL);
	EXPECT_EQ(sys_chdir("../f"), -ENOTDIR);
	EXPECT_EQ(sys_fchdir((unsigned int)fd), -ENOTDIR);
	EXPECT_EQ(sys_fchdir(40), -EBADF);
	EXPECT_EQ(sys_fchdir((unsigned int)dfd), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 6);
	EXPECT_STREQ(buf, "/orel");
	EXPECT_EQ(sys_unlinkat(AT_FDCWD, "sub/inner", AT_REMOVEDIR), 0);
	EXPECT_EQ(sys_rmdir("sub"), 0);
	EXPECT_EQ(sys_unlink("f"), 0);
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(sys_rmdir("orel"), 0);
	proc_leave(&s);
}

/* What execve uses: open by a kernel path, relative to the current directory, no fd. */
KTEST(open, kernel_openat_for_exec)
{
	struct saved_ctx s;
	struct file *f = NULL;
	long live = nr_files_live();

	ASSERT_TRUE(proc_enter(&s, 4));
	EXPECT_EQ(sys_chdir("/dev"), 0);
	EXPECT_EQ(kernel_openat(AT_FDCWD, "null", O_RDONLY, 0, &f), 0);
	EXPECT_NOT_NULL(f);
	if (f) {
		EXPECT_TRUE(S_ISCHR(f->f_inode->mode));
		fput(f);
	}
	EXPECT_EQ(kernel_openat(AT_FDCWD, "", O_RDONLY, 0, &f), -ENOENT);
	EXPECT_EQ(kernel_openat(AT_FDCWD, "missing", O_RDONLY, 0, &f), -ENOENT);
	EXPECT_EQ(kernel_openat(3, "null", O_RDONLY, 0, &f), -EBADF);
	EXPECT_EQ(nr_files_live(), live);
	proc_leave(&s);
}

KTEST(open, emfile_and_long_names)
{
	struct saved_ctx s;
	char *path = kmalloc(PATH_MAX + 1);

	ASSERT_NOT_NULL(path);
	ASSERT_TRUE(proc_enter(&s, 4));
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(sys_open("/dev/null", O_RDONLY, 0), i);
	EXPECT_EQ(sys_open("/dev/null", O_RDONLY, 0), -EMFILE);
	EXPECT_EQ(sys_pipe2((int *)path, 0), -EMFILE);
	EXPECT_EQ(sys_close(2), 0);
	EXPECT_EQ(sys_open("/dev/zero", O_RDONLY, 0), 2);
	/* A path of PATH_MAX bytes (no NUL within): ENAMETOOLONG; a component over NAME_MAX too. */
	memset(path, 'a', PATH_MAX);
	path[PATH_MAX] = '\0';
	EXPECT_EQ(sys_access(path, F_OK), -ENAMETOOLONG);
	path[0] = '/';
	path[NAME_MAX + 2] = '\0';
	EXPECT_EQ(sys_access(path, F_OK), -ENAMETOOLONG);
	path[NAME_MAX + 1] = '\0';
	EXPECT_EQ(sys_access(path, F_OK), -ENOENT);
	proc_leave(&s);
	kfree(path);
}

KTEST(open, truncate_and_ftruncate)
{
	struct saved_ctx s;
	struct stat st;
	char buf[8];
	long fd, rfd;

	ASSERT_TRUE(proc_enter(&s, 64));
	fd = sys_open("/otr", O_RDWR | O_CREAT, 0644);
	EXPECT_EQ(sys_write((unsigned int)fd, "12345678", 8), 8);
	EXPECT_EQ(sys_ftruncate((unsigned int)fd, 3), 0);
	EXPECT_EQ(sys_pread64((unsigned int)fd, buf, 8, 0), 3);
	/* Growing leaves a hole that reads as zeroes, even where bytes were cut off. */
	EXPECT_EQ(sys_truncate("/otr", 6), 0);
	EXPECT_EQ(sys_pread64((unsigned int)fd, buf, 8, 0), 6);
	EXPECT_EQ(memcmp(buf, "123\0\0\0", 6), 0);
	EXPECT_EQ(sys_ftruncate((unsigned int)fd, (unsigned long)-1), -EINVAL);
	EXPECT_EQ(sys_truncate("/otr", -1), -EINVAL);
	EXPECT_EQ(sys_truncate("/otr", RAMFS_MAX_SIZE + 1), -EFBIG);
	EXPECT_EQ(sys_truncate("/dev", 0), -EISDIR);
	EXPECT_EQ(sys_truncate("/dev/null", 0), -EINVAL);
	EXPECT_EQ(sys_truncate("/otr-missing", 0), -ENOENT);
	rfd = sys_open("/otr", O_RDONLY, 0);
	EXPECT_EQ(sys_ftruncate((unsigned int)rfd, 0), -EINVAL);	/* not open for writing */
	EXPECT_EQ(sys_ftruncate(60, 0), -EBADF);
	EXPECT_EQ(sys_fstat((unsigned int)rfd, &st), 0);
	EXPECT_EQ(st.st_size, 6);
	EXPECT_EQ(sys_unlink("/otr"), 0);
	proc_leave(&s);
}

KTEST(open, chmod_changes_permissions_only)
{
	struct saved_ctx s;
	struct stat st;
	int pipefd[2];
	long fd;

	ASSERT_TRUE(proc_enter(&s, 64));
	fd = sys_openat(AT_FDCWD, "/chm", O_RDWR | O_CREAT | O_EXCL, 0644);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(sys_chmod("/chm", 04755), 0);
	EXPECT_EQ(sys_stat("/chm", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 04755);
	EXPECT_EQ(sys_access("/chm", X_OK), 0);
	/* The type bits are not the caller's to change. */
	EXPECT_EQ(sys_fchmod((unsigned int)fd, 0600 | S_IFDIR), 0);
	EXPECT_EQ(sys_fstat((unsigned int)fd, &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 0600);
	EXPECT_EQ(sys_access("/chm", X_OK), -EACCES);
	EXPECT_EQ(sys_fchmodat(AT_FDCWD, "chm", 0444), 0);	/* relative to the cwd, "/" */
	EXPECT_EQ(sys_stat("/chm", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 0444);
	EXPECT_EQ(sys_chmod("/nonexistent", 0644), -ENOENT);
	EXPECT_EQ(sys_chmod("/chm/x", 0644), -ENOTDIR);
	EXPECT_EQ(sys_chmod(BAD_PTR, 0644), -EFAULT);
	EXPECT_EQ(sys_fchmod(999, 0644), -EBADF);
	ASSERT_EQ(sys_pipe2(pipefd, 0), 0);
	EXPECT_EQ(sys_fchmod((unsigned int)pipefd[0], 0644), -EINVAL);	/* no node: the limit */
	EXPECT_EQ(sys_close((unsigned int)pipefd[0]), 0);
	EXPECT_EQ(sys_close((unsigned int)pipefd[1]), 0);
	EXPECT_EQ(sys_close((unsigned int)fd), 0);
	EXPECT_EQ(sys_unlink("/chm"), 0);
	proc_leave(&s);
}
