/*
 * What the files of the io_uring torture test (suite uring_torture)
 * share.  torture.c says what the test does and what it checks; the
 * work is cut into:
 *   torture_req.c   probe files, a thread's files, and requests from SQE
 *                   to CQE: tracking, reaping, judging each result;
 *   torture_prep.c  a random request: its SQE, and in its tracking entry
 *                   what its CQE must say;
 *   torture_ring.c  ring slots: sharing one, having one alone, and making
 *                   and tearing down its ring;
 *   torture.c       the operations, the threads, the watchdog, the test.
 *
 * The data.  A struct torture holds nr_cpus + 1 slots (struct t_slot),
 * each one ring with T_TRACK tracking entries (struct t_req), and the
 * threads (struct t_thread), each with its generator, its files and its
 * pipe.  A tracking entry's user_data is the SQE's, unique per ring: the
 * entry's index in the low byte and a per-ring sequence number above it.
 * Lock order: slot->sq_lock, then slot->cq_lock; slot->lock is a leaf.
 */
#ifndef URING_TORTURE_H
#define URING_TORTURE_H

#include "../testlib/harness.h"
#include "../testlib/stress.h"
#include "mutex.h"
#include "spinlock.h"

#define T_PER_CPU		4	/* threads per CPU */
#define T_SQ_MAX		32	/* SQ rings of 8 to 32 entries, CQ rings twice that */
#define T_TRACK			96	/* requests in flight per ring: more than most CQs hold */
#define T_BATCH			6
#define T_TABLE_MAX		32	/* fixed tables have 1..32 slots */
#define T_INDEX_MAX		36	/* indexes and offsets from 0..35: some past any table */
#define T_UPDATE_MAX		4
#define T_BUF			4096	/* a thread's I/O buffer */
#define T_IO_MAX		256
#define T_PIPE_IO_MAX		64
#define T_PIPE_CAP		4096
#define T_RAMFS_SPAN		(60 * 1024)	/* ramfs offsets: files stay small */
#define T_PROBES		4096
#define T_DEFAULT_OPS		3000
#define T_DEFAULT_SECONDS	8
#define T_DRAIN_MS		10000
#define T_REAP_WAIT_MS		5
#define T_STALL_S		45

enum t_kind {
	TK_NOP,
	TK_ZERO_READ,		/* plain: len */
	TK_NULL_READ,		/* plain: 0 */
	TK_PROBE_READ,		/* plain, a fresh probe: len */
	TK_PIPE_READ,		/* plain, own pipe, data already there: len */
	TK_PIPE_WRITE,		/* plain, own pipe, room already there: len */
	TK_DISCARD_WRITE,	/* plain, null or zero: len */
	TK_RAMFS_WRITE,		/* plain: len */
	TK_RAMFS_READ,		/* plain: 0..len */
	TK_FSYNC,		/* plain, ramfs: 0 */
	TK_FIXED_READ,		/* 0..len (probe, zero, null, ramfs), -EBADF */
	TK_FIXED_WRITE,		/* len, -EINVAL (probes cannot be written), -EBADF */
	TK_FIXED_FSYNC,		/* 0 (ramfs), -EINVAL (no fsync), -EBADF */
	TK_TIMEOUT,		/* -ETIME, or 0 if it waited for a count */
	TK_UPDATE,		/* nr_fds, -ENXIO, -EINVAL; QUIESCE mode: -EOPNOTSUPP */
	TK_CLOSE,		/* 0 */
	TK_DOOMED,		/* no CQE before teardown */
	TK_NR
};

/* Each kind's name, for reports. */
extern const char *const t_kind_name[TK_NR];

enum { T_FREE, T_INFLIGHT };

/* One request from its SQE to its CQE (or to its ring's teardown). */
struct t_req {
	atomic_t state;			/* T_FREE or T_INFLIGHT */
	uint64_t user_data;
	uint8_t kind;
	uint8_t sqe_flags;		/* for the watchdog's dump */
	bool chained;			/* -ECANCELED is a fine result */
	uint32_t len;			/* bytes; FILES_UPDATE: entries; TIMEOUT: count */
	int owner;			/* the thread whose pipe it uses */
	int32_t fds[T_UPDATE_MAX];	/* FILES_UPDATE: fds it reads, closed after its CQE */
	int fd;				/* CLOSE: the fd it closes */
	struct file *file;		/* CLOSE: our reference to the file behind fd */
	struct iovec iov[2];		/* READV/WRITEV: read at submission */
	struct __kernel_timespec ts;	/* TIMEOUT: read at submission */
};

struct t_slot {
	spinlock_t lock;		/* users, excl */
	int users;			/* threads using the ring */
	bool excl;			/* one thread is tearing it down */
	bool dead;			/* no ring: making one failed */
	struct mutex sq_lock;		/* SQ side, seq, doomed */
	struct mutex cq_lock;		/* CQ side */
	struct io_uring ring;
	bool quiesce;			/* IO_URING_UPDATE_QUIESCE */
	bool doomed;			/* a doomed read is in flight */
	struct file *doomed_wr;		/* the write end of its pipe */
	uint64_t seq;
	atomic_t inflight;
	struct t_req reqs[T_TRACK];
};

/* A probe file's state (files_test.c has the original). */
enum { P_FREE, P_LIVE, P_RELEASED };

struct t_probe {
	atomic_t state;
	atomic_t reading;
	atomic_t lives, releases;	/* files made on it, releases seen */
	struct torture *t;
};

struct t_thread {
	struct stress_rng rng;
	int index;
	struct file *zero, *null, *ramfs, *pipe_rd, *pipe_wr;	/* our references */
	int zero_fd, null_fd, ramfs_fd, pipe_rd_fd, pipe_wr_fd;
	/* The pipe: bytes that may be in it, bytes certainly there and not claimed. */
	atomic_t pipe_hi, pipe_lo, pipe_ops;
	struct stress_alarm alarm;
	/* For the watchdog. */
	const char *op;
	int op_slot;
	uint64_t op_start_ns;
	bool stall_reported;
	char buf[T_BUF];
};

enum {
	TS_REQUESTS,
	TS_CQES,
	TS_UPDATES_REG,
	TS_UPDATES_RING,
	TS_REREGISTERS,
	TS_TEARDOWNS,
	TS_QUIESCENT,
	TS_DOOMED,
	TS_DELAYS,
	TS_PROBES,
	TS_OVERFLOWS,
	TS_BUSY,
	TS_NR
};

struct torture {
	uint32_t rng_seed;
	unsigned long ops_target;	/* 0: no limit */
	uint64_t deadline_ns;		/* 0: no limit */
	int nr_threads, nr_slots;
	atomic_t next_thread;
	atomic_long_t ops, errors;
	atomic_long_t stats[TS_NR];
	atomic_t probe_cursor;
	bool threads_done;
	struct t_slot *slots;
	struct t_thread *threads;	/* nr_threads, then the test's own */
	struct t_probe probes[T_PROBES];
};

#define t_error(t, fmt, ...) t_report(t, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* torture_req.c */

/* Counts an error, and reports it as stress_vreport does. */
__printf(4, 5) void t_report(struct torture *t, const char *file, int line, const char *fmt, ...);
/* Counts one event in t->stats[which]. */
void t_stat(struct torture *t, int which);
/* A new probe file with one reference, or NULL if the pool is busy. */
struct file *t_probe_open(struct torture *t);
/* Installs f (consuming the caller's reference, even a NULL one); -1 if that fails. */
int t_install(struct file *f);
/* Closes fd in the shared table; -1 is ignored. */
void t_close(int fd);
/* Opens and installs th's files and pipe; false if any is missing (t_thread_end still runs). */
bool t_thread_begin(struct torture *t, struct t_thread *th, int index);
/* Closes and puts th's files but the pipe's read end; waits for nothing. */
void t_thread_end(struct t_thread *th);
/* Puts the pipe's read end: once no pipe request of th's can be in flight. */
void t_thread_end_pipe(struct t_thread *th);
/* A fresh fd of a file that never blocks, for a fixed slot (the caller closes it), or -1. */
int32_t t_table_fd(struct torture *t, struct t_thread *th);
/* A free tracking entry of s, marked in flight; sq_lock held.  NULL if all are in flight. */
struct t_req *t_req_alloc(struct t_slot *s, struct t_thread *th);
/* Ends r (its CQE's res, or lost in a teardown): settles pipe accounts, closes fds, frees r. */
void t_req_done(struct torture *t, struct t_slot *s, struct t_req *r, int res, bool lost);
/* Reaps and judges every CQE of s; with wait, first waits (under an alarm) for one. */
void t_reap(struct torture *t, struct t_thread *th, struct t_slot *s, bool wait);
/* Submits every SQE published on s, reaping on -EBUSY; sq_lock held. */
void t_submit_all(struct torture *t, struct t_thread *th, struct t_slot *s);

/* torture_prep.c */

/* Fills sqe with a random request and r with its expected CQE; *close_fd: close after submit. */
void t_prep_random(struct torture *t, struct t_thread *th, struct io_uring_sqe *sqe,
		   struct t_req *r, int *close_fd);

/* torture_ring.c */

/* A share of s, unless its ring is being torn down or is dead. */
bool t_slot_get(struct t_slot *s);
void t_slot_put(struct t_slot *s);
/* s alone, if nobody uses it now (it never waits for users). */
bool t_slot_get_excl(struct t_slot *s);
void t_slot_put_excl(struct t_slot *s);
/* Registers a random table of 1..T_TABLE_MAX slots on s's ring: 0 or the error. */
int t_register(struct torture *t, struct t_thread *th, struct t_slot *s);
/* A new ring for s (s->dead if none can be made); s is held alone or not yet shared. */
void t_ring_create(struct torture *t, struct t_thread *th, struct t_slot *s);
/* Tears s's ring down (after draining it if quiescent) and ends every tracked request. */
void t_ring_destroy(struct torture *t, struct t_thread *th, struct t_slot *s, bool quiescent);

#endif
