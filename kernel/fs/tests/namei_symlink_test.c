/*
 * Self-tests of namei.c's symbolic links (suite namei_symlink): links in
 * the middle and at the end of a path, relative and absolute texts,
 * chains, the 40-link limit (-ELOOP at the 41st), loops, O_NOFOLLOW,
 * trailing slashes, creation through a dangling link, links whose text is
 * computed per walk (the /proc/self/exe hook), and lstat against stat.
 * Driven through the system calls from a task with its own descriptor
 * table and context (see open_test.c for why kernel pointers work).
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "printf.h"
#include "errno.h"
#include "proc_ctx.h"

static long mode_of(const char *path, bool follow)
{
	struct stat st;
	long err = follow ? sys_stat(path, &st) : sys_lstat(path, &st);

	return err ? err : (long)st.st_mode;
}

static const char *const made[] = {
	"/sl/rel", "/sl/abs", "/sl/chain", "/sl/root", "/sl/dangling", "/sl/nowhere", "/sl/real/f",
};

KTEST(namei_symlink, followed_in_the_middle_and_at_the_end)
{
	struct saved_ctx s;
	char buf[64];
	long fd;

	ASSERT_TRUE(proc_enter(&s, 64));
	EXPECT_EQ(sys_mkdir("/sl", 0755), 0);
	EXPECT_EQ(sys_mkdir("/sl/real", 0755), 0);
	fd = sys_open("/sl/real/f", O_WRONLY | O_CREAT, 0644);
	EXPECT_EQ(sys_write((unsigned int)fd, "data", 4), 4);
	EXPECT_EQ(sys_symlink("real", "/sl/rel"), 0);		/* relative to its directory */
	EXPECT_EQ(sys_symlink("/sl/real/f", "/sl/abs"), 0);
	EXPECT_EQ(sys_symlink("rel/../abs", "/sl/chain"), 0);	/* ".." from the link's target */
	EXPECT_EQ(sys_symlink("/", "/sl/root"), 0);
	EXPECT_EQ(sys_symlink("nowhere", "/sl/dangling"), 0);
	EXPECT_EQ(sys_symlink("x", "/sl/abs"), -EEXIST);
	EXPECT_EQ(sys_symlink("", "/sl/empty"), -ENOENT);
	EXPECT_EQ(sys_symlink("x", "/sl/new/"), -ENOENT);
	fd = sys_open("/sl/rel/f", O_RDONLY, 0);
	EXPECT_EQ(sys_read((unsigned int)fd, buf, sizeof(buf)), 4);
	fd = sys_open("/sl/chain", O_RDONLY, 0);
	EXPECT_EQ(sys_read((unsigned int)fd, buf, sizeof(buf)), 4);
	EXPECT_EQ(mode_of("/sl/root/sl/rel/f", true), S_IFREG | 0644);
	EXPECT_EQ(mode_of("/sl/root", true), S_IFDIR | 0755);
	/* lstat sees the link; a trailing slash follows it anyway. */
	EXPECT_EQ(mode_of("/sl/rel", false), S_IFLNK | 0777);
	EXPECT_EQ(mode_of("/sl/rel/", false), S_IFDIR | 0755);
	EXPECT_EQ(mode_of("/sl/abs/", true), -ENOTDIR);
	EXPECT_EQ(mode_of("/sl/dangling", true), -ENOENT);
	EXPECT_EQ(mode_of("/sl/dangling", false), S_IFLNK | 0777);
	/* readlink: the text, cut to the buffer, not NUL-terminated; -EINVAL for a non-link. */
	memset(buf, 'z', sizeof(buf));
	EXPECT_EQ(sys_readlink("/sl/chain", buf, sizeof(buf)), 10);
	EXPECT_EQ(memcmp(buf, "rel/../absz", 11), 0);
	EXPECT_EQ(sys_readlink("/sl/chain", buf, 3), 3);
	EXPECT_EQ(sys_readlink("/sl/chain", buf, 0), -EINVAL);
	EXPECT_EQ(sys_readlink("/sl/real", buf, sizeof(buf)), -EINVAL);
	EXPECT_EQ(sys_readlink("/sl/rel/", buf, sizeof(buf)), -EINVAL);	/* followed: a dir */
	EXPECT_EQ(sys_readlink("/sl/chain", (char *)16, sizeof(buf)), -EFAULT);
	/* O_NOFOLLOW: ELOOP on a last link, a link in the middle still followed. */
	EXPECT_EQ(sys_open("/sl/abs", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
	EXPECT_GE(sys_open("/sl/rel/f", O_RDONLY | O_NOFOLLOW, 0), 0);
	EXPECT_GE(sys_open("/sl/abs", O_PATH | O_NOFOLLOW, 0), 0);	/* the link itself */
	/* O_CREAT through a dangling link makes its target; O_EXCL refuses the link. */
	EXPECT_EQ(sys_open("/sl/dangling", O_RDWR | O_CREAT | O_EXCL, 0600), -EEXIST);
	EXPECT_GE(sys_open("/sl/dangling", O_RDWR | O_CREAT, 0600), 0);
	EXPECT_EQ(mode_of("/sl/nowhere", false), S_IFREG | 0600);
	/* mkdir does not follow: a link is in the way. */
	EXPECT_EQ(sys_mkdir("/sl/dangling", 0755), -EEXIST);
	/* unlink removes the link, never its target; "link/" is ENOTDIR. */
	EXPECT_EQ(sys_unlink("/sl/rel/"), -ENOTDIR);
	EXPECT_EQ(sys_rmdir("/sl/rel"), -ENOTDIR);
	for (size_t i = 0; i < ARRAY_SIZE(made); i++)
		EXPECT_EQ(sys_unlink(made[i]), 0);
	EXPECT_EQ(sys_rmdir("/sl/real"), 0);
	EXPECT_EQ(sys_rmdir("/sl"), 0);
	proc_leave(&s);
}

KTEST(namei_symlink, forty_links_then_eloop)
{
	struct saved_ctx s;
	char name[32], target[32];

	ASSERT_TRUE(proc_enter(&s, 8));
	EXPECT_EQ(sys_mkdir("/sll", 0755), 0);
	EXPECT_EQ(sys_mkdir("/sll/end", 0755), 0);
	/* l0 -> end, l1 -> l0, ... l40 -> l39: walking l<n> follows n + 1 links. */
	for (int i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "/sll/l%d", i);
		if (i == 0)
			strlcpy(target, "end", sizeof(target));
		else
			snprintf(target, sizeof(target), "l%d", i - 1);
		EXPECT_EQ(sys_symlink(target, name), 0);
	}
	EXPECT_EQ(mode_of("/sll/l39", true), S_IFDIR | 0755);	/* 40 links */
	EXPECT_EQ(mode_of("/sll/l40", true), -ELOOP);		/* 41 */
	EXPECT_EQ(mode_of("/sll/l39/", false), S_IFDIR | 0755);
	EXPECT_EQ(mode_of("/sll/l40/x", true), -ELOOP);	/* in the middle too */
	EXPECT_EQ(mode_of("/sll/l40", false), S_IFLNK | 0777);
	/* A loop: a -> b -> a. */
	EXPECT_EQ(sys_symlink("b", "/sll/a"), 0);
	EXPECT_EQ(sys_symlink("a", "/sll/b"), 0);
	EXPECT_EQ(sys_open("/sll/a", O_RDONLY, 0), -ELOOP);
	EXPECT_EQ(sys_open("/sll/a/x", O_RDONLY | O_CREAT, 0600), -ELOOP);
	EXPECT_EQ(sys_unlink("/sll/a"), 0);
	EXPECT_EQ(sys_unlink("/sll/b"), 0);
	for (int i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "/sll/l%d", i);
		EXPECT_EQ(sys_unlink(name), 0);
	}
	EXPECT_EQ(sys_rmdir("/sll/end"), 0);
	EXPECT_EQ(sys_rmdir("/sll"), 0);
	proc_leave(&s);
}

/* The per-walk text of the dynamic link: what the exec code would say of this task. */
static int test_exe_path(char *buf, size_t size)
{
	return snprintf(buf, size, "/sld/prog%d", current->pid % 2);
}

KTEST(namei_symlink, dynamic_link_text_per_walk)
{
	struct saved_ctx s;
	char buf[32], want[32];
	struct stat st;
	long fd;

	ASSERT_TRUE(proc_enter(&s, 8));
	EXPECT_EQ(sys_mkdir("/sld", 0755), 0);
	fd = sys_open("/sld/prog0", O_WRONLY | O_CREAT, 0755);
	EXPECT_EQ(sys_write((unsigned int)fd, "0", 1), 1);
	fd = sys_open("/sld/prog1", O_WRONLY | O_CREAT, 0755);
	EXPECT_EQ(sys_write((unsigned int)fd, "11", 2), 2);
	EXPECT_EQ(ramfs_symlink_dynamic("/sld/exe", test_exe_path), 0);
	snprintf(want, sizeof(want), "/sld/prog%d", current->pid % 2);
	EXPECT_EQ(sys_readlink("/sld/exe", buf, sizeof(buf)), 10);
	EXPECT_EQ(memcmp(buf, want, 10), 0);
	EXPECT_EQ(sys_stat("/sld/exe", &st), 0);
	EXPECT_EQ(st.st_size, current->pid % 2 + 1);
	EXPECT_EQ(sys_lstat("/sld/exe", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFLNK | 0777);
	EXPECT_EQ(sys_unlink("/sld/exe"), 0);
	EXPECT_EQ(sys_unlink("/sld/prog0"), 0);
	EXPECT_EQ(sys_unlink("/sld/prog1"), 0);
	EXPECT_EQ(sys_rmdir("/sld"), 0);
	proc_leave(&s);
}
