/*
 * READ, WRITE, READV, WRITEV and FSYNC against every kind of file a
 * process can open on ringlet: a regular file under /tmp, a pipe,
 * /dev/null and /dev/zero.  Explicit offsets leave the file position
 * alone; offset -1 reads and writes at the position and moves it
 * (IORING_FEAT_RW_CUR_POS).  Errors as Linux 6.1 puts them in the CQE:
 * a descriptor opened for the other direction (-EBADF), a closed one
 * (-EBADF), a buffer at address 8 (-EFAULT), more than UIO_MAXIOV iovecs
 * (-EINVAL), an offset below -1 (-EINVAL), fsync of a pipe or a device
 * (-EINVAL).  A pipe read that must wait completes when another process
 * writes.  Every byte read is compared.
 */
#include <fcntl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "uring_test.h"

static struct io_uring ring;
static char path[64];

/* One request: prep it with fn, submit, return its res (printed as "what: res"). */
#define ONE(what, prep_call)                                                   \
	({                                                                     \
		struct io_uring_sqe *sqe_ = u_sqe(&ring);                      \
		struct u_cqe c_ = { 0 };                                       \
		io_uring_prep_##prep_call;                                     \
		sqe_->user_data = 7;                                           \
		CHECK_EQ(io_uring_submit(&ring), 1);                           \
		CHECK_EQ(u_reap(&ring, &c_, 1), 1);                            \
		printf("%s: %s flags 0x%x\n", what, u_res(c_.res), c_.flags);  \
		c_.res;                                                        \
	})

static void regular_file(void)
{
	char buf[64], a[8], b[8];
	struct iovec wv[2] = { { "iovec", 5 }, { "-pair", 5 } };
	struct iovec rv[2] = { { a, 3 }, { b, 4 } };
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), wo, ro;

	CHECK(fd >= 0);
	CHECK_EQ(ONE("file write at 0", write(sqe_, fd, "hello world", 11, 0)), 11);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);		/* an explicit offset leaves it */
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(ONE("file read 5 at 6", read(sqe_, fd, buf, 5, 6)), 5);
	CHECK_EQ(memcmp(buf, "world", 5), 0);
	CHECK_EQ(ONE("file writev at 11", writev(sqe_, fd, wv, 2, 11)), 10);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK_EQ(ONE("file readv 3+4 at 9", readv(sqe_, fd, rv, 2, 9)), 7);
	CHECK_EQ(memcmp(a, "ldi", 3), 0);
	CHECK_EQ(memcmp(b, "ovec", 4), 0);
	CHECK_EQ(ONE("file read at end", read(sqe_, fd, buf, 8, 21)), 0);
	CHECK_EQ(ONE("file read past end", read(sqe_, fd, buf, 8, 1000)), 0);
	CHECK_EQ(ONE("file read 0 bytes", read(sqe_, fd, buf, 0, 0)), 0);
	/* Offset -1: at the file position, which moves. */
	CHECK_EQ(lseek(fd, 3, SEEK_SET), 3);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(ONE("file read 4 at -1 from 3", read(sqe_, fd, buf, 4, -1)), 4);
	CHECK_EQ(memcmp(buf, "lo w", 4), 0);
	printf("file position after: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 7);
	CHECK_EQ(ONE("file write 2 at -1", write(sqe_, fd, "XY", 2, -1)), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 9);
	CHECK_EQ(ONE("file readv at -1", readv(sqe_, fd, rv, 2, -1)), 7);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 16);
	CHECK_EQ(pread(fd, buf, 21, 0), 21);
	CHECK_EQ(memcmp(buf, "hello wXYldiovec-pair", 21), 0);
	CHECK_EQ(ONE("file fsync", fsync(sqe_, fd, 0)), 0);
	CHECK_EQ(ONE("file fdatasync", fsync(sqe_, fd, IORING_FSYNC_DATASYNC)), 0);
	/* Errors in the CQE. */
	CHECK_EQ(ONE("file read offset -2", read(sqe_, fd, buf, 4, -2)), -EINVAL);
	CHECK_EQ(ONE("file read into address 8", read(sqe_, fd, (void *)8, 4, 0)), -EFAULT);
	CHECK_EQ(ONE("file write from address 8", write(sqe_, fd, (void *)8, 4, 0)), -EFAULT);
	CHECK_EQ(ONE("file readv 1025 iovecs", readv(sqe_, fd, rv, 1025, 0)), -EINVAL);
	CHECK_EQ(ONE("file readv iovecs at address 8", readv(sqe_, fd, (void *)8, 2, 0)), -EFAULT);
	wo = open(path, O_WRONLY);
	ro = open(path, O_RDONLY);
	CHECK_EQ(ONE("file read from O_WRONLY", read(sqe_, wo, buf, 4, 0)), -EBADF);
	CHECK_EQ(ONE("file write to O_RDONLY", write(sqe_, ro, "x", 1, 0)), -EBADF);
	close(wo);
	close(ro);
	/* 64 KiB out and back. */
	static unsigned char big[65536], back[65536];
	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + (i >> 9));
	CHECK_EQ(ONE("file write 64 KiB at 4096", write(sqe_, fd, big, sizeof(big), 4096)),
		 sizeof(big));
	CHECK_EQ(ONE("file read 64 KiB at 4096", read(sqe_, fd, back, sizeof(back), 4096)),
		 sizeof(back));
	CHECK_EQ(memcmp(big, back, sizeof(big)), 0);
	close(fd);
	CHECK_EQ(ONE("closed fd read", read(sqe_, fd, buf, 4, 0)), -EBADF);
	CHECK_EQ(ONE("closed fd fsync", fsync(sqe_, fd, 0)), -EBADF);
	unlink(path);
}

static void pipe_ends(void)
{
	char buf[32] = { 0 };
	struct iovec wv[2] = { { "ab", 2 }, { "cde", 3 } };
	struct u_cqe c;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	CHECK_EQ(ONE("pipe write", write(sqe_, p[1], "12345", 5, 0)), 5);
	CHECK_EQ(ONE("pipe writev at -1", writev(sqe_, p[1], wv, 2, -1)), 5);
	CHECK_EQ(ONE("pipe read 16 of 10", read(sqe_, p[0], buf, 16, 0)), 10);
	CHECK_EQ(memcmp(buf, "12345abcde", 10), 0);
	CHECK_EQ(ONE("pipe read from write end", read(sqe_, p[1], buf, 4, 0)), -EBADF);
	CHECK_EQ(ONE("pipe write to read end", write(sqe_, p[0], "x", 1, 0)), -EBADF);
	CHECK_EQ(ONE("pipe fsync", fsync(sqe_, p[0], 0)), -EINVAL);
	/* A read that must wait: another process writes 30 ms later. */
	struct io_uring_sqe *sqe = u_sqe(&ring);

	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), -1);
	sqe->user_data = 8;
	CHECK_EQ(io_uring_submit(&ring), 1);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		usleep(30 * 1000);
		_exit(write(p[1], "late", 4) == 4 ? 0 : 1);
	}
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	printf("pipe read that waits: %s\n", u_res(c.res));
	CHECK_EQ(c.res, 4);
	CHECK_EQ(memcmp(buf, "late", 4), 0);
	int status = -1;

	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	/* End of file once the write end is closed. */
	close(p[1]);
	CHECK_EQ(ONE("pipe read at end of file", read(sqe_, p[0], buf, 4, 0)), 0);
	close(p[0]);
}

static void devices(void)
{
	char buf[16];
	struct iovec rv[2] = { { buf, 4 }, { buf + 8, 8 } };
	int null = open("/dev/null", O_RDWR), zero = open("/dev/zero", O_RDWR);

	CHECK(null >= 0);
	CHECK(zero >= 0);
	CHECK_EQ(ONE("null read", read(sqe_, null, buf, 16, 0)), 0);
	CHECK_EQ(ONE("null write", write(sqe_, null, "0123456789", 10, 0)), 10);
	CHECK_EQ(ONE("null write at -1", write(sqe_, null, "0123", 4, -1)), 4);
	CHECK_EQ(ONE("null fsync", fsync(sqe_, null, 0)), -EINVAL);
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(ONE("zero read", read(sqe_, zero, buf, 16, 0)), 16);
	unsigned nonzero = 0;

	for (int i = 0; i < 16; i++)
		nonzero += buf[i] != 0;
	CHECK_EQ(nonzero, 0);
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(ONE("zero readv 4+8", readv(sqe_, zero, rv, 2, -1)), 12);
	CHECK_EQ(buf[3], 0);
	CHECK_EQ((unsigned char)buf[4], 0xaa);
	CHECK_EQ(buf[15], 0);
	CHECK_EQ(ONE("zero write", write(sqe_, zero, "abc", 3, 0)), 3);
	CHECK_EQ(ONE("zero read into address 8", read(sqe_, zero, (void *)8, 4, 0)), -EFAULT);
	close(null);
	close(zero);
}

int main(void)
{
	u_start();
	u_init_or_skip(8, &ring, 0);
	snprintf(path, sizeof(path), "/tmp/uring_rw.%d", getpid());
	regular_file();
	pipe_ends();
	devices();
	io_uring_queue_exit(&ring);
	return t_exit();
}
