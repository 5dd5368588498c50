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
 * a bitmap of open fds for that.  Each fd's close-on-exec flag is a bit in
 * a bitmap after the pointers, under the same lock; it belongs to the
 * slot, not the file (dup'd fds have their own), and is cleared whenever
 * the slot is filled without O_CLOEXEC.
 *
 * O_PATH files are in the table like any other, but fdget does not return
 * them: the calls that act on a file's contents see -EBADF, as Linux's
 * fdget does; fdget_raw is for the few that accept them.
 */
#include "file.h"
#include "slab.h"
#include "spinlock.h"
#include "panic.h"
#include "errno.h"
#include "ktest_leak.h"
#include "string.h"
#include "uaccess.h"
#include "task.h"
#include "internal.h"

#define BITS_PER_LONG	64

struct files_struct {
	atomic_t refs;		/* tasks and requests sharing the table */
	spinlock_t lock;
	unsigned int max_fds;
	unsigned long *cloexec;	/* max_fds bits, after fd[] */
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
	f->f_inode = NULL;
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
	if (f->f_inode)
		ramfs_inode_put(f->f_inode);
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

/* Access mode 3 opens for neither, as in Linux (OPEN_FMODE); O_PATH for neither too. */
bool file_readable(struct file *f)
{
	unsigned int acc = f->f_flags & O_ACCMODE;

	return (acc == O_RDONLY || acc == O_RDWR) && !(f->f_flags & O_PATH);
}

bool file_writable(struct file *f)
{
	unsigned int acc = f->f_flags & O_ACCMODE;

	return (acc == O_WRONLY || acc == O_RDWR) && !(f->f_flags & O_PATH);
}

/* Linux's rw_verify_area and access_ok for one transfer: 0 or -errno; clamps *len. */
static int rw_verify(const void *buf, size_t *len, const long long *pos)
{
	if (!access_ok(buf, *len))
		return -EFAULT;
	if (pos && *pos < 0)
		return -EINVAL;
	*len = min(*len, (size_t)MAX_RW_COUNT);
	return 0;
}

ssize_t vfs_read(struct file *f, void *buf, size_t len, long long *pos)
{
	int err;

	if (!file_readable(f))
		return -EBADF;
	if (!f->f_op->read)
		return -EINVAL;
	err = rw_verify(buf, &len, pos);
	if (err)
		return err;
	return f->f_op->read(f, buf, len, pos ? pos : &f->f_pos);
}

ssize_t vfs_read_nonblock(struct file *f, void *buf, size_t len, long long *pos)
{
	if (!file_readable(f))
		return -EBADF;
	if (!f->f_op->read_nonblock)
		return -EAGAIN;
	return f->f_op->read_nonblock(f, buf, len, pos ? pos : &f->f_pos);
}

ssize_t vfs_write_nonblock(struct file *f, const void *buf, size_t len, long long *pos)
{
	if (!file_writable(f))
		return -EBADF;
	if (!f->f_op->write_nonblock)
		return -EAGAIN;
	return f->f_op->write_nonblock(f, buf, len, pos ? pos : &f->f_pos);
}

ssize_t vfs_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	int err;

	if (!file_writable(f))
		return -EBADF;
	if (!f->f_op->write)
		return -EINVAL;
	err = rw_verify(buf, &len, pos);
	if (err)
		return err;
	return f->f_op->write(f, buf, len, pos ? pos : &f->f_pos);
}

int vfs_fsync(struct file *f)
{
	return f->f_op->fsync ? f->f_op->fsync(f) : -EINVAL;
}

static size_t bitmap_longs(unsigned int bits)
{
	return (bits + BITS_PER_LONG - 1) / BITS_PER_LONG;
}

static bool cloexec_test(const struct files_struct *fs, unsigned int i)
{
	return fs->cloexec[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG));
}

static void cloexec_assign(struct files_struct *fs, unsigned int i, bool on)
{
	unsigned long bit = 1UL << (i % BITS_PER_LONG);

	if (on)
		fs->cloexec[i / BITS_PER_LONG] |= bit;
	else
		fs->cloexec[i / BITS_PER_LONG] &= ~bit;
}

struct files_struct *files_alloc(unsigned int max_fds)
{
	struct files_struct *fs;

	if (max_fds == 0 || max_fds > FILES_MAX_FDS)
		return NULL;
	fs = kzalloc(sizeof(*fs) + max_fds * sizeof(fs->fd[0]) +
		     bitmap_longs(max_fds) * sizeof(long));
	if (!fs)
		return NULL;
	atomic_set(&fs->refs, 1);
	spin_lock_init(&fs->lock, "files_struct");
	fs->max_fds = max_fds;
	fs->cloexec = (unsigned long *)&fs->fd[max_fds];
	return fs;
}

int unshare_files(void)
{
	struct files_struct *old = current->files, *copy;

	if (!old || atomic_read(&old->refs) == 1)
		return 0;
	copy = files_dup(old);
	if (!copy)
		return -ENOMEM;
	current->files = copy;
	files_put(old);
	return 0;
}

struct files_struct *files_dup(struct files_struct *fs)
{
	struct files_struct *n = files_alloc(fs->max_fds);

	if (!n)
		return NULL;
	spin_lock(&fs->lock);
	for (unsigned int i = 0; i < fs->max_fds; i++) {
		n->fd[i] = fs->fd[i];
		if (n->fd[i])
			get_file(n->fd[i]);
	}
	memcpy(n->cloexec, fs->cloexec, bitmap_longs(fs->max_fds) * sizeof(long));
	spin_unlock(&fs->lock);
	return n;
}

unsigned int files_max_fds(struct files_struct *fs)
{
	return fs->max_fds;
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

int fd_install_from(struct files_struct *fs, struct file *f, unsigned int min_fd, bool cloexec)
{
	int fd = -EMFILE;

	spin_lock(&fs->lock);
	for (unsigned int i = min_fd; i < fs->max_fds; i++) {
		if (!fs->fd[i]) {
			fs->fd[i] = f;
			cloexec_assign(fs, i, cloexec);
			fd = (int)i;
			break;
		}
	}
	spin_unlock(&fs->lock);
	return fd;
}

int fd_install(struct files_struct *fs, struct file *f)
{
	return fd_install_from(fs, f, 0, false);
}

int fd_replace(struct files_struct *fs, int fd, struct file *f, bool cloexec)
{
	struct file *old;

	spin_lock(&fs->lock);
	old = fs->fd[fd];
	fs->fd[fd] = f;
	cloexec_assign(fs, (unsigned int)fd, cloexec);
	spin_unlock(&fs->lock);
	if (old)
		fput(old);
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

struct file *fdget_raw(struct files_struct *fs, int fd)
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

struct file *fdget(struct files_struct *fs, int fd)
{
	struct file *f = fdget_raw(fs, fd);

	if (f && (f->f_flags & O_PATH)) {
		fput(f);
		return NULL;
	}
	return f;
}

int fd_get_cloexec(struct files_struct *fs, int fd)
{
	int i = fd_index(fs, fd), ret = -EBADF;

	if (i < 0)
		return -EBADF;
	spin_lock(&fs->lock);
	if (fs->fd[i])
		ret = cloexec_test(fs, (unsigned int)i);
	spin_unlock(&fs->lock);
	return ret;
}

int fd_set_cloexec(struct files_struct *fs, int fd, bool cloexec)
{
	int i = fd_index(fs, fd), ret = -EBADF;

	if (i < 0)
		return -EBADF;
	spin_lock(&fs->lock);
	if (fs->fd[i]) {
		cloexec_assign(fs, (unsigned int)i, cloexec);
		ret = 0;
	}
	spin_unlock(&fs->lock);
	return ret;
}

void do_close_on_exec(struct files_struct *fs)
{
	for (unsigned int i = 0; i < fs->max_fds; i++) {
		struct file *f = NULL;

		spin_lock(&fs->lock);
		if (fs->fd[i] && cloexec_test(fs, i)) {
			f = fs->fd[i];
			fs->fd[i] = NULL;
			cloexec_assign(fs, i, false);
		}
		spin_unlock(&fs->lock);
		if (f)
			fput(f);
	}
}
