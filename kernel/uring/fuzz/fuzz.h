/*
 * What the files of the SQE fuzzer (suite uring_fuzz) share.  fuzz.c
 * says what the fuzzer does and what it checks; the work is cut into:
 *   fuzz_input.c  inputs: pointers the kernel may be given, lengths, fds,
 *                 and SQEs, plausible or random, made safe to feed;
 *   fuzz_calls.c  feeding them: a ring as an application sees it, and
 *                 each kind of input with the check of its call's contract;
 *   fuzz.c        the budget, rounds, threads, and the test.
 * Every thread has its own struct fz_thread (its generator, rings, files
 * and the memory it lends the kernel); struct fuzz is the run's.
 */
#ifndef URING_FUZZ_H
#define URING_FUZZ_H

#include "../testlib/harness.h"
#include "../testlib/stress.h"

#define FZ_BUF			(64 * 1024)	/* the kernel may write here */
#define FZ_IOVS			UIO_MAXIOV
#define FZ_FDARR		4096
#define FZ_TS			8
#define FZ_UPD			4
#define FZ_FILES		4
#define FZ_MAX_RW		0x7ffff000u	/* what one read or write may move */
#define FZ_PARAMS		sizeof(struct io_uring_params)
#define FZ_PROBE_MAX		(sizeof(struct io_uring_probe) + IORING_OP_LAST * sizeof(struct io_uring_probe_op))
#define FZ_ALARM_MS		3
#define FZ_DEFAULT_INPUTS	20000
#define FZ_DEFAULT_SECONDS	6	/* the default run also stops here: -smp 8 is slow */
#define NSEC_PER_SEC		1000000000LL

/*
 * The user_data of a plain READ, WRITE, READV, WRITEV or FSYNC naming a
 * ring's fd, whose prep must refuse it: its CQE must say -EBADF, or
 * -EINVAL if FZ_RING_FD_EINVAL is set (a field checked before the file is
 * bad too).
 */
#define FZ_RING_FD_UD		0xfdfdfdfdfdfdfd00ULL
#define FZ_RING_FD_EINVAL	1ULL

/* An application's view of one ring, built only from io_uring_params. */
struct fz_ring {
	int fd;				/* -1: none */
	struct io_uring_params p;
	char *rings;			/* the shared region (SQ and CQ rings) */
	size_t rings_size;
	uint32_t *sq_head, *sq_tail, *sq_array, *sq_flags, *sq_dropped;
	uint32_t *cq_head, *cq_tail, *cq_overflow;
	struct io_uring_cqe *cqes;
	struct io_uring_sqe *sqes;
	uint32_t sq_mask, cq_mask;
	bool scribbled;			/* CQEs may be garbage: do not judge them */
	bool cq_head_moved;		/* scribbled: a CQE may be read as it is written */
	bool long_timeout;		/* a timeout that may be long was published: no unregister */
};

enum {
	FS_SQES,
	FS_REGISTERS,
	FS_SETUPS,
	FS_ENTERS,
	FS_SCRIBBLES,
	FS_OTHER,
	FS_CQES,
	FS_ROUNDS,
	/* CQE results, to show how far the inputs get: */
	FS_RES_OK,
	FS_RES_EINVAL,
	FS_RES_EFAULT,
	FS_RES_EBADF,
	FS_RES_ECANCELED,
	FS_RES_OTHER,
	FS_RING_FD,	/* of which: plain requests on a ring's fd */
	FS_NR
};

struct fz_thread {
	struct stress_rng rng;
	struct fz_ring r, r2;		/* r2: a second ring, only a target */
	int fds[FZ_FILES];
	char *buf;			/* FZ_BUF bytes */
	struct iovec *iov;		/* FZ_IOVS, written only by us */
	int32_t *fdarr;			/* FZ_FDARR */
	struct __kernel_timespec *ts;	/* FZ_TS */
	struct io_uring_files_update *upd;	/* FZ_UPD, written only by us */
	struct stress_alarm alarm;
};

struct fuzz {
	uint32_t rng_seed;
	unsigned long inputs;		/* the budget */
	uint64_t deadline_ns;		/* default run: stop here too (0: no limit) */
	atomic_long_t used;		/* inputs taken from it */
	atomic_long_t anomalies;
	atomic_long_t stats[FS_NR];
	atomic_t next_thread;
	uint64_t dm_end;		/* the end of the direct map */
};

/* Counts an anomaly, and reports it as stress_vreport does. */
__printf(4, 5) void fz_report(struct fuzz *f, const char *file, int line, const char *fmt, ...);
#define fz_anomaly(f, fmt, ...) fz_report(f, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

static inline uint64_t fz_r64(struct fz_thread *th)
{
	return stress_next(&th->rng);
}

static inline uint32_t fz_below(struct fz_thread *th, uint32_t n)
{
	return stress_below(&th->rng, n);
}

static inline bool fz_chance(struct fz_thread *th, unsigned int percent)
{
	return stress_chance(&th->rng, percent);
}

/* fuzz.c */

/* Takes one input of this kind (FS_*) from the budget; false once it is spent. */
bool fz_take(struct fuzz *f, int kind);

/* fuzz_input.c */

/* In the lower half or not canonical: nothing is, or can be, mapped at a. */
bool fz_unmappable(uint64_t a);
/* True if [a, a+len) lies inside [base, base+size). */
bool fz_within(uint64_t a, uint64_t len, const void *base, size_t size);
/* True if the kernel may be given [a, a+len) to write (see the top of fuzz_input.c). */
bool fz_write_safe(struct fz_thread *th, uint64_t a, uint64_t len);
/* True if the kernel may be given a to read from. */
bool fz_read_safe(struct fuzz *f, uint64_t a);
/* A pointer every check must refuse, or (one time in six) anything: filter it. */
uint64_t fz_garbage(struct fz_thread *th);
/* A pointer into region at a random offset, leaving room for len if possible. */
uint64_t fz_in(struct fz_thread *th, const void *region, size_t size, uint64_t len);
/* A pointer for the kernel to write len bytes to: check it with fz_write_safe. */
uint64_t fz_write_ptr(struct fz_thread *th, uint64_t len);
/* A pointer for the kernel to read len bytes from: check it with fz_read_safe. */
uint64_t fz_read_ptr(struct fuzz *f, struct fz_thread *th, uint64_t len);
/* A length: usually 1..typical, sometimes 0, huge, or around MAX_RW_COUNT. */
uint32_t fz_len(struct fz_thread *th, uint32_t typical);
/* An fd: one of ours, a ring's, a small number, -1, or anything. */
int32_t fz_fd(struct fz_thread *th);
/* Refills the memory th lends the kernel (fds, iovecs, timespecs, updates) with safe values. */
void fz_fill_areas(struct fuzz *f, struct fz_thread *th);
/* A fuzzed SQE that is safe to feed (pointers checked) and tagged if its result is known. */
void fz_sqe(struct fuzz *f, struct fz_thread *th, struct io_uring_sqe *sqe);

/* fuzz_calls.c */

/* Sets r up as an application would (r->fd -1 on failure): the fd, or the error. */
int fz_ring_setup(struct fz_ring *r, uint32_t entries, struct io_uring_params *p);
/* Closes r's ring, if any; a close that fails is an anomaly. */
void fz_ring_close(struct fuzz *f, struct fz_ring *r);
/* Consumes and judges the CQEs r's CQ ring shows, whatever its head and tail hold. */
void fz_reap(struct fuzz *f, struct fz_ring *r);
/* Each feeds one input (or a batch of SQEs) of its kind, and checks what the call returns. */
void fz_input_sqes(struct fuzz *f, struct fz_thread *th);
void fz_input_enter(struct fuzz *f, struct fz_thread *th);
void fz_input_scribble(struct fuzz *f, struct fz_thread *th);
void fz_input_register(struct fuzz *f, struct fz_thread *th);
void fz_input_setup(struct fuzz *f, struct fz_thread *th);
void fz_input_mmap(struct fuzz *f, struct fz_thread *th);

#endif
