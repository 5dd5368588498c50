/*
 * How a batch ends, as in Linux 6.1's io_submit_sqes().  An SQE whose
 * checks fail before it is issued (unknown opcode, undefined SQE flag,
 * ioprio on a NOP) still gets a CQE with the error and is counted in
 * io_uring_enter's result, but the batch stops there: the SQEs after it
 * stay in the SQ ring for the next call, and io_uring_enter does not wait
 * for completions when it submitted fewer than asked.  An error found
 * when the request runs (a read from a closed descriptor) ends nothing.
 * An SQ index out of range is consumed, counted in sq.dropped, gets no
 * CQE, is not counted, and ends the batch too.
 */
#include <fcntl.h>
#include "uring_test.h"

static struct io_uring ring;

static struct io_uring_sqe *nop(unsigned long long ud)
{
	struct io_uring_sqe *sqe = u_sqe(&ring);

	io_uring_prep_nop(sqe);
	sqe->user_data = ud;
	return sqe;
}

/* Four SQEs, the one at bad made bad by spoil(); prints every count and CQE. */
static void batch(const char *what, unsigned bad, void (*spoil)(struct io_uring_sqe *),
		  int want_first, int want_res)
{
	struct u_cqe out[4];
	int ret;

	for (unsigned i = 0; i < 4; i++) {
		struct io_uring_sqe *sqe = nop(i + 1);

		if (i == bad)
			spoil(sqe);
	}
	ret = io_uring_submit_and_wait(&ring, 4);	/* must not wait if it stops early */
	printf("%s: submitted %s, left %u\n", what, u_res(ret), io_uring_sq_ready(&ring));
	CHECK_EQ(ret, want_first);
	CHECK_EQ(io_uring_sq_ready(&ring), 4 - want_first);
	CHECK_EQ(u_reap_print(&ring, out, ret > 0 ? ret : 0, what), want_first);
	CHECK_EQ(out[bad < 4 ? bad : 0].res, bad < 4 ? want_res : 0);
	if (ret > 0 && ret < 4) {
		int rest = 4 - ret;

		ret = io_uring_submit_and_wait(&ring, rest);
		printf("%s: then submitted %s\n", what, u_res(ret));
		CHECK_EQ(ret, rest);
		CHECK_EQ(u_reap_print(&ring, out, rest, what), rest);
	}
}

static void bad_opcode(struct io_uring_sqe *sqe)
{
	sqe->opcode = 255;
}

static void bad_flag(struct io_uring_sqe *sqe)
{
	sqe->flags = 1u << 7;
}

static void ioprio(struct io_uring_sqe *sqe)
{
	sqe->ioprio = 1;
}

static int closed_fd = -1;
static char buf[16];

static void read_closed_fd(struct io_uring_sqe *sqe)
{
	io_uring_prep_read(sqe, closed_fd, buf, sizeof(buf), 0);
	sqe->user_data = 3;
}

/* The second SQ slot's index points outside the SQE array. */
static void dropped_index(void)
{
	struct u_cqe out[4];
	unsigned dropped = *ring.sq.kdropped, slot;
	int ret;

	for (unsigned i = 0; i < 4; i++)
		nop(11 + i);
	/* liburing fills the index array once, slot i = SQE i, at setup. */
	slot = (ring.sq.sqe_tail - 3) & *ring.sq.kring_mask;
	ring.sq.array[slot] = 1000;
	ret = io_uring_submit_and_wait(&ring, 4);
	printf("index out of range: submitted %s, dropped %u, left %u\n", u_res(ret),
	       *ring.sq.kdropped - dropped, io_uring_sq_ready(&ring));
	CHECK_EQ(ret, 1);
	CHECK_EQ(*ring.sq.kdropped - dropped, 1);
	CHECK_EQ(io_uring_sq_ready(&ring), 2);
	CHECK_EQ(u_reap_print(&ring, out, 1, "index out of range"), 1);
	ring.sq.array[slot] = slot;
	ret = io_uring_submit_and_wait(&ring, 2);
	printf("index out of range: then submitted %s\n", u_res(ret));
	CHECK_EQ(ret, 2);
	CHECK_EQ(u_reap_print(&ring, out, 2, "index out of range"), 2);
	CHECK_EQ(out[0].ud, 13);
	CHECK_EQ(out[1].ud, 14);
}

static void nothing_asked(void)
{
	struct u_cqe out[2];

	nop(21);
	io_uring_smp_store_release(ring.sq.ktail, ring.sq.sqe_tail);
	ring.sq.sqe_head = ring.sq.sqe_tail;
	CHECK_EQ(io_uring_enter(ring.ring_fd, 0, 0, 0, NULL), 0);
	CHECK_EQ(io_uring_sq_ready(&ring), 1);
	CHECK_EQ(io_uring_enter(ring.ring_fd, 1, 1, IORING_ENTER_GETEVENTS, NULL), 1);
	CHECK_EQ(u_reap_print(&ring, out, 1, "to_submit 0 first"), 1);
}

int main(void)
{
	int fd;

	u_start();	/* its alarm: a kernel that waits after a short batch hangs here */
	u_init_or_skip(8, &ring, 0);
	fd = open("/dev/null", O_RDONLY);
	closed_fd = dup(fd);
	close(closed_fd);
	close(fd);
	batch("opcode 255 second", 1, bad_opcode, 2, -EINVAL);
	batch("opcode 255 first", 0, bad_opcode, 1, -EINVAL);
	batch("undefined sqe flag third", 2, bad_flag, 3, -EINVAL);
	batch("ioprio on a nop last", 3, ioprio, 4, -EINVAL);
	batch("read of a closed fd third", 2, read_closed_fd, 4, -EBADF);
	dropped_index();
	nothing_asked();
	CHECK_EQ(*ring.cq.koverflow, 0);
	io_uring_queue_exit(&ring);
	return t_exit();
}
