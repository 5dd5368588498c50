/*
 * Rings torn down with work in flight, from user space: by close (a read
 * waiting on an empty pipe, a 10 s timeout armed, registered files), by
 * exit (processes that register a table, put a fixed read of an empty
 * pipe in flight, queue file updates by both paths, and exit without
 * cleaning up: forty of them, four at a time so they land on several
 * CPUs), and by execve: the ring fd is close-on-exec, so a ring with a
 * read in flight goes away with the old image ("exec-gone" mode checks
 * the fd is closed); with close-on-exec cleared the fd survives, and the
 * new image ("exec-kept" mode) maps it again, submits a NOP and finds the
 * read the old image left in flight cancelled (Linux 6.1 cancels a task's
 * requests at execve: -ECANCELED, or -EINTR had it been running); and on
 * a ring shared by fork, the child's execve cancels the child's requests
 * and leaves the parent's running.
 *
 * Nothing here may hang: a close or an exit never waits for the timeout,
 * and the kernel's teardown runs behind the program's back.  On ringlet,
 * init's leak check after this test is the proof that teardown freed
 * everything.
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "uring_test.h"

static char self[256];

static int wait_status(pid_t pid)
{
	int status = -1;

	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return status;
}

static void close_with_work_in_flight(void)
{
	struct __kernel_timespec ten_s = { .tv_sec = 10 };
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	static char buf[16];
	int p[2];
	long long t0 = u_now_ns();

	for (int round = 0; round < 20; round++) {
		u_init_or_skip(8, &ring, 0);
		CHECK_OK(pipe(p));
		CHECK_EQ(io_uring_register_files(&ring, p, 2), 0);
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, 0, buf, sizeof(buf), 0);
		sqe->flags = IOSQE_FIXED_FILE;
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_timeout(sqe, &ten_s, 0, 0);
		CHECK_EQ(io_uring_submit(&ring), 3);
		io_uring_queue_exit(&ring);
		/* The pipe is still ours and works: nothing of the ring holds it up. */
		CHECK_EQ(write(p[1], "z", 1), 1);
		close(p[0]);
		close(p[1]);
	}
	printf("close with a read, a fixed read and a 10 s timeout in flight: 20 rounds\n");
	printf("timing: 20 closes took %lld ms\n", (u_now_ns() - t0) / 1000000);
	CHECK(u_now_ns() - t0 < 10LL * 1000 * 1000 * 1000);
}

/* A process that leaves everything in flight and exits. */
static int exit_without_cleanup(int k)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	static int table[64];
	static char buf[8];
	int p[2], upd[4];

	if (io_uring_queue_init(16, &ring, 0) || pipe(p))
		return 1;
	for (int i = 0; i < 64; i++)
		table[i] = i % 3 == 0 ? -1 : p[i % 2];
	if (io_uring_register(ring.ring_fd, IORING_REGISTER_FILES, table, 64))
		return 2;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, 1 + 3 * (k % 8), buf, sizeof(buf), 0);	/* a read end */
	sqe->flags = IOSQE_FIXED_FILE;
	for (int i = 0; i < 4; i++)
		upd[i] = i % 2 ? -1 : p[1];
	for (int i = 0; i < 4; i++) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_files_update(sqe, upd, 4, (unsigned)(4 * i + 8));
	}
	if (io_uring_submit(&ring) != 5)
		return 3;
	if (io_uring_register_files_update(&ring, 40 + k % 8, upd, 4) != 4)
		return 4;
	return 0;	/* ring, table, read and maybe updates all still there */
}

static void exit_with_files_and_updates(void)
{
	int clean = 0;

	fflush(stdout);
	for (int round = 0; round < 10; round++) {
		pid_t pids[4];

		for (int w = 0; w < 4; w++) {
			pids[w] = fork();
			if (pids[w] == 0)
				_exit(exit_without_cleanup(round * 4 + w));
		}
		for (int w = 0; w < 4; w++)
			clean += wait_status(pids[w]) == 0;
	}
	printf("exit with files registered and updates in flight: %d of 40 clean\n", clean);
	CHECK_EQ(clean, 40);
}

/* "exec-gone FD": the ring fd was close-on-exec. */
static int exec_gone(int fd)
{
	return fcntl(fd, F_GETFD) == -1 && errno == EBADF ? 0 : 1;
}

/*
 * "exec-kept FD WFD": the ring fd survived; maps it again with the offsets a
 * fresh ring of the same size reports, submits a NOP, and reports the CQEs
 * it finds, including the read the old image left on the pipe whose write
 * end is WFD.
 */
static int exec_kept(int fd, int wfd)
{
	struct io_uring_params p;
	struct io_uring ring;
	struct u_cqe c[2];
	int probe;

	memset(&p, 0, sizeof(p));
	probe = io_uring_setup(8, &p);
	if (probe < 0)
		return 2;
	close(probe);
	if (io_uring_queue_mmap(fd, &p, &ring))
		return 3;
	/* liburing's private SQ counters start at 0; the old image left the tail at 1. */
	ring.sq.sqe_head = ring.sq.sqe_tail = IO_URING_READ_ONCE(*ring.sq.ktail);
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	io_uring_prep_nop(sqe);
	sqe->user_data = 2;
	CHECK_EQ(io_uring_submit(&ring), 1);
	/*
	 * Linux 6.1 cancels the old image's requests at execve; a kernel that
	 * did not would still have the read waiting, which this write ends.
	 */
	CHECK_EQ(write(wfd, "w", 1), 1);
	CHECK_EQ(u_reap(&ring, c, 2), 2);
	qsort(c, 2, sizeof(c[0]), u_by_ud);
	for (int i = 0; i < 2; i++)
		u_print_cqe("after execve", &c[i]);
	CHECK_EQ(c[0].ud, 1);
	CHECK(c[0].res == -ECANCELED || c[0].res == -EINTR);
	CHECK_EQ(c[1].res, 0);
	io_uring_queue_exit(&ring);
	return t_exit();
}

/*
 * A child makes a ring, registers a pipe, puts a read of it in flight and
 * execs this program: the request is its own, so execve is where its
 * image's requests end.
 */
static int exec_with_read_in_flight(int keep)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	static char buf[8];
	char a1[16], a2[16];
	int p[2];

	if (io_uring_queue_init(8, &ring, 0) || pipe(p))
		return 90;
	if (io_uring_register_files(&ring, p, 1))
		return 91;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	sqe->user_data = 1;
	if (io_uring_submit(&ring) != 1)
		return 92;
	if (keep && fcntl(ring.ring_fd, F_SETFD, 0))
		return 93;
	snprintf(a1, sizeof(a1), "%d", ring.ring_fd);
	snprintf(a2, sizeof(a2), "%d", p[1]);
	char *argv[] = { self, keep ? "exec-kept" : "exec-gone", a1, keep ? a2 : NULL, NULL };

	execve(self, argv, (char *[]){ NULL });
	return 94;
}

static void by_execve(int keep)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(exec_with_read_in_flight(keep));
	int status = wait_status(pid);

	printf("execve, ring fd %s: child status %d\n", keep ? "kept" : "close-on-exec", status);
	CHECK_EQ(status, 0);
}

/*
 * A ring shared by fork: the parent has a read of one pipe in flight; the
 * child adds a read of another and a 10 s timeout, then execs.  Its
 * execve cancels its own two requests and no one else's: by the time the
 * new image has exited both have completed (-ECANCELED), and the parent's
 * read is still waiting, for the byte the parent writes next.
 */
static void by_execve_shared_ring(void)
{
	struct __kernel_timespec ten_s = { .tv_sec = 10 };
	static char pbuf[8], cbuf[8];
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	struct u_cqe c[2];
	char a1[16];
	int pp[2], cp[2];
	pid_t pid;

	u_init_or_skip(8, &ring, 0);
	CHECK_OK(pipe(pp));
	CHECK_OK(pipe(cp));
	sqe = u_sqe(&ring);
	io_uring_prep_read(sqe, pp[0], pbuf, sizeof(pbuf), 0);
	sqe->user_data = 10;
	CHECK_EQ(io_uring_submit(&ring), 1);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sqe = u_sqe(&ring);
		io_uring_prep_read(sqe, cp[0], cbuf, sizeof(cbuf), 0);
		sqe->user_data = 11;
		sqe = u_sqe(&ring);
		io_uring_prep_timeout(sqe, &ten_s, 0, 0);
		sqe->user_data = 12;
		if (io_uring_submit(&ring) != 2)
			_exit(95);
		snprintf(a1, sizeof(a1), "%d", ring.ring_fd);
		execve(self, (char *[]){ self, "exec-gone", a1, NULL }, (char *[]){ NULL });
		_exit(94);
	}
	CHECK_EQ(wait_status(pid), 0);
	/* No waiting here: a kernel that did not cancel would leave nothing to reap. */
	CHECK_EQ(io_uring_cq_ready(&ring), 2);
	if (io_uring_cq_ready(&ring) == 2)
		u_reap_print(&ring, c, 2, "shared ring, after the child's execve");
	CHECK_EQ(write(pp[1], "p", 1), 1);
	u_reap_print(&ring, c, 1, "shared ring, the parent's read");
	CHECK_EQ(c[0].ud, 10);
	CHECK_EQ(c[0].res, 1);
	io_uring_queue_exit(&ring);
	close(pp[0]);
	close(pp[1]);
	close(cp[0]);
	close(cp[1]);
}

int main(int argc, char **argv)
{
	u_start();
	if (argc > 1 && !strcmp(argv[1], "exec-gone"))
		return argc == 3 ? exec_gone(atoi(argv[2])) : 98;
	if (argc > 1 && !strcmp(argv[1], "exec-kept"))
		return argc == 4 ? exec_kept(atoi(argv[2]), atoi(argv[3])) : 98;
	if (argc > 1)
		return 97;
	snprintf(self, sizeof(self), "%s", argv[0]);
	close_with_work_in_flight();
	exit_with_files_and_updates();
	by_execve(0);
	by_execve(1);
	by_execve_shared_ring();
	return t_exit();
}
