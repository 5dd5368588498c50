/*
 * Self-tests of fixed files (suite uring_files): register, update and
 * unregister with their error codes; sparse tables and 32768 slots; both
 * update paths; and the lifetime rules of the generation design, first
 * one request at a time, then from every CPU at once.
 *
 * Lifetime checks use "probe" files: their read verifies, before and
 * after a short delay, that the file has not been released, and their
 * release verifies that no read is in progress.  A file put too early
 * shows up as a violation; a file never put shows up in the leak check.
 */
#include "../testlib/harness.h"
#include "errno.h"
#include "slab.h"
#include "time.h"
#include "timer.h"
#include "mutex.h"
#include "smp.h"
#include "rcupdate.h"
#include "sched.h"
#include "syscalls.h"
#include "uapi/fcntl.h"

struct probe {
	atomic_t released;	/* times release ran: must end at exactly 1 */
	atomic_t reading;	/* reads in progress */
	atomic_t *violations;
};

static ssize_t probe_read(struct file *f, void *buf, size_t len, long long *pos)
{
	struct probe *p = f->private_data;

	(void)pos;
	atomic_inc(&p->reading);
	if (atomic_read(&p->released) || !file_is_live(f))
		atomic_inc(p->violations);
	udelay(20);	/* a request that uses its file for a while */
	if (atomic_read(&p->released) || !file_is_live(f))
		atomic_inc(p->violations);
	memset(buf, 'p', len);
	atomic_dec(&p->reading);
	return (ssize_t)len;
}

static void probe_release(struct file *f)
{
	struct probe *p = f->private_data;

	if (atomic_read(&p->reading))
		atomic_inc(p->violations);
	atomic_inc(&p->released);
}

static const struct file_operations probe_fops = {
	.read = probe_read,
	.release = probe_release,
	.name = "probe",
};

/* A probe file installed in current->files; returns its fd. */
static int probe_open(struct probe *p, atomic_t *violations)
{
	struct file *f = alloc_file(&probe_fops, p);

	atomic_set(&p->released, 0);
	atomic_set(&p->reading, 0);
	p->violations = violations;
	return f ? uring_test_install(f) : -ENOMEM;
}

static int reg(struct io_uring *ring, unsigned int op, void *arg, unsigned int nr)
{
	return io_uring_register((unsigned int)ring->ring_fd, op, arg, nr);
}

/* A fixed-file read of one byte from slot; returns its CQE's res. */
static int fixed_read(struct io_uring *ring, int slot, uint8_t extra_flags)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	static char sink[8];

	io_uring_prep_read(sqe, slot, sink, 1, 0);
	sqe->flags = IOSQE_FIXED_FILE | extra_flags;
	return uring_test_submit_wait(ring, NULL);
}

KTEST(uring_files, register_and_unregister_errors)
{
	struct io_uring ring;
	int32_t fds[4];
	struct file *nf;
	int nfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	nfd = uring_test_install(null_file_open());
	nf = fdget(current->files, nfd);
	EXPECT_EQ(file_count(nf), 2);

	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_FILES, NULL, 0), -ENXIO);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES, fds, 0), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES, fds, IORING_MAX_FIXED_FILES + 1), -EMFILE);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES, NULL, 2), -EFAULT);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES, NULL, 0), -EFAULT);	/* arg is checked first */
	/* All or nothing: a bad fd after a good one leaves no table and no reference. */
	fds[0] = nfd;
	fds[1] = 99;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES, fds, 2), -EBADF);
	EXPECT_EQ(file_count(nf), 2);
	fds[1] = ring.ring_fd;		/* a ring cannot be a fixed file */
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES, fds, 2), -EBADF);
	EXPECT_EQ(file_count(nf), 2);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_FILES, NULL, 0), -ENXIO);

	fds[1] = -1;
	EXPECT_EQ(io_uring_register_files(&ring, fds, 2), 0);
	EXPECT_EQ(file_count(nf), 3);
	EXPECT_EQ(io_uring_register_files(&ring, fds, 2), -EBUSY);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_FILES, fds, 0), -EINVAL);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	EXPECT_EQ(file_count(nf), 2);
	EXPECT_EQ(io_uring_unregister_files(&ring), -ENXIO);
	fput(nf);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_files, update_errors_and_counts)
{
	struct io_uring_files_update up = { 0 };
	struct io_uring ring;
	int32_t fds[4], nfd, zfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	nfd = uring_test_install(null_file_open());
	zfd = uring_test_install(zero_file_open());
	fds[0] = fds[1] = fds[2] = fds[3] = -1;
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 1), -ENXIO);
	ASSERT_EQ(io_uring_register_files(&ring, fds, 4), 0);

	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 0), -EINVAL);
	EXPECT_EQ(io_uring_register_files_update(&ring, 3, fds, 2), -EINVAL);	/* past the end */
	EXPECT_EQ(io_uring_register_files_update(&ring, 0xffffffffu, fds, 2), -EOVERFLOW);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE, NULL, 1), -EFAULT);
	up.resv = 1;
	up.fds = (unsigned long)fds;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE, &up, 1), -EINVAL);
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, NULL, 1), -EFAULT);

	/*
	 * The count of slots processed; a bad fd stops the update there, and
	 * as in Linux 6.1 that slot has already lost its old file.
	 */
	fds[0] = nfd;
	fds[1] = zfd;
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 2), 2);
	fds[0] = -1;
	fds[1] = 99;
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 2), 1);
	EXPECT_EQ(fixed_read(&ring, 0, 0), -EBADF);	/* cleared */
	EXPECT_EQ(fixed_read(&ring, 1, 0), -EBADF);	/* emptied before fd 99 was looked up */
	fds[0] = zfd;
	EXPECT_EQ(io_uring_register_files_update(&ring, 1, fds, 1), 1);
	fds[0] = 99;
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 1), -EBADF);

	/* The same through the ring: the CQE carries the count. */
	{
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		fds[0] = nfd;
		fds[1] = nfd;
		io_uring_prep_files_update(sqe, fds, 2, 2);
		EXPECT_EQ(uring_test_submit_wait(&ring, NULL), 2);
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_files_update(sqe, fds, 2, 3);
		EXPECT_EQ(uring_test_submit_wait(&ring, NULL), -EINVAL);
	}
	EXPECT_EQ(fixed_read(&ring, 2, 0), 0);		/* null: end of file */
	EXPECT_EQ(fixed_read(&ring, 3, IOSQE_ASYNC), 0);
	EXPECT_EQ(fixed_read(&ring, 4, 0), -EBADF);	/* past the table */
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * A table may have as many slots as RLIMIT_NOFILE allows (Linux 6.1's
 * check): -EMFILE above it, and the largest table ringlet allows once it
 * is raised to the most it may be, FILES_MAX_FDS.
 */
#define BIG_TABLE	FILES_MAX_FDS

/*
 * Each update retires a generation that lives on until a grace period
 * and its release: a program that updates in a tight loop keeps
 * thousands of them waiting at once, and must never see -ENOMEM for it
 * (each holds a dynamic per-CPU counter; the allocator once held 1024).
 */
KTEST(uring_files, updates_in_a_tight_loop_never_run_out)
{
	struct io_uring ring;
	int32_t fds[2] = { -1, -1 }, nfd;
	int failed = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	nfd = uring_test_install(null_file_open());
	ASSERT_EQ(io_uring_register_files(&ring, fds, 2), 0);
	for (int i = 0; i < 6000 && !failed; i++) {
		int ret = io_uring_register_files_update(&ring, 0, (i & 1) ? &fds[0] : &nfd, 1);

		if (ret != 1) {
			EXPECT_EQ(ret, 1);
			failed = i + 1;
		}
	}
	EXPECT_EQ(failed, 0);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_files, sparse_table_as_large_as_rlimit_nofile)
{
	int32_t *fds = kmalloc(BIG_TABLE * sizeof(int32_t));
	unsigned long saved;
	struct io_uring ring;
	int zfd;

	ASSERT_NOT_NULL(fds);
	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	zfd = uring_test_install(zero_file_open());
	for (int i = 0; i < BIG_TABLE; i++)
		fds[i] = (i % 1024 == 7) ? zfd : -1;	/* sparse, with duplicates */
	saved = uring_test_set_nofile(BIG_TABLE - 1);
	EXPECT_EQ(io_uring_register_files(&ring, fds, BIG_TABLE), -EMFILE);
	EXPECT_EQ(io_uring_register_files_sparse(&ring, BIG_TABLE), -EMFILE);
	uring_test_set_nofile(BIG_TABLE);
	EXPECT_EQ(io_uring_register_files(&ring, fds, BIG_TABLE), 0);
	uring_test_set_nofile(saved);
	EXPECT_EQ(fixed_read(&ring, 7, 0), 1);
	EXPECT_EQ(fixed_read(&ring, 1024 + 7, 0), 1);
	EXPECT_EQ(fixed_read(&ring, 8, 0), -EBADF);
	EXPECT_EQ(fixed_read(&ring, BIG_TABLE - 1, 0), -EBADF);
	fds[0] = zfd;
	EXPECT_EQ(io_uring_register_files_update(&ring, BIG_TABLE - 1, fds, 1), 1);
	EXPECT_EQ(fixed_read(&ring, BIG_TABLE - 1, 0), 1);
	EXPECT_EQ(io_uring_register_files_update(&ring, BIG_TABLE, fds, 1), -EINVAL);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
	kfree(fds);
}

/*
 * Every kind of file a process can open registers, through
 * IORING_REGISTER_FILES and both update paths, and reads through its slot
 * as through its fd; rings are refused with -EBADF, and so are O_PATH
 * descriptors (Linux's fget does not return them).
 */
KTEST(uring_files, every_file_kind_registers_but_rings_and_o_path)
{
	static const char path[] = "/uring_files_kind_test";
	struct fs_struct *saved_fs = current->fs;
	struct io_uring ring, other;
	int32_t fds[8], opath, more[2];
	int rfd, wfd;
	char c = 'k';

	uring_test_files_begin();
	current->fs = fs_alloc();
	ASSERT_NOT_NULL(current->fs);
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	ASSERT_EQ(io_uring_queue_init(4, &other, 0), 0);
	ASSERT_TRUE(uring_test_install_pipe(64, &rfd, &wfd));
	fds[0] = rfd;
	fds[1] = wfd;
	fds[2] = uring_test_install(null_file_open());
	fds[3] = uring_test_install(zero_file_open());
	fds[4] = (int32_t)sys_openat(AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	fds[5] = (int32_t)sys_openat(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 0);
	opath = (int32_t)sys_openat(AT_FDCWD, "/", O_PATH, 0);
	EXPECT_GE(fds[4], 0);
	EXPECT_GE(fds[5], 0);
	EXPECT_GE(opath, 0);
	fds[6] = fds[7] = -1;
	ASSERT_EQ(io_uring_register_files(&ring, fds, 8), 0);
	{
		struct io_uring_sqe *sqe = uring_test_prep_rw(&ring, IORING_OP_WRITE, 1, &c, 1, 0,
							      0);

		sqe->flags = IOSQE_FIXED_FILE;	/* the pipe's write end, by slot */
		EXPECT_EQ(uring_test_submit_wait(&ring, NULL), 1);
		sqe = uring_test_prep_rw(&ring, IORING_OP_WRITE, 4, &c, 1, 0, 0);
		sqe->flags = IOSQE_FIXED_FILE;	/* the ramfs file */
		EXPECT_EQ(uring_test_submit_wait(&ring, NULL), 1);
	}
	EXPECT_EQ(fixed_read(&ring, 0, 0), 1);		/* the byte written to the pipe */
	EXPECT_EQ(fixed_read(&ring, 3, 0), 1);
	/* The refused kinds, by every path: the update stops at them. */
	more[0] = opath;
	more[1] = ring.ring_fd;
	EXPECT_EQ(io_uring_register_files_update(&ring, 6, more, 2), -EBADF);
	more[0] = other.ring_fd;
	EXPECT_EQ(io_uring_register_files_update(&ring, 6, more, 1), -EBADF);
	io_uring_prep_files_update(io_uring_get_sqe(&ring), &more[1], 1, 7);
	EXPECT_EQ(uring_test_submit_wait(&ring, NULL), -EBADF);
	more[0] = fds[5];
	more[1] = fds[4];
	EXPECT_EQ(io_uring_register_files_update(&ring, 6, more, 2), 2);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	fds[1] = opath;
	EXPECT_EQ(io_uring_register_files(&ring, fds, 2), -EBADF);
	fds[1] = other.ring_fd;
	EXPECT_EQ(io_uring_register_files(&ring, fds, 2), -EBADF);
	EXPECT_EQ(sys_unlink(path), 0);
	io_uring_queue_exit(&other);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
	fs_put(current->fs);
	current->fs = saved_fs;
}

/* Submits a fixed read from slot that will block in a worker (an empty pipe). */
static void start_blocked_read(struct io_uring *ring, int slot, uint64_t ud, char *buf)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_read(sqe, slot, buf, 1, 0);
	sqe->flags = IOSQE_FIXED_FILE;
	sqe->user_data = ud;
	EXPECT_EQ(io_uring_submit(ring), 1);
}

/* Waits (up to about a second) for f to be freed. */
static bool freed_soon(struct file *f)
{
	for (int i = 0; i < 200 && file_is_live(f); i++)
		msleep(5);
	return !file_is_live(f);
}

/*
 * Waits for the blocked read's CQE after its pipe was written: true if it
 * came with its byte.  If a check has failed already (the file was put
 * too early: the write found no reader and the read will never complete),
 * it does not wait at all, and it waits at most READ_WAIT_MS otherwise;
 * ring teardown then cancels the read.
 */
#define READ_WAIT_MS 5000

static bool read_completes(struct io_uring *ring, uint64_t *ud)
{
	if (ktest_failed())
		return false;
	EXPECT_EQ(uring_test_wait_ms(ring, READ_WAIT_MS, ud), 1);
	return !ktest_failed();
}

KTEST(uring_files, removed_file_lives_until_its_request_completes)
{
	struct io_uring ring;
	struct file *rd, *wr;
	int32_t fds[1];
	char c = 'z', buf[2];
	uint64_t ud;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	fds[0] = uring_test_install(rd);
	ASSERT_EQ(io_uring_register_files(&ring, fds, 1), 0);
	EXPECT_EQ(fd_close(current->files, fds[0]), 0);	/* the table holds the only reference */
	start_blocked_read(&ring, 0, 1, buf);
	msleep(10);

	fds[0] = -1;
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 1), 1);
	synchronize_rcu();
	msleep(20);		/* the old generation's switch is long done */
	EXPECT_TRUE(file_is_live(rd));
	EXPECT_EQ(file_count(rd), 1);

	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	if (read_completes(&ring, &ud))
		EXPECT_EQ(buf[0], 'z');
	EXPECT_TRUE(freed_soon(rd));	/* and put once the request is gone */
	io_uring_queue_exit(&ring);	/* before the pipe can go: it cancels a read still blocked */
	fput(wr);
	uring_test_files_end();
}

/*
 * The ordering rule: a file removed in generation N is put only when every
 * generation up to N is done.  The read below holds generation 0; the file
 * is removed in generation 1, which no request holds.
 */
KTEST(uring_files, removed_file_waits_for_older_generation)
{
	struct io_uring ring;
	struct file *rd, *wr;
	int32_t fds[2];
	char c = 'o', buf[2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	fds[0] = uring_test_install(rd);
	fds[1] = uring_test_install(null_file_open());
	ASSERT_EQ(io_uring_register_files(&ring, fds, 2), 0);
	EXPECT_EQ(fd_close(current->files, fds[0]), 0);
	start_blocked_read(&ring, 0, 1, buf);		/* holds generation 0 */
	msleep(10);
	EXPECT_EQ(io_uring_register_files_update(&ring, 1, &fds[1], 1), 1);	/* 0 -> 1 */
	fds[0] = -1;
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 1), 1);	/* rd out: 1 -> 2 */
	synchronize_rcu();
	msleep(20);
	EXPECT_TRUE(file_is_live(rd));
	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	read_completes(&ring, NULL);
	EXPECT_TRUE(freed_soon(rd));
	io_uring_queue_exit(&ring);	/* before the pipe can go: it cancels a read still blocked */
	fput(wr);
	uring_test_files_end();
}

KTEST(uring_files, quiesce_mode_updates_and_refuses_op_files_update)
{
	struct io_uring ring;
	int32_t fds[2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	EXPECT_EQ(io_uring_set_update_mode((unsigned int)ring.ring_fd, IO_URING_UPDATE_QUIESCE), 0);
	fds[0] = uring_test_install(zero_file_open());
	fds[1] = -1;
	ASSERT_EQ(io_uring_register_files(&ring, fds, 2), 0);
	EXPECT_EQ(io_uring_set_update_mode((unsigned int)ring.ring_fd, IO_URING_UPDATE_GENERATIONS),
		  -EBUSY);
	EXPECT_EQ(fixed_read(&ring, 0, IOSQE_ASYNC), 1);
	EXPECT_EQ(io_uring_register_files_update(&ring, 1, fds, 1), 1);
	EXPECT_EQ(fixed_read(&ring, 1, 0), 1);
	io_uring_prep_files_update(io_uring_get_sqe(&ring), fds, 1, 0);
	EXPECT_EQ(uring_test_submit_wait(&ring, NULL), -EOPNOTSUPP);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * The concurrency test.  Threads on every CPU share one ring with
 * FIXED_SLOTS probe files: submitters issue fixed reads (IOSQE_ASYNC, so
 * they run in workers without uring_lock, overlapping updates), updaters
 * replace random slots with fresh probe files through both update paths,
 * and one reaper consumes every CQE.  Every read must find its file alive
 * for its whole duration; every probe file must be released exactly once
 * by the end.
 */
#define FIXED_SLOTS	8
#define READS_PER_SUBMITTER 150
#define UPDATES_PER_UPDATER 60

struct hammer {
	struct io_uring ring;
	struct mutex sq_lock;		/* the application's: liburing is single-threaded */
	atomic_t role;
	atomic_t violations;
	atomic_t bad_results;
	atomic_t inflight;
	atomic_long_t expected_cqes;	/* grows as requests are submitted */
	atomic_t submitters_left;
	struct probe *probes;
	atomic_t next_probe;
	int nr_probes;
};

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void hammer_submit(struct hammer *h, struct io_uring_sqe *tmpl)
{
	/* Keep the CQ ring (128) from filling: past that, submit gives -EBUSY. */
	while (atomic_read(&h->inflight) > 48)
		yield();
	mutex_lock(&h->sq_lock);
	*io_uring_get_sqe(&h->ring) = *tmpl;
	atomic_long_inc(&h->expected_cqes);
	atomic_inc(&h->inflight);
	EXPECT_EQ(io_uring_submit(&h->ring), 1);
	mutex_unlock(&h->sq_lock);
}

static void hammer_submitter(struct hammer *h, uint32_t seed)
{
	static char sink[4];

	for (int i = 0; i < READS_PER_SUBMITTER; i++) {
		struct io_uring_sqe sqe;

		io_uring_prep_read(&sqe, (int)(xorshift(&seed) % FIXED_SLOTS), sink, 1, 0);
		sqe.flags = IOSQE_FIXED_FILE | IOSQE_ASYNC;
		sqe.user_data = 1;
		hammer_submit(h, &sqe);
	}
}

static void hammer_updater(struct hammer *h, uint32_t seed)
{
	for (int i = 0; i < UPDATES_PER_UPDATER; i++) {
		int n = atomic_inc_return(&h->next_probe) - 1;
		int32_t fd;
		int slot = (int)(xorshift(&seed) % FIXED_SLOTS);

		if (n >= h->nr_probes)
			break;
		fd = probe_open(&h->probes[n], &h->violations);
		if (fd < 0) {
			EXPECT_GE(fd, 0);
			break;
		}
		if (i % 2) {
			EXPECT_EQ(io_uring_register_files_update(&h->ring, (unsigned int)slot, &fd, 1), 1);
		} else {
			struct io_uring_sqe sqe;

			io_uring_prep_files_update(&sqe, &fd, 1, slot);
			sqe.user_data = 2;
			hammer_submit(h, &sqe);	/* runs inline: fd is read before this returns */
		}
		fd_close(current->files, fd);
	}
}

static void hammer_reaper(struct hammer *h)
{
	long reaped = 0;

	while (atomic_read(&h->submitters_left) || reaped < atomic_long_read(&h->expected_cqes)) {
		struct io_uring_cqe *cqe;

		if (io_uring_peek_cqe(&h->ring, &cqe)) {
			if (atomic_read(&h->submitters_left) || reaped < atomic_long_read(&h->expected_cqes))
				io_uring_enter((unsigned int)h->ring.ring_fd, 0, 1, IORING_ENTER_GETEVENTS);
			continue;
		}
		/* A read gets its byte or -EBADF (its slot was empty); an update, 1. */
		if (!(cqe->user_data == 1 && (cqe->res == 1 || cqe->res == -EBADF)) &&
		    !(cqe->user_data == 2 && cqe->res == 1) &&
		    !(cqe->user_data == 3 && cqe->res == 0))
			atomic_inc(&h->bad_results);
		io_uring_cqe_seen(&h->ring, cqe);
		atomic_dec(&h->inflight);
		reaped++;
	}
}

static int hammer_thread(void *arg)
{
	struct hammer *h = arg;
	int role = atomic_inc_return(&h->role) - 1;
	uint32_t seed = 0x9e3779b9u * (uint32_t)(role + 1);

	if (role == 0)
		hammer_reaper(h);
	else if (role % 2)
		hammer_submitter(h, seed);
	else
		hammer_updater(h, seed);
	if (role && atomic_dec_and_test(&h->submitters_left)) {
		struct io_uring_sqe nop;

		/* Wakes the reaper if it is waiting for a CQE that would never come. */
		io_uring_prep_nop(&nop);
		nop.user_data = 3;
		hammer_submit(h, &nop);
	}
	return 0;
}

KTEST_OPTS(uring_files, concurrent_io_and_updates_on_all_cpus, .min_cpus = 2)
{
	struct hammer *h = kzalloc(sizeof(*h));
	int threads = 2 * num_online_cpus();
	int32_t fds[FIXED_SLOTS];

	ASSERT_NOT_NULL(h);
	uring_test_files_begin();
	h->nr_probes = FIXED_SLOTS + threads * UPDATES_PER_UPDATER;
	h->probes = kzalloc(h->nr_probes * sizeof(struct probe));
	ASSERT_NOT_NULL(h->probes);
	mutex_init(&h->sq_lock);
	ASSERT_EQ(io_uring_queue_init(64, &h->ring, 0), 0);
	for (int i = 0; i < FIXED_SLOTS; i++)
		fds[i] = probe_open(&h->probes[atomic_inc_return(&h->next_probe) - 1], &h->violations);
	ASSERT_EQ(io_uring_register_files(&h->ring, fds, FIXED_SLOTS), 0);
	for (int i = 0; i < FIXED_SLOTS; i++)
		fd_close(current->files, fds[i]);
	atomic_set(&h->submitters_left, threads - 1);

	EXPECT_EQ(ktest_run_threads(hammer_thread, h, 2), 0);

	EXPECT_EQ(io_uring_unregister_files(&h->ring), 0);
	io_uring_queue_exit(&h->ring);
	EXPECT_EQ(atomic_read(&h->violations), 0);
	EXPECT_EQ(atomic_read(&h->bad_results), 0);
	for (int i = 0; i < atomic_read(&h->next_probe) && i < h->nr_probes; i++)
		if (atomic_read(&h->probes[i].released) != 1)
			ktest_fail(__FILE__, __LINE__, "probe %d released %d times", i,
				   atomic_read(&h->probes[i].released));
	uring_test_files_end();
	kfree(h->probes);
	kfree(h);
}
