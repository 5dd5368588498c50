/*
 * Pipes: a byte ring shared by a read end and a write end (API in
 * include/file.h).
 *
 * State.  A struct pipe holds the ring (head: the oldest byte; len: bytes
 * queued), how many ends are still open, and two wait queues: rd_wait for
 * readers waiting for data or end of file, wr_wait for writers waiting for
 * room or for the reader to go.  One spinlock guards it all, data copies
 * included.  Those are at most PIPE_MAX_CAPACITY bytes, and a spinlock
 * (unlike a mutex) lets release run wherever fput may be called: with
 * preemption disabled.
 *
 * Waiting.  A reader or writer that must wait drops the lock and sleeps in
 * wait_event_interruptible on a lockless test of its condition (the test runs with the
 * task already marked sleeping, so it must not take a lock that could
 * sleep).  Woken, it retakes the lock and decides afresh: another reader
 * or writer may have got there first.  Every change wakes the other side:
 * a write wakes rd_wait, a read wakes wr_wait, a closing end wakes both.
 * No wake-up is lost (include/wait.h): the change is made before the
 * wake_up, and the sleeper queues itself before it tests.
 *
 * Semantics, as in Linux:
 *  - a read returns what is queued, from 1 to len bytes, waiting while
 *    the pipe is empty and the write end is open; empty with the write
 *    end closed is end of file (0);
 *  - a write returns once all of it is queued, waiting for room as often
 *    as needed; one of at most PIPE_BUF bytes (and at most the capacity)
 *    waits until it fits whole, so other writers' data never lands inside
 *    it; with the read end closed it fails with -EPIPE, or returns the
 *    length already queued if that is not 0, and the writer is sent
 *    SIGPIPE, as in Linux;
 *  - a task interrupted by signal_task() while it waits gets -EINTR (or,
 *    for a write, the length already queued): that is how the rings'
 *    teardown gets its workers out of blocked pipe I/O.
 *  - with O_NONBLOCK on the end (pipe2, fcntl F_SETFL, FIONBIO), a read
 *    of an empty pipe whose write end is open is -EAGAIN, and a write
 *    queues what fits (all of an atomic one or nothing) and returns that,
 *    or -EAGAIN if nothing fits;
 *  - FIONREAD reports the bytes queued.
 * The position argument is ignored: a pipe is a stream.
 *
 * pipe(2) and pipe2(2) make a pipe of Linux's default capacity (64 KiB)
 * and install its ends at the two lowest free descriptors.
 *
 * Freeing.  Each end is one struct file (shared by reference counting);
 * its release closes that end, and the release that closes the second end
 * frees the pipe.  Releases update the counts and wake waiters under the
 * lock, so the second cannot free the pipe while the first is still in
 * wake_up.  Nobody can be waiting then: a waiter holds a reference to its
 * own end, so that end is still open.
 */
#include "file.h"
#include "uaccess.h"
#include "slab.h"
#include "spinlock.h"
#include "wait.h"
#include "string.h"
#include "task.h"
#include "errno.h"
#include "syscalls.h"
#include "signal.h"
#include "internal.h"
#include "uapi/poll.h"

#define PIPE_DEF_CAPACITY	(64 * 1024)

struct pipe {
	spinlock_t lock;
	struct wait_queue_head rd_wait;
	struct wait_queue_head wr_wait;
	unsigned int readers, writers;	/* open ends: 1 or 0 each */
	size_t capacity;
	size_t head;			/* index of the oldest queued byte */
	size_t len;			/* bytes queued */
	unsigned long ino;		/* for fstat */
	char buf[];
};

/*
 * Takes n <= p->len bytes off the ring into the user buffer dst; returns
 * how many it took, fewer if dst faulted (the rest stay queued).  Lock
 * held: the user copy never sleeps, it only fails.
 */
static size_t ring_out(struct pipe *p, char __user *dst, size_t n)
{
	size_t first = min(n, p->capacity - p->head);
	size_t done = first - copy_to_user(dst, p->buf + p->head, first);

	if (done == first)
		done += (n - first) - copy_to_user(dst + first, p->buf, n - first);
	p->head = (p->head + done) % p->capacity;
	p->len -= done;
	return done;
}

/*
 * Queues n <= free room bytes from the user buffer src; returns how many
 * it queued, fewer if src faulted.  Lock held, as ring_out.
 */
static size_t ring_in(struct pipe *p, const char __user *src, size_t n)
{
	size_t tail = (p->head + p->len) % p->capacity;
	size_t first = min(n, p->capacity - tail);
	size_t done = first - copy_from_user(p->buf + tail, src, first);

	if (done == first)
		done += (n - first) - copy_from_user(p->buf, src + first, n - first);
	p->len += done;
	return done;
}

static bool pipe_readable(struct pipe *p)
{
	return READ_ONCE(p->len) > 0 || READ_ONCE(p->writers) == 0;
}

static bool pipe_writable(struct pipe *p, size_t need)
{
	return p->capacity - READ_ONCE(p->len) >= need || READ_ONCE(p->readers) == 0;
}

static ssize_t pipe_do_read(struct file *f, void *buf, size_t len, bool nonblock)
{
	struct pipe *p = f->private_data;
	size_t n;

	if (len == 0)
		return 0;
	for (;;) {
		spin_lock(&p->lock);
		if (p->len > 0)
			break;
		if (p->writers == 0) {
			spin_unlock(&p->lock);
			return 0;
		}
		spin_unlock(&p->lock);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(p->rd_wait, pipe_readable(p)))
			return -EINTR;
	}
	n = ring_out(p, buf, min(len, p->len));
	spin_unlock(&p->lock);
	wake_up(&p->wr_wait);
	return n ? (ssize_t)n : -EFAULT;	/* as Linux: a fault before any byte is -EFAULT */
}

static bool nonblocking(struct file *f)
{
	return READ_ONCE(f->f_flags) & O_NONBLOCK;
}

static ssize_t pipe_read(struct file *f, void *buf, size_t len, long long *pos)
{
	(void)pos;
	return pipe_do_read(f, buf, len, nonblocking(f));
}

static ssize_t pipe_read_nonblock(struct file *f, void *buf, size_t len, long long *pos)
{
	(void)pos;
	return pipe_do_read(f, buf, len, true);
}

/* A write with no reader left: the writer is sent SIGPIPE, as Linux's pipe_write does. */
static ssize_t pipe_broken(void)
{
	send_sig(SIGPIPE, current);
	return -EPIPE;
}

static ssize_t pipe_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	struct pipe *p = f->private_data;
	/* Room needed before queueing anything: all of an atomic write, else a byte. */
	size_t need = len <= min((size_t)PIPE_BUF, p->capacity) ? len : 1;
	size_t done = 0, n, want;

	(void)pos;
	while (done < len) {
		spin_lock(&p->lock);
		if (p->readers == 0) {
			spin_unlock(&p->lock);
			return done ? (ssize_t)done : pipe_broken();
		}
		if (p->capacity - p->len < need) {
			spin_unlock(&p->lock);
			if (nonblocking(f))
				return done ? (ssize_t)done : -EAGAIN;
			if (wait_event_interruptible(p->wr_wait, pipe_writable(p, need)))
				return done ? (ssize_t)done : -EINTR;
			continue;
		}
		want = min(len - done, p->capacity - p->len);
		n = ring_in(p, (const char __user *)buf + done, want);
		spin_unlock(&p->lock);
		wake_up(&p->rd_wait);
		done += n;
		if (n < want)		/* buf faulted: what was queued counts */
			return done ? (ssize_t)done : -EFAULT;
	}
	return (ssize_t)done;
}

/* All of buf fits now, or nothing is written: the ring's inline attempt. */
static ssize_t pipe_write_nonblock(struct file *f, const void *buf, size_t len, long long *pos)
{
	struct pipe *p = f->private_data;
	size_t n;

	(void)pos;
	spin_lock(&p->lock);
	if (p->readers == 0) {
		spin_unlock(&p->lock);
		return pipe_broken();
	}
	if (p->capacity - p->len < len) {
		spin_unlock(&p->lock);
		return -EAGAIN;
	}
	n = ring_in(p, buf, len);	/* short only if buf faulted */
	spin_unlock(&p->lock);
	wake_up(&p->rd_wait);
	return (n || !len) ? (ssize_t)n : -EFAULT;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->private_data;
	bool last;

	spin_lock(&p->lock);
	if ((f->f_flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	last = p->readers == 0 && p->writers == 0;
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
	spin_unlock(&p->lock);
	if (last)
		kfree(p);
}

/* FIONREAD: the bytes queued, into an int in user memory. */
static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = f->private_data;
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	n = (int)READ_ONCE(p->len);
	return copy_to_user((int __user *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

/*
 * poll, as Linux's pipe_poll: the read end is readable with bytes queued
 * and hung up with no writer left; the write end is writable with room
 * for PIPE_BUF bytes (an atomic write) and in error with no reader left.
 * Lockless snapshots: select.c looks again after every wake-up.
 */
static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private_data;
	unsigned int mask = 0;

	if (file_readable(f)) {
		poll_wait(f, &p->rd_wait, pt);
		if (READ_ONCE(p->len) > 0)
			mask |= POLLIN | POLLRDNORM;
		if (READ_ONCE(p->writers) == 0)
			mask |= POLLHUP;
	}
	if (file_writable(f)) {
		poll_wait(f, &p->wr_wait, pt);
		if (p->capacity - READ_ONCE(p->len) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (READ_ONCE(p->readers) == 0)
			mask |= POLLERR;
	}
	return mask;
}

static const struct file_operations pipe_read_fops = {
	.read = pipe_read,
	.read_nonblock = pipe_read_nonblock,
	.release = pipe_release,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.name = "pipe",
};

static const struct file_operations pipe_write_fops = {
	.write = pipe_write,
	.write_nonblock = pipe_write_nonblock,
	.release = pipe_release,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.name = "pipe",
};

unsigned long pipe_ino(struct file *f)
{
	if (f->f_op != &pipe_read_fops && f->f_op != &pipe_write_fops)
		return 0;
	return ((struct pipe *)f->private_data)->ino;
}

static atomic_long_t pipe_last_ino;

int pipe_create(struct file **rd, struct file **wr, size_t capacity)
{
	struct pipe *p;

	if (capacity == 0 || capacity > PIPE_MAX_CAPACITY)
		return -EINVAL;
	p = kmalloc(sizeof(*p) + capacity);
	if (!p)
		return -ENOMEM;
	spin_lock_init(&p->lock, "pipe");
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	p->capacity = capacity;
	p->head = 0;
	p->len = 0;
	p->ino = (unsigned long)atomic_long_inc_return(&pipe_last_ino);
	/*
	 * Each end counts as open once its file exists, so if the write end
	 * cannot be allocated, putting the read end frees the pipe.
	 */
	p->readers = 1;
	p->writers = 0;
	*rd = alloc_file(&pipe_read_fops, p);
	if (!*rd) {
		kfree(p);
		return -ENOMEM;
	}
	(*rd)->f_flags = O_RDONLY;
	*wr = alloc_file(&pipe_write_fops, p);
	if (!*wr) {
		fput(*rd);
		return -ENOMEM;
	}
	(*wr)->f_flags = O_WRONLY;
	p->writers = 1;
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	struct files_struct *files = current->files;
	unsigned int status = (unsigned int)flags & O_NONBLOCK;
	bool cloexec = flags & O_CLOEXEC;
	struct file *rd, *wr;
	int fd[2], err;

	/* O_DIRECT (packet mode) and O_NOTIFICATION_PIPE are not implemented. */
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if (!files)
		return -EMFILE;
	err = pipe_create(&rd, &wr, PIPE_DEF_CAPACITY);
	if (err)
		return err;
	rd->f_flags |= status;
	wr->f_flags |= status;
	fd[0] = fd_install_from(files, rd, 0, cloexec);
	if (fd[0] < 0) {
		fput(rd);
		fput(wr);
		return fd[0];
	}
	fd[1] = fd_install_from(files, wr, 0, cloexec);
	if (fd[1] < 0) {
		fd_close(files, fd[0]);
		fput(wr);
		return fd[1];
	}
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		/* Linux installs only after the copy; closing here has the same outcome. */
		fd_close(files, fd[0]);
		fd_close(files, fd[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(pipe, int __user *, fildes)
{
	return sys_pipe2(fildes, 0);
}
