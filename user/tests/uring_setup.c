/*
 * io_uring_setup as Linux 6.1 answers it: the entry limits and their
 * rounding, IORING_SETUP_CLAMP and IORING_SETUP_CQSIZE, undefined flags
 * and non-zero resv words (-EINVAL), a params pointer that cannot be read
 * or written back (-EFAULT, and no descriptor left behind), the ring fd's
 * close-on-exec and access mode, the offsets it reports, its feature bits
 * (printed one per line, so a kernel that lacks one differs on that line
 * alone), and io_uring_enter/io_uring_register on descriptors that are
 * not rings.
 *
 * Linux 6.1 is the reference.  Setup flags 6.1 accepts and another kernel
 * may not are printed, not checked: each is a line for compare-linux.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include "uring_test.h"

#define MAX_ENTRIES 32768	/* IORING_MAX_ENTRIES */
#define MAX_CQ_ENTRIES 65536	/* IORING_MAX_CQ_ENTRIES */

/* setup(entries, flags, cq) and prints "what: sq S cq C" or the error. */
static int try_setup(const char *what, unsigned entries, unsigned flags, unsigned cq,
		     struct io_uring_params *out)
{
	struct io_uring_params p;
	int fd;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.cq_entries = cq;
	fd = io_uring_setup(entries, &p);
	if (fd < 0) {
		printf("%s: %s\n", what, u_res(fd));
		return fd;
	}
	printf("%s: sq %u cq %u\n", what, p.sq_entries, p.cq_entries);
	if (out)
		*out = p;
	close(fd);
	return 0;
}

static void entry_limits(void)
{
	struct io_uring_params p;

	CHECK_EQ(try_setup("entries 0", 0, 0, 0, NULL), -EINVAL);
	CHECK_EQ(try_setup("entries 1", 1, 0, 0, &p), 0);
	CHECK_EQ(p.sq_entries, 1);
	CHECK_EQ(p.cq_entries, 2);
	CHECK_EQ(try_setup("entries 3", 3, 0, 0, &p), 0);
	CHECK_EQ(p.sq_entries, 4);
	CHECK_EQ(p.cq_entries, 8);
	CHECK_EQ(try_setup("entries 100", 100, 0, 0, &p), 0);
	CHECK_EQ(p.sq_entries, 128);
	CHECK_EQ(p.cq_entries, 256);
	CHECK_EQ(try_setup("entries max", MAX_ENTRIES, 0, 0, &p), 0);
	CHECK_EQ(p.sq_entries, MAX_ENTRIES);
	CHECK_EQ(p.cq_entries, 2 * MAX_ENTRIES);
	CHECK_EQ(try_setup("entries max+1", MAX_ENTRIES + 1, 0, 0, NULL), -EINVAL);
	CHECK_EQ(try_setup("entries max+1 clamp", MAX_ENTRIES + 1, IORING_SETUP_CLAMP, 0, &p), 0);
	CHECK_EQ(p.sq_entries, MAX_ENTRIES);
	CHECK_EQ(p.cq_entries, 2 * MAX_ENTRIES);
	CHECK_EQ(try_setup("entries 4G-1 clamp", 0xffffffffu, IORING_SETUP_CLAMP, 0, &p), 0);
	CHECK_EQ(p.sq_entries, MAX_ENTRIES);
}

static void cqsize(void)
{
	struct io_uring_params p;
	const unsigned f = IORING_SETUP_CQSIZE;

	CHECK_EQ(try_setup("cqsize 0", 4, f, 0, NULL), -EINVAL);
	CHECK_EQ(try_setup("cqsize 5 sq 4", 4, f, 5, &p), 0);
	CHECK_EQ(p.sq_entries, 4);
	CHECK_EQ(p.cq_entries, 8);
	CHECK_EQ(try_setup("cqsize 1 sq 1", 1, f, 1, &p), 0);
	CHECK_EQ(p.cq_entries, 1);
	CHECK_EQ(try_setup("cqsize 4 sq 8", 8, f, 4, NULL), -EINVAL);
	CHECK_EQ(try_setup("cqsize 5 sq 8", 8, f, 5, &p), 0);	/* 5 rounds up to 8 */
	CHECK_EQ(p.cq_entries, 8);
	CHECK_EQ(try_setup("cqsize max", 4, f, MAX_CQ_ENTRIES, &p), 0);
	CHECK_EQ(p.cq_entries, MAX_CQ_ENTRIES);
	CHECK_EQ(try_setup("cqsize max+1", 4, f, MAX_CQ_ENTRIES + 1, NULL), -EINVAL);
	CHECK_EQ(try_setup("cqsize max+1 clamp", 4, f | IORING_SETUP_CLAMP, MAX_CQ_ENTRIES + 1, &p),
		 0);
	CHECK_EQ(p.cq_entries, MAX_CQ_ENTRIES);
	/* The CQ size is checked against the SQ's after both are clamped. */
	CHECK_EQ(try_setup("cqsize 2 sq max+1 clamp", MAX_ENTRIES + 1, f | IORING_SETUP_CLAMP, 2,
			   NULL),
		 -EINVAL);
	/* Without CQSIZE the field is ignored. */
	CHECK_EQ(try_setup("cq 3 without cqsize", 4, 0, 3, &p), 0);
	CHECK_EQ(p.cq_entries, 8);
}

static void bad_flags_and_resv(void)
{
	struct io_uring_params p;

	CHECK_EQ(try_setup("flag bit 31", 4, 1u << 31, 0, NULL), -EINVAL);
	CHECK_EQ(try_setup("flag bit 24", 4, 1u << 24, 0, NULL), -EINVAL);
	for (int i = 0; i < 3; i++) {
		memset(&p, 0, sizeof(p));
		p.resv[i] = 1;
		int fd = io_uring_setup(4, &p);
		printf("resv[%d] set: %s\n", i, u_res(fd));
		CHECK_EQ(fd, -EINVAL);
		if (fd >= 0)
			close(fd);
	}
	/*
	 * The flags Linux 6.1 defines, one at a time, with no other argument:
	 * each one's answer is printed for compare-linux, none is checked
	 * (a kernel without the feature answers -EINVAL, as it must).
	 */
	static const char *const names[] = {
		"IOPOLL",    "SQPOLL",	   "SQ_AFF",	    "CQSIZE",	     "CLAMP",
		"ATTACH_WQ", "R_DISABLED", "SUBMIT_ALL",    "COOP_TASKRUN",  "TASKRUN_FLAG",
		"SQE128",    "CQE32",	   "SINGLE_ISSUER", "DEFER_TASKRUN",
	};
	for (unsigned b = 0; b < sizeof(names) / sizeof(names[0]); b++) {
		char what[64];

		snprintf(what, sizeof(what), "flag %s alone", names[b]);
		try_setup(what, 4, 1u << b, 0, NULL);
	}
}

static void bad_pointers(void)
{
	struct io_uring_params *ro;
	int before = dup(0), after;

	close(before);
	CHECK_EQ(io_uring_setup(4, NULL), -EFAULT);
	CHECK_EQ(io_uring_setup(4, (struct io_uring_params *)8), -EFAULT);
	CHECK_EQ(io_uring_setup(4, (struct io_uring_params *)0xffff800000000000ul), -EFAULT);
	/* Readable but not writable: the ring is made, the copy back fails, all is undone. */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED);
	memset(ro, 0, sizeof(*ro));
	CHECK_OK(mprotect(ro, 4096, PROT_READ));
	int ret = io_uring_setup(4, ro);
	printf("params read-only: %s\n", u_res(ret));
	CHECK_EQ(ret, -EFAULT);
	munmap(ro, 4096);
	after = dup(0);
	CHECK_EQ(after, before);	/* no descriptor left behind by any of them */
	close(after);
}

static void ring_fd_and_offsets(void)
{
	struct io_uring_params p;
	int fd;

	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(4, &p);
	CHECK(fd >= 0);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	printf("sq_off: head %u tail %u mask %u entries %u flags %u dropped %u array %u\n",
	       p.sq_off.head, p.sq_off.tail, p.sq_off.ring_mask, p.sq_off.ring_entries,
	       p.sq_off.flags, p.sq_off.dropped, p.sq_off.array);
	printf("cq_off: head %u tail %u mask %u entries %u overflow %u cqes %u flags %u\n",
	       p.cq_off.head, p.cq_off.tail, p.cq_off.ring_mask, p.cq_off.ring_entries,
	       p.cq_off.overflow, p.cq_off.cqes, p.cq_off.flags);
	/* The SQ index array follows the CQEs (one mapping serves both rings). */
	CHECK(p.sq_off.array >= p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe));
	CHECK_EQ(p.sq_thread_cpu, 0);
	CHECK_EQ(p.sq_thread_idle, 0);

	/* The feature bits Linux 6.1 defines, one line each; later ones as one line. */
	static const char *const feats[] = {
		"SINGLE_MMAP",	 "NODROP",	     "SUBMIT_STABLE",  "RW_CUR_POS", "CUR_PERSONALITY",
		"FAST_POLL",	 "POLL_32BITS",	     "SQPOLL_NONFIXED", "EXT_ARG",   "NATIVE_WORKERS",
		"RSRC_TAGS",	 "CQE_SKIP",	     "LINKED_FILE",
	};
	unsigned n = sizeof(feats) / sizeof(feats[0]);

	for (unsigned b = 0; b < n; b++)
		printf("feature %s: %u\n", feats[b], (p.features >> b) & 1);
	printf("features beyond Linux 6.1's: %s\n", p.features >> n ? "yes" : "no");
	/* What the rest of the suite relies on. */
	CHECK(p.features & IORING_FEAT_SINGLE_MMAP);
	CHECK(p.features & IORING_FEAT_NODROP);
	CHECK(p.features & IORING_FEAT_SUBMIT_STABLE);
	CHECK(p.features & IORING_FEAT_RW_CUR_POS);

	/* enter and register on this ring, with what they refuse. */
	CHECK_EQ(io_uring_enter(fd, 0, 0, 0, NULL), 0);
	CHECK_EQ(io_uring_enter(fd, 0, 0, IORING_ENTER_GETEVENTS, NULL), 0);
	CHECK_EQ(io_uring_enter(fd, 4, 0, 0, NULL), 0);		/* nothing queued */
	CHECK_EQ(io_uring_enter(fd, 0, 0, 1u << 31, NULL), -EINVAL);
	CHECK_EQ(io_uring_register(fd, 200, NULL, 0), -EINVAL);
	CHECK_EQ(io_uring_register(fd, IORING_UNREGISTER_FILES, NULL, 0), -ENXIO);
	close(fd);
}

static void probe(void)
{
	struct io_uring ring;
	struct io_uring_probe *pr;
	static const int need[] = { IORING_OP_NOP,	 IORING_OP_READV, IORING_OP_WRITEV,
				    IORING_OP_FSYNC,	 IORING_OP_TIMEOUT, IORING_OP_CLOSE,
				    IORING_OP_FILES_UPDATE, IORING_OP_READ, IORING_OP_WRITE };
	char line[1024];
	int len = 0;

	u_init_or_skip(4, &ring, 0);
	pr = io_uring_get_probe_ring(&ring);
	CHECK(pr != NULL);
	if (pr) {
		for (int op = 0; op <= pr->last_op && op < 64; op++)
			if (io_uring_opcode_supported(pr, op))
				len += snprintf(line + len, sizeof(line) - len, " %d", op);
		/* Only Linux 6.1's opcodes (0-47), so a newer kernel's line still compares. */
		printf("probe: ops up to 47 supported:");
		for (char *s = line; *s;) {
			int op = (int)strtol(s, &s, 10);

			if (op <= 47)
				printf(" %d", op);
		}
		printf("\n");
		for (unsigned i = 0; i < sizeof(need) / sizeof(need[0]); i++)
			CHECK(io_uring_opcode_supported(pr, need[i]));
		io_uring_free_probe(pr);
	}
	io_uring_queue_exit(&ring);
}

/* enter and register on descriptors that are not rings. */
static void not_a_ring(void)
{
	int p[2];

	CHECK_OK(pipe(p));
	CHECK_EQ(io_uring_enter(p[0], 1, 0, 0, NULL), -EOPNOTSUPP);
	CHECK_EQ(io_uring_register(p[0], IORING_UNREGISTER_FILES, NULL, 0), -EOPNOTSUPP);
	close(p[0]);
	close(p[1]);
	CHECK_EQ(io_uring_enter(p[0], 1, 0, 0, NULL), -EBADF);
	CHECK_EQ(io_uring_enter(-1, 1, 0, 0, NULL), -EBADF);
	CHECK_EQ(io_uring_register(p[0], IORING_UNREGISTER_FILES, NULL, 0), -EBADF);
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
	entry_limits();
	cqsize();
	bad_flags_and_resv();
	bad_pointers();
	ring_fd_and_offsets();
	probe();
	not_a_ring();
	return t_exit();
}
