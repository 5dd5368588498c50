/*
 * CQ overflow with IORING_FEAT_NODROP, as Linux 6.1 handles it.  More
 * completions than the CQ ring holds are kept, none lost (cq.overflow
 * stays 0), and come out in completion order as the application makes
 * room; IORING_SQ_CQ_OVERFLOW is set in sq.flags while any wait outside
 * the ring and clear once all are in it.  Submitting while completions
 * are backlogged is not refused: Linux 6.1 returns -EBUSY neither from a
 * submission nor from a wait whose ring is full (the wait's target is
 * clamped to the CQ size, and a full ring meets it), so io_uring_enter
 * returns the number submitted and a GETEVENTS wait returns 0 at once.
 */
#include "uring_test.h"

static struct io_uring ring;

static unsigned sq_overflowing(void)
{
	return !!(IO_URING_READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
}

/* n NOPs, user_data from *next on, in batches of 4, never reaping; prints each result. */
static void submit_nops(unsigned long long *next, unsigned n, int print)
{
	while (n) {
		unsigned b = n < 4 ? n : 4;
		int ret;

		for (unsigned i = 0; i < b; i++) {
			struct io_uring_sqe *sqe = u_sqe(&ring);

			io_uring_prep_nop(sqe);
			sqe->user_data = (*next)++;
		}
		ret = io_uring_submit(&ring);
		if (print)
			printf("submit %u (cq ready %u, overflow flag %u): %s\n", b,
			       io_uring_cq_ready(&ring), sq_overflowing(), u_res(ret));
		CHECK_EQ(ret, b);
		n -= b;
	}
}

/* Reaps n CQEs one at a time, which must be user_data first, first+1, ... */
static void reap_in_order(unsigned long long first, unsigned n, const char *what)
{
	struct u_cqe c;
	unsigned bad = 0;

	for (unsigned i = 0; i < n; i++) {
		if (u_reap(&ring, &c, 1) != 1)
			break;
		bad += c.ud != first + i || c.res != 0 || c.flags != 0;
	}
	printf("%s: %u reaped, %u out of place, overflow flag %u, lost %u\n", what, n, bad,
	       sq_overflowing(), *ring.cq.koverflow);
	CHECK_EQ(bad, 0);
	CHECK_EQ(sq_overflowing(), 0);
	CHECK_EQ(*ring.cq.koverflow, 0);
}

static void small_backlog(void)
{
	unsigned long long next = 0;
	int ret;

	submit_nops(&next, 20, 1);
	printf("after 20: cq ready %u, overflow flag %u, lost %u\n", io_uring_cq_ready(&ring),
	       sq_overflowing(), *ring.cq.koverflow);
	CHECK_EQ(io_uring_cq_ready(&ring), 8);
	CHECK_EQ(sq_overflowing(), 1);
	CHECK_EQ(*ring.cq.koverflow, 0);
	/* A wait for more than the ring holds, with the ring full: returns at once. */
	ret = io_uring_enter(ring.ring_fd, 0, 100, IORING_ENTER_GETEVENTS, NULL);
	printf("wait for 100 with the ring full: %s\n", u_res(ret));
	CHECK_EQ(ret, 0);
	CHECK_EQ(io_uring_cq_ready(&ring), 8);
	reap_in_order(0, 20, "small backlog");
}

/* Half the ring reaped, more submitted: the newer CQEs queue behind the older ones. */
static void interleaved(void)
{
	unsigned long long next = 1000;
	struct u_cqe c[4];

	submit_nops(&next, 12, 0);
	CHECK_EQ(u_reap(&ring, c, 4), 4);
	CHECK_EQ(c[0].ud, 1000);
	CHECK_EQ(c[3].ud, 1003);
	submit_nops(&next, 8, 0);
	CHECK_EQ(sq_overflowing(), 1);
	reap_in_order(1004, 16, "interleaved");
}

static void big_backlog(void)
{
	unsigned long long next = 5000;

	submit_nops(&next, 400, 0);
	printf("after 400: cq ready %u, overflow flag %u, lost %u\n", io_uring_cq_ready(&ring),
	       sq_overflowing(), *ring.cq.koverflow);
	reap_in_order(5000, 400, "big backlog");
}

int main(void)
{
	struct io_uring_params p;

	u_start();
	memset(&p, 0, sizeof(p));
	if (io_uring_queue_init_params(4, &ring, &p) == -ENOSYS)
		return T_SKIP;
	CHECK(p.features & IORING_FEAT_NODROP);
	CHECK_EQ(p.cq_entries, 8);
	small_backlog();
	interleaved();
	big_backlog();
	io_uring_queue_exit(&ring);
	return t_exit();
}
