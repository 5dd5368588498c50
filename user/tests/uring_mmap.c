/*
 * Mapping a ring by hand, as liburing does it inside io_uring_queue_init:
 * the three offsets (IORING_OFF_SQ_RING, IORING_OFF_CQ_RING and
 * IORING_OFF_SQES) with MAP_SHARED, and MAP_POPULATE accepted; both ring
 * offsets map the same memory (IORING_FEAT_SINGLE_MMAP); a NOP submitted
 * and reaped through these mappings alone; an unknown offset refused and a
 * length far beyond the ring's memory accepted, as the reference Linux 6.1
 * (Debian's 6.1.0-57, with its stable io_uring backports) answers: -ENOMEM
 * for the offset, a mapping for the length (only the ring's own pages are
 * behind it; nothing here touches the rest); munmap and close in
 * either order, with the ring's memory still readable and writable
 * through a mapping after its descriptor is closed (the ring lives while
 * a mapping does); and the answer to PROT_EXEC, printed.
 */
#include <stdint.h>
#include <sys/mman.h>
#include "uring_test.h"

struct maps {
	int fd;
	struct io_uring_params p;
	size_t sq_len, cq_len, sqe_len;
	unsigned char *sq, *cq;
	struct io_uring_sqe *sqes;
};

static int map_ring(struct maps *m, unsigned entries, int extra_flags)
{
	memset(m, 0, sizeof(*m));
	m->fd = io_uring_setup(entries, &m->p);
	if (m->fd < 0)
		return m->fd;
	m->sq_len = m->p.sq_off.array + m->p.sq_entries * sizeof(unsigned);
	m->cq_len = m->p.cq_off.cqes + m->p.cq_entries * sizeof(struct io_uring_cqe);
	m->sqe_len = m->p.sq_entries * sizeof(struct io_uring_sqe);
	m->sq = mmap(NULL, m->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | extra_flags, m->fd,
		     IORING_OFF_SQ_RING);
	m->cq = mmap(NULL, m->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | extra_flags, m->fd,
		     IORING_OFF_CQ_RING);
	m->sqes = mmap(NULL, m->sqe_len, PROT_READ | PROT_WRITE, MAP_SHARED | extra_flags, m->fd,
		       IORING_OFF_SQES);
	CHECK(m->sq != MAP_FAILED);
	CHECK(m->cq != MAP_FAILED);
	CHECK(m->sqes != MAP_FAILED);
	return (m->sq == MAP_FAILED || m->cq == MAP_FAILED || m->sqes == MAP_FAILED) ? -1 : 0;
}

static void unmap_ring(struct maps *m)
{
	munmap(m->sq, m->sq_len);
	munmap(m->cq, m->cq_len);
	munmap(m->sqes, m->sqe_len);
}

#define U32(base, off) (*(volatile uint32_t *)((base) + (off)))

/* One NOP with user_data ud through the raw mappings; returns its CQE's res. */
static int raw_nop(struct maps *m, uint64_t ud)
{
	uint32_t tail = U32(m->sq, m->p.sq_off.tail);
	uint32_t mask = U32(m->sq, m->p.sq_off.ring_mask);
	uint32_t idx = tail & mask;
	struct io_uring_cqe *cqe;
	uint32_t head;
	int ret;

	memset(&m->sqes[idx], 0, sizeof(m->sqes[idx]));
	m->sqes[idx].opcode = IORING_OP_NOP;
	m->sqes[idx].user_data = ud;
	((uint32_t *)(m->sq + m->p.sq_off.array))[idx] = idx;
	__atomic_store_n((uint32_t *)(m->sq + m->p.sq_off.tail), tail + 1, __ATOMIC_RELEASE);
	ret = io_uring_enter(m->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL);
	CHECK_EQ(ret, 1);
	CHECK_EQ(U32(m->sq, m->p.sq_off.head), tail + 1);
	head = U32(m->cq, m->p.cq_off.head);
	CHECK_EQ(__atomic_load_n((uint32_t *)(m->cq + m->p.cq_off.tail), __ATOMIC_ACQUIRE),
		 head + 1);
	cqe = (struct io_uring_cqe *)(m->cq + m->p.cq_off.cqes) +
	      (head & U32(m->cq, m->p.cq_off.ring_mask));
	CHECK_EQ(cqe->user_data, ud);
	ret = cqe->res;
	__atomic_store_n((uint32_t *)(m->cq + m->p.cq_off.head), head + 1, __ATOMIC_RELEASE);
	return ret;
}

static void three_offsets(int extra_flags, const char *what)
{
	struct maps m;

	if (map_ring(&m, 8, extra_flags)) {
		printf("%s: mapping failed\n", what);
		return;
	}
	printf("%s: sq entries %u cq entries %u\n", what, U32(m.sq, m.p.sq_off.ring_entries),
	       U32(m.cq, m.p.cq_off.ring_entries));
	CHECK_EQ(U32(m.sq, m.p.sq_off.ring_entries), 8);
	CHECK_EQ(U32(m.cq, m.p.cq_off.ring_entries), 16);
	CHECK_EQ(U32(m.sq, m.p.sq_off.ring_mask), 7);
	CHECK_EQ(U32(m.cq, m.p.cq_off.ring_mask), 15);
	/* One memory behind both ring offsets: a store through one is seen through the other. */
	U32(m.sq, m.p.cq_off.head) = 5;
	CHECK_EQ(U32(m.cq, m.p.cq_off.head), 5);
	U32(m.sq, m.p.cq_off.head) = 0;
	for (uint64_t ud = 1; ud <= 20; ud++)	/* more than the rings hold: indexes wrap */
		CHECK_EQ(raw_nop(&m, ud * 0x0101010101010101ull), 0);
	CHECK_EQ(U32(m.sq, m.p.sq_off.dropped), 0);
	CHECK_EQ(U32(m.cq, m.p.cq_off.overflow), 0);
	unmap_ring(&m);
	close(m.fd);
}

static void offsets_and_lengths(void)
{
	struct io_uring_params p;
	void *a;
	int fd;

	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(4, &p);
	CHECK(fd >= 0);
	struct mapping {
		const char *what;
		off_t off;
		size_t len;
	};
	static const struct mapping bad[] = {
		{ "offset 4096", 4096, 4096 },
		{ "offset 0x4000000", 0x4000000, 4096 },
	};
	static const struct mapping big[] = {
		{ "SQ ring 64 MiB", IORING_OFF_SQ_RING, 64 << 20 },
		{ "CQ ring 64 MiB", IORING_OFF_CQ_RING, 64 << 20 },
		{ "SQEs 64 MiB", IORING_OFF_SQES, 64 << 20 },
	};

	/* A later Linux masks the offset and maps the SQ ring: a 6.1-only check. */
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		a = mmap(NULL, bad[i].len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, bad[i].off);
		printf("mmap %s: %s\n", bad[i].what, a == MAP_FAILED ? u_res(-errno) : "mapped");
		CHECK_61(a == MAP_FAILED && errno == ENOMEM);
		if (a != MAP_FAILED)
			munmap(a, bad[i].len);
	}
	for (unsigned i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		errno = 0;
		a = mmap(NULL, big[i].len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, big[i].off);
		printf("mmap %s: %s\n", big[i].what, a == MAP_FAILED ? u_res(-errno) : "mapped");
		/* ringlet refuses more than the region, as upstream 6.1.0 did. */
		CHECK_OR_RINGLET_LIMIT(a != MAP_FAILED, a == MAP_FAILED && errno == EINVAL);
		if (a != MAP_FAILED)
			munmap(a, big[i].len);
	}
	/*
	 * PROT_EXEC: Linux 6.1 lets the pages be mapped executable (a later
	 * Linux refuses with -EPERM: its anon-inode mount is SB_I_NOEXEC, and
	 * ringlet's ring pages are never executable by design).  Printed for
	 * compare-linux; either answer passes here.
	 */
	errno = 0;
	a = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, IORING_OFF_SQ_RING);
	printf("mmap PROT_EXEC: %s\n", a == MAP_FAILED ? u_res(-errno) : "mapped");
	CHECK(a != MAP_FAILED || errno == EPERM);
	if (a != MAP_FAILED)
		munmap(a, 4096);
	close(fd);
	/* The ring fd mapped after it is closed: plain EBADF. */
	a = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, IORING_OFF_SQ_RING);
	CHECK(a == MAP_FAILED && errno == EBADF);
}

/* close first, then use and unmap; and unmap first, then close and a fresh ring. */
static void any_order(void)
{
	struct maps m;

	if (map_ring(&m, 4, 0))
		return;
	CHECK_OK(close(m.fd));
	/* The ring's memory lives on behind the mappings. */
	CHECK_EQ(U32(m.sq, m.p.sq_off.ring_entries), 4);
	CHECK_EQ(U32(m.cq, m.p.cq_off.ring_entries), 8);
	U32(m.sq, m.p.sq_off.tail) = 3;
	CHECK_EQ(U32(m.cq, m.p.sq_off.tail), 3);
	m.sqes[3].user_data = 77;
	CHECK_EQ(m.sqes[3].user_data, 77);
	CHECK_OK(munmap(m.cq, m.cq_len));
	CHECK_EQ(U32(m.sq, m.p.sq_off.tail), 3);	/* the other mapping is still there */
	CHECK_OK(munmap(m.sq, m.sq_len));
	CHECK_OK(munmap(m.sqes, m.sqe_len));
	printf("close then munmap: ok\n");

	if (map_ring(&m, 4, 0))
		return;
	unmap_ring(&m);
	/* Unmapped, the descriptor still works: enter, and a new mapping sees the same ring. */
	CHECK_EQ(io_uring_enter(m.fd, 0, 0, IORING_ENTER_GETEVENTS, NULL), 0);
	unsigned char *sq = mmap(NULL, m.sq_len, PROT_READ | PROT_WRITE, MAP_SHARED, m.fd,
				 IORING_OFF_SQ_RING);
	CHECK(sq != MAP_FAILED);
	if (sq != MAP_FAILED) {
		CHECK_EQ(U32(sq, m.p.sq_off.ring_entries), 4);
		munmap(sq, m.sq_len);
	}
	CHECK_OK(close(m.fd));
	printf("munmap then close: ok\n");
}

/* Many rings mapped and dropped in mixed orders, with mappings outliving their fds. */
static void churn(void)
{
	struct maps m[8];
	int made = 0;

	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 8; i++)
			made += map_ring(&m[i], 2 << (i % 4), i % 2 ? MAP_POPULATE : 0) == 0;
		for (int i = 0; i < 8; i++) {
			/* The next ring still works whatever this one's order of release. */
			if (i % 3 == 0) {
				close(m[i].fd);
				if (i < 7)
					CHECK_EQ(raw_nop(&m[i + 1], i), 0);
				unmap_ring(&m[i]);
			} else {
				unmap_ring(&m[i]);
				if (i < 7)
					CHECK_EQ(raw_nop(&m[i + 1], i), 0);
				close(m[i].fd);
			}
		}
	}
	CHECK_EQ(made, 32);
	printf("churn: %d rings\n", made);
}

int main(void)
{
	struct io_uring_params p;
	int fd;

	u_start();
	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(1, &p);
	if (fd == -ENOSYS) {
		fprintf(stderr, "skip: no io_uring in this kernel\n");
		return T_SKIP;
	}
	close(fd);
	three_offsets(0, "MAP_SHARED");
	three_offsets(MAP_POPULATE, "MAP_SHARED|MAP_POPULATE");
	offsets_and_lengths();
	any_order();
	churn();
	return u_exit();
}
