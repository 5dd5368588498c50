/*
 * Linked requests, as Linux 6.1 runs them.  IOSQE_IO_LINK: each member
 * runs after the one before succeeded; a member that fails at run time
 * (a closed descriptor, a timeout expiring, a short read) cancels the rest
 * with -ECANCELED and leaves the ones before it alone.  IOSQE_IO_HARDLINK:
 * a failure does not break the chain.  A member that fails before it is
 * issued (an unknown opcode) fails the whole chain: it gets its own error
 * and every other member -ECANCELED, hard links included; if it carried a
 * link flag the batch goes on, if it ended the chain the batch stops
 * there.  A chain still open when the batch ends is run as it is.  A write
 * then a read of the same range, linked, reads what was written.
 *
 * CQEs are printed sorted by user_data (members are numbered in chain
 * order); the order in which a chain's CQEs arrive is not checked.
 */
#include <fcntl.h>
#include <unistd.h>
#include "uring_test.h"

enum kind { NOP, BADREAD, BADOP, SHORTREAD, TIMEOUT10MS, PIPESHORT };

struct member {
	enum kind kind;
	unsigned char flags;
	int want;
};

static struct io_uring ring;
static char path[64];
static int file_fd, pipe_fds[2], closed_fd;
static char buf[64][32];
static struct __kernel_timespec ten_ms = { .tv_nsec = 10 * 1000 * 1000 };

#define L IOSQE_IO_LINK
#define H IOSQE_IO_HARDLINK

/* Queues the members (user_data 1..n), submits, and checks counts and results. */
static void chain(const char *what, const struct member *m, unsigned n, int want_submitted)
{
	struct u_cqe out[16];
	int ret;

	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = u_sqe(&ring);

		switch (m[i].kind) {
		case NOP:
			io_uring_prep_nop(sqe);
			break;
		case BADREAD:
			io_uring_prep_read(sqe, closed_fd, buf[i], 8, 0);
			break;
		case BADOP:
			io_uring_prep_nop(sqe);
			sqe->opcode = 255;
			break;
		case SHORTREAD:		/* 16 bytes asked of a 5-byte file */
			io_uring_prep_read(sqe, file_fd, buf[i], 16, 0);
			break;
		case PIPESHORT:		/* 16 bytes asked, 3 in the pipe */
			io_uring_prep_read(sqe, pipe_fds[0], buf[i], 16, -1);
			break;
		case TIMEOUT10MS:
			io_uring_prep_timeout(sqe, &ten_ms, 0, 0);
			break;
		}
		sqe->flags |= m[i].flags;
		sqe->user_data = i + 1;
	}
	ret = io_uring_submit(&ring);
	printf("%s: submitted %s\n", what, u_res(ret));
	CHECK_EQ(ret, want_submitted);
	if (ret < (int)n && ret > 0) {
		CHECK_EQ(io_uring_sq_ready(&ring), n - ret);
		CHECK_EQ(io_uring_submit(&ring), n - ret);
	}
	CHECK_EQ(u_reap_print(&ring, out, n, what), n);
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(out[i].res, m[i].want);
}

static void chains(void)
{
	const struct member plain[] = { { NOP, L, 0 }, { NOP, L, 0 }, { NOP, 0, 0 }, { NOP, 0, 0 } };
	const struct member fail_mid[] = { { NOP, L, 0 },
					   { BADREAD, L, -EBADF },
					   { NOP, L, -ECANCELED },
					   { NOP, 0, -ECANCELED },
					   { NOP, 0, 0 } };
	const struct member hard[] = { { BADREAD, H, -EBADF },
				       { NOP, H, 0 },
				       { BADREAD, 0, -EBADF } };
	const struct member mixed[] = { { NOP, H, 0 },
					{ BADREAD, L, -EBADF },
					{ NOP, 0, -ECANCELED } };
	const struct member init_mid[] = { { NOP, L, -ECANCELED },
					   { BADOP, L, -EINVAL },
					   { NOP, 0, -ECANCELED },
					   { NOP, 0, 0 } };
	const struct member init_end[] = { { NOP, L, -ECANCELED },
					   { NOP, L, -ECANCELED },
					   { BADOP, 0, -EINVAL },
					   { NOP, 0, 0 } };
	const struct member init_hard[] = { { NOP, H, -ECANCELED },
					    { BADOP, H, -EINVAL },
					    { NOP, 0, -ECANCELED } };
	const struct member open_end[] = { { NOP, L, 0 }, { NOP, L, 0 } };
	const struct member short_link[] = { { SHORTREAD, L, 5 }, { NOP, 0, -ECANCELED } };
	const struct member short_hard[] = { { SHORTREAD, H, 5 }, { NOP, 0, 0 } };
	const struct member pipe_short[] = { { PIPESHORT, L, 3 }, { NOP, 0, -ECANCELED } };
	const struct member timeout_link[] = { { TIMEOUT10MS, L, -ETIME }, { NOP, 0, -ECANCELED } };
	const struct member timeout_hard[] = { { TIMEOUT10MS, H, -ETIME }, { NOP, 0, 0 } };

	chain("plain", plain, 4, 4);
	chain("run-time failure mid-chain", fail_mid, 5, 5);
	chain("hardlinks", hard, 3, 3);
	chain("hardlink then link", mixed, 3, 3);
	chain("opcode 255 mid-chain", init_mid, 4, 4);
	chain("opcode 255 ends the chain", init_end, 4, 3);
	chain("opcode 255 in hardlinks", init_hard, 3, 3);
	chain("open at batch end", open_end, 2, 2);
	chain("short read, link", short_link, 2, 2);
	chain("short read, hardlink", short_hard, 2, 2);
	CHECK_EQ(write(pipe_fds[1], "abc", 3), 3);
	chain("short pipe read, link", pipe_short, 2, 2);
	chain("timeout, link", timeout_link, 2, 2);
	chain("timeout, hardlink", timeout_hard, 2, 2);
}

/* 32 NOPs in one chain, and a write then a read of what it wrote. */
static void long_and_ordered(void)
{
	struct u_cqe out[32];
	char got[8] = { 0 };
	struct io_uring_sqe *sqe;
	unsigned bad = 0;

	for (unsigned i = 0; i < 32; i++) {
		sqe = u_sqe(&ring);
		io_uring_prep_nop(sqe);
		sqe->flags = i < 31 ? IOSQE_IO_LINK : 0;
		sqe->user_data = 100 + i;
	}
	CHECK_EQ(io_uring_submit(&ring), 32);
	CHECK_EQ(u_reap(&ring, out, 32), 32);
	for (unsigned i = 0; i < 32; i++)
		bad += out[i].res != 0 || out[i].ud != 100 + i;	/* in chain order */
	printf("chain of 32: %u out of place\n", bad);
	CHECK_EQ(bad, 0);

	sqe = u_sqe(&ring);
	io_uring_prep_write(sqe, file_fd, "WXYZ", 4, 1);
	sqe->flags = IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = u_sqe(&ring);
	io_uring_prep_read(sqe, file_fd, got, 6, 0);
	sqe->user_data = 2;
	CHECK_EQ(io_uring_submit(&ring), 2);
	CHECK_EQ(u_reap_print(&ring, out, 2, "write then read"), 2);
	CHECK_EQ(out[0].res, 4);
	CHECK_EQ(out[1].res, 5);
	printf("write then read: read \"%s\"\n", got);
	CHECK_EQ(strcmp(got, "hWXYZ"), 0);
}

int main(void)
{
	u_start();
	u_init_or_skip(32, &ring, 0);
	snprintf(path, sizeof(path), "/tmp/uring_link.%d", getpid());
	file_fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(file_fd >= 0);
	CHECK_EQ(write(file_fd, "hello", 5), 5);
	CHECK_OK(pipe(pipe_fds));
	closed_fd = dup(0);
	close(closed_fd);
	chains();
	long_and_ordered();
	io_uring_queue_exit(&ring);
	close(file_fd);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	unlink(path);
	return t_exit();
}
