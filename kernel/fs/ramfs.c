/*
 * ramfs: the inodes of the tree (API in include/ramfs.h and, for
 * anonymous files, include/file.h; shared parts in internal.h).
 *
 * Regular files.  data holds alloc bytes, of which the first size are the
 * file.  A write past the end grows the buffer by doubling (so writing a
 * file front to back copies it O(log size) times, not once per write),
 * up to RAMFS_MAX_SIZE.  A write that starts beyond the end first zeroes
 * the gap, so a hole reads back as zeroes, as in any Unix file system.
 * A mutex per file serializes its reads and writes: a write may move the
 * buffer (kmalloc, copy, kfree), so even writers to disjoint ranges, and
 * readers, must not run alongside it.  *pos is read and advanced under the
 * same mutex, so callers sharing &file->f_pos get one consistent position.
 * A mutex rather than a spinlock because copies of up to RAMFS_MAX_SIZE
 * bytes should not hold preemption off.  Limits, as Linux's generic write
 * path applies them: a write starting at or past RAMFS_MAX_SIZE fails with
 * -EFBIG, one that would cross it is cut short there, and a negative
 * position is -EINVAL.
 *
 * The tree and its one lock.  ramfs_tree_lock, a mutex, guards the whole
 * namespace: which inode is in which directory under which name.  One lock
 * and not one per directory, because a path walk crosses directories (and
 * climbs back with ".."), rmdir must see the victim empty while taking it
 * out of its parent, and rename (later) moves between two directories: with
 * one lock each of these is plainly atomic and there is no lock order to
 * get wrong.  The price is that lookups on different CPUs take turns; they
 * are short walks in memory, and file I/O never takes this lock.  Linux
 * instead walks the dentry cache under RCU and locks one directory inode
 * (i_rwsem) to change it.  A mutex because the holder may allocate and a
 * caller's emit (ramfs_iterate) may copy to user memory later.
 *
 * Listing order.  A directory numbers its entries as they are linked
 * (dir_pos, from 2 up: 0 and 1 are "." and ".."), and keeps them in that
 * order.  A listing resumes at the first entry whose number is at least
 * the file's position, so entries made or removed between two calls shift
 * nothing: the position names a place in the sequence, not an index.
 */
#include "internal.h"
#include "uaccess.h"
#include "slab.h"
#include "string.h"
#include "errno.h"
#include "panic.h"

#define RAMFS_MIN_ALLOC	64
#define DIR_FIRST_POS	2	/* after "." and ".." */

DEFINE_MUTEX(ramfs_tree_lock);
struct ramfs_inode *ramfs_root;
static atomic_long_t last_ino;

static const struct file_operations ramfs_fops;
static const struct file_operations ramfs_dir_fops;

struct ramfs_inode *ramfs_inode_alloc(unsigned int mode, const char *name, size_t len)
{
	struct ramfs_inode *ri = kmalloc(sizeof(*ri) + len + 1);

	if (!ri)
		return NULL;
	memset(ri, 0, sizeof(*ri));
	atomic_long_set(&ri->count, 1);
	ri->ino = (unsigned long)atomic_long_inc_return(&last_ino);
	ri->mode = mode;
	INIT_LIST_HEAD(&ri->sibling);
	if (S_ISREG(mode)) {
		mutex_init(&ri->reg.lock);
	} else if (S_ISDIR(mode)) {
		INIT_LIST_HEAD(&ri->dir.children);
		ri->dir.next_pos = DIR_FIRST_POS;
	}
	memcpy(ri->name, name, len);
	ri->name[len] = '\0';
	return ri;
}

void ramfs_inode_put(struct ramfs_inode *ri)
{
	if (!atomic_long_dec_and_test(&ri->count))
		return;
	if (S_ISREG(ri->mode))
		kfree(ri->reg.data);
	kfree(ri);
}

void ramfs_init(void)
{
	ramfs_root = ramfs_inode_alloc(S_IFDIR | 0755, "/", 1);
	if (!ramfs_root)
		panic("ramfs: no memory for the root directory");
}

struct ramfs_inode *ramfs_find(struct ramfs_inode *dir, const char *name, size_t len)
{
	struct ramfs_inode *ri;

	list_for_each_entry(ri, &dir->dir.children, sibling) {
		if (strncmp(ri->name, name, len) == 0 && ri->name[len] == '\0')
			return ri;
	}
	return NULL;
}

void ramfs_link(struct ramfs_inode *dir, struct ramfs_inode *child)
{
	child->parent = dir;
	child->dir_pos = dir->dir.next_pos++;
	list_add_tail(&child->sibling, &dir->dir.children);
}

void ramfs_unlink_inode(struct ramfs_inode *ri)
{
	list_del_init(&ri->sibling);
	ri->parent = NULL;
	ramfs_inode_put(ri);
}

/* Makes room for need <= RAMFS_MAX_SIZE bytes; 0 or -ENOMEM.  File lock held. */
static int ramfs_reserve(struct ramfs_inode *ri, size_t need)
{
	size_t alloc = ri->reg.alloc ? ri->reg.alloc : RAMFS_MIN_ALLOC;
	char *data;

	if (need <= ri->reg.alloc)
		return 0;
	while (alloc < need)
		alloc *= 2;
	alloc = min(alloc, (size_t)RAMFS_MAX_SIZE);
	data = kmalloc(alloc);
	if (!data)
		return -ENOMEM;
	memcpy(data, ri->reg.data, ri->reg.size);
	kfree(ri->reg.data);
	ri->reg.data = data;
	ri->reg.alloc = alloc;
	return 0;
}

static ssize_t ramfs_read(struct file *f, void *buf, size_t len, long long *pos)
{
	struct ramfs_inode *ri = f->private_data;
	ssize_t ret = 0;

	mutex_lock(&ri->reg.lock);
	if (*pos < 0) {
		mutex_unlock(&ri->reg.lock);
		return -EINVAL;
	}
	if ((unsigned long long)*pos < ri->reg.size) {
		size_t want = min(len, ri->reg.size - (size_t)*pos);
		size_t n = want - copy_to_user(buf, ri->reg.data + *pos, want);

		*pos += (long long)n;
		ret = (n || !want) ? (ssize_t)n : -EFAULT;	/* buf faulted before the first byte */
	}
	mutex_unlock(&ri->reg.lock);
	return ret;
}

static ssize_t ramfs_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	struct ramfs_inode *ri = f->private_data;
	ssize_t ret;
	size_t start;
	int err;

	mutex_lock(&ri->reg.lock);
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
	if (start > ri->reg.size)
		memset(ri->reg.data + ri->reg.size, 0, start - ri->reg.size);
	len -= copy_from_user(ri->reg.data + start, buf, len);	/* short if buf faulted */
	if (len == 0) {
		ret = -EFAULT;
		goto out;
	}
	ri->reg.size = max(ri->reg.size, start + len);
	*pos += (long long)len;
	ret = (ssize_t)len;
out:
	mutex_unlock(&ri->reg.lock);
	return ret;
}

/* Memory is as durable as ramfs gets; the count lets tests see the call. */
static int ramfs_fsync(struct file *f)
{
	struct ramfs_inode *ri = f->private_data;

	atomic_long_inc(&ri->reg.fsyncs);
	return 0;
}

/* Both kinds of ramfs file hold a reference to their inode; this drops it. */
static void ramfs_release(struct file *f)
{
	ramfs_inode_put(f->private_data);
}

static const struct file_operations ramfs_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.fsync = ramfs_fsync,
	.release = ramfs_release,
	.name = "ramfs",
};

/* read(2) of a directory is -EISDIR in Linux too; listing is ramfs_iterate. */
static ssize_t ramfs_dir_read(struct file *f, void *buf, size_t len, long long *pos)
{
	(void)f, (void)buf, (void)len, (void)pos;
	return -EISDIR;
}

static const struct file_operations ramfs_dir_fops = {
	.read = ramfs_dir_read,
	.release = ramfs_release,
	.name = "ramfs directory",
};

int ramfs_open_inode(struct ramfs_inode *ri, unsigned int flags, struct file **out)
{
	unsigned int acc = flags & O_ACCMODE;
	struct file *f;

	if (S_ISCHR(ri->mode)) {
		f = alloc_file(ri->dev_fops, NULL);
	} else {
		if (S_ISDIR(ri->mode) && acc != O_RDONLY)
			return -EISDIR;
		if (S_ISREG(ri->mode) && (flags & O_TRUNC) && acc != O_RDONLY) {
			/* Keep the buffer: a truncated file is usually rewritten at once. */
			mutex_lock(&ri->reg.lock);
			ri->reg.size = 0;
			mutex_unlock(&ri->reg.lock);
		}
		f = alloc_file(S_ISDIR(ri->mode) ? &ramfs_dir_fops : &ramfs_fops, ri);
		if (f)
			atomic_long_inc(&ri->count);
	}
	if (!f)
		return -ENOMEM;
	f->f_flags = acc;
	*out = f;
	return 0;
}

struct file *ramfs_create(const char *name)
{
	struct ramfs_inode *ri = ramfs_inode_alloc(S_IFREG | 0600, name,
						   strnlen(name, RAMFS_NAME_MAX - 1));
	struct file *f;

	if (!ri)
		return NULL;
	f = alloc_file(&ramfs_fops, ri);	/* takes over the inode's one reference */
	if (!f)
		ramfs_inode_put(ri);
	return f;
}

static unsigned int dirent_type(const struct ramfs_inode *ri)
{
	return S_ISDIR(ri->mode) ? DT_DIR : S_ISREG(ri->mode) ? DT_REG : DT_CHR;
}

int ramfs_iterate(struct file *dir, ramfs_emit_t emit, void *ctx)
{
	struct ramfs_inode *ri = dir->private_data, *child;

	if (dir->f_op != &ramfs_dir_fops)
		return -ENOTDIR;
	mutex_lock(&ramfs_tree_lock);
	if (dir->f_pos == 0 && emit(ctx, ".", 1, ri->ino, DT_DIR))
		dir->f_pos = 1;
	if (dir->f_pos == 1) {
		/* The root is its own parent; so, for now, is a removed directory. */
		struct ramfs_inode *up = ri->parent ? ri->parent : ri;

		if (emit(ctx, "..", 2, up->ino, DT_DIR))
			dir->f_pos = DIR_FIRST_POS;
	}
	if (dir->f_pos >= DIR_FIRST_POS) {
		list_for_each_entry(child, &ri->dir.children, sibling) {
			if (child->dir_pos < dir->f_pos)
				continue;
			if (!emit(ctx, child->name, strlen(child->name), child->ino,
				  dirent_type(child)))
				break;
			dir->f_pos = child->dir_pos + 1;
		}
	}
	mutex_unlock(&ramfs_tree_lock);
	return 0;
}

/* f's inode if f is a regular ramfs file, else NULL. */
static struct ramfs_inode *ramfs_inode(struct file *f)
{
	return f->f_op == &ramfs_fops ? f->private_data : NULL;
}

long long ramfs_size(struct file *f)
{
	struct ramfs_inode *ri = ramfs_inode(f);

	/* A snapshot: a writer may change it right after. */
	return ri ? (long long)READ_ONCE(ri->reg.size) : -EINVAL;
}

long ramfs_fsync_count(struct file *f)
{
	struct ramfs_inode *ri = ramfs_inode(f);

	return ri ? atomic_long_read(&ri->reg.fsyncs) : -EINVAL;
}

const char *ramfs_name(struct file *f)
{
	struct ramfs_inode *ri = ramfs_inode(f);

	return ri ? ri->name : NULL;
}
