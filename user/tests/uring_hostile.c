/*
 * Ring memory is the application's, and a hostile one may rewrite it
 * while the kernel reads it.  First, deterministically, what Linux 6.1
 * does with indexes out of range (each is consumed, counted in sq.dropped
 * and ends its batch, io_uring_enter returning 0), with two slots naming
 * one SQE (it runs twice), and with the tail written behind the head (the
 * kernel takes at most sq_entries, as many as asked).  Then a forked child
 * sharing the mappings rewrites SQE contents, SQ index slots and the SQ
 * tail at random for a second or so while the parent keeps calling
 * io_uring_enter and reaping.  The SQEs the child writes are ones no
 * kernel may be hurt by (NOP, READ/WRITE/READV/WRITEV/FSYNC of /dev/null
 * by descriptor and by fixed slot, short TIMEOUTs, an unknown opcode;
 * random SQE flags, addresses that are valid, NULL, 8 or in the kernel),
 * so every outcome is a CQE with a result in a small set.  The kernel must
 * survive, every enter must return, every CQE must be sane, no request
 * may complete twice (CQEs <= consumed - dropped), nothing may be lost to
 * cq.overflow, and a second ring, not shared, must keep answering
 * meanwhile.  Not every request need complete: Linux 6.1 itself leaves
 * some of these drain and link mixes waiting, and the ring's close must
 * then cancel them (on ringlet, init's leak check after this test is the
 * proof).  Finally a new ring still runs a NOP.
 */
#include "uring_test.h"	/* first: liburing.h asks for _GNU_SOURCE */
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define ENTRIES 32

static struct io_uring ring;
static unsigned mask = ENTRIES - 1;

/* Deterministic part: the parent writes the hostile values itself. */
static void publish(unsigned tail)
{
	io_uring_smp_store_release(ring.sq.ktail, tail);
}

static void fill_nops(unsigned long long ud)
{
	for (unsigned i = 0; i < ENTRIES; i++) {
		memset(&ring.sq.sqes[i], 0, sizeof(ring.sq.sqes[i]));
		ring.sq.sqes[i].opcode = IORING_OP_NOP;
		ring.sq.sqes[i].user_data = ud;
		ring.sq.array[i] = i;
	}
}

/* Reaps everything the CQ ring holds now; returns how many. */
static unsigned drain_cq(struct u_cqe *out, unsigned max)
{
	unsigned head = *ring.cq.khead, tail = io_uring_smp_load_acquire(ring.cq.ktail), n = 0;

	for (; head != tail; head++, n++)
		if (n < max) {
			struct io_uring_cqe *c = &ring.cq.cqes[head & *ring.cq.kring_mask];

			out[n].ud = c->user_data;
			out[n].res = c->res;
			out[n].flags = c->flags;
		}
	io_uring_smp_store_release(ring.cq.khead, head);
	return n;
}

static void deterministic(void)
{
	unsigned head = *ring.sq.khead, dropped = *ring.sq.kdropped, calls = 0;
	struct u_cqe out[8];
	int ret, zero = 1;

	fill_nops(5);
	for (unsigned i = 0; i < 4; i++)
		ring.sq.array[(head + i) & mask] = ENTRIES + i * 1000;
	publish(head + 4);
	while (*ring.sq.khead != head + 4 && calls < 10) {
		ret = io_uring_enter(ring.ring_fd, 4, 0, 0, NULL);
		zero &= ret == 0;
		calls++;
	}
	printf("4 indexes out of range: %u enters, each 0: %d, dropped %u, CQEs %u\n", calls, zero,
	       *ring.sq.kdropped - dropped, drain_cq(out, 8));
	CHECK_EQ(calls, 4);
	CHECK_EQ(zero, 1);
	CHECK_EQ(*ring.sq.kdropped - dropped, 4);

	head += 4;
	fill_nops(5);
	ring.sq.array[head & mask] = 9;
	ring.sq.array[(head + 1) & mask] = 9;
	ring.sq.sqes[9].user_data = 99;
	publish(head + 2);
	ret = io_uring_enter(ring.ring_fd, 2, 2, IORING_ENTER_GETEVENTS, NULL);
	CHECK_EQ(ret, 2);
	CHECK_EQ(drain_cq(out, 8), 2);
	printf("two slots, one SQE: enter %s, CQEs ud %llu and %llu\n", u_res(ret), out[0].ud,
	       out[1].ud);
	CHECK_EQ(out[0].ud, 99);
	CHECK_EQ(out[1].ud, 99);

	head += 2;
	fill_nops(6);
	publish(head - 1);	/* behind the head: the kernel sees 2^32 - 1 entries */
	ret = io_uring_enter(ring.ring_fd, 3, 3, IORING_ENTER_GETEVENTS, NULL);
	printf("tail behind head, to_submit 3: %s, head moved %u, CQEs %u\n", u_res(ret),
	       *ring.sq.khead - head, drain_cq(out, 8));
	CHECK_EQ(ret, 3);
	CHECK_EQ(*ring.sq.khead - head, 3);
	publish(*ring.sq.khead);
	CHECK_EQ(*ring.cq.koverflow, 0);
}

/* Shared with the child: what its SQEs may point at. */
struct arena {
	volatile int stop, started;
	volatile unsigned long writes;
	int null_fd;
	struct __kernel_timespec ts_short, ts_zero;
	struct iovec iov[8];
	char buf[4096];
};

static unsigned long long rnd(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void hostile_sqe(struct io_uring_sqe *sqe, struct arena *a, unsigned long long *s)
{
	static const unsigned char ops[] = { IORING_OP_NOP,	IORING_OP_READ,
					     IORING_OP_WRITE,	IORING_OP_READV,
					     IORING_OP_WRITEV,	IORING_OP_FSYNC,
					     IORING_OP_TIMEOUT, 250 };
	const unsigned long addrs[] = { (unsigned long)a->buf,
					(unsigned long)&a->ts_short,
					(unsigned long)&a->ts_zero,
					(unsigned long)a->iov,
					0,
					8,
					0xffff888000000000ul };
	unsigned long long r = rnd(s);
	unsigned char op = ops[r % sizeof(ops)];
	unsigned char flags = (unsigned char)((r >> 8) & (r >> 16) & 0x1f);	/* sparse bits */

	if ((r >> 24) % 32 == 0)
		flags |= 1u << 7;
	sqe->opcode = op;
	sqe->flags = flags;
	sqe->ioprio = (r >> 29) % 32 == 0 ? 1 : 0;
	/*
	 * The same numbers serve as descriptors and as fixed slots (every slot
	 * holds /dev/null), so a torn SQE that pairs one SQE's flags with
	 * another's fd still names /dev/null or nothing.
	 */
	sqe->fd = (r >> 34) % 4 ? a->null_fd : (r >> 34) % 8 == 0 ? -1 : 1000;
	sqe->off = (r >> 37) % 4;
	sqe->addr = addrs[(r >> 40) % (sizeof(addrs) / sizeof(addrs[0]))];
	if (op == IORING_OP_READV || op == IORING_OP_WRITEV)
		sqe->len = (r >> 44) % 8 ? (unsigned)((r >> 44) % 9) : 1025;
	else if (op == IORING_OP_TIMEOUT)
		sqe->len = (r >> 44) % 8 ? 1 : 2;
	else
		sqe->len = (unsigned)((r >> 44) % 4097);
	sqe->rw_flags = (r >> 57) % 16 == 0 ?
				(op == IORING_OP_TIMEOUT ? IORING_TIMEOUT_ABS : 1u << 30) :
				0;
	sqe->user_data = rnd(s);
}

/* The child: rewrites SQEs, index slots and the tail until told to stop. */
static int hostile_child(struct arena *a)
{
	unsigned long long s = 0x9e3779b97f4a7c15ull;
	long long end = u_now_ns() + 20LL * 1000 * 1000 * 1000;	/* if the parent dies */

	a->started = 1;
	while (!a->stop && u_now_ns() < end) {
		unsigned long long r = rnd(&s);

		a->writes++;
		switch (r % 10) {
		case 0 ... 3:
			hostile_sqe(&ring.sq.sqes[(r >> 8) % ENTRIES], a, &s);
			break;
		case 4 ... 6:
			ring.sq.array[(r >> 8) % ENTRIES] = (unsigned)((r >> 16) % (ENTRIES + 8));
			break;
		case 7 ... 8:
			io_uring_smp_store_release(ring.sq.ktail,
						   *ring.sq.khead +
							   (unsigned)((r >> 8) % (2 * ENTRIES)));
			break;
		default:
			if ((r >> 8) % 64 == 0)
				io_uring_smp_store_release(ring.sq.ktail, (unsigned)(r >> 16));
			break;
		}
	}
	return 0;
}

static int sane(int res)
{
	static int told;
	static const int ok[] = { EINVAL, EBADF,  EFAULT, ECANCELED, ETIME,
				  EOPNOTSUPP, EAGAIN, EINTR,  ENXIO };

	/*
	 * A count no larger than one transfer may be (MAX_RW_COUNT): a vector
	 * read from anywhere in the arena can name lengths up to that (a
	 * timespec read as an iovec says 1000000 bytes from NULL), and
	 * /dev/null takes any length whole.
	 */
	if (res >= 0 && res <= 0x7ffff000)
		return 1;
	for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (res == -ok[i])
			return 1;
	if (told++ < 5)
		fprintf(stderr, "insane CQE res %d\n", res);
	return 0;
}

static void under_attack(void)
{
	struct arena *a = mmap(NULL, sizeof(struct arena), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned head0 = *ring.sq.khead, dropped0 = *ring.sq.kdropped, insane = 0, bad_enter = 0;
	unsigned long long cqes = 0, s = 12345;
	struct u_cqe out[2 * ENTRIES * 2];
	struct io_uring other;
	int table[16], other_ok = 0, other_rounds = 0;
	pid_t pid;

	CHECK(a != MAP_FAILED);
	memset(a, 0, sizeof(*a));
	a->null_fd = open("/dev/null", O_RDWR);
	a->ts_short.tv_nsec = 1000 * 1000;
	for (int i = 0; i < 8; i++)
		a->iov[i].iov_len = 64;		/* NULL bases: as a timespec, 64 ns */
	CHECK(a->null_fd < 16);
	for (int i = 0; i < 16; i++)
		table[i] = a->null_fd;
	CHECK_EQ(io_uring_register_files(&ring, table, 16), 0);
	u_init_or_skip(4, &other, 0);

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(hostile_child(a));
	while (!a->started)
		sched_yield();
	/* 600 ms and 3000 rounds at least, and the child must have written meanwhile. */
	long long stop_at = u_now_ns() + 600LL * 1000 * 1000, give_up = stop_at + 10LL * 1000000000;

	for (int it = 0;
	     (it < 3000 || u_now_ns() < stop_at || a->writes < 100000) && u_now_ns() < give_up;
	     it++) {
		int ret = io_uring_enter(ring.ring_fd, 1 + (unsigned)(rnd(&s) % 8), 0,
					 it % 16 ? 0 : IORING_ENTER_GETEVENTS, NULL);
		unsigned n;

		bad_enter += ret < 0;
		n = drain_cq(out, sizeof(out) / sizeof(out[0]));
		for (unsigned i = 0; i < n && i < sizeof(out) / sizeof(out[0]); i++)
			insane += !sane(out[i].res);
		cqes += n;
		if (it % 100 == 0) {
			struct u_cqe c;

			io_uring_prep_nop(io_uring_get_sqe(&other));
			other_ok += io_uring_submit(&other) == 1 && u_reap(&other, &c, 1) == 1 &&
				    c.res == 0;
			other_rounds++;
		}
	}
	a->stop = 1;
	CHECK_EQ(waitpid(pid, NULL, 0), pid);
	/*
	 * Quiet now: nothing more to submit.  Reap until no CQE has come for
	 * 300 ms.  Not every request need have completed: hostile drain and
	 * link mixes can leave some waiting for good (Linux 6.1 too), and the
	 * ring's teardown cancels them.  None may complete twice, though.
	 */
	publish(*ring.sq.khead);
	unsigned consumed = *ring.sq.khead - head0, dropped = *ring.sq.kdropped - dropped0;
	long long quiet_since = u_now_ns(), deadline = quiet_since + 5LL * 1000000000;

	while (u_now_ns() - quiet_since < 300LL * 1000000 && u_now_ns() < deadline) {
		unsigned n;

		io_uring_enter(ring.ring_fd, 0, 0, IORING_ENTER_GETEVENTS, NULL);
		n = drain_cq(out, sizeof(out) / sizeof(out[0]));
		for (unsigned i = 0; i < n && i < sizeof(out) / sizeof(out[0]); i++)
			insane += !sane(out[i].res);
		cqes += n;
		if (n)
			quiet_since = u_now_ns();
		else
			usleep(2000);
	}
	printf("under attack: enters failed %u, insane CQEs %u, CQEs <= consumed - dropped: %d, "
	       "some dropped: %d, lost %u\n",
	       bad_enter, insane, cqes <= (unsigned long long)(consumed - dropped), dropped > 0,
	       *ring.cq.koverflow);
	if (cqes > (unsigned long long)(consumed - dropped))
		fprintf(stderr, "CQEs %llu, consumed %u, dropped %u\n", cqes, consumed, dropped);
	CHECK_EQ(bad_enter, 0);
	CHECK_EQ(insane, 0);
	CHECK(cqes <= (unsigned long long)(consumed - dropped));
	CHECK(dropped > 0);
	CHECK_EQ(*ring.cq.koverflow, 0);
	printf("the other ring answered every round: %d\n", other_ok == other_rounds);
	CHECK_EQ(other_ok, other_rounds);
	io_uring_queue_exit(&other);

	/* Closing the shared ring, whatever it still holds, does not hang; a new ring works. */
	struct u_cqe c;
	struct io_uring fresh;
	long long t0 = u_now_ns();

	io_uring_queue_exit(&ring);
	printf("timing: closing the attacked ring took %lld us\n", (u_now_ns() - t0) / 1000);
	u_init_or_skip(4, &fresh, 0);
	io_uring_prep_nop(io_uring_get_sqe(&fresh));
	CHECK_EQ(io_uring_submit(&fresh), 1);
	CHECK_EQ(u_reap(&fresh, &c, 1), 1);
	printf("afterwards a new ring's NOP: %s\n", u_res(c.res));
	CHECK_EQ(c.res, 0);
	io_uring_queue_exit(&fresh);
	close(a->null_fd);
	munmap(a, sizeof(*a));
}

int main(void)
{
	u_start();
	u_init_or_skip(ENTRIES, &ring, 0);
	deterministic();
	under_attack();	/* closes the ring */
	return t_exit();
}
