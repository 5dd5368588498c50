/*
 * fork shares a ring, as in Linux: the child inherits the ring fd and
 * the MAP_SHARED ring mappings.  A child submits and the parent reaps
 * (and then submits itself, its liburing SQ state brought up to the
 * shared tail); the parent closes and unmaps its ring and the child goes
 * on using it; a read the parent submitted on an empty pipe is completed
 * by a child's write.  Then four children at once, which ringlet places
 * on different CPUs, hammer one ring through a lock in shared memory
 * while the parent reaps: every CQE arrives exactly once.
 */
#include "uring_test.h"	/* first: liburing.h asks for _GNU_SOURCE, for cpu_set_t */
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 4
#define PER_WORKER 150

static struct io_uring ring;

/* liburing's private SQ counters, after another process moved the shared tail. */
static void sq_resync(struct io_uring *r)
{
	r->sq.sqe_head = r->sq.sqe_tail = IO_URING_READ_ONCE(*r->sq.ktail);
}

static int wait_child(pid_t pid)
{
	int status = -1;

	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return status;
}

static void child_submits_parent_reaps(void)
{
	struct u_cqe c[2];
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_nop(sqe);
		sqe->user_data = 42;
		_exit(io_uring_submit(&ring) == 1 ? 0 : 1);
	}
	CHECK_EQ(wait_child(pid), 0);
	CHECK_EQ(u_reap_print(&ring, c, 1, "child's NOP, reaped by the parent"), 1);
	CHECK_EQ(c[0].ud, 42);
	CHECK_EQ(c[0].res, 0);
	sq_resync(&ring);
	io_uring_prep_nop(u_sqe(&ring));
	ring.sq.sqes[(ring.sq.sqe_tail - 1) & *ring.sq.kring_mask].user_data = 43;
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap_print(&ring, c, 1, "then the parent's own"), 1);
	CHECK_EQ(c[0].ud, 43);
}

static void parent_lets_go(void)
{
	struct io_uring mine;
	pid_t pid;
	int go[2];

	u_init_or_skip(4, &mine, 0);
	CHECK_OK(pipe(go));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct u_cqe c;
		char x;

		close(go[1]);
		if (read(go[0], &x, 1) != 0)	/* end of file: the parent has let go */
			_exit(2);
		io_uring_prep_nop(io_uring_get_sqe(&mine));
		if (io_uring_submit(&mine) != 1 || u_reap(&mine, &c, 1) != 1 || c.res != 0)
			_exit(1);
		io_uring_queue_exit(&mine);
		_exit(0);
	}
	close(go[0]);
	io_uring_queue_exit(&mine);	/* unmap and close, then let the child go on */
	close(go[1]);
	int status = wait_child(pid);

	printf("child uses the ring the parent closed: status %d\n", status);
	CHECK_EQ(status, 0);
}

static void child_completes_parents_read(void)
{
	struct io_uring_sqe *sqe;
	struct u_cqe c;
	char buf[8] = { 0 };
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	sqe = u_sqe(&ring);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	sqe->user_data = 7;
	CHECK_EQ(io_uring_submit(&ring), 1);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(write(p[1], "fork", 4) == 4 ? 0 : 1);
	CHECK_EQ(wait_child(pid), 0);
	CHECK_EQ(u_reap_print(&ring, &c, 1, "parent's read, child's write"), 1);
	CHECK_EQ(c.res, 4);
	CHECK_EQ(memcmp(buf, "fork", 4), 0);
	close(p[0]);
	close(p[1]);
}

static void lock(int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void unlock(int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

/* A worker: PER_WORKER NOPs in batches of 1 to 4, each batch under the lock. */
static int hammer(int w, int *l)
{
	int sent = 0;

	while (sent < PER_WORKER) {
		int n = 1 + (sent + w) % 4, ret;

		if (n > PER_WORKER - sent)
			n = PER_WORKER - sent;
		lock(l);
		sq_resync(&ring);
		for (int i = 0; i < n; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

			io_uring_prep_nop(sqe);
			sqe->user_data = (unsigned long long)w * 1000 + sent + i;
		}
		ret = io_uring_submit(&ring);
		unlock(l);
		if (ret != n)
			return 1;
		sent += n;
	}
	return 0;
}

static void many_submitters(void)
{
	int *l = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	static struct u_cqe out[WORKERS * PER_WORKER];
	static unsigned char seen[WORKERS][PER_WORKER];
	pid_t pids[WORKERS];
	unsigned bad = 0, got;
	int clean = 0;

	CHECK(l != MAP_FAILED);
	*l = 0;
	fflush(stdout);
	for (int w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0)
			_exit(hammer(w, l));
	}
	got = u_reap(&ring, out, WORKERS * PER_WORKER);
	for (int w = 0; w < WORKERS; w++)
		clean += wait_child(pids[w]) == 0;
	for (unsigned i = 0; i < got; i++) {
		unsigned w = (unsigned)(out[i].ud / 1000), k = (unsigned)(out[i].ud % 1000);

		if (w >= WORKERS || k >= PER_WORKER || seen[w][k]++ || out[i].res != 0)
			bad++;
	}
	printf("%d processes on one ring: %u CQEs, %u bad, %d clean exits, lost %u\n", WORKERS, got,
	       bad, clean, *ring.cq.koverflow);
	CHECK_EQ(got, WORKERS * PER_WORKER);
	CHECK_EQ(bad, 0);
	CHECK_EQ(clean, WORKERS);
	CHECK_EQ(*ring.cq.koverflow, 0);
	sq_resync(&ring);
	munmap(l, 4096);
}

int main(void)
{
	u_start();
	u_init_or_skip(16, &ring, 0);
	child_submits_parent_reaps();
	parent_lets_go();
	child_completes_parents_read();
	many_submitters();
	io_uring_queue_exit(&ring);
	return t_exit();
}
