/*
 * struct file: reference counting, the use-after-free check, checked I/O,
 * and descriptor tables (API in include/file.h).
 *
 * The last reference.  fput marks the file dead (magic cleared) *before*
 * calling release, so a put that release itself makes by mistake, or one
 * that arrives later, finds a dead file rather than a live one.  After
 * kfree the memory is 0x6b-poisoned and sits in kmalloc's quarantine for a
 * while, so a late fput still reads a wrong magic and warns instead of
 * decrementing a count inside freed memory (which the quarantine would
 * later report as "Poison overwritten", far from the culprit).  The check
 * is a debugging aid, not a guarantee: once the memory is reused for a new
 * file, a stale pointer looks live again.
 *
 * Descriptor tables.  A spinlock guards the array of file pointers.  The
 * table's reference keeps each installed file alive, so fdget can take
 * its own reference under the lock: a concurrent fd_close either runs
 * first (fdget finds the slot empty) or after (its fput drops the table's
 * reference, not the one fdget took).  fd_close and files_put drop the
 * table's references after unlocking, so release never runs under the
 * table's lock.  Finding the lowest free fd is a linear scan; Linux keeps
 * a bitmap of open fds for that.
 */
#include "file.h"
#include "slab.h"
#include "spinlock.h"
#include "panic.h"
#include "errno.h"
#include "ktest_leak.h"

struct files_struct {
	atomic_t refs;		/* tasks and requests sharing the table */
	spinlock_t lock;
	unsigned int max_fds;
	struct file *fd[];	/* NULL: free */
};

static atomic_long_t files_live;
KTEST_LEAK_COUNTER(files_live, "files");

struct file *alloc_file(const struct file_operations *fop, void *private_data)
{
	struct file *f = kmalloc(sizeof(*f));

	if (!f)
		return NULL;
	atomic_long_set(&f->f_count, 1);
	f->f_op = fop;
	f->private_data = private_data;
	f->f_pos = 0;
	f->f_flags = O_RDWR;
	f->magic = FILE_MAGIC;
	atomic_long_inc(&files_live);
	return f;
}

void fput(struct file *f)
{
	if (WARN(f->magic != FILE_MAGIC, "fput of a file that is not live: %p (magic 0x%lx)\n",
		 f, f->magic))
		return;
	if (!atomic_long_dec_and_test(&f->f_count))
		return;
	f->magic = 0;
	if (f->f_op->release)
		f->f_op->release(f);
	atomic_long_dec(&files_live);
	kfree(f);
}

long nr_files_live(void)
{
	return atomic_long_read(&files_live);
}

bool file_is_live(struct file *f)
{
	return READ_ONCE(f->magic) == FILE_MAGIC;
}

static bool may_read(struct file *f)
{
	return (f->f_flags & O_ACCMODE) != O_WRONLY;
}

static bool may_write(struct file *f)
{
	return (f->f_flags & O_ACCMODE) != O_RDONLY;
}

ssize_t vfs_read(struct file *f, void *buf, size_t len, long long *pos)
{
	if (!may_read(f))
		return -EBADF;
	if (!f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, len, pos ? pos : &f->f_pos);
}

ssize_t vfs_read_nonblock(struct file *f, void *buf, size_t len, long long *pos)
{
	if (!may_read(f))
		return -EBADF;
	if (!f->f_op->read_nonblock)
		return -EAGAIN;
	return f->f_op->read_nonblock(f, buf, len, pos ? pos : &f->f_pos);
}

ssize_t vfs_write_nonblock(struct file *f, const void *buf, size_t len, long long *pos)
{
	if (!may_write(f))
		return -EBADF;
	if (!f->f_op->write_nonblock)
		return -EAGAIN;
	return f->f_op->write_nonblock(f, buf, len, pos ? pos : &f->f_pos);
}

ssize_t vfs_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	if (!may_write(f))
		return -EBADF;
	if (!f->f_op->write)
		return -EINVAL;
	return f->f_op->write(f, buf, len, pos ? pos : &f->f_pos);
}

int vfs_fsync(struct file *f)
{
	return f->f_op->fsync ? f->f_op->fsync(f) : -EINVAL;
}

struct files_struct *files_alloc(unsigned int max_fds)
{
	struct files_struct *fs;

	if (max_fds == 0 || max_fds > FILES_MAX_FDS)
		return NULL;
	fs = kzalloc(sizeof(*fs) + max_fds * sizeof(fs->fd[0]));
	if (!fs)
		return NULL;
	atomic_set(&fs->refs, 1);
	spin_lock_init(&fs->lock, "files_struct");
	fs->max_fds = max_fds;
	return fs;
}

struct files_struct *files_get(struct files_struct *fs)
{
	atomic_inc(&fs->refs);
	return fs;
}

void files_put(struct files_struct *fs)
{
	if (!fs || !atomic_dec_and_test(&fs->refs))
		return;
	for (unsigned int i = 0; i < fs->max_fds; i++)
		if (fs->fd[i])
			fput(fs->fd[i]);
	kfree(fs);
}

struct files_struct *files_dup(struct files_struct *old)
{
	struct files_struct *fs = files_alloc(old->max_fds);

	if (!fs)
		return NULL;
	spin_lock(&old->lock);
	for (unsigned int i = 0; i < old->max_fds; i++)
		if (old->fd[i])
			fs->fd[i] = get_file(old->fd[i]);
	spin_unlock(&old->lock);
	return fs;
}

int fd_install(struct files_struct *fs, struct file *f)
{
	int fd = -EMFILE;

	spin_lock(&fs->lock);
	for (unsigned int i = 0; i < fs->max_fds; i++) {
		if (!fs->fd[i]) {
			fs->fd[i] = f;
			fd = (int)i;
			break;
		}
	}
	spin_unlock(&fs->lock);
	return fd;
}

/* fd as an index into fs->fd, or -1 if it is out of range. */
static int fd_index(struct files_struct *fs, int fd)
{
	return fd >= 0 && (unsigned int)fd < fs->max_fds ? fd : -1;
}

int fd_close(struct files_struct *fs, int fd)
{
	int i = fd_index(fs, fd);
	struct file *f;

	if (i < 0)
		return -EBADF;
	spin_lock(&fs->lock);
	f = fs->fd[i];
	fs->fd[i] = NULL;
	spin_unlock(&fs->lock);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

struct file *fdget(struct files_struct *fs, int fd)
{
	int i = fd_index(fs, fd);
	struct file *f;

	if (i < 0)
		return NULL;
	spin_lock(&fs->lock);
	f = fs->fd[i];
	if (f)
		get_file(f);
	spin_unlock(&fs->lock);
	return f;
}
