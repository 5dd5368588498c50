/*
 * Self-tests of the opcodes against ramfs files and the null and zero
 * devices (suite uring_ops; pipes are in ops_pipe_test.c, suite uring_ops_pipe).
 *
 * READ, WRITE, READV and WRITEV are checked for what Linux's
 * read(2)/pread(2)/readv(2) family would return there: ramfs files honour
 * offsets and, with off == -1, use and advance the file position
 * (IORING_FEAT_RW_CUR_POS), null reads as end of file and zero as endless
 * zero bytes, and a vectored request moves at most MAX_RW_COUNT in all.
 * Then: IOSQE_ASYNC; FSYNC on a file that has the operation
 * and on one that does not; CLOSE, and when the closed file is really
 * released; tearing the ring down under a blocked read; rings working
 * side by side on every CPU; and prep refusing any request on the ring's
 * own fd.
 *
 * Waiting for a CQE that should come is bounded (uring_test_wait_ms): if
 * the kernel gets it wrong, the test fails and unblocks what it started
 * instead of hanging the boot.
 */
#include "../testlib/harness.h"
#include "../internal.h"
#include "errno.h"
#include "sched.h"
#include "string.h"
#include "time.h"
#include "timer.h"

/* ramfs. */

KTEST(uring_ops, ramfs_read_write_at_offsets_and_at_the_file_position)
{
	struct io_uring ring;
	struct file *f;
	char buf[32];
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	f = ramfs_create("ops");
	ASSERT_NOT_NULL(f);
	fd = uring_test_install(get_file(f));	/* keep a reference to look inside */
	ASSERT_GE(fd, 0);

	/* pwrite-style: at the given offset, leaving the file position alone. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, "abcdef", 6, 0), 6);
	EXPECT_EQ(ramfs_size(f), 6);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, "XY", 2, 10), 2);
	EXPECT_EQ(ramfs_size(f), 12);		/* 6..9 is a hole */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, "CD", 2, 2), 2);
	EXPECT_EQ(ramfs_size(f), 12);
	EXPECT_EQ(f->f_pos, 0);

	memset(buf, 0x55, sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, 2, 10), 2);
	EXPECT_EQ(memcmp(buf, "XY", 2), 0);
	memset(buf, 0x55, sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), 1),
		  11); /* to the end */
	EXPECT_EQ(memcmp(buf, "bCDef\0\0\0\0XY", 11), 0);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), 12),
		  0); /* at the end */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), 100),
		  0); /* past it */
	EXPECT_EQ(f->f_pos, 0);

	/* off -1: read(2)/write(2)-style, at the file position, which moves. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, "12", 2, (uint64_t)-1), 2);
	EXPECT_EQ(f->f_pos, 2);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, "345", 3, (uint64_t)-1), 3);
	EXPECT_EQ(f->f_pos, 5);
	EXPECT_EQ(ramfs_size(f), 12);
	memset(buf, 0x55, sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, 4, (uint64_t)-1), 4);
	EXPECT_EQ(memcmp(buf, "f\0\0\0", 4), 0);
	EXPECT_EQ(f->f_pos, 9);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), (uint64_t)-1), 3);
	EXPECT_EQ(memcmp(buf, "\0XY", 3), 0);
	EXPECT_EQ(f->f_pos, 12);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), (uint64_t)-1), 0);
	EXPECT_EQ(f->f_pos, 12);
	/* An explicit offset still does not touch the position. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, 5, 0), 5);
	EXPECT_EQ(memcmp(buf, "12345", 5), 0);
	EXPECT_EQ(f->f_pos, 12);
	/* Appending at the position grows the file. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, "!", 1, (uint64_t)-1), 1);
	EXPECT_EQ(ramfs_size(f), 13);
	EXPECT_EQ(f->f_pos, 13);
	fput(f);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ops, ramfs_readv_writev_across_iovecs)
{
	struct io_uring ring;
	struct file *f;
	char a[3], b[5], c[8];
	struct iovec wv[3] = {
		{ (void *)"hel", 3 }, { (void *)"lo, ", 4 }, { (void *)"world", 5 },
	};
	struct iovec rv[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	f = ramfs_create("opsv");
	ASSERT_NOT_NULL(f);
	fd = uring_test_install(get_file(f));
	ASSERT_GE(fd, 0);

	/* At offset 4: the iovecs land back to back, after a 4-byte hole. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITEV, fd, wv, 3, 4), 12);
	EXPECT_EQ(ramfs_size(f), 16);
	EXPECT_EQ(f->f_pos, 0);

	memset(a, 0x55, sizeof(a));
	memset(b, 0x55, sizeof(b));
	memset(c, 0x55, sizeof(c));
	/* 16 bytes into 3 + 5 + 8: exactly full. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READV, fd, rv, 3, 0), 16);
	EXPECT_EQ(memcmp(a, "\0\0\0", 3), 0);
	EXPECT_EQ(memcmp(b, "\0hell", 5), 0);
	EXPECT_EQ(memcmp(c, "o, world", 8), 0);
	/* From offset 9: the read stops at the end of the file, in the second iovec. */
	memset(b, 0x55, sizeof(b));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READV, fd, rv, 3, 9), 7);
	EXPECT_EQ(memcmp(a, ", w", 3), 0);
	EXPECT_EQ(memcmp(b, "orld", 4), 0);
	EXPECT_EQ(b[4], 0x55);

	/* off -1: each iovec advances the position for the next ("hello, hello, world"). */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITEV, fd, wv, 2, (uint64_t)-1), 7);
	EXPECT_EQ(f->f_pos, 7);
	EXPECT_EQ(ramfs_size(f), 16);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READV, fd, rv, 3, (uint64_t)-1), 9);
	EXPECT_EQ(f->f_pos, 16);
	EXPECT_EQ(memcmp(a, "lo,", 3), 0);
	EXPECT_EQ(memcmp(b, " worl", 5), 0);
	EXPECT_EQ(c[0], 'd');
	/* No iovecs: nothing moves. */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READV, fd, rv, 0, (uint64_t)-1), 0);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITEV, fd, wv, 0, 0), 0);
	EXPECT_EQ(ramfs_size(f), 16);
	EXPECT_EQ(f->f_pos, 16);
	fput(f);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* The null and zero devices. */

KTEST(uring_ops, null_device_reads_eof_and_swallows_writes)
{
	struct io_uring ring;
	char buf[16];
	struct iovec v[2] = { { buf, 5 }, { buf + 5, 11 } };
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fd = uring_test_install(null_file_open());
	ASSERT_GE(fd, 0);

	memset(buf, 0x7f, sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, sizeof(buf), 0), 0);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READV, fd, v, 2, 0), 0);
	EXPECT_TRUE(uring_test_all_bytes_are(buf, sizeof(buf), 0x7f)); /* nothing written */
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, buf, sizeof(buf), 0),
		  (int)sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITEV, fd, v, 2, 0), 16);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, buf, 3, (uint64_t)-1), 3);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_ops, zero_device_reads_zeroes)
{
	struct io_uring ring;
	char buf[64];
	struct iovec v[3] = { { buf, 10 }, { buf + 10, 1 }, { buf + 11, 40 } };
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fd = uring_test_install(zero_file_open());
	ASSERT_GE(fd, 0);

	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, 32, 0), 32);
	EXPECT_TRUE(uring_test_all_bytes_are(buf, 32, 0));
	EXPECT_TRUE(uring_test_all_bytes_are(buf + 32, 32, (char)0xff));	/* not one byte more */

	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READV, fd, v, 3, 0), 51);
	EXPECT_TRUE(uring_test_all_bytes_are(buf, 51, 0));
	EXPECT_TRUE(uring_test_all_bytes_are(buf + 51, 13, (char)0xff));

	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, buf, sizeof(buf), 0),
		  (int)sizeof(buf));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITEV, fd, v, 3, 0), 51);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * Segments that add up past INT_MAX (each within MAX_RW_COUNT): as
 * Linux's import_iovec, the request moves at most MAX_RW_COUNT in all, so
 * the CQE's int result is that count, never the sum cut to 32 bits (a
 * negative "error" the uring_fuzz run found), inline or on a worker; and
 * the request is whole, so the chain behind it goes on.  /dev/null never
 * touches the buffer, so the lengths may exceed it.
 */
KTEST(uring_ops, vectored_total_is_capped_at_max_rw_count)
{
	const size_t max_rw = 0x7ffff000;
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	char buf[1];
	struct iovec v[3] = { { buf, max_rw }, { buf, max_rw }, { buf, 0x40000000 } };
	uint64_t ud = 0;
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fd = uring_test_install(null_file_open());
	ASSERT_GE(fd, 0);

	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITEV, fd, v, 2, 0), (int)max_rw);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITEV, fd, v + 1, 2, 0), (int)max_rw);
	for (uint8_t flags = 0; flags <= IOSQE_ASYNC; flags += IOSQE_ASYNC) {
		sqe = uring_test_prep_rw(&ring, IORING_OP_WRITEV, fd, v, 3, 0, 1);
		ASSERT_NOT_NULL(sqe);
		sqe->flags = flags | IOSQE_IO_LINK;
		sqe = io_uring_get_sqe(&ring);
		ASSERT_NOT_NULL(sqe);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, 2);
		EXPECT_EQ(io_uring_submit(&ring), 2);
		EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), (int)max_rw);
		EXPECT_EQ(ud, 1);
		EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), 0);
		EXPECT_EQ(ud, 2);
	}
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* A read that would be done inline, forced through a worker, gives the same result. */
KTEST(uring_ops, async_flag_read_from_zero)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	char buf[48];
	uint64_t ud = 0;
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	fd = uring_test_install(zero_file_open());
	ASSERT_GE(fd, 0);

	for (int round = 0; round < 3; round++) {
		memset(buf, 0xff, sizeof(buf));
		sqe = uring_test_prep_rw(&ring, IORING_OP_READ, fd, buf, 40, 0, 0xa5a5 + round);
		ASSERT_NOT_NULL(sqe);
		sqe->flags = IOSQE_ASYNC;
		EXPECT_EQ(io_uring_submit(&ring), 1);
		EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), 40);
		EXPECT_EQ(ud, 0xa5a5 + (uint64_t)round);
		EXPECT_TRUE(uring_test_all_bytes_are(buf, 40, 0));
		EXPECT_TRUE(uring_test_all_bytes_are(buf + 40, 8, (char)0xff));
	}
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* FSYNC. */

static int run_fsync(struct io_uring *ring, int fd, unsigned int flags)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		return URING_TEST_NO_CQE;
	io_uring_prep_fsync(sqe, fd, flags);
	if (io_uring_submit(ring) != 1)
		return URING_TEST_NO_CQE;
	return uring_test_wait_ms(ring, URING_TEST_CQE_MS, NULL);
}

KTEST(uring_ops, fsync_on_ramfs_and_on_files_without_fsync)
{
	struct io_uring ring;
	struct file *f;
	int fd, rfd, wfd, nfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	f = ramfs_create("sync");
	ASSERT_NOT_NULL(f);
	fd = uring_test_install(get_file(f));
	ASSERT_GE(fd, 0);
	ASSERT_TRUE(uring_test_install_pipe(64, &rfd, &wfd));
	nfd = uring_test_install(null_file_open());
	ASSERT_GE(nfd, 0);

	EXPECT_EQ(ramfs_fsync_count(f), 0);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, "data", 4, 0), 4);
	EXPECT_EQ(run_fsync(&ring, fd, 0), 0);
	EXPECT_EQ(ramfs_fsync_count(f), 1);
	EXPECT_EQ(run_fsync(&ring, fd, IORING_FSYNC_DATASYNC), 0);
	EXPECT_EQ(ramfs_fsync_count(f), 2);

	/* fsync(2) on a file without the operation (a pipe, a device) is -EINVAL. */
	EXPECT_EQ(run_fsync(&ring, wfd, 0), -EINVAL);
	EXPECT_EQ(run_fsync(&ring, rfd, 0), -EINVAL);
	EXPECT_EQ(run_fsync(&ring, wfd, IORING_FSYNC_DATASYNC), -EINVAL);
	EXPECT_EQ(run_fsync(&ring, nfd, IORING_FSYNC_DATASYNC), -EINVAL);
	EXPECT_EQ(ramfs_fsync_count(f), 2);
	fput(f);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* CLOSE. */

static int run_close(struct io_uring *ring, int fd)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		return URING_TEST_NO_CQE;
	io_uring_prep_close(sqe, fd);
	if (io_uring_submit(ring) != 1)
		return URING_TEST_NO_CQE;
	return uring_test_wait_ms(ring, URING_TEST_CQE_MS, NULL);
}

KTEST(uring_ops, close_removes_the_fd_and_the_last_reference_frees_the_file)
{
	struct io_uring ring;
	struct file *f;
	char buf[8];
	long live;
	int fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	f = ramfs_create("closeme");
	ASSERT_NOT_NULL(f);
	fd = uring_test_install(get_file(f));
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_WRITE, fd, "x", 1, 0), 1);
	live = nr_files_live();

	EXPECT_EQ(run_close(&ring, fd), 0);
	EXPECT_NULL(fdget(current->files, fd));
	EXPECT_EQ(uring_test_run_rw(&ring, IORING_OP_READ, fd, buf, 1, 0), -EBADF);
	EXPECT_EQ(run_close(&ring, fd), -EBADF);	/* already closed */
	/* Our reference keeps the file: close drops the table's, not the file. */
	EXPECT_TRUE(file_is_live(f));
	EXPECT_EQ(file_count(f), 1);
	EXPECT_EQ(nr_files_live(), live);
	EXPECT_EQ(ramfs_size(f), 1);
	fput(f);
	EXPECT_EQ(nr_files_live(), live - 1);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * CLOSE of a pipe end that a blocked read is using: the fd goes at once,
 * but the request's own reference keeps the file until the read completes;
 * only then is it released.
 */
KTEST(uring_ops, close_under_an_in_flight_read_frees_the_file_after_it)
{
	struct io_uring ring;
	struct file *rd, *wr;
	char buf[8];
	uint64_t ud = 0;
	long live;
	int rfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	live = nr_files_live();
	rfd = uring_test_install(rd);
	ASSERT_GE(rfd, 0);

	memset(buf, 0, sizeof(buf));
	ASSERT_NOT_NULL(uring_test_prep_rw(&ring, IORING_OP_READ, rfd, buf, sizeof(buf), 0, 1));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);
	EXPECT_EQ(run_close(&ring, rfd), 0);
	EXPECT_NULL(fdget(current->files, rfd));
	EXPECT_EQ(nr_files_live(), live);	/* the read still holds the read end */
	EXPECT_EQ(vfs_write(wr, "late", 4, NULL), 4);
	EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), 4);
	EXPECT_EQ(ud, 1);
	EXPECT_EQ(memcmp(buf, "late", 4), 0);
	/*
	 * The CQE is posted before the request drops its reference: wait
	 * (bounded) for the release, which needs no further action from us.
	 */
	for (int i = 0; i < 200 && nr_files_live() != live - 1; i++)
		msleep(1);
	EXPECT_EQ(nr_files_live(), live - 1);
	/* With no reader left, a write fails as on a widowed pipe. */
	EXPECT_EQ(vfs_write(wr, "x", 1, NULL), -EPIPE);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* Ring teardown. */

static int queue_exit_thread(void *arg)
{
	io_uring_queue_exit(arg);
	return 0;
}

/*
 * io_uring_queue_exit while a read is blocked in a worker: teardown
 * interrupts it (-EINTR) or, if no worker had taken it yet, cancels it
 * (-ECANCELED).  Either way the read consumes nothing and everything goes.
 *
 * The CQE is posted into ring memory that teardown frees right after, so
 * to read it the test holds a reference on the ring's request count
 * (ctx->refs, what each request holds): teardown then completes the read
 * and waits for us.  queue_exit runs in a helper thread meanwhile, since
 * it does not return before the teardown is over.
 */
KTEST(uring_ops, ring_exit_under_a_blocked_read)
{
	struct io_uring ring;
	struct io_ring_ctx *ctx;
	struct file *ring_file, *rd, *wr;
	struct task *t;
	char buf[8], check[8];
	uint64_t ud = 0;
	int rfd, res;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	rfd = uring_test_install(get_file(rd));
	ASSERT_GE(rfd, 0);

	memset(buf, 0x33, sizeof(buf));
	ASSERT_NOT_NULL(uring_test_prep_rw(&ring, IORING_OP_READ, rfd, buf, sizeof(buf), 0, 42));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0);

	ASSERT_EQ(io_ring_get((unsigned int)ring.ring_fd, &ctx, &ring_file), 0);
	percpu_ref_get(&ctx->refs);
	fput(ring_file);
	t = kthread_run(queue_exit_thread, &ring, "uring-exit");
	ASSERT_NOT_NULL(t);

	res = uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud);
	if (res == URING_TEST_NO_CQE) {
		ktest_fail(__FILE__, __LINE__, "teardown did not end the blocked read");
		/* Give it data, so the teardown (and this test) can finish. */
		EXPECT_EQ(vfs_write(wr, "unblock!", 8, NULL), 8);
	} else {
		EXPECT_EQ(ud, 42);
		if (res != -EINTR && res != -ECANCELED)
			ktest_fail(__FILE__, __LINE__, "read ended with %d", res);
	}
	percpu_ref_put(&ctx->refs);
	kthread_stop(t);	/* returns once queue_exit saw the ring torn down */

	/* The read took nothing: data written now is all still there for us. */
	EXPECT_TRUE(uring_test_all_bytes_are(buf, sizeof(buf), 0x33));
	EXPECT_EQ(vfs_write(wr, "intact", 6, NULL), 6);
	EXPECT_EQ(vfs_read_nonblock(rd, check, sizeof(check), NULL), 6);
	EXPECT_EQ(memcmp(check, "intact", 6), 0);
	fput(rd);
	fput(wr);
	uring_test_files_end();
}

/* Every CPU at once. */

#define ROUND_TRIPS	200

/*
 * One thread's ring and pipe: ROUND_TRIPS writes, each read straight
 * back, tagged with the thread and round so that data crossing between
 * threads (all in the one fd table) would show.  Returns the mismatches.
 */
static int round_trip_thread(void *arg)
{
	struct io_uring ring;
	uint64_t tag = (uint64_t)current->pid << 32;
	int rfd, wfd, bad = 0;

	(void)arg;
	if (io_uring_queue_init(4, &ring, 0))
		return ROUND_TRIPS;
	if (!uring_test_install_pipe(64, &rfd, &wfd)) {
		io_uring_queue_exit(&ring);
		return ROUND_TRIPS;
	}
	for (uint64_t i = 0; i < ROUND_TRIPS; i++) {
		uint64_t out = tag | i, in = 0;

		if (uring_test_run_rw(&ring, IORING_OP_WRITE, wfd, &out, sizeof(out), 0) !=
			    (int)sizeof(out) ||
		    uring_test_run_rw(&ring, IORING_OP_READ, rfd, &in, sizeof(in), 0) !=
			    (int)sizeof(in) ||
		    in != out)
			bad++;
	}
	fd_close(current->files, rfd);
	fd_close(current->files, wfd);
	io_uring_queue_exit(&ring);
	return bad;
}

KTEST_OPTS(uring_ops, round_trips_on_every_cpu, .min_cpus = 2)
{
	uring_test_files_begin();
	EXPECT_EQ(ktest_run_threads(round_trip_thread, NULL, 1), 0);
	uring_test_files_end();
}

/*
 * A request on the ring's own fd would hold the ring file's reference, so
 * a close could never end while it waits (say behind a long timeout).
 * Every opcode that takes a file refuses a ring, fixed or not.
 */
KTEST(uring_ops, requests_on_the_rings_own_fd_are_refused)
{
	static const uint8_t ops[] = { IORING_OP_READ, IORING_OP_WRITE, IORING_OP_READV,
				       IORING_OP_WRITEV, IORING_OP_FSYNC };
	struct iovec iov;
	struct io_uring ring;
	char buf[4];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	iov = (struct iovec){ .iov_base = buf, .iov_len = sizeof(buf) };
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		struct io_uring_sqe sqe;
		bool vec = ops[i] == IORING_OP_READV || ops[i] == IORING_OP_WRITEV;

		bool fsync = ops[i] == IORING_OP_FSYNC;

		/* fsync takes no buffer: an addr would be -EINVAL, checked before the file. */
		io_uring_prep_rw(ops[i], &sqe, ring.ring_fd,
				 fsync ? NULL :
				 vec   ? (void *)&iov :
					 buf,
				 fsync ? 0 : (vec ? 1 : sizeof(buf)), 0);
		EXPECT_EQ(uring_test_run_sqe(&ring, &sqe), -EBADF);
	}
	EXPECT_EQ(io_uring_register_files(&ring, &ring.ring_fd, 1), -EBADF);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
