/*
 * Self-tests of register.c (suite uring_register): IORING_REGISTER_PROBE
 * lists exactly the opcodes ringlet supports, with Linux 6.1's argument
 * checks; the argument checks of FILES2, FILES_UPDATE2 and
 * FILE_ALLOC_RANGE that register.c makes before files.c sees the call;
 * and the answers for what ringlet lacks, each the errno Linux 6.1 gives.
 * Registering files is files.c's, tested in files_test.c.
 */
#include "../testlib/harness.h"
#include "errno.h"

#define EBADFD_LINUX	77

static int reg(struct io_uring *ring, unsigned int op, void *arg, unsigned int nr)
{
	return io_uring_register((unsigned int)ring->ring_fd, op, arg, nr);
}

KTEST(uring_register, probe_lists_the_opcodes)
{
	struct {
		struct io_uring_probe p;
		struct io_uring_probe_op ops[IORING_OP_LAST + 4];
	} pr;
	struct io_uring ring;
	unsigned int supported = 0;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	memset(&pr, 0, sizeof(pr));
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PROBE, &pr, IORING_OP_LAST + 4), 0);
	EXPECT_EQ(pr.p.last_op, 48);		/* Linux 6.1's IORING_OP_SENDMSG_ZC */
	EXPECT_EQ(pr.p.ops_len, IORING_OP_LAST);
	EXPECT_EQ(pr.ops[IORING_OP_READ].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[IORING_OP_CLOSE].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[IORING_OP_FILES_UPDATE].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[IORING_OP_RECVMSG].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[IORING_OP_SEND].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[4].flags, 0);		/* IORING_OP_READ_FIXED: not in ringlet */
	EXPECT_EQ(pr.ops[47].op, 47);
	for (int i = 0; i < IORING_OP_LAST + 4; i++)
		supported += pr.ops[i].flags == IO_URING_OP_SUPPORTED;
	EXPECT_EQ(supported, 13);
	EXPECT_EQ(pr.ops[IORING_OP_LAST].op, 0);	/* past the last: left zero */

	pr.p.resv = 1;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PROBE, &pr, 4), -EINVAL);	/* must come zeroed */
	memset(&pr, 0, sizeof(pr));
	pr.ops[3].resv2 = 1;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PROBE, &pr, 4), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PROBE, &pr, 3), 0);	/* only nr entries are read */
	EXPECT_EQ(pr.p.ops_len, 3);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PROBE, NULL, 4), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PROBE, &pr, 257), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PROBE, (void *)1, 4), -EFAULT);
	/* The whole array is written back, not only the entries filled. */
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PROBE, (void *)&uring_test_read_only_params, 0),
		  -EFAULT);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_register, files2_and_update2_argument_checks)
{
	struct io_uring_rsrc_register rr = { .nr = 1 };
	struct io_uring_rsrc_update2 up = { .nr = 1 };
	struct io_uring_file_index_range range = { 0 };
	struct io_uring ring;
	int32_t fd = -1;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES2, &rr, sizeof(rr) - 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES2, NULL, sizeof(rr)), -EFAULT);
	rr.nr = 0;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES2, &rr, sizeof(rr)), -EINVAL);
	rr = (struct io_uring_rsrc_register){ .nr = 1, .resv2 = 1 };
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES2, &rr, sizeof(rr)), -EINVAL);
	rr = (struct io_uring_rsrc_register){ .nr = 1, .flags = 2 };
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES2, &rr, sizeof(rr)), -EINVAL);
	rr = (struct io_uring_rsrc_register){ .nr = 1,
					      .flags = IORING_RSRC_REGISTER_SPARSE,
					      .data = (unsigned long)&fd };
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES2, &rr, sizeof(rr)), -EINVAL);

	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE2, &up, sizeof(up) + 8), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE2, NULL, sizeof(up)), -EFAULT);
	up.nr = 0;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE2, &up, sizeof(up)), -EINVAL);
	up = (struct io_uring_rsrc_update2){ .nr = 1, .resv = 1 };
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE2, &up, sizeof(up)), -EINVAL);
	up = (struct io_uring_rsrc_update2){ .nr = 1, .resv2 = 1 };
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE2, &up, sizeof(up)), -EINVAL);
	up = (struct io_uring_rsrc_update2){ .nr = 2, .offset = 0xffffffffu };
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE2, &up, sizeof(up)), -EOVERFLOW);
	up = (struct io_uring_rsrc_update2){ .nr = 1, .data = (unsigned long)&fd };
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILES_UPDATE2, &up, sizeof(up)), -ENXIO);

	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILE_ALLOC_RANGE, NULL, 0), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILE_ALLOC_RANGE, &range, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILE_ALLOC_RANGE, (void *)8, 0), -EFAULT);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILE_ALLOC_RANGE, &range, 0), 0);	/* empty: fits */
	range.len = 1;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_FILE_ALLOC_RANGE, &range, 0), -EINVAL);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * What ringlet lacks answers as Linux 6.1 answers a bad request, or as
 * its state makes Linux answer (nothing registered, no disabled ring, no
 * eventfd), and -EINVAL for a request Linux would carry out.
 */
KTEST(uring_register, missing_features_answer_as_linux)
{
	struct io_uring_rsrc_update ents[2] = { { .offset = 3 }, { .offset = 16 } };
	uint64_t zero[8] = { 0 };
	struct io_uring ring;
	uint32_t counts[2] = { 1, 1 };
	int nfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	nfd = uring_test_install(null_file_open());
	EXPECT_EQ(reg(&ring, IORING_REGISTER_BUFFERS, NULL, 1), -EFAULT);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_BUFFERS, zero, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_BUFFERS, zero, 0), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_BUFFERS, NULL, 0), -ENXIO);

	EXPECT_EQ(reg(&ring, IORING_REGISTER_EVENTFD, &nfd, 2), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_EVENTFD, NULL, 1), -EFAULT);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_EVENTFD, &(int32_t){ 200 }, 1), -EBADF);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_EVENTFD_ASYNC, &nfd, 1), -EINVAL);	/* not an eventfd */
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_EVENTFD, NULL, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_EVENTFD, NULL, 0), -ENXIO);

	EXPECT_EQ(reg(&ring, IORING_REGISTER_PERSONALITY, NULL, 0), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_PERSONALITY, NULL, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RESTRICTIONS, NULL, 0), -EBADFD_LINUX);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_ENABLE_RINGS, NULL, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_ENABLE_RINGS, NULL, 0), -EBADFD_LINUX);

	EXPECT_EQ(reg(&ring, IORING_REGISTER_BUFFERS2, zero, 31), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_BUFFERS2, NULL, 32), -EFAULT);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_BUFFERS_UPDATE, zero, 32), -EINVAL);	/* nr 0 */
	zero[3] = 1;		/* struct io_uring_rsrc_update2's nr */
	EXPECT_EQ(reg(&ring, IORING_REGISTER_BUFFERS_UPDATE, zero, 32), -ENXIO);
	zero[0] = 0xffffffffu;	/* offset + nr overflows */
	EXPECT_EQ(reg(&ring, IORING_REGISTER_BUFFERS_UPDATE, zero, 32), -EOVERFLOW);
	zero[0] = zero[3] = 0;

	EXPECT_EQ(reg(&ring, IORING_REGISTER_IOWQ_AFF, NULL, 8), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_IOWQ_AFF, (void *)8, 8), -EFAULT);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_IOWQ_AFF, NULL, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_IOWQ_AFF, NULL, 0), 0);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_IOWQ_MAX_WORKERS, counts, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_IOWQ_MAX_WORKERS, (void *)8, 2), -EFAULT);

	EXPECT_EQ(reg(&ring, IORING_REGISTER_RING_FDS, ents, 0), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RING_FDS, ents, 17), -EINVAL);
	ents[0].data = 200;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RING_FDS, ents, 1), -EBADF);
	ents[0].data = (uint64_t)nfd;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RING_FDS, ents, 1), -EOPNOTSUPP);
	ents[0].data = 0;
	/* Unregistering checks each entry and stops at the first bad one. */
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_RING_FDS, ents, 1), 1);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_RING_FDS, ents, 2), 1);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_RING_FDS, &ents[1], 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_RING_FDS, NULL, 1), -EFAULT);

	EXPECT_EQ(reg(&ring, IORING_REGISTER_PBUF_RING, zero, 2), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_PBUF_RING, zero, 1), -EFAULT);	/* ring_addr 0 */
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_PBUF_RING, zero, 1), -ENOENT);
	zero[2] = 1;		/* resv[0] */
	EXPECT_EQ(reg(&ring, IORING_UNREGISTER_PBUF_RING, zero, 1), -EINVAL);
	zero[2] = 0;
	EXPECT_EQ(reg(&ring, IORING_REGISTER_SYNC_CANCEL, NULL, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_SYNC_CANCEL, (void *)8, 1), -EFAULT);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_LAST, NULL, 0), -EINVAL);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * ringlet's private IORING_REGISTER_RINGLET_UPDATE_MODE: either design on
 * a fresh ring, -EBUSY once files are registered, -EINVAL for a bad mode
 * or an argument.
 */
KTEST(uring_register, ringlet_update_mode_only_on_a_fresh_ring)
{
	struct io_uring ring;
	int32_t fds[2] = { -1, -1 };

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RINGLET_UPDATE_MODE, NULL, 2), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RINGLET_UPDATE_MODE, fds, 1), -EINVAL);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RINGLET_UPDATE_MODE, NULL, 1), 0);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RINGLET_UPDATE_MODE, NULL, 0), 0);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RINGLET_UPDATE_MODE, NULL, 1), 0);
	EXPECT_EQ(io_uring_register_files(&ring, fds, 2), 0);
	EXPECT_EQ(reg(&ring, IORING_REGISTER_RINGLET_UPDATE_MODE, NULL, 0), -EBUSY);
	/* QUIESCE mode took: the ring refuses IORING_OP_FILES_UPDATE there. */
	io_uring_prep_files_update(io_uring_get_sqe(&ring), fds, 1, 0);
	EXPECT_EQ(io_uring_submit(&ring), 1);
	EXPECT_EQ(uring_test_wait(&ring, NULL), -EOPNOTSUPP);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
