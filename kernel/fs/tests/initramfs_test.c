/*
 * Self-tests of the initramfs unpacker: archives built here entry by
 * entry (a good one, nested directories, entries that are skipped, and
 * each kind of malformed input) unpacked into a scratch directory, with
 * exactly what they must make checked; and the archive GRUB loaded, whose
 * /etc/hostname must read "ringlet", so a broken module path fails here.
 */
#include "ktest.h"
#include "../internal.h"
#include "initramfs.h"
#include "ramfs.h"
#include "file.h"
#include "slab.h"
#include "string.h"
#include "printf.h"
#include "errno.h"

#define SCRATCH		"/it"
#define ARCHIVE_MAX	4096

/* An archive being written: entries are appended at len. */
struct archive {
	char *buf;
	size_t len;
};

static void pad4(struct archive *a)
{
	while (a->len % 4)
		a->buf[a->len++] = '\0';
}

/* Appends one newc entry; rdev is a device's major and minor; data may be NULL for none. */
static void put_entry(struct archive *a, const char *name, unsigned int mode, unsigned int nlink,
		      const unsigned int rdev[2], const char *data)
{
	size_t size = data ? strlen(data) : 0;

	a->len += (size_t)snprintf(a->buf + a->len, ARCHIVE_MAX - a->len,
				   "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
				   1u, mode, 0u, 0u, nlink, 0u, size, 0u, 0u, rdev[0], rdev[1],
				   strlen(name) + 1, 0u);
	memcpy(a->buf + a->len, name, strlen(name) + 1);
	a->len += strlen(name) + 1;
	pad4(a);
	memcpy(a->buf + a->len, data ? data : "", size);
	a->len += size;
	pad4(a);
}

/* An entry that is not a device, with nlink links. */
static void put_links(struct archive *a, const char *name, unsigned int mode, unsigned int nlink,
		      const char *data)
{
	static const unsigned int none[2];

	put_entry(a, name, mode, nlink, none, data);
}

static void put(struct archive *a, const char *name, unsigned int mode, const char *data)
{
	put_links(a, name, mode, 1, data);
}

static void put_dev(struct archive *a, const char *name, unsigned int mode, unsigned int major,
		    unsigned int minor)
{
	const unsigned int rdev[2] = { major, minor };

	put_entry(a, name, mode, 1, rdev, NULL);
}

static void put_trailer(struct archive *a)
{
	put(a, "TRAILER!!!", 0, NULL);
}

/* Reads all of path into buf (NUL-terminated); the length or -errno. */
static long read_file(const char *path, char *buf, size_t size)
{
	struct file *f;
	long n;
	int err = ramfs_open(path, O_RDONLY, 0, &f);

	if (err)
		return err;
	n = vfs_read(f, buf, size - 1, NULL);
	fput(f);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static long mode_of(const char *path)
{
	struct ramfs_stat st;
	int err = ramfs_stat(path, &st);

	return err ? err : (long)st.mode;
}

/* The mode of path itself, a symbolic link not followed. */
static long lmode_of(const char *path)
{
	struct ramfs_inode *ri;
	long mode;
	int err = ramfs_lookup_at(NULL, path, false, &ri);

	if (err)
		return err;
	mode = ri->mode;
	ramfs_inode_put(ri);
	return mode;
}

/* Takes the first entry other than "." and ".." into ctx (a PATH_MAX buffer holding its parent). */
static bool first_child(void *ctx, const char *name, size_t len, unsigned long ino,
			unsigned int type)
{
	char *path = ctx;
	size_t at = strlen(path);

	(void)ino, (void)type;
	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return true;
	snprintf(path + at, PATH_MAX - at, "/%.*s", (int)len, name);
	return false;
}

/*
 * Removes the directory path and everything under it, returning how many
 * entries went.  A listing runs under the tree lock, so each round takes
 * one name and removes it after the listing.
 */
static int remove_tree(const char *path)
{
	char *child = kmalloc(PATH_MAX);
	int removed = 0;

	if (!child)
		return 0;
	for (;;) {
		struct file *dir;

		strlcpy(child, path, PATH_MAX);
		if (ramfs_open(path, O_RDONLY | O_DIRECTORY, 0, &dir))
			break;
		ramfs_iterate(dir, first_child, child);
		fput(dir);
		if (strcmp(child, path) == 0)
			break;	/* empty */
		if (ramfs_unlink(child) == -EISDIR)
			removed += remove_tree(child);
		else
			removed++;
	}
	kfree(child);
	return removed + (ramfs_rmdir(path) == 0);
}

/*
 * Makes SCRATCH/dev/NAME as the same device node as /dev/NAME, as
 * devices_init() makes /dev before the boot archive is unpacked.
 */
static int copy_dev_node(const char *name)
{
	char path[64];
	struct ramfs_inode *ri;
	int err;

	snprintf(path, sizeof(path), "/dev/%s", name);
	err = ramfs_lookup_at(NULL, path, false, &ri);
	if (err)
		return err;
	snprintf(path, sizeof(path), SCRATCH "/dev/%s", name);
	err = ramfs_mknod_dev(path, ri->mode & 07777, ri->dev.fops, ri->dev.rdev);
	ramfs_inode_put(ri);
	return err;
}

/* Runs one archive into a fresh scratch directory. */
static int unpack(const struct archive *a)
{
	ASSERT_EQ(ramfs_mkdir(SCRATCH, 0755), 0);
	return initramfs_unpack(a->buf, a->len, SCRATCH);
}

static struct archive new_archive(void)
{
	return (struct archive){ .buf = kmalloc(ARCHIVE_MAX), .len = 0 };
}

KTEST(initramfs, files_and_directories_with_their_modes)
{
	struct archive a = new_archive();
	char buf[32];

	ASSERT_NOT_NULL(a.buf);
	put(&a, ".", S_IFDIR | 0755, NULL);
	put(&a, "etc", S_IFDIR | 0750, NULL);
	put(&a, "etc/hostname", S_IFREG | 0644, "ringlet\n");
	put(&a, "bin", S_IFDIR | 0755, NULL);
	put(&a, "bin/tool", S_IFREG | 04755,
	    "\x7f"
	    "ELF");
	put(&a, "empty", S_IFREG | 0600, NULL);
	put_trailer(&a);
	EXPECT_EQ(unpack(&a), 0);
	EXPECT_EQ(read_file(SCRATCH "/etc/hostname", buf, sizeof(buf)), 8);
	EXPECT_STREQ(buf, "ringlet\n");
	EXPECT_EQ(read_file(SCRATCH "/bin/tool", buf, sizeof(buf)), 4);
	EXPECT_EQ(read_file(SCRATCH "/empty", buf, sizeof(buf)), 0);
	EXPECT_EQ(mode_of(SCRATCH "/etc"), S_IFDIR | 0750);
	EXPECT_EQ(mode_of(SCRATCH "/etc/hostname"), S_IFREG | 0644);
	EXPECT_EQ(mode_of(SCRATCH "/bin/tool"), S_IFREG | 04755);
	EXPECT_EQ(mode_of(SCRATCH "/empty"), S_IFREG | 0600);
	EXPECT_EQ(remove_tree(SCRATCH), 6);	/* the five entries and the scratch directory */
	kfree(a.buf);
}

KTEST(initramfs, missing_parents_are_made_and_later_entries_replace)
{
	struct archive a = new_archive();
	char buf[32];

	ASSERT_NOT_NULL(a.buf);
	put(&a, "a/b/c/deep", S_IFREG | 0644, "first");
	put_trailer(&a);
	/* A second archive, after cpio's NUL padding, rewrites the file. */
	memset(a.buf + a.len, 0, 12);
	a.len += 12;
	put(&a, "a/b/c/deep", S_IFREG | 0644, "second");
	put(&a, "a/b", S_IFDIR | 0700, NULL);	/* already made: kept as it is */
	put_trailer(&a);
	EXPECT_EQ(unpack(&a), 0);
	EXPECT_EQ(read_file(SCRATCH "/a/b/c/deep", buf, sizeof(buf)), 6);
	EXPECT_STREQ(buf, "second");
	EXPECT_EQ(mode_of(SCRATCH "/a/b"), S_IFDIR | 0755);
	EXPECT_EQ(remove_tree(SCRATCH), 5);
	kfree(a.buf);
}

KTEST(initramfs, what_cannot_be_represented_is_skipped)
{
	struct archive a = new_archive();

	ASSERT_NOT_NULL(a.buf);
	put(&a, "link", S_IFLNK | 0777, "target");
	put(&a, "console", S_IFCHR | 0600, NULL);
	put(&a, "disk", S_IFBLK | 0600, NULL);
	put(&a, "fifo", S_IFIFO | 0600, NULL);
	put_links(&a, "hard", S_IFREG | 0644, 2, "x");
	put(&a, "file", S_IFREG | 0644, "kept");
	put(&a, "file/under", S_IFREG | 0644, "y");	/* a file is in the way */
	put_trailer(&a);
	EXPECT_EQ(unpack(&a), 5);
	EXPECT_EQ(mode_of(SCRATCH "/link"), -ENOENT);	/* made, but "target" is not there */
	EXPECT_EQ(lmode_of(SCRATCH "/link"), S_IFLNK | 0777);
	EXPECT_EQ(mode_of(SCRATCH "/console"), -ENOENT);
	EXPECT_EQ(mode_of(SCRATCH "/hard"), -ENOENT);
	EXPECT_EQ(mode_of(SCRATCH "/file"), S_IFREG | 0644);
	EXPECT_EQ(remove_tree(SCRATCH), 3);
	kfree(a.buf);
}

/*
 * The archive `make` builds lists /dev/console and the other nodes so that
 * Linux boots from it too: a node the kernel already made with the same
 * number is accepted silently, anything else about devices is skipped.
 */
KTEST(initramfs, device_nodes_the_kernel_made_are_accepted)
{
	struct archive a = new_archive();

	ASSERT_NOT_NULL(a.buf);
	ASSERT_EQ(ramfs_mkdir(SCRATCH, 0755), 0);
	ASSERT_EQ(ramfs_mkdir(SCRATCH "/dev", 0755), 0);
	ASSERT_EQ(copy_dev_node("console"), 0);
	ASSERT_EQ(copy_dev_node("null"), 0);
	put(&a, "dev", S_IFDIR | 0755, NULL);
	put_dev(&a, "dev/console", S_IFCHR | 0600, 5, 1);	/* the same node: made */
	put_dev(&a, "dev/null", S_IFCHR | 0666, 1, 5);		/* another number: skipped */
	put_dev(&a, "dev/tty", S_IFCHR | 0666, 5, 0);		/* not made by the kernel */
	put_dev(&a, "dev/console", S_IFBLK | 0600, 5, 1);	/* a block device */
	put_trailer(&a);
	EXPECT_EQ(initramfs_unpack(a.buf, a.len, SCRATCH), 3);
	/* The node the kernel made, unchanged (existing entries keep their mode). */
	EXPECT_EQ(mode_of(SCRATCH "/dev/console"), mode_of("/dev/console"));
	EXPECT_EQ(mode_of(SCRATCH "/dev/tty"), -ENOENT);
	EXPECT_EQ(remove_tree(SCRATCH), 4);	/* console, null, dev and the scratch directory */
	kfree(a.buf);
}

/* user/ ships /bin/sh and the other applets as links to busybox. */
KTEST(initramfs, symlinks_are_made_and_followed)
{
	struct archive a = new_archive();
	char buf[32];

	ASSERT_NOT_NULL(a.buf);
	put(&a, "bin/busybox", S_IFREG | 0755, "applets");
	put(&a, "bin/sh", S_IFLNK | 0777, "busybox");
	put(&a, "usr/bin/env", S_IFLNK | 0777, "/it/bin/busybox");
	put(&a, "bin/sh", S_IFLNK | 0777, "./busybox");	/* a later entry replaces the link */
	put_trailer(&a);
	EXPECT_EQ(unpack(&a), 0);
	EXPECT_EQ(read_file(SCRATCH "/bin/sh", buf, sizeof(buf)), 7);
	EXPECT_STREQ(buf, "applets");
	EXPECT_EQ(read_file(SCRATCH "/usr/bin/env", buf, sizeof(buf)), 7);
	EXPECT_EQ(ramfs_readlink_at(NULL, SCRATCH "/bin/sh", buf, sizeof(buf)), 9);
	EXPECT_EQ(memcmp(buf, "./busybox", 9), 0);
	EXPECT_EQ(lmode_of(SCRATCH "/bin/sh"), S_IFLNK | 0777);
	EXPECT_EQ(mode_of(SCRATCH "/bin/sh"), S_IFREG | 0755);
	EXPECT_EQ(remove_tree(SCRATCH), 7);
	kfree(a.buf);
}

/* How to spoil the second entry of a good archive (or its end). */
enum spoil {
	BAD_MAGIC,
	NOT_HEX,
	SHORT_HEADER,
	SHORT_NAME,
	NAME_NO_NUL,
	SHORT_DATA,
	NO_TRAILER,
	NR_SPOILS
};

KTEST(initramfs, malformed_archives_are_refused_cleanly)
{
	struct archive a = new_archive();

	ASSERT_NOT_NULL(a.buf);
	for (int s = 0; s < NR_SPOILS; s++) {
		size_t second;

		a.len = 0;
		put(&a, "ok", S_IFREG | 0644, "fine");
		second = a.len;
		put(&a, "bad", S_IFREG | 0644, "data");
		put_trailer(&a);
		switch (s) {
		case BAD_MAGIC:
			a.buf[second + 5] = '2';	/* "070702": newc with checksums */
			break;
		case NOT_HEX:
			a.buf[second + 6 + 8 * 6] = 'g';	/* in filesize */
			break;
		case SHORT_HEADER:
			a.len = second + 100;
			break;
		case SHORT_NAME:
			a.len = second + 110 + 2;
			break;
		case NAME_NO_NUL:
			/* namesize 3 covers "bad" but not its NUL */
			memcpy(a.buf + second + 6 + 8 * 11, "00000003", 8);
			break;
		case SHORT_DATA:
			a.len = second + 116 + 2;
			break;
		case NO_TRAILER:
			a.len = second + 120;
			break;
		}
		EXPECT_EQ(unpack(&a), -EINVAL);
		EXPECT_EQ(mode_of(SCRATCH "/ok"), S_IFREG | 0644);
		/* Without a trailer the error comes after "bad" was whole, and made. */
		EXPECT_EQ(mode_of(SCRATCH "/bad"), s == NO_TRAILER ? S_IFREG | 0644 : -ENOENT);
		EXPECT_EQ(remove_tree(SCRATCH), s == NO_TRAILER ? 3 : 2);
	}
	kfree(a.buf);
}

KTEST(initramfs, sizes_beyond_the_buffer_are_refused)
{
	struct archive a = new_archive();

	ASSERT_NOT_NULL(a.buf);
	put(&a, "big", S_IFREG | 0644, "data");
	put_trailer(&a);
	memcpy(a.buf + 6 + 8 * 6, "ffffffff", 8);	/* filesize */
	EXPECT_EQ(unpack(&a), -EINVAL);
	memcpy(a.buf + 6 + 8 * 6, "00000004", 8);
	memcpy(a.buf + 6 + 8 * 11, "ffffffff", 8);	/* namesize */
	EXPECT_EQ(initramfs_unpack(a.buf, a.len, SCRATCH), -EINVAL);
	EXPECT_EQ(remove_tree(SCRATCH), 1);	/* nothing but the scratch directory */
	kfree(a.buf);
}

/* The nodes devices_init() makes, which the boot archive lists too. */
static const char *const boot_dev_nodes[] = { "null", "zero", "tty", "console" };

KTEST(initramfs, boot_archive_holds_etc_hostname)
{
	char buf[32];

	EXPECT_EQ(read_file("/etc/hostname", buf, sizeof(buf)), 8);
	EXPECT_STREQ(buf, "ringlet\n");
	/* GRUB's module is still there, and unpacks the same again (over the nodes the kernel makes). */
	ASSERT_EQ(ramfs_mkdir(SCRATCH, 0755), 0);
	ASSERT_EQ(ramfs_mkdir(SCRATCH "/dev", 0755), 0);
	for (size_t i = 0; i < ARRAY_SIZE(boot_dev_nodes); i++)
		ASSERT_EQ(copy_dev_node(boot_dev_nodes[i]), 0);
	EXPECT_EQ(initramfs_unpack_boot(SCRATCH), 0);
	EXPECT_EQ(read_file(SCRATCH "/etc/hostname", buf, sizeof(buf)), 8);
	EXPECT_STREQ(buf, "ringlet\n");
	EXPECT_GE(remove_tree(SCRATCH), 3);
}
