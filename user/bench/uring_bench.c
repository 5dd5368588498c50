/*
 * uring_bench: the io_uring request path timed from user space, one static
 * binary (musl, Debian's unmodified liburing.a) that runs as is on Linux and
 * on ringlet.  `make compare-linux BENCH=1` boots both kernels with init
 * running only this program and writes docs/perf.md from its output.
 *
 * Cases (each prints one line, "bench: NAME ns_per_op=N iters=N"):
 *
 *   nop_batch32            32 NOPs queued, one io_uring_enter submits them and
 *                          waits for all 32, the CQEs are checked and reaped;
 *                          ns per NOP.
 *   update1_table64        io_uring_register_files_update of one slot of a
 *   update1_table1024      registered table of 64 (1024) files, each update
 *                          swapping that slot to the other end of a pipe;
 *                          ns per update.
 *   register64_unregister  register 64 files, then unregister them; ns per pair.
 *   fixed_read_pipe        write(2) one byte into a pipe, then a one-byte READ
 *                          of the pipe as fixed file 0, submit_and_wait(1);
 *                          ns per write+read.
 *   fixed_read_pipe_nonblock  the same with an O_NONBLOCK pipe: a kernel that
 *                          would hand a blocking pipe's read to a worker
 *                          thread (Linux 6.1 does) reads this one inline.
 *   pipe_write_read        the same byte through write(2) and read(2): the
 *                          baseline fixed_read_pipe is measured against.
 *   syscall_getppid        one getppid(2): the cost of entering the kernel.
 *
 * Timing: CLOCK_MONOTONIC around a block of rounds.  A case first runs
 * blocks of 1, 2, 4... rounds until one takes CALIBRATE_NS (this also warms
 * it up), then times one block sized to take about TARGET_NS: long against
 * the clock's resolution and the 10 ms ticks of a timer, short enough for
 * QEMU's TCG.  Every result is checked (each CQE's res, each byte), so a
 * kernel cannot be fast by doing nothing; a case that fails prints
 * "bench: NAME failed: WHAT" (its setup failed) or "bench: NAME failed after
 * N rounds (T ns each): WHAT" (round N+1 failed; T is the case's time until
 * then over N, calibration included: a rough figure) instead, and the program
 * exits 1 after the others.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NSEC_PER_SEC 1000000000LL
#define CALIBRATE_NS (NSEC_PER_SEC / 20)
#define TARGET_NS    (NSEC_PER_SEC * 8 / 10)
#define MAX_ROUNDS   (1L << 30)
#define BATCH	     32
#define BIG_TABLE    1024
#define REG_FILES    64

static struct io_uring ring;
static int pipe_fds[2];
static int nb_pipe_fds[2];   /* O_NONBLOCK */
static int *read_pipe;	     /* the pipe the fixed-file read uses */
static int table[BIG_TABLE]; /* what is registered: pipe ends */
static unsigned int table_size;
static unsigned long update_seq;
static char why[256]; /* what went wrong, for the failure line */

struct bench_case {
	const char *name;
	unsigned int ops_per_round;
	int (*setup)(void); /* 0, or -1 with why set */
	int (*round)(void); /* 0, or -1 with why set */
	void (*teardown)(void);
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* A system call's failure: what it returned and errno. */
static int fail(const char *what, long got)
{
	snprintf(why, sizeof(why), "%s (got %ld, errno %d %s)", what, got, errno, strerror(errno));
	return -1;
}

/* A liburing call's failure: it returns -errno (or a count) and leaves errno alone. */
static int fail_ret(const char *what, long ret)
{
	snprintf(why, sizeof(why), "%s (got %ld%s%s)", what, ret, ret < 0 ? ", " : "",
		 ret < 0 ? strerror((int)-ret) : "");
	return -1;
}

static int ring_setup(void)
{
	int ret = io_uring_queue_init(BATCH, &ring, 0);

	return ret ? fail_ret("io_uring_queue_init", ret) : 0;
}

static void ring_teardown(void)
{
	io_uring_queue_exit(&ring);
}

static int nop_round(void)
{
	struct io_uring_cqe *cqes[BATCH];
	unsigned int n;
	int ret;

	for (unsigned int i = 0; i < BATCH; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		if (!sqe)
			return fail_ret("io_uring_get_sqe", 0);
		io_uring_prep_nop(sqe);
		sqe->user_data = i;
	}
	ret = io_uring_submit_and_wait(&ring, BATCH);
	if (ret != BATCH)
		return fail_ret("io_uring_submit_and_wait(32)", ret);
	n = io_uring_peek_batch_cqe(&ring, cqes, BATCH);
	if (n != BATCH)
		return fail_ret("io_uring_peek_batch_cqe", n);
	for (unsigned int i = 0; i < n; i++)
		if (cqes[i]->res != 0)
			return fail_ret("NOP's res", cqes[i]->res);
	io_uring_cq_advance(&ring, n);
	return 0;
}

/* A ring with a table of size slots, every one fd. */
static int table_setup(unsigned int size, int fd)
{
	int ret;

	if (ring_setup())
		return -1;
	table_size = size;
	update_seq = 0;
	for (unsigned int i = 0; i < size; i++)
		table[i] = fd;
	ret = io_uring_register_files(&ring, table, size);
	if (ret) {
		ring_teardown();
		return fail_ret("io_uring_register_files", ret);
	}
	return 0;
}

static int table64_setup(void)
{
	return table_setup(REG_FILES, pipe_fds[0]);
}

static int table1024_setup(void)
{
	return table_setup(BIG_TABLE, pipe_fds[0]);
}

static void table_teardown(void)
{
	io_uring_unregister_files(&ring);
	ring_teardown();
}

/* One slot, in turn; each pass over the table swaps every slot to the other pipe end. */
static int update_round(void)
{
	unsigned int slot = update_seq % table_size;
	int fd = pipe_fds[(update_seq / table_size + 1) % 2];
	int ret;

	update_seq++;
	ret = io_uring_register_files_update(&ring, slot, &fd, 1);
	return ret == 1 ? 0 : fail_ret("io_uring_register_files_update", ret);
}

static int register_setup(void)
{
	for (unsigned int i = 0; i < REG_FILES; i++)
		table[i] = pipe_fds[i % 2];
	return ring_setup();
}

static int register_round(void)
{
	int ret = io_uring_register_files(&ring, table, REG_FILES);

	if (ret)
		return fail_ret("io_uring_register_files(64)", ret);
	ret = io_uring_unregister_files(&ring);
	return ret ? fail_ret("io_uring_unregister_files", ret) : 0;
}

static int fixed_read_setup(void)
{
	read_pipe = pipe_fds;
	return table_setup(1, read_pipe[0]);
}

static int fixed_read_nonblock_setup(void)
{
	read_pipe = nb_pipe_fds;
	return table_setup(1, read_pipe[0]);
}

static int fixed_read_round(void)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	char c = 0;
	ssize_t n = write(read_pipe[1], "x", 1);
	int ret;

	if (n != 1)
		return fail("write(pipe)", n);
	sqe = io_uring_get_sqe(&ring);
	if (!sqe)
		return fail_ret("io_uring_get_sqe", 0);
	io_uring_prep_read(sqe, 0, &c, 1, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	ret = io_uring_submit_and_wait(&ring, 1);
	if (ret != 1)
		return fail_ret("io_uring_submit_and_wait(1)", ret);
	ret = io_uring_peek_cqe(&ring, &cqe);
	if (ret)
		return fail_ret("io_uring_peek_cqe", ret);
	ret = cqe->res;
	io_uring_cqe_seen(&ring, cqe);
	if (ret != 1 || c != 'x')
		return fail_ret("fixed READ's res and byte", ret);
	return 0;
}

static int no_setup(void)
{
	return 0;
}

static void no_teardown(void)
{
}

static int pipe_round(void)
{
	char c = 0;
	ssize_t n = write(pipe_fds[1], "x", 1);

	if (n != 1)
		return fail("write(pipe)", n);
	n = read(pipe_fds[0], &c, 1);
	if (n != 1 || c != 'x')
		return fail("read(pipe)", n);
	return 0;
}

static int getppid_round(void)
{
	return getppid() > 0 ? 0 : fail("getppid", 0);
}

static const struct bench_case cases[] = {
	{ "nop_batch32", BATCH, ring_setup, nop_round, ring_teardown },
	{ "update1_table64", 1, table64_setup, update_round, table_teardown },
	{ "update1_table1024", 1, table1024_setup, update_round, table_teardown },
	{ "register64_unregister", 1, register_setup, register_round, ring_teardown },
	{ "fixed_read_pipe", 1, fixed_read_setup, fixed_read_round, table_teardown },
	{ "fixed_read_pipe_nonblock", 1, fixed_read_nonblock_setup, fixed_read_round,
	  table_teardown },
	{ "pipe_write_read", 1, no_setup, pipe_round, no_teardown },
	{ "syscall_getppid", 1, no_setup, getppid_round, no_teardown },
};

/* The current case's rounds that succeeded, and their time, for its failure line. */
static long long rounds_done, ns_done;

/* Runs rounds rounds of c; their time in ns, or -1 if one failed. */
static long long time_rounds(const struct bench_case *c, long rounds)
{
	long long t0 = now_ns(), t;

	for (long i = 0; i < rounds; i++, rounds_done++) {
		if (c->round()) {
			ns_done += now_ns() - t0;
			return -1;
		}
	}
	t = now_ns() - t0;
	ns_done += t;
	return t;
}

/* Sets c up, calibrates, times it and prints its line; 0, or -1 if it failed. */
static int run_case(const struct bench_case *c)
{
	long rounds = 1;
	long long t;

	rounds_done = ns_done = 0;
	if (c->setup()) {
		printf("bench: %s failed: %s\n", c->name, why);
		return -1;
	}
	while ((t = time_rounds(c, rounds)) >= 0 && t < CALIBRATE_NS && rounds < MAX_ROUNDS)
		rounds *= 2;
	if (t >= 0) {
		long long want = t > 0 ? (long long)rounds * TARGET_NS / t : MAX_ROUNDS;

		rounds = want < 1 ? 1 : want > MAX_ROUNDS ? MAX_ROUNDS : want;
		t = time_rounds(c, rounds);
	}
	c->teardown();
	if (t < 0) {
		printf("bench: %s failed after %lld rounds (%lld ns each): %s\n", c->name,
		       rounds_done, rounds_done ? ns_done / rounds_done : 0, why);
		return -1;
	}
	printf("bench: %s ns_per_op=%lld iters=%lld\n", c->name,
	       (t + rounds * c->ops_per_round / 2) / (rounds * c->ops_per_round),
	       (long long)rounds * c->ops_per_round);
	fflush(stdout);
	return 0;
}

int main(void)
{
	int failed = 0;

	if (pipe(pipe_fds) || pipe2(nb_pipe_fds, O_NONBLOCK)) {
		printf("bench: pipe failed: %s\n", strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		failed |= run_case(&cases[i]);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	close(nb_pipe_fds[0]);
	close(nb_pipe_fds[1]);
	return failed ? 1 : 0;
}
