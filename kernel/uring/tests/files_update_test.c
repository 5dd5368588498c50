/*
 * Self-tests of files_update.c (suite uring_files_update): changing the
 * slots of a registered table as Linux 6.1 does.  IORING_REGISTER_FILES_SKIP
 * and the per-slot checks of an update, and where a bad entry leaves it;
 * IORING_OP_FILES_UPDATE with IORING_FILE_INDEX_ALLOC, the alloc range
 * and the slot its search picks; IORING_OP_CLOSE of a fixed slot.  Every
 * errno each path can return is provoked here.  Tags are in
 * files_tags_test.c.
 */
#include "../testlib/harness.h"
#include "errno.h"

/* A fixed-file read of one byte from slot; returns its CQE's res. */
static int fixed_read(struct io_uring *ring, int slot)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	static char sink[8];

	io_uring_prep_read(sqe, slot, sink, 1, 0);
	sqe->flags = IOSQE_FIXED_FILE;
	return uring_test_submit_wait(ring, NULL);
}

/* IORING_OP_FILES_UPDATE through the ring; returns its CQE's res. */
static int op_update(struct io_uring *ring, int32_t *fds, unsigned int nr, unsigned int off)
{
	io_uring_prep_files_update(io_uring_get_sqe(ring), fds, nr, (int)off);
	return uring_test_submit_wait(ring, NULL);
}

/* IORING_OP_CLOSE of fixed slot (file_index slot + 1); returns its CQE's res. */
static int close_fixed(struct io_uring *ring, unsigned int slot)
{
	io_uring_prep_close_direct(io_uring_get_sqe(ring), slot);
	return uring_test_submit_wait(ring, NULL);
}

KTEST(uring_files_update, skip_and_the_checks_of_each_slot)
{
	uint64_t tags[3] = { 0 };
	struct io_uring ring;
	int32_t fds[4];
	int zfd, nfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	zfd = uring_test_install(zero_file_open());
	nfd = uring_test_install(null_file_open());
	fds[0] = fds[1] = fds[2] = nfd;
	fds[3] = -1;
	ASSERT_EQ(io_uring_register_files(&ring, fds, 4), 0);

	/* SKIP leaves a slot alone and counts as done, in both update calls. */
	fds[0] = zfd;
	fds[1] = IORING_REGISTER_FILES_SKIP;
	fds[2] = -1;
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, fds, NULL, 3), 3);
	EXPECT_EQ(fixed_read(&ring, 0), 1);		/* zero device */
	EXPECT_EQ(fixed_read(&ring, 1), 0);		/* null device, untouched */
	EXPECT_EQ(fixed_read(&ring, 2), -EBADF);	/* emptied */
	fds[0] = IORING_REGISTER_FILES_SKIP;
	fds[1] = zfd;
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 2), 2);
	EXPECT_EQ(fixed_read(&ring, 0), 1);
	EXPECT_EQ(fixed_read(&ring, 1), 1);
	EXPECT_EQ(op_update(&ring, fds, 1, 0), 1);	/* and through the ring */

	/* A tag needs a file: with SKIP or -1 the update stops there. */
	fds[0] = nfd;
	fds[1] = IORING_REGISTER_FILES_SKIP;
	tags[1] = 5;
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 2, fds, tags, 2), 1);
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 3, &fds[1], &tags[1], 1), -EINVAL);
	fds[1] = -1;
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 3, &fds[1], &tags[1], 1), -EINVAL);
	EXPECT_EQ(fixed_read(&ring, 2), 0);		/* the first slot was done */

	/* Unreadable tags or fds: -EFAULT at that slot. */
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, fds, (uint64_t *)8, 1), -EFAULT);
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, (int32_t *)8, NULL, 1), -EFAULT);
	/* A ring is refused like a bad fd, after its slot was emptied. */
	fds[0] = ring.ring_fd;
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, fds, NULL, 1), -EBADF);
	EXPECT_EQ(fixed_read(&ring, 0), -EBADF);
	fds[0] = -5;
	EXPECT_EQ(io_uring_register_files_update(&ring, 1, fds, 1), -EBADF);
	EXPECT_EQ(fixed_read(&ring, 1), -EBADF);
	/* Range checks come before any slot is read. */
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 3, fds, NULL, 2), -EINVAL);
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0xfffffffeu, fds, NULL, 2), -EOVERFLOW);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, fds, NULL, 1), -ENXIO);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* The fd written back for slot i by IORING_FILE_INDEX_ALLOC. */
static int alloc_one(struct io_uring *ring, int fd)
{
	int32_t v = fd;
	int res = op_update(ring, &v, 1, IORING_FILE_INDEX_ALLOC);

	return res == 1 ? v : res;
}

KTEST(uring_files_update, index_alloc_follows_the_range_and_hint)
{
	static const int32_t ro_fd0[1] = { 0 };	/* fd 0, in memory the kernel cannot write */
	struct io_uring ring;
	int32_t fds[3];
	int zfd;

	uring_test_files_begin();
	zfd = uring_test_install(zero_file_open());
	ASSERT_EQ(zfd, 0);
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	EXPECT_EQ(alloc_one(&ring, zfd), -ENXIO);
	ASSERT_EQ(io_uring_register_files_sparse(&ring, 8), 0);

	/* Each file goes to the next free slot; the indexes replace the fds. */
	fds[0] = fds[1] = zfd;
	EXPECT_EQ(op_update(&ring, fds, 2, IORING_FILE_INDEX_ALLOC), 2);
	EXPECT_EQ(fds[0], 0);
	EXPECT_EQ(fds[1], 1);
	EXPECT_EQ(fixed_read(&ring, 1), 1);
	/* Filling slot 5 moves the hint past it; emptying slot 0 moves it back. */
	fds[0] = zfd;
	EXPECT_EQ(io_uring_register_files_update(&ring, 5, fds, 1), 1);
	EXPECT_EQ(alloc_one(&ring, zfd), 6);
	EXPECT_EQ(close_fixed(&ring, 0), 0);
	EXPECT_EQ(alloc_one(&ring, zfd), 0);
	EXPECT_EQ(alloc_one(&ring, zfd), 2);
	/* A range: the search starts at its start, and ends at its end. */
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 3, 2), 0);
	EXPECT_EQ(alloc_one(&ring, zfd), 3);
	EXPECT_EQ(alloc_one(&ring, zfd), 4);
	EXPECT_EQ(alloc_one(&ring, zfd), -ENFILE);
	/* Linux's quirk: a hint past the range lets the wrap pick a slot outside it. */
	EXPECT_EQ(close_fixed(&ring, 5), 0);
	EXPECT_EQ(close_fixed(&ring, 6), 0);	/* hint 6, past the range [3, 5) */
	EXPECT_EQ(alloc_one(&ring, zfd), 5);	/* 5: outside the range, below the hint */

	/* Errors, in Linux's order; what was done before one is kept. */
	EXPECT_EQ(alloc_one(&ring, -1), -EBADF);
	EXPECT_EQ(alloc_one(&ring, 200), -EBADF);
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 0, 8), 0);
	EXPECT_EQ(alloc_one(&ring, ring.ring_fd), -EBADF);	/* a free slot, but a ring */
	EXPECT_EQ(alloc_one(&ring, zfd), 6);
	EXPECT_EQ(alloc_one(&ring, zfd), 7);
	EXPECT_EQ(alloc_one(&ring, ring.ring_fd), -ENFILE);	/* no slot: checked first */
	EXPECT_EQ(close_fixed(&ring, 2), 0);
	/* The index cannot be written back: the slot is given up again. */
	EXPECT_EQ(op_update(&ring, (int32_t *)ro_fd0, 1, IORING_FILE_INDEX_ALLOC), -EFAULT);
	EXPECT_EQ(fixed_read(&ring, 2), -EBADF);
	EXPECT_EQ(op_update(&ring, (int32_t *)8, 1, IORING_FILE_INDEX_ALLOC), -EFAULT);
	fds[0] = zfd;
	fds[1] = 200;
	EXPECT_EQ(op_update(&ring, fds, 2, IORING_FILE_INDEX_ALLOC), 1);
	EXPECT_EQ(fds[0], 2);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_files_update, alloc_range_checks)
{
	struct io_uring_file_index_range range = { .resv = 1 };
	struct io_uring ring;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 0, 0), 0);	/* no table: empty only */
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 0, 1), -EINVAL);
	ASSERT_EQ(io_uring_register_files_sparse(&ring, 4), 0);
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 2, 2), 0);
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 4, 0), 0);
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 3, 2), -EINVAL);
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 0xffffffffu, 2), -EOVERFLOW);
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_FILE_ALLOC_RANGE,
				    &range, 0),
		  -EINVAL);
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_FILE_ALLOC_RANGE,
				    (void *)8, 0),
		  -EFAULT);
	/* Unregister resets it: a new table's range is the whole table. */
	EXPECT_EQ(io_uring_register_file_alloc_range(&ring, 4, 0), 0);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	ASSERT_EQ(io_uring_register_files_sparse(&ring, 2), 0);
	EXPECT_EQ(alloc_one(&ring, uring_test_install(zero_file_open())), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_files_update, close_of_a_fixed_slot)
{
	struct io_uring_sqe sqe;
	struct io_uring ring;
	struct file *zf;
	int32_t fds[2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	EXPECT_EQ(close_fixed(&ring, 0), -ENXIO);
	fds[0] = uring_test_install(zero_file_open());
	fds[1] = -1;
	ASSERT_EQ(io_uring_register_files(&ring, fds, 2), 0);
	EXPECT_EQ(close_fixed(&ring, 2), -EINVAL);		/* past the table */
	EXPECT_EQ(close_fixed(&ring, 0xfffffffeu), -EINVAL);
	EXPECT_EQ(close_fixed(&ring, 1), -EBADF);		/* empty */
	EXPECT_EQ(close_fixed(&ring, 0), 0);
	EXPECT_EQ(fixed_read(&ring, 0), -EBADF);
	EXPECT_EQ(close_fixed(&ring, 0), -EBADF);
	zf = fdget(current->files, fds[0]);	/* closing the slot leaves the fd open */
	EXPECT_NOT_NULL(zf);
	if (zf)
		fput(zf);

	/* Prep: fd and file_index together, or a fixed file, or other fields. */
	io_uring_prep_close_direct(&sqe, 0);
	sqe.fd = fds[0];
	EXPECT_EQ(uring_test_run_sqe(&ring, &sqe), -EINVAL);
	io_uring_prep_close_direct(&sqe, 0);
	sqe.flags = IOSQE_FIXED_FILE;
	EXPECT_EQ(uring_test_run_sqe(&ring, &sqe), -EBADF);
	io_uring_prep_close_direct(&sqe, 0);
	sqe.buf_index = 1;
	EXPECT_EQ(uring_test_run_sqe(&ring, &sqe), -EINVAL);
	io_uring_prep_close_direct(&sqe, 0);
	sqe.len = 1;
	EXPECT_EQ(uring_test_run_sqe(&ring, &sqe), -EINVAL);
	/* Linux's close reads no other field: the rest of the SQE may hold anything. */
	fds[0] = uring_test_install(zero_file_open());
	EXPECT_EQ(io_uring_register_files_update(&ring, 1, fds, 1), 1);
	io_uring_prep_close_direct(&sqe, 1);
	sqe.__pad2[1] = ~0ULL;
	sqe.__pad2[2] = ~0ULL;
	EXPECT_EQ(uring_test_run_sqe(&ring, &sqe), 0);
	EXPECT_EQ(fixed_read(&ring, 1), -EBADF);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);

	/* A QUIESCE ring's requests hold no generation: closing a slot is refused. */
	io_uring_queue_exit(&ring);
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	EXPECT_EQ(io_uring_set_update_mode((unsigned int)ring.ring_fd, IO_URING_UPDATE_QUIESCE), 0);
	ASSERT_EQ(io_uring_register_files(&ring, fds, 1), 0);
	EXPECT_EQ(close_fixed(&ring, 0), -EOPNOTSUPP);
	EXPECT_EQ(fixed_read(&ring, 0), 1);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
