/*
 * Files: the small file layer under the io_uring-style rings.
 *
 * A struct file is an open object with a reference count and a table of
 * operations (struct file_operations).  What is behind it depends on who
 * made it: a pipe end (kernel/fs/pipe.c), a regular file in memory
 * (kernel/fs/ramfs.c), or the null and zero devices (kernel/fs/devices.c).
 * Files in the ramfs tree are opened by path (ramfs_open, include/ramfs.h);
 * pipes and anonymous ramfs files have constructors that return a new
 * file with one reference.
 *
 * Lifetime.  alloc_file() returns a file with f_count 1, the caller's
 * reference.  get_file() takes another, fput() drops one; the fput that
 * drops the last calls f_op->release and frees the file.  While a file is
 * live its magic field holds FILE_MAGIC; fput checks it first, so a put of
 * a file that was already freed (kfree fills it with 0x6b) is reported as
 * "WARNING in fput" and ignored instead of corrupting memory.
 *
 * Descriptor tables.  A struct files_struct maps small integers (fds) to
 * files.  Each task points at one (current->files, NULL for none); a
 * kernel thread shares its creator's, as threads made with CLONE_FILES do,
 * so the table is reference-counted: files_get/files_put.
 * Installing a file hands the table the caller's reference; fdget returns
 * a file with a new reference taken under the table's lock, so it stays
 * valid even if another CPU closes the fd at the same moment.
 *
 * I/O goes through vfs_read/vfs_write/vfs_fsync, which check the file's
 * access mode (f_flags & O_ACCMODE) and that it has the operation, as
 * Linux's do, before calling f_op.
 */
#ifndef FILE_H
#define FILE_H

#include "atomic.h"
#include "uapi/fcntl.h"

typedef long ssize_t;

#define FILE_MAGIC	0x46494c454c495645UL	/* "FILELIVE" */

struct file;
struct iovec;
struct poll_table;
struct shared_pages;
struct wait_queue_head;

/*
 * What a kind of file does.  Any operation may be NULL (the vfs_ helpers
 * then fail the call).  pos is never NULL when called through them: it
 * is either the caller's offset or &file->f_pos.  Streams (pipes, the
 * devices) ignore it; ramfs reads or writes at *pos and advances it.
 * buf is a user pointer: it is only touched through copy_to_user and
 * copy_from_user (uaccess.h), so a bad one ends the call early with the
 * bytes done so far, or -EFAULT if there were none, as in Linux.
 */
struct file_operations {
	/* Returns bytes read (0 at end of file) or -errno.  May sleep. */
	ssize_t (*read)(struct file *f, void *buf, size_t len, long long *pos);
	/* Returns bytes written or -errno.  May sleep. */
	ssize_t (*write)(struct file *f, const void *buf, size_t len, long long *pos);
	/* Makes written data durable; 0 or -errno.  May sleep. */
	int (*fsync)(struct file *f);
	/* As read, but returns -EAGAIN where read would wait.  Must not sleep. */
	ssize_t (*read_nonblock)(struct file *f, void *buf, size_t len, long long *pos);
	/* As write, all of it or -EAGAIN where write would wait.  Must not sleep. */
	ssize_t (*write_nonblock)(struct file *f, const void *buf, size_t len, long long *pos);
	/*
	 * readv(2)/writev(2) as one transfer, for kinds where a call is not
	 * the sum of per-segment calls (a datagram socket: one datagram
	 * scattered over, or gathered from, all segments).  iov is a kernel
	 * copy of the array, checked as import_iovec checks it; returns bytes
	 * moved or -errno.  NULL: the segments go to read/write one by one.
	 * May sleep.
	 */
	ssize_t (*read_iter)(struct file *f, const struct iovec *iov, unsigned long nr);
	ssize_t (*write_iter)(struct file *f, const struct iovec *iov, unsigned long nr);
	/*
	 * Called once, by the fput that drops the last reference.  Must not
	 * sleep: fput may be called with preemption disabled.
	 */
	void (*release)(struct file *f);
	/*
	 * lseek(2): returns the new position (and sets f_pos) or -errno.
	 * NULL: the file is a stream (pipes, terminals): lseek, pread and
	 * pwrite are -ESPIPE.  May sleep.
	 */
	long long (*llseek)(struct file *f, long long offset, int whence);
	/*
	 * ioctl(2) requests the kind of file knows; the generic ones (FIOCLEX,
	 * FIONCLEX, FIONBIO) never reach it.  Returns >= 0 or -errno,
	 * -ENOTTY for a request it does not know.  NULL: every other request
	 * is -ENOTTY.  arg is a user pointer or a number.  May sleep.
	 */
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/*
	 * poll(2): returns the POLL* events (uapi/poll.h) that hold now, and
	 * first hands every wait queue that is woken when they change to
	 * poll_wait (kernel/fs/select.c), the same queues on every call.
	 * Lockless snapshots are enough: poll calls again after each wake-up.
	 * Must not sleep (the caller is already marked sleeping).  NULL: always
	 * ready for reading and writing, as a regular file.
	 */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	/*
	 * mmap(2) of len bytes at page pgoff of the file: 0 with *sp set to
	 * the frames to map (a reference for the caller) and *sp_pgoff to the
	 * first of them, or -errno.  The caller maps them MAP_SHARED with the
	 * VMA holding a reference on the file (kernel/mm/sys_mmap.c).  NULL:
	 * ramfs files are mapped by copying, anything else is -ENODEV.  May
	 * sleep.
	 */
	int (*mmap)(struct file *f, unsigned long pgoff, size_t len, struct shared_pages **sp,
		    size_t *sp_pgoff);
	const char *name;	/* the kind of file, for messages */
};

struct ramfs_inode;

/*
 * For a file's poll operation: queues the polling task on wq, so a
 * wake_up(wq) ends its wait; pt NULL (a later pass) does nothing.  At most
 * POLL_QUEUES_PER_FILE queues per file.  Never sleeps.
 */
void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt);
#define POLL_QUEUES_PER_FILE	2

struct file {
	atomic_long_t f_count;
	const struct file_operations *f_op;
	void *private_data;	/* the object behind the file (its owner's) */
	long long f_pos;	/* the position used when a caller gives none */
	/*
	 * The access mode (O_RDONLY, O_WRONLY, O_RDWR, or 3: neither, as
	 * Linux) and the status flags open(2) kept: O_APPEND, O_NONBLOCK,
	 * O_PATH, O_LARGEFILE...; fcntl(F_SETFL) changes O_APPEND and
	 * O_NONBLOCK only, so they are read with READ_ONCE.
	 */
	unsigned int f_flags;
	/* The tree node it was opened from (a counted reference), or NULL. */
	struct ramfs_inode *f_inode;
	unsigned long magic;	/* FILE_MAGIC while live */
};

/*
 * Returns a new file with one reference (the caller's), f_inode NULL, open
 * for reading and writing (the constructor may narrow f_flags before sharing it), or
 * NULL if memory ran out.  Never sleeps.
 */
struct file *alloc_file(const struct file_operations *fop, void *private_data);

/* Takes another reference; the caller must already hold one.  Any context. */
static inline struct file *get_file(struct file *f)
{
	atomic_long_inc(&f->f_count);
	return f;
}

/*
 * Drops a reference.  The last one calls f_op->release (if any), drops
 * f_inode's reference and frees the file.  A file that is not live (already freed) is reported with
 * WARN and left alone.  Never sleeps; not from interrupt handlers.
 */
void fput(struct file *f);

/* The current count: a snapshot, for tests and assertions. */
static inline long file_count(struct file *f)
{
	return atomic_long_read(&f->f_count);
}

/* Files allocated and not yet freed (for leak checks). */
long nr_files_live(void);

/*
 * True if f's magic says it is live.  For tests: a freed file's memory
 * reads as poison until kmalloc hands it out again.
 */
bool file_is_live(struct file *f);

/*
 * Whether f is open for reading / writing: access mode O_RDONLY or O_RDWR
 * (O_WRONLY or O_RDWR), and not O_PATH.
 */
bool file_readable(struct file *f);
bool file_writable(struct file *f);

/*
 * Checked I/O.  pos NULL means the file's own position (&f->f_pos), as
 * read(2) uses; otherwise *pos is used and advanced, as pread(2).
 * -EBADF if the file is not open for the direction, -EINVAL if it has no
 * such operation, -EFAULT if buf is beyond the task's address limit,
 * -EINVAL for a negative *pos, else whatever the operation returns (len
 * is cut to Linux's MAX_RW_COUNT first).  May sleep.
 */
ssize_t vfs_read(struct file *f, void *buf, size_t len, long long *pos);
ssize_t vfs_write(struct file *f, const void *buf, size_t len, long long *pos);
int vfs_fsync(struct file *f);
/*
 * Like vfs_read but never sleeps.  -EAGAIN means "use vfs_read (from a
 * context that may sleep)": data is not there yet, or the file has no
 * non-blocking read at all.
 */
ssize_t vfs_read_nonblock(struct file *f, void *buf, size_t len, long long *pos);
/* The same for writes: all of buf is written, or -EAGAIN and nothing is. */
ssize_t vfs_write_nonblock(struct file *f, const void *buf, size_t len, long long *pos);

/* Descriptor tables (opaque; see kernel/fs/file.c). */
struct files_struct;

#define FILES_MAX_FDS	4096

/*
 * Returns an empty table for fds 0..max_fds-1 with one reference, or NULL
 * if max_fds is 0 or above FILES_MAX_FDS or memory ran out.  max_fds is
 * the process's RLIMIT_NOFILE: fds at or above it are -EBADF/-EMFILE/
 * -EINVAL as Linux says for each call.  Never sleeps.
 */
struct files_struct *files_alloc(unsigned int max_fds);
/* Takes another reference to the table; the caller must hold one. */
struct files_struct *files_get(struct files_struct *fs);
/*
 * Drops a reference (NULL is ignored).  The last one drops the table's
 * reference to every installed file and frees the table.  Never sleeps.
 */
void files_put(struct files_struct *fs);
/*
 * fork(2) without CLONE_FILES: a new table (one reference) of the same
 * size holding a new reference to every file fs holds, at the same fds
 * with the same close-on-exec flags; NULL if memory ran out.  A snapshot
 * under fs's lock, so a concurrent close or dup2 in another thread lands
 * wholly before or after it.  Never sleeps.
 */
struct files_struct *files_dup(struct files_struct *fs);
/*
 * execve(2): gives the current task a table of its own if it shares one
 * (with the kernel thread that made it, a CLONE_FILES sibling, or io_uring
 * requests in flight), so close-on-exec changes only its own, as Linux's
 * unshare_files.  0, or -ENOMEM with nothing changed.  Never sleeps.
 */
int unshare_files(void);
/* The table's size (its RLIMIT_NOFILE). */
unsigned int files_max_fds(struct files_struct *fs);
/*
 * Installs f at the lowest free fd and returns it.  On success the table
 * owns the caller's reference; -EMFILE if the table is full (the caller
 * keeps its reference).  Never sleeps.
 */
int fd_install(struct files_struct *fs, struct file *f);
/*
 * The same at the lowest free fd >= min_fd, with close-on-exec if
 * cloexec (open's O_CLOEXEC, F_DUPFD_CLOEXEC); -EMFILE if there is none
 * (also when min_fd is past the end).  Never sleeps.
 */
int fd_install_from(struct files_struct *fs, struct file *f, unsigned int min_fd, bool cloexec);
/*
 * dup2/dup3: puts f at fd (which must be below files_max_fds), with
 * close-on-exec if cloexec, closing what was there; the table takes the
 * caller's reference.  Returns fd.  Never sleeps (the file it replaces
 * is fput after the lock is dropped).
 */
int fd_replace(struct files_struct *fs, int fd, struct file *f, bool cloexec);
/* Removes fd and drops the table's reference.  0, or -EBADF if fd is not open. */
int fd_close(struct files_struct *fs, int fd);
/*
 * Returns the file at fd with a new reference (the caller fputs it), or
 * NULL if fd is not open or is an O_PATH descriptor (which, as in Linux,
 * neither reads, writes nor serves io_uring).  Safe against fd_close of
 * the same fd on another CPU.  Never sleeps.
 */
struct file *fdget(struct files_struct *fs, int fd);
/* fdget that also returns O_PATH files: for fstat, fchdir, *at dirfds, dup, fcntl. */
struct file *fdget_raw(struct files_struct *fs, int fd);
/*
 * The close-on-exec flag of fd: 1 or 0, or -EBADF if fd is not open;
 * fd_set_cloexec sets it (0 or -EBADF).  Never sleep.
 */
int fd_get_cloexec(struct files_struct *fs, int fd);
int fd_set_cloexec(struct files_struct *fs, int fd, bool cloexec);
/*
 * execve(2), once the new program is certain: closes every fd whose
 * close-on-exec flag is set.  The caller holds a reference to fs (the
 * exec'ing task's, unshared from other processes as Linux's
 * unshare_files does).  May sleep (a release may).
 */
void do_close_on_exec(struct files_struct *fs);

/*
 * A process's file-system context (kernel/fs/fs_struct.c), Linux's
 * fs_struct: its current directory and its umask.  Counted: tasks made
 * with CLONE_FS (threads) share one (fs_get), fork copies it (fs_copy).
 * task->fs may be NULL: such a task (a kernel thread nobody gave one)
 * works in "/" with umask 022, and fs_current() makes it one on demand.
 */
struct fs_struct;

/* A new context in "/" with umask 022, one reference; NULL if memory ran out.  Never sleeps. */
struct fs_struct *fs_alloc(void);
/* fork(2): a new context (one reference) with fs's directory and umask; NULL: no memory. */
struct fs_struct *fs_copy(struct fs_struct *fs);
/* Another reference (CLONE_FS); the caller holds one. */
struct fs_struct *fs_get(struct fs_struct *fs);
/* Drops a reference (NULL ignored); the last drops the directory's.  Never sleeps. */
void fs_put(struct fs_struct *fs);
/*
 * The current task's context, made (and stored in current->fs) if it
 * has none; NULL if memory ran out.  Only the task itself sets its fs.
 */
struct fs_struct *fs_current(void);
/* The current task's umask (022 without a context). */
unsigned int current_umask(void);

/*
 * Pipes (kernel/fs/pipe.c).  A pipe is a byte ring of capacity bytes with a
 * read end and a write end.  Returns 0 with one reference to each end in
 * *rd and *wr, -EINVAL if capacity is 0 or above PIPE_MAX_CAPACITY, or
 * -ENOMEM.  Writes of at most PIPE_BUF bytes (and at most capacity) are
 * atomic: they are never interleaved with other writers' data.  Never
 * sleeps (reads and writes may).
 */
#define PIPE_BUF		4096
#define PIPE_MAX_CAPACITY	(64 * 1024)
int pipe_create(struct file **rd, struct file **wr, size_t capacity);

/*
 * Anonymous regular files in memory (kernel/fs/ramfs.c), in no directory:
 * a new empty file open for reading and writing, or NULL if memory ran
 * out.  name (copied, truncated to RAMFS_NAME_MAX - 1 bytes) is a label
 * for debugging.  Files grow up
 * to RAMFS_MAX_SIZE bytes.  Never sleeps (reads and writes may: they take
 * the file's mutex).
 */
#define RAMFS_NAME_MAX	32
/*
 * 64 MiB: room for Debian's busybox-static (about 2 MB) and for test files
 * many times that, while one file can still not take more than a quarter
 * of QEMU's 256 MiB.
 */
#define RAMFS_MAX_SIZE	(64L << 20)
struct file *ramfs_create(const char *name);
/* The file's size in bytes, or -EINVAL if f is not a ramfs file. */
long long ramfs_size(struct file *f);
/* How many times fsync was called on it, or -EINVAL if f is not a ramfs file. */
long ramfs_fsync_count(struct file *f);
/* The name it was created with, or NULL if f is not a ramfs file. */
const char *ramfs_name(struct file *f);

/*
 * The null and zero devices (kernel/fs/devices.c), each a new file open for
 * reading and writing, or NULL if memory ran out.  null: reads return 0
 * (end of file), writes swallow everything.  zero: reads fill the buffer
 * with zeroes, writes swallow everything.  Neither ever sleeps.
 */
struct file *null_file_open(void);
struct file *zero_file_open(void);
/*
 * The pipe's number for fstat's st_ino (unique per pipe), or 0 if f is not
 * a pipe end (kernel/fs/pipe.c).
 */
unsigned long pipe_ino(struct file *f);
/*
 * Makes /dev and a node for each device in the ramfs tree.  Called once by
 * kmain after ramfs_init; panics if it cannot.  May sleep.
 */
void devices_init(void);
/*
 * Makes /proc/self/exe (kernel/fs/proc.c), the link each process reads as
 * the path of its own program.  Called once by kmain after ramfs_init;
 * panics if it cannot.  May sleep.
 */
void proc_init(void);

#endif
