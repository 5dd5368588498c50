/*
 * Self-tests of register.c (suite uring_register): IORING_REGISTER_PROBE
 * lists exactly the opcodes ringlet supports.  Registering files is
 * files.c's, tested in files_test.c.
 */
#include "../testlib/harness.h"
#include "errno.h"

KTEST(uring_register, probe_lists_the_opcodes)
{
	struct {
		struct io_uring_probe p;
		struct io_uring_probe_op ops[IORING_OP_LAST + 4];
	} pr;
	struct io_uring ring;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	memset(&pr, 0, sizeof(pr));
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_PROBE, &pr,
				    IORING_OP_LAST + 4), 0);
	EXPECT_EQ(pr.p.last_op, IORING_OP_LAST - 1);
	EXPECT_EQ(pr.p.ops_len, IORING_OP_LAST);
	EXPECT_EQ(pr.ops[IORING_OP_READ].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[IORING_OP_FILES_UPDATE].flags, IO_URING_OP_SUPPORTED);
	EXPECT_EQ(pr.ops[4].flags, 0);		/* IORING_OP_READ_FIXED: not in ringlet */
	pr.p.resv = 1;
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_PROBE, &pr, 4),
		  -EINVAL);
	EXPECT_EQ(io_uring_register((unsigned int)ring.ring_fd, IORING_REGISTER_PROBE, NULL, 4),
		  -EFAULT);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}
