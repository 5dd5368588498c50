/*
 * The initramfs unpacker (API in include/initramfs.h).
 *
 * The "newc" cpio format: each entry is a 110-byte header of ASCII, the
 * magic "070701" then thirteen 8-digit hex numbers (ino, mode, uid, gid,
 * nlink, mtime, filesize, dev major/minor, rdev major/minor, namesize,
 * check), then the name (namesize bytes, its NUL included), padded with
 * NULs to a multiple of 4 bytes from the start of the archive, then
 * filesize bytes of data, padded the same way.  An entry named
 * "TRAILER!!!" ends the archive.  NUL bytes may follow it (cpio pads to
 * 512-byte blocks), and then another archive may start: a boot loader can
 * hand over several concatenated.
 *
 * Every length is checked against what is left of the buffer before it is
 * used, so a bad archive is an -EINVAL and a log line, never a read past
 * the end.  Entries are made as they are read, so an archive cut short
 * leaves what came before the cut, as Linux's does.
 *
 * What is made.  A directory with its permission bits; a regular file
 * with its permission bits and data (by O_CREAT|O_TRUNC, so a later entry
 * of the same name replaces the data, which layered archives rely on).
 * A symbolic link whose data (filesize bytes, no NUL) is its target, as
 * cpio stores it; a link already there is replaced, as Linux's unpacker
 * removes what is in the way of a link.  A character device the kernel
 * already made at that path with the same number (kernel/fs/devices.c
 * makes /dev before the archive is unpacked) is accepted as made: an
 * archive that also boots Linux lists /dev/console itself (make
 * compare-linux).  Other device nodes, FIFOs, sockets and regular files
 * with more than one link are logged and skipped: the tree cannot hold
 * them yet.  Owners and times are ignored: ramfs has neither.
 *
 * Where ringlet differs from Linux's init/initramfs.c, deliberately:
 *  - a missing parent directory is made (mode 0755, like mkdir -p) where
 *    Linux's open or mkdir fails and the entry is silently lost; cpio
 *    archives made without their directory entries then still work;
 *  - an archive must end with TRAILER!!!: running out of bytes mid-archive
 *    is an error, so a truncated module cannot pass for a complete one;
 *  - an entry that cannot be made (a directory in the way of a file, a
 *    path of PATH_MAX bytes or more) is logged and counted, not dropped
 *    silently; Linux would remove a directory in the way;
 *  - only "070701" is read: "070702" (the same with a checksum) is -EINVAL;
 *  - existing entries keep their mode (Linux chmods them).
 */
#include "initramfs.h"
#include "internal.h"
#include "ramfs.h"
#include "file.h"
#include "slab.h"
#include "string.h"
#include "printf.h"
#include "printk.h"
#include "errno.h"
#include "mm.h"
#include "uapi/stat.h"
#include <asm/multiboot2.h>

#define NEWC_MAGIC	"070701"
#define NEWC_HEADER	110	/* magic and 13 fields of 8 hex digits */
#define NEWC_TRAILER	"TRAILER!!!"

enum newc_field {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	NR_FIELDS
};

struct unpack {
	const char *buf;
	size_t len, off;	/* off: the next unread byte */
	const char *root;
	char *path;		/* PATH_MAX bytes: root + "/" + the entry's name */
	int skipped;
};

/* Logs why the archive is malformed; returns -EINVAL. */
static int bad(const struct unpack *u, const char *why)
{
	pr_err("initramfs: malformed archive at byte %zu: %s\n", u->off, why);
	return -EINVAL;
}

/* Logs an entry that is not made and counts it; returns 0 to go on. */
static int skip(struct unpack *u, const char *name, const char *why, int err)
{
	pr_warn("initramfs: %s: skipped (%s, %d)\n", name, why, err);
	u->skipped++;
	return 0;
}

/* The value of hex digit c, or -1 if it is not one. */
static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses 8 hex digits at s into *out; false if any is not one. */
static bool parse_hex8(const char *s, unsigned long *out)
{
	unsigned long v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return false;
		v = v << 4 | (unsigned long)d;
	}
	*out = v;
	return true;
}

/* Makes each missing directory on u->path above its last component (mkdir -p). */
static int make_parents(struct unpack *u)
{
	char *p = u->path + strlen(u->root);

	while ((p = strchr(p + 1, '/'))) {
		int err;

		*p = '\0';
		err = ramfs_mkdir(u->path, 0755);
		*p = '/';
		if (err && err != -EEXIST)
			return err;
	}
	return 0;
}

static int make_dir(struct unpack *u, unsigned int mode)
{
	struct ramfs_stat st;
	int err = ramfs_mkdir(u->path, mode);

	if (err == -ENOENT && !(err = make_parents(u)))
		err = ramfs_mkdir(u->path, mode);
	/* Listed twice, or "." for the root: already made is made. */
	if (err == -EEXIST && !ramfs_stat(u->path, &st) && S_ISDIR(st.mode))
		err = 0;
	return err;
}

static int make_file(struct unpack *u, unsigned int mode, const char *data, size_t size)
{
	unsigned int flags = O_WRONLY | O_CREAT | O_TRUNC;
	long long pos = 0;
	struct file *f;
	ssize_t n = 0;
	int err = ramfs_open(u->path, flags, mode, &f);

	if (err == -ENOENT && !(err = make_parents(u)))
		err = ramfs_open(u->path, flags, mode, &f);
	if (err)
		return err;
	if (size)
		n = vfs_write(f, data, size, &pos);
	fput(f);
	return n < 0 ? (int)n : 0;
}

/* A symbolic link to data[0..size): the target needs its own NUL. */
static int make_symlink(struct unpack *u, const char *data, size_t size)
{
	char *target;
	int err;

	if (size == 0 || size >= PATH_MAX)
		return size ? -ENAMETOOLONG : -ENOENT;
	target = kmalloc(size + 1);
	if (!target)
		return -ENOMEM;
	memcpy(target, data, size);
	target[size] = '\0';
	err = ramfs_symlink(u->path, target);
	if (err == -ENOENT && !(err = make_parents(u)))
		err = ramfs_symlink(u->path, target);
	if (err == -EEXIST && !ramfs_unlink(u->path))
		err = ramfs_symlink(u->path, target);
	kfree(target);
	return err;
}

/* True if u->path is already a character device numbered as the entry's rdev fields say. */
static bool same_device_there(struct unpack *u, const unsigned long *f)
{
	struct ramfs_inode *ri;
	bool same;

	if (ramfs_lookup_at(NULL, u->path, false, &ri))
		return false;
	same = S_ISCHR(ri->mode) && ri->dev.rdev == MKDEV_ABI(f[F_RDEVMAJOR], f[F_RDEVMINOR]);
	ramfs_inode_put(ri);
	return same;
}

/* Makes what one entry describes, or logs why not; 0 or -ENOMEM. */
static int make_entry(struct unpack *u, const char *name, const unsigned long *f, const char *data)
{
	unsigned int mode = (unsigned int)f[F_MODE];
	int err;

	if ((size_t)snprintf(u->path, PATH_MAX, "%s/%s", u->root, name) >= PATH_MAX)
		return skip(u, name, "path too long", -ENAMETOOLONG);
	switch (mode & S_IFMT) {
	case S_IFDIR:
		err = make_dir(u, mode);
		break;
	case S_IFREG:
		if (f[F_NLINK] > 1)
			return skip(u, name, "hard links are not supported yet", -EOPNOTSUPP);
		if (f[F_FILESIZE] > RAMFS_MAX_SIZE)
			return skip(u, name, "larger than RAMFS_MAX_SIZE", -EFBIG);
		err = make_file(u, mode, data, f[F_FILESIZE]);
		break;
	case S_IFLNK:
		err = make_symlink(u, data, f[F_FILESIZE]);
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (S_ISCHR(mode) && same_device_there(u, f))
			return 0;
		return skip(u, name, "device nodes come from the kernel, not the archive",
			    -EOPNOTSUPP);
	default:
		return skip(u, name, "FIFOs and sockets are not supported", -EOPNOTSUPP);
	}
	if (err == -ENOMEM)
		return err;
	return err ? skip(u, name, "cannot make it", err) : 0;
}

/*
 * Reads the entry at u->off and makes it; sets *trailer at the end of an
 * archive.  0, -EINVAL (malformed) or -ENOMEM.
 */
static int unpack_entry(struct unpack *u, bool *trailer)
{
	const char *hdr = u->buf + u->off, *name = hdr + NEWC_HEADER;
	unsigned long f[NR_FIELDS];
	size_t left = u->len - u->off, data_off;

	if (left < NEWC_HEADER)
		return bad(u, "truncated header");
	if (memcmp(hdr, NEWC_MAGIC, 6) != 0)
		return bad(u, "bad magic (not newc \"070701\")");
	for (int i = 0; i < NR_FIELDS; i++) {
		if (!parse_hex8(hdr + 6 + 8 * i, &f[i]))
			return bad(u, "header field is not hex");
	}
	if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > left - NEWC_HEADER)
		return bad(u, "truncated name");
	if (strnlen(name, f[F_NAMESIZE]) != f[F_NAMESIZE] - 1)
		return bad(u, "name not ended by its one NUL");
	data_off = ALIGN_UP(u->off + NEWC_HEADER + f[F_NAMESIZE], 4);
	if (data_off > u->len || f[F_FILESIZE] > u->len - data_off)
		return bad(u, "file data runs past the end");
	/* The last entry's padding may be cut off; nothing follows to need it. */
	u->off = min(ALIGN_UP(data_off + f[F_FILESIZE], 4), u->len);
	*trailer = strcmp(name, NEWC_TRAILER) == 0;
	return *trailer ? 0 : make_entry(u, name, f, u->buf + data_off);
}

int initramfs_unpack(const void *buf, size_t len, const char *root)
{
	struct unpack u = { .buf = buf, .len = len, .root = root };
	bool in_archive = false;
	int err = 0;

	u.path = kmalloc(PATH_MAX);
	if (!u.path)
		return -ENOMEM;
	while (!err) {
		bool trailer = false;

		if (!in_archive) {
			/* Between archives: skip the padding, stop at the end. */
			while (u.off < u.len && u.buf[u.off] == '\0')
				u.off++;
			if (u.off == u.len)
				break;
			if (u.off % 4) {
				err = bad(&u, "next archive is not 4-byte aligned");
				break;
			}
			in_archive = true;
		} else if (u.off == u.len) {
			err = bad(&u, "archive ends without " NEWC_TRAILER);
			break;
		}
		err = unpack_entry(&u, &trailer);
		if (trailer)
			in_archive = false;
	}
	kfree(u.path);
	return err ? err : u.skipped;
}

int initramfs_unpack_boot(const char *root)
{
	int ret;

	if (!boot_info.initrd_size) {
		pr_err("initramfs: the boot loader loaded none (grub.cfg needs module2)\n");
		return -ENOENT;
	}
	ret = initramfs_unpack(__va(boot_info.initrd_phys), boot_info.initrd_size, root);
	if (ret < 0)
		pr_err("initramfs: %llu bytes at %#llx: not unpacked (%d)\n",
		       (unsigned long long)boot_info.initrd_size,
		       (unsigned long long)boot_info.initrd_phys, ret);
	else
		pr_info("initramfs: %llu bytes at %#llx unpacked into %s, %d entries skipped\n",
			(unsigned long long)boot_info.initrd_size,
			(unsigned long long)boot_info.initrd_phys, root, ret);
	return ret;
}
