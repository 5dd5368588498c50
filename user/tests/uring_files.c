/*
 * Fixed files as Linux 6.1 has them.  IORING_REGISTER_FILES with -1 for
 * an empty slot (sparse), and its errors: -EBUSY with a table already
 * there, -EINVAL for none, -EBADF for a closed descriptor or a ring,
 * -EMFILE beyond RLIMIT_NOFILE, -EFAULT for an unreadable array.  I/O by
 * slot (IOSQE_FIXED_FILE): an empty or out-of-range slot is -EBADF, and a
 * registered file outlives its descriptor.  Updates by io_uring_register
 * (IORING_REGISTER_FILES_UPDATE) and by IORING_OP_FILES_UPDATE: the count
 * done, IORING_REGISTER_FILES_SKIP, -EINVAL past the table, -EOVERFLOW when
 * offset + count wraps, and a bad descriptor that empties its slot before
 * failing (6.1 removes the old file first).  Unregister while a fixed read
 * of an empty pipe is in flight: it waits for the read, which another
 * process completes.  IORING_OP_CLOSE of a descriptor and of a fixed slot,
 * and IORING_REGISTER_FILES2's sparse form (io_uring_register_files_sparse).
 *
 * Registration goes through liburing's io_uring_register() where the count
 * matters: io_uring_register_files() raises RLIMIT_NOFILE on -EMFILE, and
 * ringlet's limits are shared by every process.
 */
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "uring_test.h"

static struct io_uring ring;
static char path[64];

static int reg(const int *fds, unsigned n)
{
	return io_uring_register(ring.ring_fd, IORING_REGISTER_FILES, fds, n);
}

/* A read of len bytes at offset 0 from fixed slot slot: its CQE's res. */
static int fixed_read(int slot, char *buf, unsigned len)
{
	struct io_uring_sqe *sqe = u_sqe(&ring);
	struct u_cqe c = { 0 };

	io_uring_prep_read(sqe, slot, buf, len, 0);
	sqe->flags = IOSQE_FIXED_FILE;
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	return c.res;
}

static int op_update(const int *fds, unsigned n, unsigned off)
{
	struct io_uring_sqe *sqe = u_sqe(&ring);
	struct u_cqe c = { 0 };

	io_uring_prep_files_update(sqe, (int *)fds, n, off);
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	return c.res;
}

#define SHOW(what, expr, want)                                   \
	do {                                                     \
		int r_ = (expr);                                 \
		printf("%s: %s\n", what, u_res(r_));             \
		CHECK_EQ(r_, want);                              \
	} while (0)

static void register_and_read(void)
{
	char buf[16];
	int file = open(path, O_RDONLY), zero = open("/dev/zero", O_RDONLY);
	int null = open("/dev/null", O_RDONLY);

	CHECK(file >= 0);
	/* Nothing here blocks: a kernel that keeps a file Linux drops reads it at once. */
	int fds[4] = { file, -1, null, zero };

	SHOW("register 4 with slot 1 empty", reg(fds, 4), 0);
	SHOW("register again", reg(fds, 4), -EBUSY);
	SHOW("fixed read slot 0", fixed_read(0, buf, sizeof(buf)), 3);
	SHOW("fixed read slot 1 (empty)", fixed_read(1, buf, 4), -EBADF);
	SHOW("fixed read slot 4 (past the end)", fixed_read(4, buf, 4), -EBADF);
	SHOW("fixed read slot 3 (/dev/zero)", fixed_read(3, buf, 8), 8);
	close(file);	/* the table holds its own reference */
	SHOW("fixed read slot 0, its fd closed", fixed_read(0, buf, sizeof(buf)), 3);
	CHECK_EQ(memcmp(buf, "abc", 3), 0);

	/* Updates through io_uring_register. */
	int one[2] = { zero, -1 }, skip[2] = { IORING_REGISTER_FILES_SKIP, -1 };

	SHOW("update slot 1 to /dev/zero", io_uring_register_files_update(&ring, 1, one, 1), 1);
	SHOW("fixed read slot 1", fixed_read(1, buf, 4), 4);
	SHOW("update slots 0-1 skip, -1", io_uring_register_files_update(&ring, 0, skip, 2), 2);
	SHOW("fixed read slot 0 (skipped)", fixed_read(0, buf, 3), 3);
	SHOW("fixed read slot 1 (emptied)", fixed_read(1, buf, 4), -EBADF);
	SHOW("update slots 3-4 of 4", io_uring_register_files_update(&ring, 3, one, 2), -EINVAL);
	SHOW("update offset 0xffffffff count 2",
	     io_uring_register_files_update(&ring, 0xffffffffu, one, 2), -EOVERFLOW);
	SHOW("update count 0", io_uring_register_files_update(&ring, 0, one, 0), -EINVAL);
	int ringfd[1] = { ring.ring_fd }, closed[1] = { file };

	SHOW("update slot 1 to a ring", io_uring_register_files_update(&ring, 1, ringfd, 1),
	     -EBADF);
	SHOW("update slot 0 to a closed fd", io_uring_register_files_update(&ring, 0, closed, 1),
	     -EBADF);
	/* Linux 6.1 removed slot 0's file before it found the descriptor bad. */
	SHOW("fixed read slot 0 after the failed update", fixed_read(0, buf, 3), -EBADF);

	/* Updates through IORING_OP_FILES_UPDATE. */
	SHOW("op update slot 0 to /dev/zero", op_update(one, 1, 0), 1);
	SHOW("fixed read slot 0", fixed_read(0, buf, 5), 5);
	SHOW("op update slots 0-1 skip, -1", op_update(skip, 2, 0), 2);
	SHOW("op update slots 3-4 of 4", op_update(one, 2, 3), -EINVAL);
	SHOW("op update slot 2 to a closed fd", op_update(closed, 1, 2), -EBADF);
	SHOW("fixed read slot 2 after the failed update", fixed_read(2, buf, 1), -EBADF);

	SHOW("unregister", io_uring_unregister_files(&ring), 0);
	SHOW("unregister again", io_uring_unregister_files(&ring), -ENXIO);
	SHOW("fixed read with no table", fixed_read(0, buf, 4), -EBADF);
	SHOW("update with no table", io_uring_register_files_update(&ring, 0, one, 1), -ENXIO);
	SHOW("op update with no table", op_update(one, 1, 0), -ENXIO);
	close(zero);
	close(null);
}

static void register_errors(void)
{
	int closed = dup(0), ok = open("/dev/null", O_RDONLY);
	struct rlimit rl;

	close(closed);
	int bad[3] = { ok, closed, ok }, ringfd[2] = { ok, ring.ring_fd };

	SHOW("register 0 files", reg(bad, 0), -EINVAL);
	SHOW("register a closed fd", reg(bad, 3), -EBADF);
	SHOW("register a ring", reg(ringfd, 2), -EBADF);
	SHOW("register from address 8", reg((int *)8, 2), -EFAULT);
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur < 65536) {
		unsigned n = (unsigned)rl.rlim_cur + 1;
		int *many = malloc(n * sizeof(int));

		memset(many, 0xff, n * sizeof(int));	/* all -1 */
		SHOW("register RLIMIT_NOFILE + 1 empty slots", reg(many, n), -EMFILE);
		SHOW("register RLIMIT_NOFILE empty slots", reg(many, n - 1), 0);
		SHOW("unregister them", io_uring_unregister_files(&ring), 0);
		free(many);
	} else {
		fprintf(stderr, "skip: RLIMIT_NOFILE too large to fill\n");
	}
	/* Nothing was left registered by the failures. */
	SHOW("unregister after the failures", io_uring_unregister_files(&ring), -ENXIO);
	close(ok);
}

static void sparse(void)
{
	int empty[16], fd = open(path, O_RDONLY);
	char buf[8];

	memset(empty, 0xff, sizeof(empty));
	SHOW("register 16 empty slots", reg(empty, 16), 0);
	SHOW("fixed read slot 5", fixed_read(5, buf, 3), -EBADF);
	SHOW("update slot 5", io_uring_register_files_update(&ring, 5, &fd, 1), 1);
	SHOW("fixed read slot 5", fixed_read(5, buf, 3), 3);
	SHOW("fixed read slot 4", fixed_read(4, buf, 3), -EBADF);
	SHOW("unregister", io_uring_unregister_files(&ring), 0);
	/* The sparse form of IORING_REGISTER_FILES2 (IORING_RSRC_REGISTER_SPARSE). */
	SHOW("register_files_sparse 8", io_uring_register_files_sparse(&ring, 8), 0);
	SHOW("fixed read slot 7", fixed_read(7, buf, 3), -EBADF);
	SHOW("update slot 7", io_uring_register_files_update(&ring, 7, &fd, 1), 1);
	SHOW("fixed read slot 7", fixed_read(7, buf, 3), 3);
	io_uring_unregister_files(&ring);
	close(fd);
}

/* Unregister while a fixed read waits on an empty pipe; a child writes 50 ms later. */
static void unregister_in_flight(void)
{
	struct io_uring_sqe *sqe;
	struct u_cqe c = { 0 };
	char buf[8] = { 0 };
	int p[2], status = -1;
	pid_t pid;

	CHECK_OK(pipe(p));
	SHOW("register the pipe", reg(p, 2), 0);
	sqe = u_sqe(&ring);
	io_uring_prep_read(sqe, 0, buf, sizeof(buf), 0);
	sqe->flags = IOSQE_FIXED_FILE;
	sqe->user_data = 1;
	CHECK_EQ(io_uring_submit(&ring), 1);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		usleep(50 * 1000);
		_exit(write(p[1], "ok", 2) == 2 ? 0 : 1);
	}
	close(p[1]);
	long long t0 = u_now_ns();

	SHOW("unregister with a read in flight", io_uring_unregister_files(&ring), 0);
	printf("timing: unregister waited %lld us\n", (u_now_ns() - t0) / 1000);
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	printf("the read in flight: %s \"%.2s\"\n", u_res(c.res), buf);
	CHECK_EQ(c.res, 2);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	close(p[0]);
}

static void fixed_write_and_close(void)
{
	struct io_uring_sqe *sqe;
	struct u_cqe c = { 0 };
	char buf[8] = { 0 };
	int p[2], fd;

	CHECK_OK(pipe(p));
	SHOW("register the pipe", reg(p, 2), 0);
	sqe = u_sqe(&ring);
	io_uring_prep_write(sqe, 1, "fixed", 5, 0);
	sqe->flags = IOSQE_FIXED_FILE;
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	SHOW("fixed write slot 1", c.res, 5);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 5);
	/* IORING_OP_CLOSE of fixed slot 1 (file_index is the slot plus one). */
	sqe = u_sqe(&ring);
	io_uring_prep_close_direct(sqe, 1);
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	SHOW("close fixed slot 1", c.res, 0);
	sqe = u_sqe(&ring);
	io_uring_prep_write(sqe, 1, "x", 1, 0);
	sqe->flags = IOSQE_FIXED_FILE;
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	SHOW("fixed write slot 1 after its close", c.res, -EBADF);
	io_uring_unregister_files(&ring);
	/* IORING_OP_CLOSE of descriptors: one, a ring, one already closed. */
	fd = dup(p[1]);
	int targets[3] = { fd, ring.ring_fd, fd };
	static const char *const what[3] = { "close a dup'd pipe fd", "close the ring fd",
					     "close it again" };
	static const int want[3] = { 0, -EBADF, -EBADF };

	for (int i = 0; i < 3; i++) {
		sqe = u_sqe(&ring);
		io_uring_prep_close(sqe, targets[i]);
		CHECK_EQ(io_uring_submit(&ring), 1);
		CHECK_EQ(u_reap(&ring, &c, 1), 1);
		SHOW(what[i], c.res, want[i]);
	}
	CHECK_ERR(fcntl(fd, F_GETFD), EBADF);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	int fd;

	u_start();
	u_init_or_skip(8, &ring, 0);
	snprintf(path, sizeof(path), "/tmp/uring_files.%d", getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_EQ(write(fd, "abc", 3), 3);
	close(fd);
	register_and_read();
	register_errors();
	sparse();
	unregister_in_flight();
	fixed_write_and_close();
	io_uring_queue_exit(&ring);
	unlink(path);
	return t_exit();
}
