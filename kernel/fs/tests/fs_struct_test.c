/*
 * Self-tests of fs_struct.c (suite fs_struct): getcwd(2) (ERANGE at
 * exactly the length, EFAULT, the name after a rename of an ancestor,
 * ENOENT once the directory is removed), umask(2), fs_copy keeping the
 * directory and the umask while later changes stay apart, fs_get
 * sharing them, and a task with no context working in "/".
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "errno.h"
#include "slab.h"
#include "proc_ctx.h"

KTEST(fs_struct, getcwd_errnos_and_renames)
{
	struct saved_ctx s;
	char buf[32];

	ASSERT_TRUE(proc_enter(&s, 8));
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 2);
	EXPECT_STREQ(buf, "/");
	EXPECT_EQ(sys_getcwd(buf, 1), -ERANGE);
	EXPECT_EQ(sys_getcwd(buf, 0), -ERANGE);
	EXPECT_EQ(sys_mkdir("/fsa", 0755), 0);
	EXPECT_EQ(sys_mkdir("/fsa/b", 0755), 0);
	EXPECT_EQ(sys_chdir("/fsa/b"), 0);
	EXPECT_EQ(sys_getcwd(buf, 7), 7);	/* "/fsa/b" and its NUL: just fits */
	EXPECT_EQ(sys_getcwd(buf, 6), -ERANGE);
	EXPECT_EQ(sys_getcwd((char *)16, sizeof(buf)), -EFAULT);
	EXPECT_EQ(sys_rename("/fsa", "/fsz"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 7);
	EXPECT_STREQ(buf, "/fsz/b");
	/* Removed while current: getcwd is ENOENT, lookups find nothing, creation fails. */
	EXPECT_EQ(sys_rmdir("/fsz/b"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), -ENOENT);
	EXPECT_EQ(sys_open("new", O_RDWR | O_CREAT, 0600), -ENOENT);
	EXPECT_EQ(sys_mkdir("d", 0700), -ENOENT);
	EXPECT_EQ(sys_access(".", F_OK), 0);
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(sys_rmdir("/fsz"), 0);
	proc_leave(&s);
}

/* A current directory deeper than PATH_MAX, reached by relative steps: getcwd cannot name it. */
KTEST(fs_struct, getcwd_beyond_path_max)
{
	struct saved_ctx s;
	char name[201], *buf = kmalloc(PATH_MAX);
	int depth = 0;

	ASSERT_NOT_NULL(buf);
	ASSERT_TRUE(proc_enter(&s, 8));
	memset(name, 'd', 200);
	name[200] = '\0';
	EXPECT_EQ(sys_mkdir("/fsdeep", 0755), 0);
	EXPECT_EQ(sys_chdir("/fsdeep"), 0);
	while (depth < 21 && sys_mkdir(name, 0755) == 0 && sys_chdir(name) == 0)
		depth++;
	EXPECT_EQ(depth, 21);	/* 7 + 21 * 201 + 1 bytes: past PATH_MAX */
	EXPECT_EQ(sys_getcwd(buf, PATH_MAX), -ENAMETOOLONG);
	EXPECT_EQ(sys_chdir(".."), 0);
	EXPECT_EQ(sys_getcwd(buf, PATH_MAX), 7 + 20 * 201 + 1);	/* "/fsdeep", 20 names, NUL */
	EXPECT_EQ(sys_getcwd(buf, 100), -ERANGE);
	for (; depth > 0; depth--) {
		EXPECT_EQ(sys_rmdir(name), 0);
		if (depth > 1)
			EXPECT_EQ(sys_chdir(".."), 0);
	}
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(sys_rmdir("/fsdeep"), 0);
	proc_leave(&s);
	kfree(buf);
}

KTEST(fs_struct, umask_copy_and_share)
{
	struct saved_ctx s;
	struct fs_struct *mine, *copy, *shared;
	char buf[16];

	ASSERT_TRUE(proc_enter(&s, 8));
	mine = current->fs;
	EXPECT_EQ(sys_umask(0777 | 07000), 022);
	EXPECT_EQ(sys_umask(077), 0777);	/* only the permission bits are kept */
	EXPECT_EQ(sys_chdir("/dev"), 0);
	copy = fs_copy(mine);
	shared = fs_get(mine);
	EXPECT_NOT_NULL(copy);
	if (copy) {
		EXPECT_EQ(sys_umask(0), 077);	/* changes mine and the shared one */
		EXPECT_EQ(sys_chdir("/"), 0);
		current->fs = copy;	/* look through the copy */
		EXPECT_EQ(current_umask(), 077);
		EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 5);
		EXPECT_STREQ(buf, "/dev");
		current->fs = shared;
		EXPECT_EQ(current_umask(), 0);
		EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 2);
		current->fs = mine;
		fs_put(copy);
	}
	fs_put(shared);
	proc_leave(&s);
}

KTEST(fs_struct, no_context_means_root_and_022)
{
	struct fs_struct *saved = current->fs;
	char buf[8];

	current->fs = NULL;
	EXPECT_EQ(current_umask(), 022);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 2);
	EXPECT_EQ(sys_access("dev/null", F_OK), 0);	/* relative to "/" */
	/* chdir makes the task a context of its own. */
	EXPECT_EQ(sys_chdir("/dev"), 0);
	EXPECT_NOT_NULL(current->fs);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 5);
	fs_put(current->fs);
	current->fs = saved;
}
