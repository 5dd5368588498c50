/*
 * Self-tests of path lookup and the operations by path: each errno Linux
 * gives for a bad path, mkdir/create/unlink/rmdir and what they refuse,
 * and creation and lookup in one directory from every CPU at once.  Each
 * test works under a directory of its own and removes all it made.
 */
#include "ktest.h"
#include "ramfs.h"
#include "file.h"
#include "smp.h"
#include "slab.h"
#include "string.h"
#include "printf.h"
#include "errno.h"

/* Opens path read-only: 0 or -errno, closing what was opened. */
static int try_open(const char *path, unsigned int flags)
{
	struct file *f;
	int err = ramfs_open(path, flags, 0644, &f);

	if (!err)
		fput(f);
	return err;
}

/* Makes path as an empty regular file; 0 or -errno. */
static int touch(const char *path)
{
	return try_open(path, O_RDWR | O_CREAT | O_EXCL);
}

KTEST(namei, lookup_errnos_are_linuxs)
{
	char *path = kmalloc(PATH_MAX + 1);

	ASSERT_NOT_NULL(path);
	ASSERT_EQ(ramfs_mkdir("/nt", 0755), 0);
	ASSERT_EQ(touch("/nt/file"), 0);
	EXPECT_EQ(try_open("", O_RDONLY), -ENOENT);
	EXPECT_EQ(try_open("nt/file", O_RDONLY), 0);	/* ramfs_open: relative to "/" */
	EXPECT_EQ(try_open("/nt/missing", O_RDONLY), -ENOENT);
	EXPECT_EQ(try_open("/nt/missing/x", O_RDONLY | O_CREAT), -ENOENT);
	EXPECT_EQ(try_open("/nt/file/x", O_RDONLY), -ENOTDIR);
	EXPECT_EQ(try_open("/nt/file/", O_RDONLY), -ENOTDIR);
	EXPECT_EQ(try_open("/nt/file", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	EXPECT_EQ(try_open("/nt", O_WRONLY), -EISDIR);
	EXPECT_EQ(try_open("/nt/new/", O_RDWR | O_CREAT), -EISDIR);
	EXPECT_EQ(try_open("/nt/file", O_RDWR | O_CREAT | O_EXCL), -EEXIST);
	/* "." and "..", repeated slashes, ".." of the root. */
	EXPECT_EQ(try_open("//nt/./../nt///file", O_RDONLY), 0);
	EXPECT_EQ(try_open("/../../nt/file", O_RDONLY), 0);
	EXPECT_EQ(try_open("/nt/.", O_RDONLY | O_DIRECTORY), 0);
	EXPECT_EQ(try_open("/", O_RDONLY | O_DIRECTORY), 0);
	/* A component of NAME_MAX bytes is a name; one more is too long. */
	path[0] = '/';
	memset(path + 1, 'n', NAME_MAX);
	path[1 + NAME_MAX] = '\0';
	EXPECT_EQ(try_open(path, O_RDONLY), -ENOENT);
	memcpy(path + 1 + NAME_MAX, "n", 2);
	EXPECT_EQ(try_open(path, O_RDONLY), -ENAMETOOLONG);
	EXPECT_EQ(ramfs_mkdir(path, 0755), -ENAMETOOLONG);
	/* A path of PATH_MAX - 1 bytes is looked up; PATH_MAX bytes are too long. */
	for (int i = 0; i < PATH_MAX; i += 2)
		memcpy(path + i, "/.", 2);
	path[PATH_MAX - 1] = '\0';
	EXPECT_EQ(try_open(path, O_RDONLY | O_DIRECTORY), 0);
	path[PATH_MAX - 1] = '/';
	path[PATH_MAX] = '\0';
	EXPECT_EQ(try_open(path, O_RDONLY), -ENAMETOOLONG);
	EXPECT_EQ(ramfs_unlink("/nt/file"), 0);
	EXPECT_EQ(ramfs_rmdir("/nt"), 0);
	kfree(path);
}

KTEST(namei, mkdir_create_unlink_rmdir)
{
	struct ramfs_stat st;

	ASSERT_EQ(ramfs_mkdir("/nt2", 0750), 0);
	EXPECT_EQ(ramfs_mkdir("/nt2", 0755), -EEXIST);
	EXPECT_EQ(ramfs_mkdir("/nt2/.", 0755), -EEXIST);
	EXPECT_EQ(ramfs_mkdir("/", 0755), -EEXIST);
	EXPECT_EQ(ramfs_mkdir("/nt2/sub/", 0700), 0);	/* a trailing slash is fine for a directory */
	EXPECT_EQ(ramfs_stat("/nt2/sub", &st), 0);
	EXPECT_EQ(st.mode, S_IFDIR | 0700);
	EXPECT_EQ(ramfs_stat("/nt2", &st), 0);
	EXPECT_EQ(st.mode, S_IFDIR | 0750);
	ASSERT_EQ(touch("/nt2/sub/f"), 0);
	EXPECT_EQ(ramfs_stat("/nt2/sub/f", &st), 0);
	EXPECT_EQ(st.mode, S_IFREG | 0644);
	EXPECT_EQ(ramfs_mkdir("/nt2/sub/f", 0755), -EEXIST);
	EXPECT_EQ(ramfs_mkdir("/nt2/sub/f/d", 0755), -ENOTDIR);
	/* What rmdir and unlink refuse. */
	EXPECT_EQ(ramfs_rmdir("/nt2/sub"), -ENOTEMPTY);
	EXPECT_EQ(ramfs_rmdir("/nt2/sub/f"), -ENOTDIR);
	EXPECT_EQ(ramfs_rmdir("/nt2/sub/."), -EINVAL);
	EXPECT_EQ(ramfs_rmdir("/nt2/sub/.."), -ENOTEMPTY);
	EXPECT_EQ(ramfs_rmdir("/"), -EBUSY);
	EXPECT_EQ(ramfs_rmdir("/nt2/none"), -ENOENT);
	EXPECT_EQ(ramfs_unlink("/nt2/sub"), -EISDIR);
	EXPECT_EQ(ramfs_unlink("/nt2/sub/f/"), -ENOTDIR);
	EXPECT_EQ(ramfs_unlink("/nt2/sub/none"), -ENOENT);
	/* And then it all goes. */
	EXPECT_EQ(ramfs_unlink("/nt2/sub/f"), 0);
	EXPECT_EQ(ramfs_stat("/nt2/sub/f", &st), -ENOENT);
	EXPECT_EQ(ramfs_unlink("/nt2/sub/f"), -ENOENT);
	EXPECT_EQ(ramfs_rmdir("/nt2/sub/"), 0);
	EXPECT_EQ(ramfs_rmdir("/nt2"), 0);
	EXPECT_EQ(ramfs_stat("/nt2", &st), -ENOENT);
}

/*
 * Every thread makes names of its own and races the others to make the
 * same shared names with O_CREAT|O_EXCL: each shared name must be made by
 * exactly one of them.  Then every thread looks every name up.
 */
#define RACE_OWN	16
#define RACE_SHARED	32

struct race {
	atomic_t next_id;
	atomic_t made[RACE_SHARED];	/* successful creations of shared name i */
	atomic_t found;
	int threads;
};

static int race_thread(void *arg)
{
	struct race *r = arg;
	int id = atomic_inc_return(&r->next_id) - 1;
	char name[32];
	int err;

	for (int i = 0; i < RACE_SHARED; i++) {
		/* Each thread starts at a different name, so they collide everywhere. */
		int k = (i + id) % RACE_SHARED;

		snprintf(name, sizeof(name), "/race/s%d", k);
		err = touch(name);
		if (!err)
			atomic_inc(&r->made[k]);
		else if (err != -EEXIST)
			ktest_fail(__FILE__, __LINE__, "touch %s: %d", name, err);
		snprintf(name, sizeof(name), "/race/t%d_%d", id, i % RACE_OWN);
		if (i < RACE_OWN && touch(name))
			ktest_fail(__FILE__, __LINE__, "touch %s failed", name);
	}
	for (int i = 0; i < RACE_SHARED; i++) {
		snprintf(name, sizeof(name), "/race/s%d", i);
		if (try_open(name, O_RDONLY) == 0)
			atomic_inc(&r->found);
	}
	return 0;
}

/* Counts the entries of a listing and the shared ones among them. */
struct census {
	int entries, shared;
};

static bool count_entry(void *ctx, const char *name, size_t len, unsigned long ino,
			unsigned int type)
{
	struct census *c = ctx;

	(void)len, (void)ino, (void)type;
	c->entries++;
	c->shared += name[0] == 's';
	return true;
}

KTEST(namei, concurrent_create_and_lookup_on_every_cpu)
{
	static struct race r;
	struct census c = { 0, 0 };
	char name[32];
	struct file *dir;

	memset(&r, 0, sizeof(r));
	r.threads = num_online_cpus();
	ASSERT_EQ(ramfs_mkdir("/race", 0755), 0);
	EXPECT_EQ(ktest_run_threads(race_thread, &r, 1), 0);
	for (int i = 0; i < RACE_SHARED; i++)
		EXPECT_EQ(atomic_read(&r.made[i]), 1);
	EXPECT_EQ(atomic_read(&r.found), r.threads * RACE_SHARED);
	/* The listing holds every name once: ".", "..", the shared and the own. */
	ASSERT_EQ(ramfs_open("/race", O_RDONLY, 0, &dir), 0);
	EXPECT_EQ(ramfs_iterate(dir, count_entry, &c), 0);
	fput(dir);
	EXPECT_EQ(c.entries, 2 + RACE_SHARED + r.threads * RACE_OWN);
	EXPECT_EQ(c.shared, RACE_SHARED);
	for (int i = 0; i < RACE_SHARED; i++) {
		snprintf(name, sizeof(name), "/race/s%d", i);
		EXPECT_EQ(ramfs_unlink(name), 0);
	}
	for (int t = 0; t < r.threads; t++) {
		for (int i = 0; i < RACE_OWN; i++) {
			snprintf(name, sizeof(name), "/race/t%d_%d", t, i);
			EXPECT_EQ(ramfs_unlink(name), 0);
		}
	}
	EXPECT_EQ(ramfs_rmdir("/race"), 0);
}
