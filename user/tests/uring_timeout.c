/*
 * IORING_OP_TIMEOUT as Linux 6.1 completes it: a relative timeout ends
 * with -ETIME, never early by CLOCK_MONOTONIC; a zero timeout at once;
 * IORING_TIMEOUT_ABS against CLOCK_MONOTONIC; the count form (off = N)
 * ends with 0 once N other requests have completed, or with -ETIME if its
 * timer comes first; several timeouts at once.
 * Prep errors (len != 1, an undefined timeout flag, a negative time, an
 * unreadable timespec) are -EINVAL/-EFAULT CQEs that end the batch, as
 * every prep error does.  And liburing's io_uring_wait_cqe_timeout(),
 * which Linux 6.1 serves with IORING_ENTER_EXT_ARG (IORING_FEAT_EXT_ARG):
 * -ETIME.  On a kernel without that feature liburing 2.3 submits a TIMEOUT
 * SQE of its own instead and returns 1 (what its enter submitted), so such
 * a kernel differs from 6.1 here.
 *
 * Elapsed times are printed only on "timing:" lines.
 */
#include "uring_test.h"

static struct io_uring ring;

static struct io_uring_sqe *timeout_sqe(struct __kernel_timespec *ts, unsigned count,
					unsigned flags, unsigned long long ud)
{
	struct io_uring_sqe *sqe = u_sqe(&ring);

	io_uring_prep_timeout(sqe, ts, count, flags);
	sqe->user_data = ud;
	return sqe;
}

static void relative(void)
{
	struct __kernel_timespec ts = { .tv_nsec = 20 * 1000 * 1000 }, zero = { 0 };
	struct u_cqe out[2];
	long long t0 = u_now_ns(), dt;

	timeout_sqe(&ts, 0, 0, 1);
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap_print(&ring, out, 1, "relative 20 ms"), 1);
	dt = u_now_ns() - t0;
	printf("timing: relative 20 ms took %lld us\n", dt / 1000);
	CHECK_EQ(out[0].res, -ETIME);
	CHECK(dt >= 20 * 1000 * 1000);

	timeout_sqe(&zero, 0, 0, 2);
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap_print(&ring, out, 1, "relative 0"), 1);
	CHECK_EQ(out[0].res, -ETIME);
}

static void absolute(void)
{
	struct timespec now;
	struct __kernel_timespec ts;
	struct u_cqe out[1];
	long long t0 = u_now_ns();

	clock_gettime(CLOCK_MONOTONIC, &now);
	ts.tv_sec = now.tv_sec;
	ts.tv_nsec = now.tv_nsec + 20 * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	timeout_sqe(&ts, 0, IORING_TIMEOUT_ABS, 3);
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap_print(&ring, out, 1, "absolute now+20 ms"), 1);
	CHECK_EQ(out[0].res, -ETIME);
	CHECK(u_now_ns() - t0 >= 19 * 1000 * 1000);
	/* An absolute time already past. */
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	timeout_sqe(&ts, 0, IORING_TIMEOUT_ABS, 4);
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap_print(&ring, out, 1, "absolute in the past"), 1);
	CHECK_EQ(out[0].res, -ETIME);
}

static void count_form(void)
{
	struct __kernel_timespec long_ts = { .tv_sec = 10 }, short_ts = { .tv_nsec = 20000000 };
	struct u_cqe out[4];

	/* Two NOPs complete: the timeout ends with 0, long before its 10 s. */
	timeout_sqe(&long_ts, 2, 0, 1);
	for (int i = 0; i < 2; i++) {
		struct io_uring_sqe *sqe = u_sqe(&ring);

		io_uring_prep_nop(sqe);
		sqe->user_data = 2 + i;
	}
	CHECK_EQ(io_uring_submit(&ring), 3);
	CHECK_EQ(u_reap_print(&ring, out, 3, "count 2, two NOPs"), 3);
	CHECK_EQ(out[0].res, 0);
	CHECK_EQ(out[1].res, 0);
	CHECK_EQ(out[2].res, 0);

	/* Only one completion of the five it waits for: the timer ends it. */
	timeout_sqe(&short_ts, 5, 0, 1);
	io_uring_prep_nop(u_sqe(&ring));
	io_uring_sqe_set_data64(&ring.sq.sqes[(ring.sq.sqe_tail - 1) & *ring.sq.kring_mask], 2);
	CHECK_EQ(io_uring_submit(&ring), 2);
	CHECK_EQ(u_reap_print(&ring, out, 2, "count 5, one NOP"), 2);
	CHECK_EQ(out[0].res, -ETIME);
	CHECK_EQ(out[1].res, 0);
}

/*
 * Three timeouts at once, submitted longest first, all -ETIME.  Their
 * order is not checked: under an emulator a stalled CPU may see all three
 * expire in one tick.
 */
static void several(void)
{
	struct __kernel_timespec ts[3] = { { .tv_nsec = 60000000 },
					   { .tv_nsec = 40000000 },
					   { .tv_nsec = 20000000 } };
	struct u_cqe out[3];

	for (int i = 0; i < 3; i++)
		timeout_sqe(&ts[i], 0, 0, 60 - 20 * i);
	CHECK_EQ(io_uring_submit(&ring), 3);
	CHECK_EQ(u_reap_print(&ring, out, 3, "three at once"), 3);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(out[i].res, -ETIME);
}

static void prep_errors(void)
{
	struct __kernel_timespec ts = { .tv_nsec = 1000 }, neg = { .tv_sec = -1 };
	struct u_cqe out[2];
	struct io_uring_sqe *sqe;
	static const char *const what[] = { "len 2", "flag bit 31", "negative tv_sec",
					    "timespec at address 8" };

	for (int i = 0; i < 4; i++) {
		sqe = timeout_sqe(&ts, 0, 0, 1);
		if (i == 0)
			sqe->len = 2;
		else if (i == 1)
			sqe->timeout_flags = 1u << 31;
		else if (i == 2)
			sqe->addr = (unsigned long)&neg;
		else
			sqe->addr = 8;
		io_uring_prep_nop(u_sqe(&ring));
		ring.sq.sqes[(ring.sq.sqe_tail - 1) & *ring.sq.kring_mask].user_data = 2;
		int ret = io_uring_submit(&ring);

		printf("timeout %s: submitted %s\n", what[i], u_res(ret));
		CHECK_EQ(ret, 1);
		CHECK_EQ(u_reap_print(&ring, out, 1, what[i]), 1);
		CHECK_EQ(out[0].res, i == 3 ? -EFAULT : -EINVAL);
		CHECK_EQ(io_uring_submit(&ring), 1);	/* the NOP left behind */
		CHECK_EQ(u_reap(&ring, out, 1), 1);
	}
}

static void wait_cqe_timeout(void)
{
	struct __kernel_timespec ts = { .tv_nsec = 20 * 1000 * 1000 };
	struct io_uring_cqe *cqe = NULL;
	long long t0 = u_now_ns();
	int ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);

	printf("io_uring_wait_cqe_timeout 20 ms, nothing pending: %s\n", u_res(ret));
	CHECK_EQ(ret, -ETIME);
	CHECK(u_now_ns() - t0 >= 20 * 1000 * 1000);
	/* A NOP completes well before the timeout. */
	io_uring_prep_nop(u_sqe(&ring));
	CHECK_EQ(io_uring_submit(&ring), 1);
	ts.tv_sec = 5;
	ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
	printf("io_uring_wait_cqe_timeout 5 s, a NOP done: %s res %s\n", u_res(ret),
	       cqe ? u_res(cqe->res) : "none");
	CHECK_EQ(ret, 0);
	if (cqe)
		io_uring_cqe_seen(&ring, cqe);
}

int main(void)
{
	u_start();
	u_init_or_skip(16, &ring, 0);
	relative();
	absolute();
	count_form();
	several();
	prep_errors();
	wait_cqe_timeout();
	io_uring_queue_exit(&ring);
	return t_exit();
}
