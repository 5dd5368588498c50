/*
 * The ring's private structures, shared by the files of kernel/uring/.
 *
 *   setup.c     io_uring_setup, the ring file, mmap, teardown
 *   submit.c    io_uring_enter: reading SQEs, preparing requests, links,
 *               drain, issuing
 *   complete.c  posting CQEs, the overflow list, waiting for CQEs
 *   ops.c       what each opcode does
 *   files.c     fixed-file tables: register, update, unregister, and the
 *               generations that make updates wait for nothing
 *   register.c  io_uring_register
 *   io_wq.c     the async workers
 *
 * Locks, outermost first:
 *   ctx->uring_lock (mutex)      submission and registration
 *   ctx->completion_lock (spin)  the CQ tail, overflow, defer and timeout lists
 *   wq->lock (spin, irqsave)     the async work list (queued from timers too)
 *   data->lock (spin)            a fixed-file table's list of generations
 */
#ifndef URING_INTERNAL_H
#define URING_INTERNAL_H

#include "io_uring.h"
#include "percpu_ref.h"
#include "mutex.h"
#include "spinlock.h"
#include "wait.h"
#include "timer.h"
#include "workqueue.h"
#include "file.h"
#include "list.h"

/* One side of a ring: the consumer owns head, the producer tail. */
struct io_ring_ht {
	uint32_t head __aligned(64);
	uint32_t tail __aligned(64);
};

/*
 * The memory shared with the application, one region for both rings
 * (IORING_FEAT_SINGLE_MMAP).  The SQ index array follows cqes[].
 */
struct io_rings {
	struct io_ring_ht sq, cq;
	uint32_t sq_ring_mask;
	uint32_t cq_ring_mask;
	uint32_t sq_ring_entries;
	uint32_t cq_ring_entries;
	uint32_t sq_dropped;	/* SQ entries skipped for a bad index */
	uint32_t sq_flags;	/* IORING_SQ_* */
	uint32_t cq_overflow;	/* CQEs lost: not even the overflow list had room */
	struct io_uring_cqe cqes[] __aligned(64);
};

struct io_wq;
struct fixed_file_data;
struct fixed_file_gen;

struct io_ring_ctx {
	/* Fixed at setup. */
	struct io_rings *rings;
	size_t rings_size;
	uint32_t *sq_array;
	struct io_uring_sqe *sq_sqes;
	uint32_t sq_entries, cq_entries;
	uint32_t sq_mask, cq_mask;
	struct io_wq *io_wq;

	/*
	 * One reference per live request, plus the initial one.  Teardown
	 * and QUIESCE-mode updates kill it and wait in ref_comp for the
	 * release: then no request is left.
	 */
	struct percpu_ref refs;
	struct completion ref_comp;

	/* Under uring_lock. */
	struct mutex uring_lock;
	uint32_t cached_sq_head;	/* SQEs consumed; published as sq.head */
	uint64_t nr_reqs_created;	/* sequence numbers for IOSQE_IO_DRAIN */
	bool drain_next;		/* the request after a drain waits for it */
	struct io_kiocb *link_head;	/* an unfinished chain while submitting */
	struct io_kiocb *link_tail;
	struct fixed_file_data *file_data;
	enum io_uring_update_mode update_mode;

	/* Under completion_lock. */
	spinlock_t completion_lock;
	uint32_t cached_cq_tail;
	uint64_t nr_reqs_completed;	/* every completion, for drain */
	uint64_t nr_counted;		/* completions that count for timeouts */
	struct list_head overflow_list;	/* struct io_overflow_cqe */
	struct list_head defer_list;	/* requests waiting for a drain */
	struct list_head timeout_list;	/* armed IORING_OP_TIMEOUT requests */
	bool dying;			/* teardown started: arm nothing new */

	struct wait_queue_head cq_wait;	/* tasks waiting for CQEs */

	struct work_struct exit_work;
	struct completion *exit_done;	/* io_uring_close_sync's waiter */
};

/* A CQE that did not fit in the CQ ring, waiting for room. */
struct io_overflow_cqe {
	struct list_head list;
	struct io_uring_cqe cqe;
};

/* req->flags */
enum {
	REQ_F_FIXED_FILE	= 1 << 0,	/* file is from the fixed table */
	REQ_F_FAIL_LINK		= 1 << 1,	/* failed: cancel the rest of the chain */
	REQ_F_TIMEOUT_FIRED	= 1 << 2,	/* the timer queued it to complete with -ETIME */
	REQ_F_DRAIN		= 1 << 3,	/* waits for all requests before it */
};

/* req->timeout_state: who gets to complete an armed timeout. */
enum {
	TIMEOUT_ARMED,
	TIMEOUT_CLAIMED,	/* by the timer, the completion count, or teardown */
};

/* A request: one SQE from submission to its CQE. */
struct io_kiocb {
	struct io_ring_ctx *ctx;
	uint8_t opcode;
	uint8_t sqe_flags;	/* IOSQE_* */
	uint32_t flags;		/* REQ_F_* */
	uint64_t user_data;

	/* The SQE's arguments, copied once at submission. */
	int32_t fd;
	uint64_t off;
	uint64_t addr;
	uint32_t len;
	uint32_t op_flags;	/* rw_flags, fsync_flags or timeout_flags */

	struct file *file;		/* resolved at submission, or NULL */
	struct fixed_file_gen *file_gen;	/* the generation it holds a ref on */
	struct files_struct *files;	/* CLOSE and FILES_UPDATE: the submitter's table */
	struct iovec *iov;		/* READV/WRITEV: the copied iovec array */

	/* IORING_OP_TIMEOUT */
	struct timer_list timer;
	struct list_head timeout_node;	/* in ctx->timeout_list while armed */
	int timeout_state;
	uint64_t timeout_ticks;		/* how long, in jiffies */
	uint64_t timeout_target;	/* nr_counted value that completes it (off != 0) */

	int prep_err;			/* prep failed: complete with this instead of running */
	uint64_t drain_seq;		/* requests created before it */
	struct io_kiocb *link;		/* next in its chain */
	struct list_head list;		/* defer_list, timeout_list or the io-wq list */
};

/* Statistics, see io_uring_stats(). */
extern atomic_long_t io_rings_live, io_reqs_live, io_file_gens_live;

/* setup.c */
extern const struct file_operations io_uring_fops;
/* The ring behind fd with a file reference in *filep, or NULL with *err set. */
struct io_ring_ctx *io_ring_get(unsigned int fd, struct file **filep, int *err);

/* submit.c */
int io_submit_sqes(struct io_ring_ctx *ctx, uint32_t nr);
/* Runs a request to completion where it may sleep (an io-wq worker). */
void io_wq_submit_work(struct io_kiocb *req);

/* complete.c */
void io_req_complete(struct io_kiocb *req, int res);
void io_req_free(struct io_kiocb *req);
bool io_cqring_overflow_flush(struct io_ring_ctx *ctx);
int io_cqring_wait(struct io_ring_ctx *ctx, uint32_t min_events);
void io_queue_deferred(struct io_ring_ctx *ctx, struct io_kiocb *req);
void io_fail_links(struct io_kiocb *req);
void io_cancel_deferred(struct io_ring_ctx *ctx);

/* ops.c */
int io_req_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe);
/* io_issue's issue_flags: what the caller may do, and what it holds. */
enum {
	IO_ISSUE_NONBLOCK	= 1 << 0,	/* may not sleep for long */
	IO_ISSUE_LOCKED		= 1 << 1,	/* the caller holds uring_lock */
};
/* Runs req; returns -EAGAIN (IO_ISSUE_NONBLOCK only) if it must go to a worker. */
int io_issue(struct io_kiocb *req, unsigned int issue_flags);
void io_timeout_arm(struct io_kiocb *req);
void io_kill_timeouts(struct io_ring_ctx *ctx);
void io_timeouts_count(struct io_ring_ctx *ctx, struct list_head *done);

/* files.c */
int io_fixed_file_get(struct io_kiocb *req, unsigned int index);
void io_fixed_file_put(struct io_kiocb *req);
int io_sqe_files_register(struct io_ring_ctx *ctx, const void __user *arg, unsigned int nr);
int io_sqe_files_unregister(struct io_ring_ctx *ctx);
void io_sqe_files_free(struct io_ring_ctx *ctx);
int io_sqe_files_update(struct io_ring_ctx *ctx, uint32_t offset, const void __user *fds,
			unsigned int nr, struct files_struct *files);
bool io_is_uring_file(struct file *f);
/*
 * The file at fd in files (NULL: no table) with a new reference, or NULL
 * if fd is not open or is a ring: a ring that held a reference to itself
 * could never be torn down.  Never sleeps.
 */
struct file *io_file_from_fd(struct files_struct *files, int fd);

/* io_wq.c */
struct io_wq *io_wq_create(void);
void io_wq_enqueue(struct io_wq *wq, struct io_kiocb *req);
void io_wq_cancel_all(struct io_wq *wq);
void io_wq_destroy(struct io_wq *wq);

#endif
