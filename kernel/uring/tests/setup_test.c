/*
 * Self-tests of setup.c (suite uring_setup): io_uring_setup's limits and
 * rounding, its -EMFILE and -EFAULT paths, and the errors of the three
 * entry points on what is not a ring (enter, register and mmap all look
 * the ring up through setup.c's io_ring_get).
 */
#include "../testlib/harness.h"
#include "errno.h"

static int setup_with(uint32_t entries, struct io_uring_params *p)
{
	int fd = io_uring_setup(entries, p);

	if (fd >= 0)
		io_uring_close_sync((unsigned int)fd);
	return fd;
}

KTEST(uring_setup, setup_limits_and_rounding)
{
	struct io_uring_params p;

	uring_test_files_begin();
	memset(&p, 0, sizeof(p));
	EXPECT_EQ(setup_with(0, &p), -EINVAL);
	EXPECT_EQ(setup_with(IORING_MAX_ENTRIES + 1, &p), -EINVAL);
	EXPECT_GE(setup_with(3, &p), 0);
	EXPECT_EQ(p.sq_entries, 4);
	EXPECT_EQ(p.cq_entries, 8);
	EXPECT_EQ(p.features & (IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_SUBMIT_STABLE),
		  IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_SUBMIT_STABLE);
	EXPECT_EQ(p.sq_off.array, p.cq_off.cqes + 8 * sizeof(struct io_uring_cqe));

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CLAMP;
	EXPECT_GE(setup_with(IORING_MAX_ENTRIES + 1, &p), 0);
	EXPECT_EQ(p.sq_entries, IORING_MAX_ENTRIES);
	EXPECT_EQ(p.cq_entries, IORING_MAX_CQ_ENTRIES);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 0;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);
	p.cq_entries = 5;
	EXPECT_GE(setup_with(4, &p), 0);
	EXPECT_EQ(p.cq_entries, 8);
	p.cq_entries = 2;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);	/* smaller than the SQ */
	p.cq_entries = IORING_MAX_CQ_ENTRIES + 1;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);
	p.flags |= IORING_SETUP_CLAMP;
	p.cq_entries = IORING_MAX_CQ_ENTRIES + 1;
	EXPECT_GE(setup_with(4, &p), 0);
	EXPECT_EQ(p.cq_entries, IORING_MAX_CQ_ENTRIES);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.resv[1] = 1;
	EXPECT_EQ(setup_with(4, &p), -EINVAL);
	EXPECT_EQ(io_uring_setup(4, NULL), -EFAULT);
	EXPECT_EQ(io_uring_setup(4, (void *)0x8000000000000000UL), -EFAULT);
	/* Readable but not writable: the ring is made, then torn down again. */
	EXPECT_EQ(io_uring_setup(4, (void *)&uring_test_read_only_params), -EFAULT);
	uring_test_files_end();
	memset(&p, 0, sizeof(p));
	EXPECT_EQ(io_uring_setup(4, &p), -EMFILE);	/* no descriptor table */
}

KTEST(uring_setup, setup_full_fd_table_is_emfile)
{
	struct io_uring_params p;
	int n = 0;

	uring_test_files_begin();
	while (uring_test_install(null_file_open()) >= 0)
		n++;
	EXPECT_EQ(n, URING_TEST_FDS);
	memset(&p, 0, sizeof(p));
	EXPECT_EQ(io_uring_setup(4, &p), -EMFILE);
	uring_test_files_end();
}

KTEST(uring_setup, entry_point_errors)
{
	struct io_uring ring;
	int nullfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	nullfd = uring_test_install(null_file_open());
	EXPECT_EQ(io_uring_enter(200, 0, 0, 0), -EBADF);
	EXPECT_EQ(io_uring_enter((unsigned int)nullfd, 0, 0, 0), -EOPNOTSUPP);
	EXPECT_EQ(io_uring_enter((unsigned int)ring.ring_fd, 0, 0, 1U << 7), -EINVAL);
	EXPECT_EQ(io_uring_register(200, IORING_REGISTER_FILES, NULL, 1), -EBADF);
	EXPECT_EQ(io_uring_register((unsigned int)nullfd, IORING_UNREGISTER_FILES, NULL, 0),
		  -EOPNOTSUPP);
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_LAST, NULL, 0),
		  -EINVAL);
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_BUFFERS, NULL, 0),
		  -EFAULT);	/* Linux 6.1 checks arg first */
	EXPECT_NULL(io_uring_mmap((unsigned int)ring.ring_fd, 0x1000, 8));
	EXPECT_NULL(io_uring_mmap((unsigned int)ring.ring_fd, IORING_OFF_SQES, 1 << 20));
	EXPECT_NULL(io_uring_mmap((unsigned int)nullfd, IORING_OFF_SQES, 8));
	/* Both rings are one mapping (IORING_FEAT_SINGLE_MMAP). */
	EXPECT_TRUE(io_uring_mmap((unsigned int)ring.ring_fd, IORING_OFF_SQ_RING, 8) ==
		    io_uring_mmap((unsigned int)ring.ring_fd, IORING_OFF_CQ_RING, 8));
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
