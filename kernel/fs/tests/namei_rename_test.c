/*
 * Self-tests of namei.c's rename (suite namei_rename): renameat2(2)'s
 * checks in Linux 6.1's order (EBUSY, ENOENT, EEXIST, ENOTDIR, EISDIR,
 * EINVAL into itself, ENOTEMPTY, flags), replacing, RENAME_NOREPLACE,
 * RENAME_EXCHANGE, renames across directories and of open files; and a
 * race: renames on other CPUs while getcwd walks up from a directory deep
 * in the moving tree always sees one whole path, old or new.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "errno.h"
#include "smp.h"
#include "sched.h"
#include "proc_ctx.h"

static long touch(const char *path)
{
	long fd = sys_open(path, O_WRONLY | O_CREAT, 0644);

	return fd < 0 ? fd : sys_close((unsigned int)fd);
}

KTEST(namei_rename, errnos_in_linuxs_order)
{
	struct saved_ctx s;

	ASSERT_TRUE(proc_enter(&s, 8));
	EXPECT_EQ(sys_mkdir("/rn", 0755), 0);
	EXPECT_EQ(sys_mkdir("/rn/d", 0755), 0);
	EXPECT_EQ(sys_mkdir("/rn/d/sub", 0755), 0);
	EXPECT_EQ(sys_mkdir("/rn/e", 0755), 0);
	EXPECT_EQ(touch("/rn/f"), 0);
	EXPECT_EQ(touch("/rn/e/g"), 0);
	EXPECT_EQ(sys_rename("/", "/rn/x"), -EBUSY);
	EXPECT_EQ(sys_rename("/rn/d/.", "/rn/x"), -EBUSY);
	EXPECT_EQ(sys_rename("/rn/f", "/rn/d/.."), -EBUSY);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/rn/f", AT_FDCWD, "/rn/..", RENAME_NOREPLACE), -EEXIST);
	EXPECT_EQ(sys_rename("/rn/missing", "/rn/x"), -ENOENT);
	EXPECT_EQ(sys_rename("/rn/f", "/rn/missing/x"), -ENOENT);
	EXPECT_EQ(sys_rename("/rn/f/", "/rn/x"), -ENOTDIR);
	EXPECT_EQ(sys_rename("/rn/f", "/rn/x/"), -ENOTDIR);
	EXPECT_EQ(sys_rename("/rn/d", "/rn/d/sub/x"), -EINVAL);	/* into itself */
	EXPECT_EQ(sys_rename("/rn/d", "/rn/d/x"), -EINVAL);
	EXPECT_EQ(sys_rename("/rn/d/sub", "/rn"), -ENOTEMPTY);	/* over its ancestor */
	EXPECT_EQ(sys_rename("/rn/d", "/rn/f"), -ENOTDIR);
	EXPECT_EQ(sys_rename("/rn/f", "/rn/d"), -EISDIR);
	EXPECT_EQ(sys_rename("/rn/d", "/rn/e"), -ENOTEMPTY);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/rn/f", AT_FDCWD, "/rn/e/g", RENAME_NOREPLACE), -EEXIST);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/rn/f", AT_FDCWD, "/rn/x", RENAME_EXCHANGE), -ENOENT);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/rn/f", AT_FDCWD, "/rn/x",
				RENAME_EXCHANGE | RENAME_NOREPLACE),
		  -EINVAL);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/rn/f", AT_FDCWD, "/rn/x", 8), -EINVAL);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/rn/f", AT_FDCWD, "/rn/e/g", RENAME_WHITEOUT), -EINVAL);
	EXPECT_EQ(sys_rename("/rn/f", (char *)16), -EFAULT);
	EXPECT_EQ(sys_renameat(-3, "f", AT_FDCWD, "/rn/x"), -EBADF);
	/* Over itself: nothing happens. */
	EXPECT_EQ(sys_rename("/rn/f", "/rn/./f"), 0);
	EXPECT_EQ(sys_access("/rn/f", F_OK), 0);
	EXPECT_EQ(sys_unlink("/rn/f"), 0);
	EXPECT_EQ(sys_unlink("/rn/e/g"), 0);
	EXPECT_EQ(sys_rmdir("/rn/e"), 0);
	EXPECT_EQ(sys_rmdir("/rn/d/sub"), 0);
	EXPECT_EQ(sys_rmdir("/rn/d"), 0);
	EXPECT_EQ(sys_rmdir("/rn"), 0);
	proc_leave(&s);
}

KTEST(namei_rename, moves_replaces_and_exchanges)
{
	struct saved_ctx s;
	struct stat st1, st2;
	char buf[8];
	long fd;

	ASSERT_TRUE(proc_enter(&s, 8));
	EXPECT_EQ(sys_mkdir("/rm", 0755), 0);
	EXPECT_EQ(sys_mkdir("/rm/a", 0755), 0);
	EXPECT_EQ(sys_mkdir("/rm/b", 0755), 0);
	fd = sys_open("/rm/a/f", O_RDWR | O_CREAT, 0644);
	EXPECT_EQ(sys_write((unsigned int)fd, "one", 3), 3);
	EXPECT_EQ(touch("/rm/b/g"), 0);
	EXPECT_EQ(sys_stat("/rm/a/f", &st1), 0);
	/* Across directories, replacing g; the open file follows its inode. */
	EXPECT_EQ(sys_rename("/rm/a/f", "/rm/b/g"), 0);
	EXPECT_EQ(sys_access("/rm/a/f", F_OK), -ENOENT);
	EXPECT_EQ(sys_stat("/rm/b/g", &st2), 0);
	EXPECT_EQ(st2.st_ino, st1.st_ino);
	EXPECT_EQ(sys_pread64((unsigned int)fd, buf, 8, 0), 3);
	/* A directory over an empty one; then exchange a file and a directory. */
	EXPECT_EQ(sys_mkdir("/rm/c", 0755), 0);
	EXPECT_EQ(sys_rename("/rm/a", "/rm/c"), 0);
	EXPECT_EQ(sys_access("/rm/a", F_OK), -ENOENT);
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/rm/b/g", AT_FDCWD, "/rm/c", RENAME_EXCHANGE), 0);
	EXPECT_EQ(sys_stat("/rm/c", &st2), 0);
	EXPECT_EQ(st2.st_ino, st1.st_ino);
	EXPECT_EQ(sys_stat("/rm/b/g", &st2), 0);
	EXPECT_TRUE(S_ISDIR(st2.st_mode));
	EXPECT_EQ(sys_renameat2(AT_FDCWD, "/rm/c", AT_FDCWD, "/rm/d", RENAME_NOREPLACE), 0);
	EXPECT_EQ(sys_unlink("/rm/d"), 0);
	EXPECT_EQ(sys_rmdir("/rm/b/g"), 0);
	EXPECT_EQ(sys_rmdir("/rm/b"), 0);
	EXPECT_EQ(sys_rmdir("/rm"), 0);
	proc_leave(&s);
}

static atomic_t renames_done;

/* Moves /rr/x between two names until the reader stops. */
static int renamer(void *arg)
{
	volatile bool *stop = arg;

	for (int i = 0; !READ_ONCE(*stop) && i < 100000; i++) {
		long err = i % 2 ? sys_rename("/rr/y", "/rr/x") : sys_rename("/rr/x", "/rr/y");

		/* Two renamers race: the name may just have been moved by the other. */
		if (err && err != -ENOENT)
			ktest_fail(__FILE__, __LINE__, "rename: %ld", err);
		atomic_inc(&renames_done);
	}
	return 0;
}

KTEST_OPTS(namei_rename, getcwd_sees_whole_paths_during_renames, .min_cpus = 2)
{
	struct saved_ctx s;
	struct task *t[2];
	bool stop = false;
	char buf[64];
	int odd = 0;

	ASSERT_TRUE(proc_enter(&s, 8));
	EXPECT_EQ(sys_mkdir("/rr", 0755), 0);
	EXPECT_EQ(sys_mkdir("/rr/x", 0755), 0);
	EXPECT_EQ(sys_mkdir("/rr/x/deep", 0755), 0);
	EXPECT_EQ(sys_chdir("/rr/x/deep"), 0);
	atomic_set(&renames_done, 0);
	for (int i = 0; i < 2; i++) {
		t[i] = kthread_create_on_cpu(renamer, &stop, 1 + i % (num_online_cpus() - 1),
					     "renamer%d", i);
		if (t[i])
			wake_up_process(t[i]);
	}
	for (int i = 0; i < 3000; i++) {
		long n = sys_getcwd(buf, sizeof(buf));

		if (n != 11 || (strcmp(buf, "/rr/x/deep") && strcmp(buf, "/rr/y/deep")))
			odd++;
	}
	WRITE_ONCE(stop, true);
	for (int i = 0; i < 2; i++)
		if (t[i])
			kthread_stop(t[i]);
	EXPECT_EQ(odd, 0);
	EXPECT_GT(atomic_read(&renames_done), 0);
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(sys_unlinkat(AT_FDCWD, "/rr/x/deep", AT_REMOVEDIR) == 0 ||
			  sys_unlinkat(AT_FDCWD, "/rr/y/deep", AT_REMOVEDIR) == 0,
		  1);
	EXPECT_EQ(sys_rmdir("/rr/x") == 0 || sys_rmdir("/rr/y") == 0, 1);
	EXPECT_EQ(sys_rmdir("/rr"), 0);
	proc_leave(&s);
}
