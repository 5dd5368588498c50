/*
 * Self-tests of socket files under io_uring (suite socket_uring): a
 * stream and a datagram pair registered as fixed files, read and written
 * through IORING_OP_READ/WRITE, which reach socket.c through the inline
 * never-sleeping attempt (read_nonblock/write_nonblock) and, when that
 * would wait, a worker's blocking vfs_read: a read of an empty socket
 * completes when data comes from outside the ring.
 */
#include "ktest.h"
#include "../internal.h"
#include "../../uring/testlib/harness.h"
#include "errno.h"
#include "string.h"
#include "timer.h"

/* A fixed-file READ or WRITE of fixed slot idx, with user_data ud; NULL if the SQ is full. */
static struct io_uring_sqe *prep_fixed(struct io_uring *ring, int op, int idx, const void *buf,
				       unsigned int len, uint64_t ud)
{
	struct io_uring_sqe *sqe = uring_test_prep_rw(ring, op, idx, buf, len, 0, ud);

	if (sqe)
		sqe->flags |= IOSQE_FIXED_FILE;
	return sqe;
}

static int run_fixed(struct io_uring *ring, int op, int idx, const void *buf, unsigned int len)
{
	if (!prep_fixed(ring, op, idx, buf, len, 0))
		return URING_TEST_NO_CQE;
	return uring_test_submit_wait(ring, NULL);
}

KTEST(socket_uring, socket_pairs_as_fixed_files)
{
	struct files_struct *old = current->files;
	struct file *a, *b, *c, *d;
	struct io_uring ring;
	int32_t fds[4];
	uint64_t ud = 0;
	char buf[16];

	current->files = files_alloc(16);
	ASSERT_NOT_NULL(current->files);
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &a, &b), 0);
	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &c, &d), 0);
	fds[0] = uring_test_install(a);
	fds[1] = uring_test_install(b);
	fds[2] = uring_test_install(c);
	fds[3] = uring_test_install(d);
	ASSERT_EQ(io_uring_register_files(&ring, fds, 4), 0);

	/* Stream: inline both ways. */
	EXPECT_EQ(run_fixed(&ring, IORING_OP_WRITE, 0, "ping", 4), 4);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(run_fixed(&ring, IORING_OP_READ, 1, buf, sizeof(buf)), 4);
	EXPECT_EQ(memcmp(buf, "ping", 4), 0);
	/* A read of nothing goes to a worker and completes when data comes (a is in the table). */
	ASSERT_NOT_NULL(prep_fixed(&ring, IORING_OP_READ, 1, buf, sizeof(buf), 7));
	EXPECT_EQ(io_uring_submit(&ring), 1);
	msleep(20);
	EXPECT_EQ(io_uring_cq_ready(&ring), 0u);
	EXPECT_EQ(vfs_write(a, "late", 4, NULL), 4);
	EXPECT_EQ(uring_test_wait_ms(&ring, URING_TEST_CQE_MS, &ud), 4);
	EXPECT_EQ(ud, 7u);
	EXPECT_EQ(memcmp(buf, "late", 4), 0);

	/* Datagram: boundaries kept, a short buffer cuts, an empty datagram reads 0. */
	EXPECT_EQ(run_fixed(&ring, IORING_OP_WRITE, 2, "12345", 5), 5);
	EXPECT_EQ(run_fixed(&ring, IORING_OP_WRITE, 2, "", 0), 0);
	EXPECT_EQ(run_fixed(&ring, IORING_OP_READ, 3, buf, 3), 3);
	EXPECT_EQ(memcmp(buf, "123", 3), 0);
	EXPECT_EQ(run_fixed(&ring, IORING_OP_READ, 3, buf, sizeof(buf)), 0);

	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	io_uring_queue_exit(&ring);
	files_put(current->files);
	current->files = old;
}
