/*
 * The ring's private structures, shared by the files of kernel/uring/.
 *
 *   setup.c     io_uring_setup, the ring file, mmap
 *   teardown.c  the ring file's release, and the teardown it starts
 *   submit.c    io_uring_enter: reading SQEs, preparing requests, links,
 *               drain, issuing
 *   complete.c  posting CQEs, the overflow list, waiting for CQEs
 *   ops.c       what each opcode does
 *   timeout.c   IORING_OP_TIMEOUT: arming, firing, counting, cancelling
 *   files.c     fixed-file tables: register, unregister, lookup, and the
 *               generations that make updates wait for nothing; tags
 *   files_update.c  changing slots: updates, IORING_FILE_INDEX_ALLOC,
 *               closing a fixed slot, the alloc range
 *   register.c  io_uring_register
 *   io_wq.c     the async workers
 *   req_alloc.c where requests come from: the per-ring cache
 *   net.c       sockets: SENDMSG, RECVMSG, SEND, RECV, and socket reads and writes
 *   task_cancel.c  each submitter's context, and execve's cancelling of
 *               the requests its old image submitted
 *
 * Locks, outermost first:
 *   io_rings_mutex (mutex)       the list of every ring, for execve's cancel walk
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
#include "ktest_leak.h"

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
	uint32_t cq_flags;	/* the application's (IORING_CQ_EVENTFD_DISABLED): never read */
	uint32_t cq_overflow;	/* CQEs lost: not even the overflow list had room */
	struct io_uring_cqe cqes[] __aligned(64);
};

struct io_wq;
struct sock_msg;
struct fixed_file_data;
struct fixed_file_gen;

struct io_ring_ctx {
	/* Fixed at setup. */
	struct io_rings *rings;		/* ring_pages, through the direct map */
	size_t rings_size;
	struct shared_pages *ring_pages, *sqe_pages;	/* what mmap(2) maps: setup.c */
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

	/* Freed requests for reuse (req_alloc.c): under uring_lock... */
	struct io_kiocb *free_reqs;
	unsigned int nr_free_reqs;
	/* ...and the completions of one submission batch (complete.c), also under uring_lock. */
	struct io_kiocb *compl_head, **compl_tail;

	/* Under completion_lock. */
	spinlock_t completion_lock;
	struct io_kiocb *locked_free_reqs;	/* freed outside uring_lock: req_alloc.c */
	unsigned int nr_locked_free;
	uint32_t cached_cq_tail;
	uint64_t nr_cq_commits;		/* CQ tail publications: a batch is one (tests count) */
	uint64_t nr_reqs_completed;	/* every completion, for drain */
	uint64_t nr_counted;		/* completions that count for timeouts */
	struct list_head overflow_list;	/* struct io_overflow_cqe */
	struct list_head defer_list;	/* requests waiting for a drain */
	struct list_head timeout_list;	/* armed IORING_OP_TIMEOUT requests */
	bool dying;			/* teardown started: arm nothing new */

	struct wait_queue_head cq_wait;	/* tasks waiting for CQEs */

	struct work_struct exit_work;
	struct completion *exit_done;	/* io_uring_close_sync's waiter */
	struct list_head rings_node;	/* in io_rings_list (task_cancel.c), under io_rings_mutex */
};

/*
 * A submitting task's io_uring context (task_cancel.c): what lets the
 * task's execve find and wait for the requests it submitted.  Its own
 * struct, not part of struct task, because requests outlive their task.
 */
struct io_uring_task {
	atomic_t refs;		/* 1 while the task points to it, cached_refs, 1 per live request */
	int cached_refs;	/* taken ahead for its next requests; only the task touches it */
	bool cancelling;	/* its execve is cancelling its requests: arm no timeout */
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
	struct io_uring_task *tctx;	/* the submitter's context: a reference */
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
	struct mm_struct *mm;		/* a process's request: its memory (mmgrab), or NULL */
	struct sock_msg *msg;		/* a socket's transfer (net.c), or NULL */
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
	struct io_kiocb *compl_next;	/* in ctx's batch of completions */
	int compl_res;			/* its result, while it waits in that batch */
	struct io_kiocb *cache_next;	/* in a cache of freed requests */
	struct list_head list;		/* defer_list, timeout_list or the io-wq list */
};

/*
 * Live rings (setup.c counts them in, teardown.c out) and request
 * objects, cached ones included (req_alloc.c), registered for ktest's leak checks
 * (include/ktest_leak.h) where they are defined.
 */
extern atomic_long_t io_rings_live, io_reqs_live;
/* Teardowns queued by a ring file's release and not finished (teardown.c). */
extern atomic_long_t io_rings_exiting;

/* setup.c */
/*
 * The ring behind fd in current->files: 0 with *ctxp set and a reference
 * on the ring file in *filep (the caller fputs it), or -EBADF (not open)
 * or -EOPNOTSUPP (not a ring) with neither written.  Never sleeps.
 */
int io_ring_get(unsigned int fd, struct io_ring_ctx **ctxp, struct file **filep);
/*
 * The ring file's mmap operation (include/file.h's contract): the SQ/CQ
 * ring region or the SQE region, by offset; -ENOMEM for another offset,
 * -EINVAL for a length past the region.  Never sleeps.
 */
int io_uring_mmap_pages(struct file *f, unsigned long pgoff, size_t len, struct shared_pages **sp,
			size_t *sp_pgoff);

/* teardown.c */
/* The ring file's operations; its release queues the teardown. */
extern const struct file_operations io_uring_fops;
/*
 * ctx->refs' release callback and ctx->exit_work's function, for setup
 * to install.  The release only signals ctx->ref_comp: any context.
 */
void io_ring_ctx_ref_free(struct percpu_ref *ref);
void io_ring_exit_work(struct work_struct *w);
/*
 * Cancels everything in flight, waits until no request is left, frees
 * the ring and signals ctx->exit_done.  May sleep; no ring lock held,
 * and the ring file must be gone (or never installed).
 */
void io_ring_exit(struct io_ring_ctx *ctx);

/* submit.c */
/*
 * Consumes up to nr SQEs and issues them; publishes the new SQ head.
 * uring_lock held, current->io_uring set (io_uring_task_attach); may sleep.  Returns SQEs consumed (fewer than nr if
 * the SQ ring had fewer, an index was bad, or an SQE failed its checks),
 * or -EAGAIN (no request allocated).
 */
int io_submit_sqes(struct io_ring_ctx *ctx, uint32_t nr);

/* req_alloc.c */
/*
 * A zeroed request for ctx holding a reference on ctx->refs and on the
 * submitter's context (current->io_uring, which must be set), from the
 * ring's cache or kzalloc, or NULL.  uring_lock held; never sleeps.
 */
struct io_kiocb *io_alloc_req(struct io_ring_ctx *ctx);
/*
 * Gives the memory of a request that holds nothing any more back to its
 * ring's cache (locked: the caller holds uring_lock) or to kfree.  Its
 * reference on ctx->refs must not be dropped yet.  Never sleeps.
 */
void io_req_recycle(struct io_kiocb *req, bool locked);
/* Teardown, no request left: frees both caches.  No lock needed. */
void io_req_caches_free(struct io_ring_ctx *ctx);

/* complete.c */
/*
 * Posts req's CQE (res), releases what it unblocks (count timeouts, drained
 * requests, the next link) and frees req.  Task context, no ring spinlock
 * held; waits only for the timers of timeouts it completes.
 */
void io_req_complete(struct io_kiocb *req, int res);
/*
 * Frees req without a CQE: its file or fixed-file generation, its copies,
 * and, last, its reference on ctx->refs, so the ring may be gone on return.
 * Any context but interrupts; never waits.
 */
void io_req_free(struct io_kiocb *req);
/*
 * Inside a submission batch (uring_lock held, io_submit_sqes): completes
 * req with res later, together with the batch's other completions, under
 * one completion_lock and one CQ tail update (io_submit_flush_completions).
 */
void io_req_complete_defer(struct io_kiocb *req, int res);
/*
 * Posts the batch's CQEs in order and does what each completion unblocks,
 * as io_req_complete would have one by one.  uring_lock held.
 */
void io_submit_flush_completions(struct io_ring_ctx *ctx);
/*
 * Moves overflowed CQEs into the CQ ring while it has room; true if none
 * is left waiting.  Task context, completion_lock not held; never waits.
 */
bool io_cqring_overflow_flush(struct io_ring_ctx *ctx);
/*
 * Waits until min_events CQEs are in the ring, flushing overflow as room
 * appears, with the signal mask sig (NULL: the task's own) while it
 * sleeps, for at most *uts (NULL: no limit).  May sleep; no ring lock
 * held.  0 (also whenever a CQE is ready, whatever ended the wait), or
 * -EINTR on a signal, -ETIME when *uts has passed, -EBUSY if overflowed
 * CQEs cannot be flushed, -EINVAL/-EFAULT for a bad sigmask or timespec.
 */
int io_cqring_wait(struct io_ring_ctx *ctx, uint32_t min_events, const uint64_t __user *sig,
		   size_t sigsz, const struct __kernel_timespec __user *uts);
/*
 * Queues req behind a drain; it (and anything ready) goes to a worker once
 * every earlier request has completed.  uring_lock held; waits for no
 * request.
 */
void io_queue_deferred(struct io_kiocb *req);
/*
 * Completes req and every request linked after it with -ECANCELED (or
 * each one's own prep error).  Task context, no ring spinlock held.
 */
void io_fail_links(struct io_kiocb *req);
/*
 * Teardown: completes everything waiting for a drain with -ECANCELED.
 * Task context, no ring lock held; never waits.
 */
void io_cancel_deferred(struct io_ring_ctx *ctx);
/* execve: io_cancel_deferred for tctx's requests only.  The same context. */
void io_cancel_task_deferred(struct io_ring_ctx *ctx, struct io_uring_task *tctx);
/*
 * Posts a CQE that belongs to no request (a fixed file's tag), or queues
 * it on the overflow list, and wakes the waiters.  It counts neither for
 * drain nor for timeouts; its flags are 0, as every CQE's in ringlet.
 * Task context, no ring spinlock held; never sleeps.
 */
void io_post_aux_cqe(struct io_ring_ctx *ctx, uint64_t user_data, int32_t res);

/* ops.c */
/*
 * Checks req's copied SQE fields as Linux checks them on reading the SQE
 * (the return value: an error here ends the submission batch), then takes
 * what the request needs from the submitter (file, iovecs, timespec, fd
 * table); an error in that second part is left in req->prep_err for the
 * CQE, as Linux meets it only at issue.  Submitter, uring_lock held; may
 * fault.  What it took req keeps.
 */
int io_req_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe);
/* io_issue's issue_flags: what the caller may do, and what it holds. */
enum {
	IO_ISSUE_NONBLOCK	= 1 << 0,	/* may not sleep for long */
	IO_ISSUE_LOCKED		= 1 << 1,	/* the caller holds uring_lock */
};
/*
 * Runs req; it completes, now or later (a timeout).  IO_ISSUE_NONBLOCK
 * (the submitter) must not block: -EAGAIN then means "give req to a
 * worker", untouched.  Without it (a worker): 0.  IO_ISSUE_LOCKED says
 * the caller holds uring_lock, so an op that needs it does not take it.
 */
int io_issue(struct io_kiocb *req, unsigned int issue_flags);
/*
 * Copies n bytes between kbuf and the submitter's memory at ubuf from a
 * worker (to_user: into it), holding the memory only for the copy.  The
 * bytes copied; 0 if the submitter's memory is gone.  May sleep.
 */
size_t io_copy_remote(struct io_kiocb *req, unsigned long ubuf, void *kbuf, size_t n, bool to_user);

/* net.c */
/* SENDMSG, RECVMSG, SEND or RECV.  Any context.  Inline: every request's prep asks. */
static inline bool io_op_is_sendrecv(uint8_t op)
{
	return op == IORING_OP_SENDMSG || op == IORING_OP_RECVMSG || op == IORING_OP_SEND ||
	       op == IORING_OP_RECV;
}
/* Their SQE checks (addr2 must be 0); adds MSG_NOSIGNAL as Linux.  0 or -EINVAL. */
int io_sendrecv_prep(struct io_kiocb *req);
/*
 * After the file is resolved: a socket's message in req->msg (imported
 * msghdr, the buffer, or the copied iovecs).  0 for a file that is not a
 * socket, but -ENOTSOCK for the send/recv opcodes; -EFAULT, -EINVAL,
 * -EMSGSIZE, -ENOBUFS, -ENOMEM as sendmsg(2).  Submitter; may fault.
 */
int io_sock_prep(struct io_kiocb *req);
/* Frees req->msg.  Never sleeps. */
void io_sock_msg_free(struct io_kiocb *req);
/*
 * Sends or receives req's message: -EAGAIN (nonblock only, nothing moved:
 * give req to a worker), else 0 with the CQE's result in *res.  A worker
 * moves the bytes through a kernel buffer.  May sleep without nonblock.
 */
int io_sock_issue(struct io_kiocb *req, unsigned int issue_flags, ssize_t *res);

/* timeout.c */
/* ts in ns: 0 if a field is negative, INT64_MAX for ~292 years or more.  Never sleeps. */
long long io_timespec_ns(const struct __kernel_timespec *ts);
/* The ticks a timer must wait to never fire before ns (ns >= 0) have passed. */
uint64_t io_ns_to_ticks(long long ns);
/*
 * Checks a TIMEOUT SQE and copies its timespec from user memory.
 * Submitter's context, may fault.  0 or -EINVAL/-EFAULT; arms nothing.
 */
int io_timeout_prep(struct io_kiocb *req);
/*
 * Issues a TIMEOUT: arms it (or, if the ring is dying, completes it with
 * -ECANCELED); a worker issuing one whose timer fired completes it with
 * -ETIME.  Task context, completion_lock not held; never waits.
 */
void io_timeout(struct io_kiocb *req);
/*
 * Counts req's completion for the timeouts waiting for a count and moves
 * those it satisfies, claimed, onto *claimed (through ->list); a timeout
 * req leaves the armed list instead.  completion_lock held; never sleeps.
 */
void io_timeout_count(struct io_kiocb *req, struct list_head *claimed);
/*
 * Completes with 0 the timeouts io_timeout_count claimed, emptying the
 * list.  No lock held: waits (del_timer_sync) for each one's timer to stop.
 */
void io_timeouts_complete(struct list_head *claimed);
/*
 * Teardown: marks the ring dying, so no timeout arms again, and completes
 * every armed one with -ECANCELED; fired ones are left to their worker.
 * Task context, no ring lock held; waits only for timer callbacks.
 */
void io_kill_timeouts(struct io_ring_ctx *ctx);
/*
 * execve: completes tctx's armed timeouts with -ECANCELED (fired ones are
 * left to their worker).  Task context, no ring lock held; waits only for
 * timer callbacks.
 */
void io_kill_task_timeouts(struct io_ring_ctx *ctx, struct io_uring_task *tctx);

/* files.c, files_update.c */
/* A file removed from a slot, waiting for its generation to be freed. */
struct fixed_file_put {
	struct file *file;
	uint64_t tag;		/* posted as a CQE's user_data when put, if not 0 */
};

/* A generation of a fixed-file table (files.c says what that is). */
struct fixed_file_gen {
	struct percpu_ref refs;		/* requests that looked up a file in this generation */
	struct list_head list;		/* in data->gens, oldest first */
	struct fixed_file_data *data;
	struct fixed_file_put *puts;	/* removed while this generation was current */
	unsigned int nr_put;
	bool done;			/* released; freed once all older ones are too */
};

/* A registered table.  The slots and alloc fields are under uring_lock. */
struct fixed_file_data {
	struct io_ring_ctx *ctx;
	struct file **table;
	uint64_t *tags;			/* each slot's tag, 0: none */
	unsigned int nr;
	bool unregistering;		/* unregister waits: no slots for anyone */
	uint32_t alloc_start, alloc_end;	/* IORING_FILE_INDEX_ALLOC's range */
	uint32_t alloc_hint;		/* where its search starts, as Linux's */
	enum io_uring_update_mode mode;	/* ctx->update_mode, fixed while registered */
	struct fixed_file_gen *cur;	/* GENERATIONS: the current generation */
	spinlock_t lock;		/* gens, nr_unreleased, every done, dying */
	struct list_head gens;
	unsigned int nr_unreleased;	/* generations in gens not yet done */
	bool dying;			/* retired: no generation will be added */
	struct work_struct put_work;	/* frees the done prefix of gens */
	struct completion done;		/* the last generation was released while dying */
};

/*
 * Points req at fixed slot index and takes a reference on the current
 * generation (not on the file).  uring_lock held; never sleeps.  0, or
 * -EBADF (no table, index out of range, or an empty slot).
 */
int io_fixed_file_get(struct io_kiocb *req, unsigned int index);
/* Drops req's generation reference; may free old generations.  Never waits. */
void io_fixed_file_put(struct io_kiocb *req);
/*
 * IORING_REGISTER_FILES(2): builds the table from nr fds (fds NULL or an
 * fd of -1: an empty slot) and nr tags (tags NULL: none).  uring_lock
 * held.  0, or in Linux 6.1's order -EBUSY (one exists), -EINVAL (nr 0),
 * -EMFILE (nr above the limit or RLIMIT_NOFILE), -ENOMEM, -EFAULT,
 * -EINVAL (a tag on an empty slot), -EBADF (a bad or ring fd); then
 * nothing is kept and no tag posted.
 */
int io_sqe_files_register(struct io_ring_ctx *ctx, const void __user *fds, unsigned int nr,
			  const uint64_t __user *tags);
/*
 * IORING_UNREGISTER_FILES: waits until no request uses the table, posts
 * the tags of the files updates removed, and puts every file (those
 * still in the table without their tags).  uring_lock held on entry and
 * return, dropped while waiting in GENERATIONS mode.  0 or -ENXIO (no
 * table, or another unregister is waiting).
 */
int io_sqe_files_unregister(struct io_ring_ctx *ctx);
/*
 * Teardown: frees the registered table (there must be one), waiting for
 * its last generation's release; posts no tag.  May sleep; no ring lock
 * held.
 */
void io_sqe_files_free(struct io_ring_ctx *ctx);
/* The slots calls may use: 0 with no table or while unregister waits.  uring_lock held. */
unsigned int io_files_nr(struct fixed_file_data *data);
/*
 * Starting a change that may remove up to max_removed files: allocates
 * the next generation and room for the removed files (GENERATIONS mode,
 * max_removed > 0; *nextp NULL otherwise).  uring_lock held.  0 or
 * -ENOMEM with nothing changed.  io_files_change_end() must follow.
 */
int io_files_change_begin(struct fixed_file_data *data, unsigned int max_removed,
			  struct fixed_file_gen **nextp);
/* Ends the change: retires the current generation if anything was removed.  Never waits. */
void io_files_change_end(struct fixed_file_data *data, struct fixed_file_gen *next);
/*
 * Empties an occupied slot inside a change: the file and its tag go to
 * the current generation (QUIESCE mode: the tag is posted and the file
 * put at once).  uring_lock held.
 */
void io_files_remove_slot(struct fixed_file_data *data, unsigned int slot);
/* Fills an empty slot with f (the caller's reference) and tag.  uring_lock held. */
void io_files_install_slot(struct fixed_file_data *data, unsigned int slot, struct file *f,
			   uint64_t tag);
/*
 * Updates nr slots from offset with fds and tags (NULL: all 0), fds from
 * files; an fd of -1 empties a slot, IORING_REGISTER_FILES_SKIP leaves it.
 * uring_lock held; waits for no request.  The slots done before the first
 * bad entry, or -EOVERFLOW/-ENXIO/-EINVAL/-ENOMEM/-EFAULT/-EBADF if none.
 */
int io_files_update(struct io_ring_ctx *ctx, uint32_t offset, const int32_t __user *fds,
		    const uint64_t __user *tags, unsigned int nr, struct files_struct *files);
/*
 * IORING_OP_FILES_UPDATE: io_files_update without tags, or with offset
 * IORING_FILE_INDEX_ALLOC each file to a free slot of the alloc range,
 * its index written back over its fd (-ENFILE: none free).  uring_lock
 * held; waits for no request.
 */
int io_sqe_files_update(struct io_ring_ctx *ctx, uint32_t offset, const void __user *fds,
			unsigned int nr, struct files_struct *files);
/*
 * IORING_OP_CLOSE of fixed slot: empties it as an update would.
 * uring_lock held.  0, -ENXIO (no table), -EINVAL (out of range),
 * -ENOMEM, -EBADF (empty).
 */
int io_fixed_fd_remove(struct io_ring_ctx *ctx, unsigned int slot);
/*
 * IORING_REGISTER_FILE_ALLOC_RANGE: arg is a struct
 * io_uring_file_index_range.  uring_lock held.  0, -EFAULT, -EOVERFLOW,
 * -EINVAL (resv set, or past the table).
 */
int io_register_file_alloc_range(struct io_ring_ctx *ctx, const void __user *arg);
/* True if f is an io_uring ring.  Any context. */
bool io_is_uring_file(struct file *f);
/*
 * The file at fd in files (NULL: no table) with a new reference, or NULL
 * if fd is not open or is a ring: a ring that held a reference to itself
 * could never be torn down.  Never sleeps.
 */
struct file *io_file_from_fd(struct files_struct *files, int fd);

/* task_cancel.c */
/*
 * Gives current an io_uring context if it has none.  0 or -ENOMEM.  Task
 * context; may sleep.
 */
int io_uring_task_attach(void);
/*
 * A reference on current's context (io_uring_task_attach made it), for a
 * new request: from the task's cache of references, refilled in batches.
 * The submitter; never sleeps.
 */
struct io_uring_task *io_tctx_get(void);
/*
 * Drops a request's reference on its submitter's context: back to the
 * cache if the submitter frees it itself, else freeing the context if
 * the task is gone, and telling a cancelling execve.  Any context but
 * interrupts; never waits.
 */
void io_tctx_put(struct io_uring_task *tctx);
/*
 * Something a cancelling execve may be waiting for happened (a request
 * went to a worker, or was freed): wakes it to look again.  Any context.
 */
void io_task_cancel_kick(void);
/* A new ring joins the list execve walks (setup), or leaves it (teardown).  May sleep. */
void io_rings_list_add(struct io_ring_ctx *ctx);
void io_rings_list_del(struct io_ring_ctx *ctx);

/* io_wq.c */
/* A worker pool with one worker started.  May sleep.  NULL if out of memory. */
struct io_wq *io_wq_create(void);
/*
 * Queues req for a worker, which issues it with nonblock clear (or, once
 * cancelling, completes it with -ECANCELED).  Any context, interrupts
 * included; grows the pool only from task context.  Waits for no request.
 */
void io_wq_enqueue(struct io_wq *wq, struct io_kiocb *req);
/*
 * Teardown: from now on requests taken are cancelled, and running ones
 * are signalled (a blocked pipe read ends: -ECANCELED, see io_issue).
 * Never waits.
 */
void io_wq_cancel_all(struct io_wq *wq);
/*
 * execve: completes tctx's queued requests (-ECANCELED; a fired timeout
 * -ETIME) and signals the workers running one of its requests.  Other
 * tasks' requests are left alone.  Task context, no ring lock held; waits
 * for no request.
 */
void io_wq_cancel_task(struct io_wq *wq, struct io_uring_task *tctx);
/*
 * Stops and reaps the workers and frees wq.  May sleep.  The caller has
 * waited for every request: the work list must be empty.
 */
void io_wq_destroy(struct io_wq *wq);

#endif
