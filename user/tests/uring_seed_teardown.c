/*
 * The seed's teardown, from user space.  syzkaller's "WARNING in
 * percpu_ref_exit" (Linux cbb537634780) came from a ring torn down while
 * the switch of a fixed-file percpu_ref to atomic mode, started by an
 * update, was still inside its RCU callback.  Here that is done over and
 * over: PROCS processes (1000 by default), BATCH (4) at a time so that they
 * run on several CPUs, each making a ring, registering a table, updating slots
 * (every update that removes a file retires a generation, whose ref then
 * switches to atomic behind a grace period) and exiting at once without
 * any cleanup, so the exit path tears the ring down while those switches
 * are in flight.  Four shapes, by process number:
 *
 *	0: updates through io_uring_register only, then exit;
 *	1: IORING_OP_FILES_UPDATEs submitted and not reaped, then exit;
 *	2: a fixed-file read of an empty pipe in flight (it holds the oldest
 *	   generation, so none of the retired ones can be freed), updates by
 *	   both paths, then exit;
 *	3: as 2, with a forked child updating the shared ring meanwhile;
 *	   the child exits first, its parent's exit tears the ring down.
 *
 * Every process checks each result it waits for and exits 0 only if all
 * were right; the test prints how many exited cleanly per shape, which is
 * the same on every kernel.  What the kernel must do (tear everything
 * down, leak nothing, warn nothing) is checked around the test: on
 * ringlet init compares /dev/ktest_leaks before and after, and the boot
 * fails on any crash report; tests/suite.py's 'user-seed-delay' runs this
 * with percpu_ref.confirm_delay_us widening the seed's window.
 *
 *	uring_seed_teardown [PROCS [BATCH]]
 *
 * The default takes 3 to 5 s on ringlet under QEMU's TCG (-smp 2 to 8 on a
 * 2-core host), about 1.5 s on Linux 6.1 there.
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "uring_test.h"

#define TABLE  256
#define SHAPES 4

static int table[TABLE];

/* Each of n slots from off on, through io_uring_register, one call per slot. */
static int register_updates(struct io_uring *ring, unsigned off, unsigned n, int fd)
{
	for (unsigned i = 0; i < n; i++)
		if (io_uring_register_files_update(ring, off + i, &fd, 1) != 1)
			return -1;
	return 0;
}

/* n IORING_OP_FILES_UPDATEs of one slot each from off on, submitted, never reaped. */
static int op_updates(struct io_uring *ring, unsigned off, unsigned n, int *fd)
{
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe)
			return -1;
		io_uring_prep_files_update(sqe, fd, 1, off + i);
		sqe->user_data = 100 + i;
	}
	return io_uring_submit(ring) == (int)n ? 0 : -1;
}

/* One process of shape k % SHAPES: its exit status (0 if every result was right). */
static int exit_without_cleanup(int k)
{
	static char buf[8];
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int p[2], shape = k % SHAPES;
	unsigned off = (unsigned)(k * 7 % (TABLE - 16));

	if (io_uring_queue_init(16, &ring, 0) || pipe(p))
		return 2;
	for (int i = 0; i < TABLE; i++)
		table[i] = i % 5 == 4 ? -1 : p[i % 2];
	if (io_uring_register(ring.ring_fd, IORING_REGISTER_FILES, table, TABLE))
		return 3;
	if (shape >= 2) {
		/* slot 0 is p[0]: a read end with nothing to read */
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, 0, buf, sizeof(buf), 0);
		sqe->flags = IOSQE_FIXED_FILE;
		sqe->user_data = 1;
		if (io_uring_submit(&ring) != 1)
			return 4;
		/* It must still be waiting: no CQE yet. */
		if (io_uring_peek_cqe(&ring, &cqe) != -EAGAIN)
			return 5;
	}
	if (shape != 1 && register_updates(&ring, off, 4, p[1]))
		return 6;
	pid_t pid = shape == 3 ? fork() : 1;
	int status = 0;

	if (pid < 0)
		return 8;
	if (pid == 0)
		_exit(register_updates(&ring, off + 8, 4, p[0]) ? 9 : 0);
	if (shape != 0 && op_updates(&ring, off + 4, 4, &p[0]))
		return 7;
	if (shape == 3 && (waitpid(pid, &status, 0) != pid || status != 0))
		return 10;
	return 0;	/* ring, table, updates and maybe a read all still there */
}

int main(int argc, char **argv)
{
	int procs = argc > 1 ? atoi(argv[1]) : 1000, batch = argc > 2 ? atoi(argv[2]) : 4;
	int clean[SHAPES] = { 0 }, total[SHAPES] = { 0 };
	struct io_uring probe;
	long long t0 = u_now_ns();

	u_start();
	if (procs < 1 || batch < 1 || batch > 64) {
		fprintf(stderr, "usage: uring_seed_teardown [PROCS [BATCH (1-64)]]\n");
		return 2;
	}
	u_init_or_skip(4, &probe, 0);
	io_uring_queue_exit(&probe);
	fflush(stdout);
	for (int k = 0; k < procs; k += batch) {
		pid_t pids[64];
		int n = procs - k < batch ? procs - k : batch;

		for (int w = 0; w < n; w++) {
			pids[w] = fork();
			if (pids[w] == 0)
				_exit(exit_without_cleanup(k + w));
			CHECK(pids[w] > 0);
		}
		for (int w = 0; w < n; w++) {
			int status = -1;

			if (pids[w] <= 0)
				continue;
			CHECK_EQ(waitpid(pids[w], &status, 0), pids[w]);
			total[(k + w) % SHAPES]++;
			if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
				clean[(k + w) % SHAPES]++;
			else
				fprintf(stderr, "FAIL: process %d: status 0x%x\n", k + w, status);
		}
	}
	static const char *const what[SHAPES] = {
		"register updates", "op updates unreaped", "a read in flight and updates",
		"the same, the ring shared with a child"
	};
	for (int s = 0; s < SHAPES; s++) {
		printf("exit without cleanup, %s: %d of %d clean\n", what[s], clean[s], total[s]);
		CHECK_EQ(clean[s], total[s]);
	}
	printf("timing: %d processes took %lld ms\n", procs, (u_now_ns() - t0) / 1000000);
	return t_exit();
}
