/*
 * The null and zero devices (API in include/file.h), as Linux's /dev/null
 * and /dev/zero: null reads as an empty file, zero as an endless run of
 * zero bytes, and both accept and discard any write.  They hold no state,
 * so each open is just a struct file with no private data and no release.
 * Neither ever waits, so the non-blocking read is the read itself.
 *
 * devices_init() gives them their names in the tree, /dev/null and
 * /dev/zero, as character-device nodes: opening one by path is the same
 * as calling its _open function here.
 */
#include "file.h"
#include "ramfs.h"
#include "panic.h"
#include "uaccess.h"
#include "errno.h"
#include "tty.h"
#include "uapi/stat.h"

static ssize_t null_read(struct file *f, void *buf, size_t len, long long *pos)
{
	(void)f, (void)buf, (void)len, (void)pos;
	return 0;
}

/* Both devices' write: everything is accepted and dropped. */
static ssize_t discard_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	(void)f, (void)buf, (void)pos;
	return (ssize_t)len;
}

static ssize_t zero_read(struct file *f, void *buf, size_t len, long long *pos)
{
	size_t n;

	(void)f, (void)pos;
	n = len - clear_user(buf, len);
	return (n || !len) ? (ssize_t)n : -EFAULT;	/* as Linux's read_zero */
}

/* Both devices' lseek: the position is meaningless and stays 0 (Linux's null_lseek). */
static long long null_llseek(struct file *f, long long offset, int whence)
{
	(void)offset, (void)whence;
	return f->f_pos = 0;
}

static const struct file_operations null_fops = {
	.read = null_read,
	.read_nonblock = null_read,
	.write = discard_write,
	.write_nonblock = discard_write,
	.llseek = null_llseek,
	.name = "null",
};

static const struct file_operations zero_fops = {
	.read = zero_read,
	.read_nonblock = zero_read,
	.write = discard_write,
	.write_nonblock = discard_write,
	.llseek = null_llseek,
	.name = "zero",
};

struct file *null_file_open(void)
{
	return alloc_file(&null_fops, NULL);
}

struct file *zero_file_open(void)
{
	return alloc_file(&zero_fops, NULL);
}

/*
 * Every device node at boot, with Linux's device numbers
 * (Documentation/admin-guide/devices.txt), which stat(2) reports as
 * st_rdev.  /dev/console and /dev/tty are both the one terminal (busybox's
 * shell opens /dev/tty for job control).  A device whose node is missing
 * would fail every open of it, so a failure here is fatal.
 */
static const struct {
	const char *path;
	const struct file_operations *fops;
	unsigned int major, minor;
} dev_nodes[] = {
	{ "/dev/null", &null_fops, 1, 3 },
	{ "/dev/zero", &zero_fops, 1, 5 },
	{ "/dev/tty", &tty_fops, 5, 0 },
	{ "/dev/console", &tty_fops, 5, 1 },
};

void devices_init(void)
{
	int err = ramfs_mkdir("/dev", 0755);

	for (size_t i = 0; !err && i < ARRAY_SIZE(dev_nodes); i++)
		err = ramfs_mknod_dev(dev_nodes[i].path, 0666, dev_nodes[i].fops,
				      MKDEV_ABI(dev_nodes[i].major, dev_nodes[i].minor));
	if (err)
		panic("devices: cannot make the /dev nodes (%d)", err);
}
