/*
 * ramfs: regular files whose contents live in one kmalloc'ed buffer (API
 * in include/file.h).  There is no directory tree: ramfs_create makes an
 * inode and the one struct file that refers to it; more users share that
 * file by reference counting.
 *
 * The inode.  data holds alloc bytes, of which the first size are the
 * file.  A write past the end grows the buffer by doubling (so writing a
 * file front to back copies it O(log size) times, not once per write),
 * up to RAMFS_MAX_SIZE.  A write that starts beyond the end first zeroes
 * the gap, so a hole reads back as zeroes, as in any Unix file system.
 *
 * Locking.  A mutex per inode serializes reads and writes of it: a write
 * may move the buffer (kmalloc, copy, kfree), so even writers to disjoint
 * ranges, and readers, must not run alongside it.  *pos is read and
 * advanced under the same mutex, so callers sharing &file->f_pos get one
 * consistent position.  A mutex rather than a spinlock because copies of
 * up to RAMFS_MAX_SIZE bytes should not hold preemption off; release does
 * not take it, since no one else can hold a reference by then.
 *
 * Limits, as Linux's generic write path applies them: a write starting at
 * or past RAMFS_MAX_SIZE fails with -EFBIG, one that would cross it is
 * cut short there, and a negative position is -EINVAL.
 */
#include "file.h"
#include "uaccess.h"
#include "slab.h"
#include "mutex.h"
#include "string.h"
#include "errno.h"

#define RAMFS_MIN_ALLOC	64

struct ramfs_inode {
	struct mutex lock;	/* guards everything below */
	char *data;
	size_t alloc;		/* bytes at data */
	size_t size;		/* file size, <= alloc */
	atomic_long_t fsyncs;
	char name[RAMFS_NAME_MAX];
};

/* Makes room for need <= RAMFS_MAX_SIZE bytes; 0 or -ENOMEM.  Lock held. */
static int ramfs_reserve(struct ramfs_inode *ri, size_t need)
{
	size_t alloc = ri->alloc ? ri->alloc : RAMFS_MIN_ALLOC;
	char *data;

	if (need <= ri->alloc)
		return 0;
	while (alloc < need)
		alloc *= 2;
	alloc = min(alloc, (size_t)RAMFS_MAX_SIZE);
	data = kmalloc(alloc);
	if (!data)
		return -ENOMEM;
	memcpy(data, ri->data, ri->size);
	kfree(ri->data);
	ri->data = data;
	ri->alloc = alloc;
	return 0;
}

static ssize_t ramfs_read(struct file *f, void *buf, size_t len, long long *pos)
{
	struct ramfs_inode *ri = f->private_data;
	ssize_t ret = 0;

	mutex_lock(&ri->lock);
	if (*pos < 0) {
		mutex_unlock(&ri->lock);
		return -EINVAL;
	}
	if ((unsigned long long)*pos < ri->size) {
		size_t want = min(len, ri->size - (size_t)*pos);
		size_t n = want - copy_to_user(buf, ri->data + *pos, want);

		*pos += (long long)n;
		ret = (n || !want) ? (ssize_t)n : -EFAULT;	/* buf faulted before the first byte */
	}
	mutex_unlock(&ri->lock);
	return ret;
}

static ssize_t ramfs_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	struct ramfs_inode *ri = f->private_data;
	ssize_t ret;
	size_t start;
	int err;

	mutex_lock(&ri->lock);
	if (*pos < 0) {
		ret = -EINVAL;
		goto out;
	}
	if (*pos >= RAMFS_MAX_SIZE) {
		ret = -EFBIG;
		goto out;
	}
	start = (size_t)*pos;
	len = min(len, RAMFS_MAX_SIZE - start);
	ret = 0;
	if (len == 0)
		goto out;
	err = ramfs_reserve(ri, start + len);
	if (err) {
		ret = err;
		goto out;
	}
	if (start > ri->size)
		memset(ri->data + ri->size, 0, start - ri->size);
	len -= copy_from_user(ri->data + start, buf, len);	/* short if buf faulted */
	if (len == 0) {
		ret = -EFAULT;
		goto out;
	}
	ri->size = max(ri->size, start + len);
	*pos += (long long)len;
	ret = (ssize_t)len;
out:
	mutex_unlock(&ri->lock);
	return ret;
}

/* Memory is as durable as ramfs gets; the count lets tests see the call. */
static int ramfs_fsync(struct file *f)
{
	struct ramfs_inode *ri = f->private_data;

	atomic_long_inc(&ri->fsyncs);
	return 0;
}

static void ramfs_release(struct file *f)
{
	struct ramfs_inode *ri = f->private_data;

	kfree(ri->data);
	kfree(ri);
}

static const struct file_operations ramfs_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.fsync = ramfs_fsync,
	.release = ramfs_release,
	.name = "ramfs",
};

struct file *ramfs_create(const char *name)
{
	struct ramfs_inode *ri = kmalloc(sizeof(*ri));
	struct file *f;

	if (!ri)
		return NULL;
	mutex_init(&ri->lock);
	ri->data = NULL;
	ri->alloc = 0;
	ri->size = 0;
	atomic_long_set(&ri->fsyncs, 0);
	strlcpy(ri->name, name, sizeof(ri->name));
	f = alloc_file(&ramfs_fops, ri);
	if (!f)
		kfree(ri);
	return f;
}

/* f's inode, or NULL if f is not a ramfs file. */
static struct ramfs_inode *ramfs_inode(struct file *f)
{
	return f->f_op == &ramfs_fops ? f->private_data : NULL;
}

long long ramfs_size(struct file *f)
{
	struct ramfs_inode *ri = ramfs_inode(f);

	/* A snapshot: a writer may change it right after. */
	return ri ? (long long)READ_ONCE(ri->size) : -EINVAL;
}

long ramfs_fsync_count(struct file *f)
{
	struct ramfs_inode *ri = ramfs_inode(f);

	return ri ? atomic_long_read(&ri->fsyncs) : -EINVAL;
}

const char *ramfs_name(struct file *f)
{
	struct ramfs_inode *ri = ramfs_inode(f);

	return ri ? ri->name : NULL;
}
