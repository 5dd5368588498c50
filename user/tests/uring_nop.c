/*
 * NOPs: user_data comes back bit for bit; storms of 2000 NOPs in batches
 * of 32, of 7 and of one, each CQE res 0 and flags 0, in submission
 * order (a NOP completes inline, so its CQE is posted as it is issued);
 * io_uring_enter's to_submit larger than what is queued; and the same
 * storm in four processes at once, each on its own ring, which ringlet's
 * round-robin placement puts on different CPUs.
 */
#include <sys/wait.h>
#include "uring_test.h"

#define STORM 2000
#define WORKERS 4

static void user_data_round_trip(void)
{
	/*
	 * Not ~0: liburing reserves it (LIBURING_UDATA_TIMEOUT) on a kernel
	 * without IORING_FEAT_EXT_ARG and swallows such CQEs.
	 */
	static const unsigned long long uds[] = {
		0,
		1,
		0x7fffffffffffffffull,
		0x8000000000000000ull,
		0xfffffffffffffffeull,
		0xdeadbeefcafef00dull,
	};
	const unsigned n = sizeof(uds) / sizeof(uds[0]);
	struct u_cqe out[8];
	struct io_uring ring;

	u_init_or_skip(8, &ring, 0);
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = u_sqe(&ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, uds[i]);
	}
	CHECK_EQ(io_uring_submit(&ring), n);
	CHECK_EQ(u_reap(&ring, out, n), n);
	for (unsigned i = 0; i < n; i++) {
		u_print_cqe("round trip", &out[i]);
		CHECK_EQ(out[i].ud == uds[i], 1);	/* in submission order */
		CHECK_EQ(out[i].res, 0);
		CHECK_EQ(out[i].flags, 0);
	}
	io_uring_queue_exit(&ring);
}

/*
 * STORM NOPs in batches of batch on a ring of depth entries; returns the
 * number of CQEs that were not exactly the next one expected.
 */
static unsigned storm(unsigned entries, unsigned batch)
{
	struct io_uring ring;
	unsigned long long next = 0, sent = 0;
	unsigned bad = 0;

	if (io_uring_queue_init(entries, &ring, 0))
		return STORM;
	while (sent < STORM) {
		unsigned n = batch < STORM - sent ? batch : STORM - sent;
		struct io_uring_cqe *cqe;
		unsigned head, seen = 0;

		for (unsigned i = 0; i < n; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

			if (!sqe)
				return STORM;
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, sent++);
		}
		if (io_uring_submit_and_wait(&ring, n) != (int)n)
			bad++;
		io_uring_for_each_cqe(&ring, head, cqe)
		{
			if (cqe->user_data != next || cqe->res != 0 || cqe->flags != 0)
				bad++;
			next++;
			seen++;
		}
		io_uring_cq_advance(&ring, seen);
		if (seen != n)
			bad++;
	}
	if (*ring.sq.kdropped != 0 || *ring.cq.koverflow != 0)
		bad++;
	io_uring_queue_exit(&ring);
	return bad;
}

static void storms(void)
{
	static const unsigned shapes[][2] = { { 64, 32 }, { 8, 7 }, { 1, 1 }, { 32, 32 } };

	for (unsigned i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		unsigned bad = storm(shapes[i][0], shapes[i][1]);

		printf("storm depth %u batch %u: %u NOPs, %u out of place\n", shapes[i][0],
		       shapes[i][1], STORM, bad);
		CHECK_EQ(bad, 0);
	}
}

static void to_submit_beyond_queued(void)
{
	struct io_uring ring;
	struct u_cqe out[4];

	u_init_or_skip(8, &ring, 0);
	for (int i = 0; i < 3; i++) {
		io_uring_prep_nop(u_sqe(&ring));
	}
	/* liburing publishes the tail; a raw enter asks for more than there is. */
	io_uring_smp_store_release(ring.sq.ktail, ring.sq.sqe_tail);
	ring.sq.sqe_head = ring.sq.sqe_tail;
	int ret = io_uring_enter(ring.ring_fd, 8, 3, IORING_ENTER_GETEVENTS, NULL);
	printf("enter to_submit 8 with 3 queued: %s\n", u_res(ret));
	CHECK_EQ(ret, 3);
	CHECK_EQ(u_reap(&ring, out, 3), 3);
	CHECK_EQ(io_uring_enter(ring.ring_fd, 8, 0, 0, NULL), 0);
	io_uring_queue_exit(&ring);
}

/* WORKERS processes, one ring each, storming at once. */
static void many_rings(void)
{
	pid_t pids[WORKERS];
	int ok = 0;

	fflush(stdout);
	for (int w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0)
			_exit(storm(16, 16 - w) == 0 ? 0 : 1);
	}
	for (int w = 0; w < WORKERS; w++) {
		int status = -1;

		CHECK_EQ(waitpid(pids[w], &status, 0), pids[w]);
		ok += status == 0;
	}
	printf("%d processes, one ring each: %d clean\n", WORKERS, ok);
	CHECK_EQ(ok, WORKERS);
}

int main(void)
{
	u_start();
	user_data_round_trip();
	storms();
	to_submit_beyond_queued();
	many_rings();
	return t_exit();
}
