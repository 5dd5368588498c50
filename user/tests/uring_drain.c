/*
 * IOSQE_IO_DRAIN: a drained request starts only once every request
 * submitted before it has completed, and requests submitted after it wait
 * behind it.  Checked against a pipe read that blocks until this program
 * writes (nothing after the drain may complete meanwhile), a 30 ms timeout
 * (the drained NOP completes after the timeout's -ETIME), a drain first in
 * an idle ring (runs at once), a failed request before the drain (a CQE is
 * a completion, error or not), and drains in a NOP storm (every drained
 * NOP's CQE comes after those of everything submitted before it).
 */
#include <unistd.h>
#include "uring_test.h"

static struct io_uring ring;

static void behind_blocked_read(void)
{
	struct u_cqe out[4];
	struct io_uring_sqe *sqe;
	char buf[8];
	int p[2];

	CHECK_OK(pipe(p));
	sqe = u_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	sqe->user_data = 1;
	sqe = u_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->flags = IOSQE_IO_DRAIN;
	sqe->user_data = 2;
	sqe = u_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 3;
	CHECK_EQ(io_uring_submit(&ring), 3);
	usleep(50 * 1000);
	printf("drain behind a blocked read: %u CQEs before the write\n", io_uring_cq_ready(&ring));
	CHECK_EQ(io_uring_cq_ready(&ring), 0);
	CHECK_EQ(write(p[1], "xy", 2), 2);
	CHECK_EQ(u_reap(&ring, out, 3), 3);
	printf("drain behind a blocked read: first CQE ud %llu\n", out[0].ud);
	CHECK_EQ(out[0].ud, 1);
	qsort(out, 3, sizeof(out[0]), u_by_ud);
	for (int i = 0; i < 3; i++)
		u_print_cqe("drain behind a blocked read", &out[i]);
	CHECK_EQ(out[0].res, 2);
	CHECK_EQ(out[1].res, 0);
	CHECK_EQ(out[2].res, 0);
	close(p[0]);
	close(p[1]);
}

static void behind_timeout(void)
{
	struct __kernel_timespec ts = { .tv_nsec = 30 * 1000 * 1000 };
	struct u_cqe out[2];
	struct io_uring_sqe *sqe;

	sqe = u_sqe(&ring);
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	sqe->user_data = 1;
	sqe = u_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->flags = IOSQE_IO_DRAIN;
	sqe->user_data = 2;
	CHECK_EQ(io_uring_submit(&ring), 2);
	CHECK_EQ(u_reap(&ring, out, 2), 2);
	for (int i = 0; i < 2; i++)
		u_print_cqe("drain behind a timeout", &out[i]);
	CHECK_EQ(out[0].ud, 1);
	CHECK_EQ(out[0].res, -ETIME);
	CHECK_EQ(out[1].ud, 2);
	CHECK_EQ(out[1].res, 0);
}

static void idle_and_after_failure(void)
{
	struct u_cqe out[3];
	struct io_uring_sqe *sqe;
	char buf[4];
	int fd = dup(0);

	close(fd);
	sqe = u_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->flags = IOSQE_IO_DRAIN;
	sqe->user_data = 1;
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap_print(&ring, out, 1, "drain in an idle ring"), 1);
	CHECK_EQ(out[0].res, 0);

	sqe = u_sqe(&ring);
	io_uring_prep_read(sqe, fd, buf, sizeof(buf), 0);
	sqe->user_data = 1;
	sqe = u_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->flags = IOSQE_IO_DRAIN;
	sqe->user_data = 2;
	sqe = u_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 3;
	CHECK_EQ(io_uring_submit(&ring), 3);
	CHECK_EQ(u_reap(&ring, out, 3), 3);
	CHECK_EQ(out[0].ud, 1);
	qsort(out, 3, sizeof(out[0]), u_by_ud);
	for (int i = 0; i < 3; i++)
		u_print_cqe("drain after a failure", &out[i]);
	CHECK_EQ(out[0].res, -EBADF);
	CHECK_EQ(out[1].res, 0);
	CHECK_EQ(out[2].res, 0);
}

/* 400 NOPs, every 7th drained: no drained NOP completes before an earlier request. */
static void storm(void)
{
	static struct u_cqe out[400];
	unsigned long long sent = 0;
	unsigned bad = 0, got = 0;

	while (sent < 400) {
		for (int i = 0; i < 16; i++) {
			struct io_uring_sqe *sqe = u_sqe(&ring);

			io_uring_prep_nop(sqe);
			sqe->flags = sent % 7 == 3 ? IOSQE_IO_DRAIN : 0;
			sqe->user_data = sent++;
		}
		CHECK_EQ(io_uring_submit(&ring), 16);
		got += u_reap(&ring, out + got, 16);
	}
	/* Position of each CQE; a drained one must come after all lower user_data. */
	for (unsigned i = 0; i < got; i++) {
		if (out[i].ud % 7 != 3)
			continue;
		for (unsigned j = i + 1; j < got; j++)
			bad += out[j].ud < out[i].ud;
	}
	for (unsigned i = 0; i < got; i++)
		bad += out[i].res != 0;
	printf("drain storm: %u CQEs, %u out of place\n", got, bad);
	CHECK_EQ(got, 400);
	CHECK_EQ(bad, 0);
}

int main(void)
{
	u_start();
	u_init_or_skip(16, &ring, 0);
	behind_blocked_read();
	behind_timeout();
	idle_and_after_failure();
	storm();
	io_uring_queue_exit(&ring);
	return t_exit();
}
