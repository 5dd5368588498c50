/*
 * seed_workload: what the seed measured (Linux cbb537634780: fixed-file
 * updates without quiescing the ring, liburing's test/file-register from
 * 14 s to 0.7 s), as one static binary (musl, Debian's unmodified
 * liburing.a) that runs as is on Linux and on ringlet.
 *
 *	seed_workload [ROUNDS [UPDATES [PROCS]]]	(defaults 8, 128, 2)
 *
 * The defaults take about 5 s on ringlet under QEMU's TCG at -smp 2, nearly
 * all of it the quiesce mode's 1024 updates (a grace period each, as the
 * seed's 14 s were); Linux 6.1 runs it in about 1 s.
 *
 * One ring per mode.  PROCS forked children share it and keep fixed-file
 * READs of /dev/zero going on its table, READS_EACH in flight each, until
 * told to stop.  Each of ROUNDS rounds the parent registers a table of
 * TABLE slots (/dev/zero, two open files of it taking turns), waits until
 * every child has completed a read, updates UPDATES slots one at a time
 * with io_uring_register_files_update and UPDATES more with
 * IORING_OP_FILES_UPDATE (each swapping the slot to the other file), then
 * unregisters with the reads still going.  It prints
 *
 *	bench: seed_update_MODE ns_per_update=N updates=N inflight=N reads=N
 *	bench: seed_opupdate_MODE ns_per_update=N updates=N inflight=N reads=N
 *	bench: seed_unregister_MODE ns_per_op=N iters=N
 *
 * inflight is the most reads in flight (PROCS * READS_EACH), reads how many
 * the children completed while that case's updates ran.  MODE is "default"
 * (the kernel's own design) where the kernel lacks ringlet's private
 * IORING_REGISTER_RINGLET_UPDATE_MODE ('ring', Linux answers -EINVAL as
 * for any unknown opcode: a line says so); on ringlet it is "generations"
 * (nr_args 0, a percpu_ref per table generation, the seed's design made
 * right) and then "quiesce" (nr_args 1, Linux 5.5's: the ring is stopped
 * around every register call).  A quiesce ring refuses
 * IORING_OP_FILES_UPDATE (-EOPNOTSUPP, checked) as Linux 5.5 had no such
 * opcode, so it has no seed_opupdate line.
 *
 * The children share the ring's SQ and CQ under a spinlock in shared
 * memory; whoever holds it reaps every CQE there is and checks it: a read
 * returns all of its bytes, zeros over a buffer filled with 0xa5, or
 * -EBADF only if its submission overlapped a time without a table (an
 * epoch count, odd while unregistered); an update returns 1.  Any other
 * result is a failure: "bench: CASE failed: WHAT" and exit 1.  liburing
 * keeps its SQ tail per process, so the lock holder first takes the
 * shared tail as its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RINGLET_UPDATE_MODE 0x72696e67u /* IORING_REGISTER_RINGLET_UPDATE_MODE */
#define TABLE		    1024	/* the seed's table */
#define MAX_PROCS	    16
#define READS_EACH	    4
#define READ_LEN	    64
#define UD_READ		    (1ull << 40)
#define UD_UPDATE	    (2ull << 40)

struct read_slot {
	int busy;		/* submitted, not yet reaped */
	unsigned int e1, e2;	/* the epoch before and after its submission */
	unsigned char buf[READ_LEN];
};

/* Shared by the parent and its children (MAP_SHARED | MAP_ANONYMOUS). */
struct shared {
	int lock;
	int stop;
	unsigned int epoch;		/* odd while no table is registered */
	long reads;			/* reads completed with all their bytes */
	long reads_ebadf;		/* reads that met no table */
	long updates_done;		/* IORING_OP_FILES_UPDATEs reaped */
	int failed;
	char why[200];
	struct read_slot slots[MAX_PROCS][READS_EACH];
};

static struct io_uring ring;
static struct shared *sh;
static int procs = 2;
static int zero_fd[2];
static int table[TABLE];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void lock(void)
{
	while (__atomic_exchange_n(&sh->lock, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void unlock(void)
{
	__atomic_store_n(&sh->lock, 0, __ATOMIC_RELEASE);
}

/* The first failure wins; lock held. */
static void fail_locked(const char *what, long got)
{
	if (!sh->failed) {
		sh->failed = 1;
		snprintf(sh->why, sizeof(sh->why), "%s (got %ld%s%s)", what, got,
			 got < 0 ? ", " : "", got < 0 ? strerror((int)-got) : "");
	}
}

static void fail(const char *what, long got)
{
	lock();
	fail_locked(what, got);
	unlock();
}

static void check_read(struct read_slot *s, int res)
{
	if (res == READ_LEN) {
		for (int i = 0; i < READ_LEN; i++)
			if (s->buf[i]) {
				fail_locked("a fixed READ of /dev/zero: a byte", s->buf[i]);
				break;
			}
		sh->reads++;
	} else if (res == -EBADF && ((s->e1 & 1) || s->e1 != s->e2)) {
		sh->reads_ebadf++;
	} else {
		fail_locked("a fixed READ of /dev/zero", res);
	}
	s->busy = 0;
}

/* Reaps and checks every CQE there is; lock held. */
static void reap_locked(void)
{
	struct io_uring_cqe *cqe;

	while (!io_uring_peek_cqe(&ring, &cqe)) {
		unsigned long long ud = cqe->user_data;

		if ((ud & ~0xffffull) == UD_READ && (ud & 0xff) < READS_EACH &&
		    (ud >> 8 & 0xff) < MAX_PROCS)
			check_read(&sh->slots[ud >> 8 & 0xff][ud & 0xff], cqe->res);
		else if (ud == UD_UPDATE && cqe->res == 1)
			sh->updates_done++;
		else
			fail_locked(ud == UD_UPDATE ? "IORING_OP_FILES_UPDATE" : "an unknown CQE",
				    cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}
}

/* liburing's SQ tail is private to each process: take the shared one; lock held. */
static void sync_sq_locked(void)
{
	ring.sq.sqe_head = ring.sq.sqe_tail = IO_URING_READ_ONCE(*ring.sq.ktail);
}

static int failed(void)
{
	return __atomic_load_n(&sh->failed, __ATOMIC_ACQUIRE);
}

/* A child: keeps READS_EACH fixed-file reads of random slots going until stopped. */
static int child(int me)
{
	unsigned int seed = 12345u + 77u * (unsigned int)me;

	for (;;) {
		int stop, queued = 0, busy = 0, ret, fresh[READS_EACH] = { 0 };

		lock();
		reap_locked();
		stop = sh->stop || sh->failed;
		sync_sq_locked();
		for (int k = 0; k < READS_EACH; k++) {
			struct read_slot *s = &sh->slots[me][k];
			struct io_uring_sqe *sqe;

			busy += s->busy;
			if (s->busy || stop)
				continue;
			sqe = io_uring_get_sqe(&ring);
			if (!sqe)
				break;
			seed = seed * 1103515245u + 12345u;
			memset(s->buf, 0xa5, READ_LEN);
			io_uring_prep_read(sqe, (int)(seed >> 8) % TABLE, s->buf, READ_LEN, 0);
			sqe->flags |= IOSQE_FIXED_FILE;
			sqe->user_data = UD_READ | (unsigned int)me << 8 | (unsigned int)k;
			s->busy = 1;
			s->e1 = __atomic_load_n(&sh->epoch, __ATOMIC_SEQ_CST);
			fresh[k] = 1;
			queued++;
		}
		if (queued) {
			ret = io_uring_submit(&ring);
			if (ret != queued)
				fail_locked("io_uring_submit of the reads", ret);
			unsigned int e2 = __atomic_load_n(&sh->epoch, __ATOMIC_SEQ_CST);

			for (int k = 0; k < READS_EACH; k++)
				if (fresh[k])
					sh->slots[me][k].e2 = e2;
		}
		unlock();
		/* After a failure reads may never complete: the parent reports it. */
		if ((stop && !busy) || failed())
			return 0;
		sched_yield();
	}
}

static long reads_now(void)
{
	return __atomic_load_n(&sh->reads, __ATOMIC_RELAXED);
}

/* The fd slot slot takes at update seq: the other /dev/zero file each pass. */
static int *next_fd(unsigned long seq)
{
	return &zero_fd[(seq / TABLE + 1) % 2];
}

/* One IORING_OP_FILES_UPDATE, waited for by whoever reaps it. */
static int op_update(unsigned int slot, int *fd)
{
	long want;
	int ret;

	lock();
	want = sh->updates_done + 1;
	sync_sq_locked();
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe) {
		fail_locked("io_uring_get_sqe for IORING_OP_FILES_UPDATE", 0);
		unlock();
		return -1;
	}
	io_uring_prep_files_update(sqe, fd, 1, slot);
	sqe->user_data = UD_UPDATE;
	ret = io_uring_submit(&ring);
	if (ret != 1)
		fail_locked("io_uring_submit of IORING_OP_FILES_UPDATE", ret);
	for (;;) {
		reap_locked();
		if (sh->updates_done >= want || sh->failed)
			break;
		unlock();
		sched_yield();
		lock();
	}
	unlock();
	return failed() ? -1 : 0;
}

struct mode_result {
	long long update_ns[2], unregister_ns;
	long updates[2], reads[2];
	int rounds;
};

/* Registers the table and waits until every child has read from it. */
static int register_table(void)
{
	for (int i = 0; i < TABLE; i++)
		table[i] = zero_fd[0];
	int ret = io_uring_register_files(&ring, table, TABLE);

	if (ret) {
		fail("io_uring_register_files(1024)", ret);
		return -1;
	}
	__atomic_add_fetch(&sh->epoch, 1, __ATOMIC_SEQ_CST);
	for (long want = reads_now() + procs; reads_now() < want && !failed();)
		sched_yield();
	return failed() ? -1 : 0;
}

/* One round: register, UPDATES by each path (the op path unless quiesce), unregister. */
static int round_once(int updates, int op_path, struct mode_result *r)
{
	unsigned long seq = 0;
	long long t;
	long r0;
	int ret;

	if (register_table())
		return -1;
	for (int path = 0; path < 1 + op_path; path++) {
		r0 = reads_now();
		t = now_ns();
		for (int i = 0; i < updates && !failed(); i++, seq++) {
			unsigned int slot = (unsigned int)(seq * 37 % TABLE);

			if (path == 0) {
				ret = io_uring_register_files_update(&ring, slot, next_fd(seq), 1);
				if (ret != 1) {
					fail("io_uring_register_files_update", ret);
					return -1;
				}
			} else if (op_update(slot, next_fd(seq))) {
				return -1;
			}
		}
		r->update_ns[path] += now_ns() - t;
		r->updates[path] += updates;
		r->reads[path] += reads_now() - r0;
	}
	__atomic_add_fetch(&sh->epoch, 1, __ATOMIC_SEQ_CST);
	t = now_ns();
	ret = io_uring_unregister_files(&ring);
	r->unregister_ns += now_ns() - t;
	if (ret) {
		fail("io_uring_unregister_files", ret);
		return -1;
	}
	r->rounds++;
	return failed() ? -1 : 0;
}

/* A quiesce ring refuses IORING_OP_FILES_UPDATE; checked with a table there. */
static int quiesce_refuses_op_update(void)
{
	struct io_uring_cqe *cqe;
	int ret;

	if (io_uring_register_files(&ring, zero_fd, 1))
		return -1;
	io_uring_prep_files_update(io_uring_get_sqe(&ring), zero_fd, 1, 0);
	ret = io_uring_submit_and_wait(&ring, 1);
	if (ret != 1 || io_uring_peek_cqe(&ring, &cqe))
		return -1;
	ret = cqe->res;
	io_uring_cqe_seen(&ring, cqe);
	if (io_uring_unregister_files(&ring) || ret != -EOPNOTSUPP)
		return -1;
	return 0;
}

static void print_result(const char *mode, const struct mode_result *r, int op_path)
{
	static const char *const path_name[2] = { "update", "opupdate" };

	for (int p = 0; p < 1 + op_path; p++)
		printf("bench: seed_%s_%s ns_per_update=%lld updates=%ld inflight=%d reads=%ld\n",
		       path_name[p], mode, (r->update_ns[p] + r->updates[p] / 2) / r->updates[p],
		       r->updates[p], procs * READS_EACH, r->reads[p]);
	printf("bench: seed_unregister_%s ns_per_op=%lld iters=%d\n", mode,
	       (r->unregister_ns + r->rounds / 2) / r->rounds, r->rounds);
	fflush(stdout);
}

/*
 * One mode on a fresh ring: mode_arg -1 keeps the kernel's default, else
 * asks ringlet for that design.  0 when it ran and printed, -1 if it failed.
 */
static int run_mode(const char *mode, int mode_arg, int rounds, int updates)
{
	struct mode_result r = { 0 };
	pid_t pids[MAX_PROCS];
	int ret, status, bad = 0, quiesce = mode_arg == 1;

	ret = io_uring_queue_init(64, &ring, 0);
	if (ret) {
		printf("bench: seed_update_%s failed: io_uring_queue_init (got %d)\n", mode, ret);
		return -1;
	}
	if (mode_arg >= 0) {
		ret = io_uring_register(ring.ring_fd, RINGLET_UPDATE_MODE, NULL,
					(unsigned int)mode_arg);
		if (ret) {
			printf("bench: seed_update_%s failed: set the update mode (got %d)\n", mode,
			       ret);
			io_uring_queue_exit(&ring);
			return -1;
		}
	}
	memset(sh, 0, sizeof(*sh));
	if (quiesce && quiesce_refuses_op_update()) {
		printf("bench: seed_opupdate_%s failed: want -EOPNOTSUPP on a quiesce ring\n",
		       mode);
		io_uring_queue_exit(&ring);
		return -1;
	}
	sh->epoch = 1;	/* no table yet */
	fflush(stdout);
	for (int i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(child(i));
		if (pids[i] < 0) {
			fail("fork", -errno);
			procs = i;
			break;
		}
	}
	for (int i = 0; i < rounds && !failed(); i++)
		round_once(updates, !quiesce, &r);
	__atomic_store_n(&sh->stop, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < procs; i++)
		if (waitpid(pids[i], &status, 0) != pids[i] || status != 0)
			bad++;
	if (bad)
		fail("children's exit status", bad);
	lock();
	reap_locked();
	unlock();
	io_uring_queue_exit(&ring);
	if (failed()) {
		printf("bench: seed_update_%s failed: %s\n", mode, sh->why);
		return -1;
	}
	print_result(mode, &r, !quiesce);
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 8;
	int updates = argc > 2 ? atoi(argv[2]) : 128;
	int failures = 0, ret;
	struct io_uring probe;

	if (argc > 3)
		procs = atoi(argv[3]);
	if (rounds < 1 || updates < 1 || procs < 1 || procs > MAX_PROCS) {
		fprintf(stderr, "usage: seed_workload [ROUNDS [UPDATES [PROCS (1-%d)]]]\n",
			MAX_PROCS);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	zero_fd[0] = open("/dev/zero", O_RDONLY);
	zero_fd[1] = open("/dev/zero", O_RDONLY);
	if (sh == MAP_FAILED || zero_fd[0] < 0 || zero_fd[1] < 0) {
		printf("bench: seed_update failed: mmap or open /dev/zero: %s\n", strerror(errno));
		return 1;
	}
	/* Does the kernel have ringlet's two designs?  Asked on a fresh ring. */
	ret = io_uring_queue_init(8, &probe, 0);
	if (ret) {
		printf("bench: seed_update failed: io_uring_queue_init (got %d)\n", ret);
		return 1;
	}
	ret = io_uring_register(probe.ring_fd, RINGLET_UPDATE_MODE, NULL, 0);
	io_uring_queue_exit(&probe);
	if (ret == -EINVAL) {
		printf("seed: IORING_REGISTER_RINGLET_UPDATE_MODE: -EINVAL, the kernel's own "
		       "design only\n");
		failures |= run_mode("default", -1, rounds, updates);
	} else if (ret == 0) {
		failures |= run_mode("generations", 0, rounds, updates);
		failures |= run_mode("quiesce", 1, rounds, updates);
	} else {
		printf("bench: seed_update failed: IORING_REGISTER_RINGLET_UPDATE_MODE (got %d)\n",
		       ret);
		return 1;
	}
	return failures ? 1 : 0;
}
