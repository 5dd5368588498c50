/*
 * ramfs: the inodes of the tree (API in include/ramfs.h and, for
 * anonymous files, include/file.h; shared parts in internal.h).
 *
 * Regular files.  The data is an array of page pointers: page i holds
 * bytes [i * PAGE_SIZE, (i + 1) * PAGE_SIZE), and a NULL pointer is a hole
 * that reads as zeroes (a write past the end, or truncate(2) growing a
 * file, leaves one).  Growing a file allocates only the pages it writes;
 * the pointer array grows by doubling, so even a 64 MiB file never needs
 * more than a 128 KiB pointer copy, and never a contiguous copy of its
 * data.  Bytes of an allocated page beyond the size are always zero
 * (truncate zeroes the tail it cuts off), so a hole made later reads as
 * zeroes without clearing anything.  Reads and writes copy to and from
 * user memory one page at a time.
 *
 * A mutex per file serializes its reads, writes, truncations and the
 * position they use: *pos is read and advanced under it, so callers
 * sharing &file->f_pos get one consistent position, and O_APPEND puts
 * *pos at the end under it.  A mutex rather than a spinlock because
 * copies of up to RAMFS_MAX_SIZE bytes, and user page faults, should not
 * hold preemption off.  Limits, as Linux's generic write path applies
 * them: a write starting at or past RAMFS_MAX_SIZE fails with -EFBIG, one
 * that would cross it is cut short there, and a negative position is
 * -EINVAL.  A write whose user buffer faults part way returns the bytes
 * before the fault and leaves the rest of the file as it was: past the
 * end the copy goes straight into the page (copy_from_user's zero-fill of
 * what it could not copy is what bytes past the size must hold anyway),
 * but over existing data it goes through a small bounce buffer, so the
 * zero-fill never lands on file bytes.
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
#include "mm.h"
#include <asm/boot_defs.h>

#define DIR_FIRST_POS	2	/* after "." and ".." */
#define MAX_LFS_FILESIZE	0x7fffffffffffffffLL

DEFINE_MUTEX(ramfs_tree_lock);
struct ramfs_inode *ramfs_root;
static atomic_long_t last_ino;

static const struct file_operations ramfs_fops;
static const struct file_operations ramfs_dir_fops;
static const struct file_operations ramfs_path_fops;

struct ramfs_inode *ramfs_inode_alloc(unsigned int mode, const char *name, size_t len)
{
	struct ramfs_inode *ri = kzalloc(sizeof(*ri));

	if (!ri)
		return NULL;
	ri->name = kmalloc(len + 1);
	if (!ri->name) {
		kfree(ri);
		return NULL;
	}
	memcpy(ri->name, name, len);
	ri->name[len] = '\0';
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
	return ri;
}

/* Frees pages [first, slots) of a regular file.  File lock held (or the last reference). */
static void free_pages_from(struct ramfs_inode *ri, size_t first)
{
	for (size_t i = first; i < ri->reg.slots; i++) {
		if (ri->reg.pages[i]) {
			free_page(ri->reg.pages[i]);
			ri->reg.pages[i] = NULL;
			ri->reg.nr_pages--;
		}
	}
}

void ramfs_inode_put(struct ramfs_inode *ri)
{
	if (!atomic_long_dec_and_test(&ri->count))
		return;
	if (S_ISREG(ri->mode)) {
		free_pages_from(ri, 0);
		kfree(ri->reg.pages);
	} else if (S_ISLNK(ri->mode)) {
		kfree(ri->lnk.target);
	}
	kfree(ri->name);
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

/* Makes the pointer array cover need bytes; 0 or -ENOMEM.  File lock held. */
static int reserve_slots(struct ramfs_inode *ri, size_t need)
{
	size_t want = (need + PAGE_SIZE - 1) / PAGE_SIZE, slots;
	void **pages;

	if (want <= ri->reg.slots)
		return 0;
	slots = max(want, ri->reg.slots * 2);
	slots = min(slots, (size_t)(RAMFS_MAX_SIZE / PAGE_SIZE));
	pages = kzalloc(slots * sizeof(*pages));
	if (!pages)
		return -ENOMEM;
	if (ri->reg.slots)
		memcpy(pages, ri->reg.pages, ri->reg.slots * sizeof(*pages));
	kfree(ri->reg.pages);
	ri->reg.pages = pages;
	ri->reg.slots = slots;
	return 0;
}

int ramfs_truncate(struct ramfs_inode *ri, long long size)
{
	size_t keep;
	int err = 0;

	if (size > RAMFS_MAX_SIZE)
		return -EFBIG;
	mutex_lock(&ri->reg.lock);
	if ((size_t)size < ri->reg.size) {
		keep = ((size_t)size + PAGE_SIZE - 1) / PAGE_SIZE;
		free_pages_from(ri, keep);
		if (size % PAGE_SIZE && ri->reg.pages[size / PAGE_SIZE])
			memset((char *)ri->reg.pages[size / PAGE_SIZE] + size % PAGE_SIZE, 0,
			       PAGE_SIZE - size % PAGE_SIZE);
	} else {
		err = reserve_slots(ri, (size_t)size);
	}
	if (!err)
		ri->reg.size = (size_t)size;
	mutex_unlock(&ri->reg.lock);
	return err;
}

static ssize_t ramfs_read(struct file *f, void *buf, size_t len, long long *pos)
{
	struct ramfs_inode *ri = f->private_data;
	size_t done = 0, off, want, chunk, left;
	char __user *dst = buf;

	mutex_lock(&ri->reg.lock);
	if (*pos < 0) {
		mutex_unlock(&ri->reg.lock);
		return -EINVAL;
	}
	off = (size_t)*pos;
	want = off < ri->reg.size ? min(len, ri->reg.size - off) : 0;
	while (done < want) {
		void *page = ri->reg.pages[off / PAGE_SIZE];

		chunk = min(want - done, PAGE_SIZE - off % PAGE_SIZE);
		if (page)
			left = copy_to_user(dst + done, (char *)page + off % PAGE_SIZE, chunk);
		else
			left = clear_user(dst + done, chunk);
		done += chunk - left;
		off += chunk - left;
		if (left)
			break;
	}
	*pos += (long long)done;
	mutex_unlock(&ri->reg.lock);
	return (done || !want) ? (ssize_t)done : -EFAULT;	/* buf faulted before the first byte */
}

/*
 * Copies n bytes from user memory to file memory at dst; returns the
 * number not copied.  overwrite: dst holds file data, which the bytes a
 * fault stops short of must keep (see the top of the file).
 */
static size_t copy_in(char *dst, const char __user *src, size_t n, bool overwrite)
{
	char bounce[256];
	size_t done = 0, k, left;

	if (!overwrite)
		return copy_from_user(dst, src, n);
	while (done < n) {
		k = min(n - done, sizeof(bounce));
		left = copy_from_user(bounce, src + done, k);
		memcpy(dst + done, bounce, k - left);
		done += k - left;
		if (left)
			break;
	}
	return n - done;
}

static ssize_t ramfs_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	struct ramfs_inode *ri = f->private_data;
	const char __user *src = buf;
	size_t done = 0, off, chunk, left;
	ssize_t ret;
	int err = 0;

	mutex_lock(&ri->reg.lock);
	if (READ_ONCE(f->f_flags) & O_APPEND)
		*pos = (long long)ri->reg.size;
	ret = -EINVAL;
	if (*pos < 0)
		goto out;
	ret = -EFBIG;
	if (*pos >= RAMFS_MAX_SIZE)
		goto out;
	off = (size_t)*pos;
	len = min(len, RAMFS_MAX_SIZE - off);
	ret = 0;
	if (len == 0)
		goto out;
	ret = reserve_slots(ri, off + len);
	if (ret)
		goto out;
	while (done < len) {
		void **slot = &ri->reg.pages[off / PAGE_SIZE];

		if (!*slot) {
			*slot = get_zeroed_page();
			if (!*slot) {
				err = -ENOMEM;
				break;
			}
			ri->reg.nr_pages++;
		}
		chunk = min(len - done, PAGE_SIZE - off % PAGE_SIZE);
		left = copy_in((char *)*slot + off % PAGE_SIZE, src + done, chunk,
			       off < ri->reg.size);
		done += chunk - left;
		off += chunk - left;
		if (left) {
			err = -EFAULT;
			break;
		}
	}
	/* The size covers only what was copied: a fault's zero-fill past it is no data. */
	ri->reg.size = max(ri->reg.size, off);
	*pos += (long long)done;
	ret = done ? (ssize_t)done : err;
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

/*
 * lseek(2) of a regular file, as Linux's generic_file_llseek: the whole
 * file is data (SEEK_DATA/SEEK_HOLE), positions past the end are allowed.
 */
static long long ramfs_llseek(struct file *f, long long offset, int whence)
{
	struct ramfs_inode *ri = f->private_data;
	long long size, base, ret;

	mutex_lock(&ri->reg.lock);
	size = (long long)ri->reg.size;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->f_pos;
		break;
	case SEEK_END:
		base = size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		ret = -ENXIO;
		if (offset < 0 || offset >= size)
			goto out;
		ret = f->f_pos = whence == SEEK_DATA ? offset : size;
		goto out;
	default:
		ret = -EINVAL;
		goto out;
	}
	ret = -EINVAL;
	if ((offset > 0 && base > MAX_LFS_FILESIZE - offset) || base + offset < 0)
		goto out;
	ret = f->f_pos = base + offset;
out:
	mutex_unlock(&ri->reg.lock);
	return ret;
}

static const struct file_operations ramfs_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.fsync = ramfs_fsync,
	.llseek = ramfs_llseek,
	.name = "ramfs",
};

/* read(2) of a directory is -EISDIR in Linux too; listing is ramfs_iterate. */
static ssize_t ramfs_dir_read(struct file *f, void *buf, size_t len, long long *pos)
{
	(void)f, (void)buf, (void)len, (void)pos;
	return -EISDIR;
}

/* A directory's data is in memory already; fsync has nothing to do (Linux: noop_fsync). */
static int ramfs_dir_fsync(struct file *f)
{
	(void)f;
	return 0;
}

/*
 * lseek(2) of a directory, as Linux's dcache_dir_lseek: SEEK_SET and
 * SEEK_CUR to a position at or after 0 (a listing cookie, see above).
 */
static long long ramfs_dir_llseek(struct file *f, long long offset, int whence)
{
	long long ret = -EINVAL;

	mutex_lock(&ramfs_tree_lock);
	if (whence == SEEK_CUR && offset >= 0 && f->f_pos <= MAX_LFS_FILESIZE - offset)
		offset += f->f_pos;
	else if (whence != SEEK_SET)
		offset = -1;
	if (offset >= 0)
		ret = f->f_pos = offset;
	mutex_unlock(&ramfs_tree_lock);
	return ret;
}

static const struct file_operations ramfs_dir_fops = {
	.read = ramfs_dir_read,
	.fsync = ramfs_dir_fsync,
	.llseek = ramfs_dir_llseek,
	.name = "ramfs directory",
};

/* O_PATH: a handle on the node that neither reads nor writes (Linux's empty_fops). */
static const struct file_operations ramfs_path_fops = {
	.name = "O_PATH",
};

/* What open(2) keeps in f_flags, as Linux's build_open_flags and do_dentry_open. */
#define OPEN_KEEP_FLAGS(flags)	((flags) & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC))

int ramfs_open_inode(struct ramfs_inode *ri, unsigned int flags, struct file **out)
{
	unsigned int acc = flags & O_ACCMODE;
	struct file *f;
	int err;

	/* Linux's may_open, then do_dentry_open (no direct I/O here), then the truncation. */
	if (S_ISLNK(ri->mode) && !(flags & O_PATH))
		return -ELOOP;
	/* O_TRUNC asks to write, as Linux's ACC_MODE; mode 3 is read and write. */
	if (S_ISDIR(ri->mode) && !(flags & O_PATH) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if ((flags & O_DIRECT) && !(flags & O_PATH))
		return -EINVAL;
	if (flags & O_PATH) {
		f = alloc_file(&ramfs_path_fops, ri);
	} else if (S_ISCHR(ri->mode)) {
		f = alloc_file(ri->dev.fops, NULL);
	} else if (S_ISDIR(ri->mode)) {
		f = alloc_file(&ramfs_dir_fops, ri);
	} else {
		if (flags & O_TRUNC) {
			err = ramfs_truncate(ri, 0);
			if (err)
				return err;
		}
		f = alloc_file(&ramfs_fops, ri);
	}
	if (!f)
		return -ENOMEM;
	f->f_inode = ramfs_inode_get(ri);
	f->f_flags = OPEN_KEEP_FLAGS(flags);
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
	f = alloc_file(&ramfs_fops, ri);
	if (!f) {
		ramfs_inode_put(ri);
		return NULL;
	}
	f->f_inode = ri;	/* takes over the inode's one reference */
	return f;
}

static unsigned int dirent_type(const struct ramfs_inode *ri)
{
	return (ri->mode & S_IFMT) >> 12;	/* Linux's S_DT: DT_* are the type bits */
}

int ramfs_iterate(struct file *dir, ramfs_emit_t emit, void *ctx)
{
	struct ramfs_inode *ri = dir->private_data, *child;

	if (dir->f_op != &ramfs_dir_fops)
		return -ENOTDIR;
	mutex_lock(&ramfs_tree_lock);
	if (ramfs_dead_dir(ri)) {
		mutex_unlock(&ramfs_tree_lock);
		return -ENOENT;
	}
	if (dir->f_pos == 0 && emit(ctx, ".", 1, ri->ino, DT_DIR))
		dir->f_pos = 1;
	if (dir->f_pos == 1) {
		/* The root is its own parent. */
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

void ramfs_getattr(struct ramfs_inode *ri, struct stat *st)
{
	struct ramfs_inode *child;

	memset(st, 0, sizeof(*st));
	st->st_dev = RAMFS_DEV;
	st->st_ino = ri->ino;
	st->st_mode = ri->mode;
	st->st_blksize = PAGE_SIZE;
	/* One name per inode; an unlinked one has none (Linux: 0 links). */
	st->st_nlink = ri == ramfs_root || ri->parent ? 1 : 0;
	if (S_ISDIR(ri->mode)) {
		/* Its name, its ".", and each subdirectory's "..", as Linux counts. */
		st->st_nlink = st->st_nlink ? 2 : 0;
		list_for_each_entry(child, &ri->dir.children, sibling)
			if (S_ISDIR(child->mode))
				st->st_nlink++;
	} else if (S_ISREG(ri->mode)) {
		mutex_lock(&ri->reg.lock);
		st->st_size = (long)ri->reg.size;
		st->st_blocks = (long)(ri->reg.nr_pages * (PAGE_SIZE / 512));
		mutex_unlock(&ri->reg.lock);
	} else if (S_ISLNK(ri->mode)) {
		st->st_size = (long)ri->lnk.len;
	} else if (S_ISCHR(ri->mode)) {
		st->st_rdev = ri->dev.rdev;
	}
}
