/*
 * Self-tests of the ramfs inodes behind the paths: a file unlinked while
 * open keeps its data until closed, O_TRUNC, directories refuse reads and
 * list their entries with positions that survive changes in between,
 * device nodes open as their devices, and /dev as boot made it.  (The
 * anonymous files' reads and writes are tested in file_test.c.)
 */
#include "ktest.h"
#include "ramfs.h"
#include "file.h"
#include "string.h"
#include "errno.h"

KTEST(ramfs, unlinked_open_file_keeps_its_data)
{
	struct file *w, *r;
	char buf[8] = { 0 };

	ASSERT_EQ(ramfs_open("/rt_file", O_RDWR | O_CREAT | O_EXCL, 0600, &w), 0);
	EXPECT_EQ(vfs_write(w, "hello", 5, NULL), 5);
	ASSERT_EQ(ramfs_open("/rt_file", O_RDONLY, 0, &r), 0);
	EXPECT_EQ(ramfs_unlink("/rt_file"), 0);
	EXPECT_EQ(ramfs_open("/rt_file", O_RDONLY, 0, &w), -ENOENT);
	/* Both open files still reach the one inode. */
	EXPECT_EQ(vfs_write(w, "!", 1, NULL), 1);
	EXPECT_EQ(vfs_read(r, buf, sizeof(buf), NULL), 6);
	EXPECT_EQ(memcmp(buf, "hello!", 6), 0);
	EXPECT_STREQ(ramfs_name(r), "rt_file");
	fput(w);
	fput(r);
}

KTEST(ramfs, open_modes_and_truncation)
{
	struct ramfs_stat st;
	struct file *f;

	ASSERT_EQ(ramfs_open("/rt_trunc", O_WRONLY | O_CREAT, 0640, &f), 0);
	EXPECT_EQ(vfs_write(f, "abcdef", 6, NULL), 6);
	EXPECT_EQ(vfs_read(f, NULL, 0, NULL), -EBADF);	/* opened write-only */
	fput(f);
	/* Linux's do_open truncates a regular file even for a read-only open. */
	ASSERT_EQ(ramfs_open("/rt_trunc", O_RDONLY | O_TRUNC, 0, &f), 0);
	EXPECT_EQ(ramfs_size(f), 0);
	fput(f);
	/* O_CREAT of an existing file opens it and keeps its mode. */
	ASSERT_EQ(ramfs_open("/rt_trunc", O_RDWR | O_CREAT | O_TRUNC, 0777, &f), 0);
	EXPECT_EQ(ramfs_size(f), 0);
	fput(f);
	EXPECT_EQ(ramfs_stat("/rt_trunc", &st), 0);
	EXPECT_EQ(st.mode, S_IFREG | 0640);
	EXPECT_EQ(st.size, 0);
	EXPECT_EQ(ramfs_unlink("/rt_trunc"), 0);
}

/* Records the names a listing offers, up to a budget per call. */
struct listing {
	char names[8][8];
	int n, budget;
	int wrong_types;	/* here every "f*" is a file, everything else a directory */
};

static bool record(void *ctx, const char *name, size_t len, unsigned long ino, unsigned int type)
{
	struct listing *l = ctx;

	(void)ino;
	if (l->n == l->budget)
		return false;
	memcpy(l->names[l->n], name, min(len, sizeof(l->names[0]) - 1));
	l->names[l->n][min(len, sizeof(l->names[0]) - 1)] = '\0';
	l->n++;
	l->wrong_types += type != (name[0] == 'f' ? DT_REG : DT_DIR);
	return true;
}

KTEST(ramfs, listing_resumes_where_it_stopped)
{
	struct listing l = { .budget = 3 };
	struct file *dir, *f;

	ASSERT_EQ(ramfs_mkdir("/rt_dir", 0755), 0);
	for (const char *const *p =
		     (const char *const[]){ "/rt_dir/f1", "/rt_dir/f2", "/rt_dir/f3", NULL };
	     *p; p++) {
		ASSERT_EQ(ramfs_open(*p, O_RDWR | O_CREAT, 0600, &f), 0);
		fput(f);
	}
	ASSERT_EQ(ramfs_open("/rt_dir", O_RDONLY, 0, &dir), 0);
	EXPECT_EQ(vfs_read(dir, l.names, 1, NULL), -EISDIR);
	EXPECT_EQ(ramfs_iterate(dir, record, &l), 0);	/* ".", "..", f1 */
	/* Between two calls: f1 (listed) and f2 (not yet) go, d4 comes. */
	EXPECT_EQ(ramfs_unlink("/rt_dir/f1"), 0);
	EXPECT_EQ(ramfs_unlink("/rt_dir/f2"), 0);
	EXPECT_EQ(ramfs_mkdir("/rt_dir/d4", 0755), 0);
	l.budget = 8;
	EXPECT_EQ(ramfs_iterate(dir, record, &l), 0);
	EXPECT_EQ(l.n, 5);
	EXPECT_STREQ(l.names[0], ".");
	EXPECT_STREQ(l.names[1], "..");
	EXPECT_STREQ(l.names[2], "f1");
	EXPECT_STREQ(l.names[3], "f3");
	EXPECT_STREQ(l.names[4], "d4");
	EXPECT_EQ(l.wrong_types, 0);
	/* At the end a listing offers nothing more. */
	EXPECT_EQ(ramfs_iterate(dir, record, &l), 0);
	EXPECT_EQ(l.n, 5);
	EXPECT_EQ(ramfs_unlink("/rt_dir/f3"), 0);
	EXPECT_EQ(ramfs_rmdir("/rt_dir/d4"), 0);
	EXPECT_EQ(ramfs_rmdir("/rt_dir"), 0);
	/* A removed directory still open lists nothing: -ENOENT, as Linux's IS_DEADDIR. */
	dir->f_pos = 0;
	l.n = 0;
	EXPECT_EQ(ramfs_iterate(dir, record, &l), -ENOENT);
	EXPECT_EQ(l.n, 0);
	fput(dir);
}

KTEST(ramfs, iterate_refuses_a_file_that_is_no_directory)
{
	struct listing l = { .budget = 8 };
	struct file *f = ramfs_create("anon");

	ASSERT_NOT_NULL(f);
	EXPECT_EQ(ramfs_iterate(f, record, &l), -ENOTDIR);
	EXPECT_EQ(l.n, 0);
	fput(f);
}

KTEST(ramfs, dev_nodes_open_as_their_devices)
{
	struct ramfs_stat st;
	struct file *f;
	char buf[4] = { 1, 1, 1, 1 };

	EXPECT_EQ(ramfs_stat("/dev", &st), 0);
	EXPECT_EQ(st.mode, S_IFDIR | 0755);
	EXPECT_EQ(ramfs_stat("/dev/null", &st), 0);
	EXPECT_EQ(st.mode, S_IFCHR | 0666);
	ASSERT_EQ(ramfs_open("/dev/zero", O_RDONLY, 0, &f), 0);
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), NULL), 4);
	EXPECT_EQ(memcmp(buf, "\0\0\0\0", 4), 0);
	EXPECT_EQ(vfs_write(f, buf, 1, NULL), -EBADF);	/* opened read-only */
	fput(f);
	ASSERT_EQ(ramfs_open("/dev/null", O_RDWR, 0, &f), 0);
	EXPECT_EQ(vfs_write(f, buf, sizeof(buf), NULL), 4);
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), NULL), 0);
	EXPECT_NULL(ramfs_name(f));	/* a device file, not a ramfs one */
	fput(f);
	EXPECT_EQ(ramfs_open("/dev/null", O_RDONLY | O_DIRECTORY, 0, &f), -ENOTDIR);
}
