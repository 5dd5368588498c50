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
 * the same on every kernel.  Teardown is asynchronous (on Linux too): a
 * ring gone from user space keeps its memory until its generations' grace
 * periods end, and with the window widened (3 ms more per switch) ringlet
 * at -smp 2 ran out of memory after some 700 processes, all of it given
 * back later.  So a process that meets ENOMEM (or a fork EAGAIN) is run
 * again after 20 ms, up to 1000 times; the reruns are a timing line.  What the kernel must do (tear everything
 * down, leak nothing, warn nothing) is checked around the test: on
 * ringlet init compares /dev/ktest_leaks before and after, and the boot
 * fails on any crash report; lab seed_hunt's grader (run by make test's
 * staff check) runs it with percpu_ref.confirm_delay_us widening the
 * seed's window.
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
static const char *const what[SHAPES] = {
	"register updates",
	"op updates unreaped",
	"a read in flight and updates",
	"the same, the ring shared with a child",
};

/*
 * A call's result r (a count, or -errno as liburing returns it) against
 * what was wanted: 0 if right, NOMEM if the kernel was out of memory (the
 * process is run again), else code.
 */
#define NOMEM 75
static int want(long r, long wanted, int code)
{
	if (r == wanted)
		return 0;
	return r == -ENOMEM || r == -EAGAIN ? NOMEM : code;
}

/* A libc call's -1 and errno in liburing's form. */
static long sys(long r)
{
	return r < 0 ? -errno : r;
}

/* Each of n slots from off on, through io_uring_register, one call per slot. */
static int register_updates(struct io_uring *ring, unsigned off, unsigned n, int fd, int code)
{
	int err = 0;

	for (unsigned i = 0; i < n && !err; i++)
		err = want(io_uring_register_files_update(ring, off + i, &fd, 1), 1, code);
	return err;
}

/* n IORING_OP_FILES_UPDATEs of one slot each from off on, submitted, never reaped. */
static int op_updates(struct io_uring *ring, unsigned off, unsigned n, int *fd)
{
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe)
			return 7;
		io_uring_prep_files_update(sqe, fd, 1, off + i);
		sqe->user_data = 100 + i;
	}
	return want(io_uring_submit(ring), n, 7);
}

/*
 * One process of shape k % SHAPES: its exit status, 0 if every result was
 * right, NOMEM if the kernel ran out of memory on the way.
 */
static int exit_without_cleanup(int k)
{
	static char buf[8];
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int p[2], shape = k % SHAPES, err, status = 0;
	unsigned off = (unsigned)(k * 7 % (TABLE - 16));
	pid_t pid;

	if ((err = want(io_uring_queue_init(16, &ring, 0), 0, 2)) ||
	    (err = want(sys(pipe(p)), 0, 2)))
		return err;
	for (int i = 0; i < TABLE; i++)
		table[i] = i % 5 == 4 ? -1 : p[i % 2];
	err = want(io_uring_register(ring.ring_fd, IORING_REGISTER_FILES, table, TABLE), 0, 3);
	if (err)
		return err;
	if (shape >= 2) {
		/* slot 0 is p[0]: a read end with nothing to read */
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, 0, buf, sizeof(buf), 0);
		sqe->flags = IOSQE_FIXED_FILE;
		sqe->user_data = 1;
		if ((err = want(io_uring_submit(&ring), 1, 4)))
			return err;
		/* It must still be waiting: no CQE yet. */
		if (!io_uring_peek_cqe(&ring, &cqe))
			return cqe->res == -ENOMEM ? NOMEM : 5;
	}
	if (shape != 1 && (err = register_updates(&ring, off, 4, p[1], 6)))
		return err;
	pid = shape == 3 ? fork() : 1;
	if (pid < 0)
		return want(-errno, 0, 8);
	if (pid == 0)
		_exit(register_updates(&ring, off + 8, 4, p[0], 9));
	if (shape != 0 && (err = op_updates(&ring, off + 4, 4, &p[0])))
		return err;
	if (shape == 3 && waitpid(pid, &status, 0) != pid)
		return 10;
	if (shape == 3 && status)
		return WIFEXITED(status) ? WEXITSTATUS(status) : 10;
	return 0;	/* ring, table, updates and maybe a read all still there */
}

/*
 * Runs processes first to first + n - 1 at once, again and again for those
 * the kernel had no memory for (rings torn down a moment ago still hold
 * theirs: a teardown waits for grace periods); each one's status in status[].
 * *retries counts the reruns.  With no memory back after MAX_RETRIES passes,
 * the statuses say NOMEM.
 */
#define MAX_RETRIES 1000
static void run_batch(int first, int n, int *status, long *retries)
{
	pid_t pids[64];
	int left = n;

	for (int w = 0; w < n; w++)
		status[w] = NOMEM << 8;
	for (int pass = 0; left && pass < MAX_RETRIES; pass++) {
		if (pass) {
			*retries += left;
			usleep(20 * 1000);
		}
		for (int w = 0; w < n; w++) {
			pids[w] = 0;
			if (status[w] != NOMEM << 8)
				continue;
			pids[w] = fork();
			if (pids[w] == 0)
				_exit(exit_without_cleanup(first + w));
			if (pids[w] < 0 && errno != ENOMEM && errno != EAGAIN)
				status[w] = -1;
		}
		left = 0;
		for (int w = 0; w < n; w++) {
			if (pids[w] > 0)
				CHECK_EQ(waitpid(pids[w], &status[w], 0), pids[w]);
			left += status[w] == NOMEM << 8;
		}
	}
}

int main(int argc, char **argv)
{
	int procs = argc > 1 ? atoi(argv[1]) : 1000, batch = argc > 2 ? atoi(argv[2]) : 4;
	int clean[SHAPES] = { 0 }, total[SHAPES] = { 0 };
	struct io_uring probe;
	long long t0 = u_now_ns();
	long retries = 0;

	u_start();
	if (procs < 1 || batch < 1 || batch > 64) {
		fprintf(stderr, "usage: uring_seed_teardown [PROCS [BATCH (1-64)]]\n");
		return 2;
	}
	u_init_or_skip(4, &probe, 0);
	io_uring_queue_exit(&probe);
	fflush(stdout);
	for (int k = 0; k < procs; k += batch) {
		int status[64], n = procs - k < batch ? procs - k : batch;

		alarm(60);	/* a hang guard per batch, as u_start's for the whole */
		run_batch(k, n, status, &retries);
		for (int w = 0; w < n; w++) {
			total[(k + w) % SHAPES]++;
			if (status[w] == 0)
				clean[(k + w) % SHAPES]++;
			else
				fprintf(stderr, "FAIL: process %d: 0x%x\n", k + w, status[w]);
		}
	}
	for (int s = 0; s < SHAPES; s++) {
		printf("exit without cleanup, %s: %d of %d clean\n", what[s], clean[s], total[s]);
		CHECK_EQ(clean[s], total[s]);
	}
	printf("timing: %d processes took %lld ms\n", procs, (u_now_ns() - t0) / 1000000);
	printf("timing: processes run again for want of memory: %ld\n", retries);
	return t_exit();
}
