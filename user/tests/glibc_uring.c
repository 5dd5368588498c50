/*
 * Debian's liburing.a through glibc (gcc -static -luring), the path most
 * Linux programs take: io_uring_queue_init_params, NOPs with user_data,
 * a write and a read of a file under /tmp through the ring, the same
 * through a registered file, a linked pair whose head fails, a timeout,
 * and io_uring_queue_exit.  The same checks as the musl-built uring_*
 * tests, on a second C library's start-up, malloc and stdio.
 */
#include <fcntl.h>
#include <liburing.h>
#include <unistd.h>
#include "test.h"

static void cqe_line(const char *what, struct io_uring *ring, int want_res,
		     unsigned long long want_ud)
{
	struct io_uring_cqe *cqe;
	int ret = io_uring_wait_cqe(ring, &cqe);

	CHECK_EQ(ret, 0);
	if (ret)
		return;
	printf("%s: ud %llu res %d flags 0x%x\n", what, (unsigned long long)cqe->user_data,
	       cqe->res, cqe->flags);
	CHECK_EQ(cqe->res, want_res);
	CHECK_EQ(cqe->user_data, want_ud);
	io_uring_cqe_seen(ring, cqe);
}

int main(void)
{
	struct __kernel_timespec ts = { .tv_nsec = 10 * 1000 * 1000 };
	struct io_uring_params p;
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	char path[64], buf[16] = { 0 };
	int fd, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&p, 0, sizeof(p));
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -ENOSYS) {
		fprintf(stderr, "skip: no io_uring in this kernel\n");
		return T_SKIP;
	}
	CHECK_EQ(ret, 0);
	if (ret)
		return t_exit();
	printf("sq %u cq %u\n", p.sq_entries, p.cq_entries);

	for (int i = 0; i < 3; i++) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, 100 + i);
	}
	CHECK_EQ(io_uring_submit(&ring), 3);
	for (int i = 0; i < 3; i++)
		cqe_line("nop", &ring, 0, 100 + i);

	snprintf(path, sizeof(path), "/tmp/glibc_uring.%d", getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write(sqe, fd, "glibc ring", 10, 0);
	sqe->flags = IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, buf, sizeof(buf), 0);
	sqe->user_data = 2;
	CHECK_EQ(io_uring_submit(&ring), 2);
	cqe_line("write", &ring, 10, 1);
	cqe_line("read", &ring, 10, 2);
	CHECK_EQ(memcmp(buf, "glibc ring", 10), 0);

	CHECK_EQ(io_uring_register_files(&ring, &fd, 1), 0);
	memset(buf, 0, sizeof(buf));
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, 0, buf, 5, 6);
	sqe->flags = IOSQE_FIXED_FILE;
	sqe->user_data = 3;
	CHECK_EQ(io_uring_submit(&ring), 1);
	cqe_line("fixed read", &ring, 4, 3);
	CHECK_EQ(memcmp(buf, "ring", 4), 0);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);
	close(fd);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, buf, 4, 0);	/* closed: -EBADF, the link breaks */
	sqe->flags = IOSQE_IO_LINK;
	sqe->user_data = 4;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 5;
	CHECK_EQ(io_uring_submit(&ring), 2);
	cqe_line("read of a closed fd", &ring, -EBADF, 4);
	cqe_line("linked nop", &ring, -ECANCELED, 5);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	sqe->user_data = 6;
	CHECK_EQ(io_uring_submit(&ring), 1);
	cqe_line("timeout", &ring, -ETIME, 6);

	io_uring_queue_exit(&ring);
	unlink(path);
	return t_exit();
}
