/*
 * Requests from SQE to CQE, and the files they use (uring_torture).
 *
 * Probe files catch a use after release: a probe's read checks, before
 * and after a 20 us delay, that its file is still live, and its release
 * that no read is running and that it is the file's first (files_test.c
 * has the original).  Fixed tables hold probes, so a table update or
 * unregister that frees a file too early shows up here.
 *
 * Every request completes exactly once: each SQE gets a tracking entry
 * (t_req_alloc) whose user_data is unique; a CQE must name an entry in
 * flight, and frees it.  Each CQE's result must be one its request may
 * have (t_res_ok): exact for requests on known files, a small set for
 * fixed files (whose slot may have changed under them), -ECANCELED only
 * inside a chain.  A request ended by its ring's teardown is "lost": it
 * is certainly finished, but what it did is not known, so the accounts it
 * touches stay on the safe side.
 */
#include "torture.h"
#include "errno.h"

const char *const t_kind_name[TK_NR] = {
	[TK_NOP] = "nop",
	[TK_ZERO_READ] = "zero_read",
	[TK_NULL_READ] = "null_read",
	[TK_PROBE_READ] = "probe_read",
	[TK_PIPE_READ] = "pipe_read",
	[TK_PIPE_WRITE] = "pipe_write",
	[TK_DISCARD_WRITE] = "discard_write",
	[TK_RAMFS_WRITE] = "ramfs_write",
	[TK_RAMFS_READ] = "ramfs_read",
	[TK_FSYNC] = "fsync",
	[TK_FIXED_READ] = "fixed_read",
	[TK_FIXED_WRITE] = "fixed_write",
	[TK_FIXED_FSYNC] = "fixed_fsync",
	[TK_TIMEOUT] = "timeout",
	[TK_UPDATE] = "files_update",
	[TK_CLOSE] = "close",
	[TK_DOOMED] = "doomed_read",
};

void t_report(struct torture *t, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stress_vreport(&t->errors, t->rng_seed, file, line, fmt, ap);
	va_end(ap);
}

void t_stat(struct torture *t, int which)
{
	atomic_long_inc(&t->stats[which]);
}

/* ---- probe files ---- */

static ssize_t t_probe_read(struct file *f, void *buf, size_t len, long long *pos)
{
	struct t_probe *p = f->private_data;

	(void)pos;
	atomic_inc(&p->reading);
	if (atomic_read(&p->state) != P_LIVE || !file_is_live(f))
		t_error(p->t, "probe %ld read after its release", (long)(p - p->t->probes));
	udelay(20);	/* a request that uses its file for a while */
	if (atomic_read(&p->state) != P_LIVE || !file_is_live(f))
		t_error(p->t, "probe %ld released during a read", (long)(p - p->t->probes));
	memset(buf, 'p', len);
	atomic_dec(&p->reading);
	return (ssize_t)len;
}

static void t_probe_release(struct file *f)
{
	struct t_probe *p = f->private_data;

	if (atomic_read(&p->reading))
		t_error(p->t, "probe %ld released while a read runs", (long)(p - p->t->probes));
	if (atomic_cmpxchg(&p->state, P_LIVE, P_RELEASED) != P_LIVE)
		t_error(p->t, "probe %ld released twice", (long)(p - p->t->probes));
	atomic_inc(&p->releases);
}

static const struct file_operations t_probe_fops = {
	.read = t_probe_read,
	.release = t_probe_release,
	.name = "torture_probe",
};

/*
 * A new probe file (one reference), or NULL if the pool is busy.  A probe
 * is reused once released, which is still safe to check: a late second
 * release of its old file moves the new file's state to RELEASED, and the
 * new file's own release then reports the double release.
 */
struct file *t_probe_open(struct torture *t)
{
	int start = atomic_inc_return(&t->probe_cursor);

	for (int i = 0; i < 32; i++) {
		struct t_probe *p = &t->probes[(unsigned int)(start + i) % T_PROBES];
		int old = atomic_read(&p->state);
		struct file *f;

		if (old == P_LIVE || atomic_cmpxchg(&p->state, old, P_LIVE) != old)
			continue;
		p->t = t;
		atomic_inc(&p->lives);
		f = alloc_file(&t_probe_fops, p);
		if (!f) {
			atomic_dec(&p->lives);
			atomic_set(&p->state, old);
			return NULL;
		}
		t_stat(t, TS_PROBES);
		return f;
	}
	return NULL;
}

/* ---- a thread's files ---- */

/* Installs f (consuming the caller's reference); -1 if the table is full. */
int t_install(struct file *f)
{
	return f ? uring_test_install(f) : -1;
}

void t_close(int fd)
{
	if (fd >= 0)
		fd_close(current->files, fd);
}

bool t_thread_begin(struct torture *t, struct t_thread *th, int index)
{
	th->index = index;
	th->zero_fd = th->null_fd = th->ramfs_fd = th->pipe_rd_fd = th->pipe_wr_fd = -1;
	stress_rng_init(&th->rng, t->rng_seed, index);
	stress_alarm_init(&th->alarm);
	th->zero = zero_file_open();
	th->null = null_file_open();
	th->ramfs = ramfs_create("torture");
	if (!th->zero || !th->null || !th->ramfs ||
	    pipe_create(&th->pipe_rd, &th->pipe_wr, T_PIPE_CAP))
		return false;
	th->zero_fd = t_install(get_file(th->zero));
	th->null_fd = t_install(get_file(th->null));
	th->ramfs_fd = t_install(get_file(th->ramfs));
	th->pipe_rd_fd = t_install(get_file(th->pipe_rd));
	th->pipe_wr_fd = t_install(get_file(th->pipe_wr));
	return th->zero_fd >= 0 && th->null_fd >= 0 && th->ramfs_fd >= 0 && th->pipe_rd_fd >= 0 &&
	       th->pipe_wr_fd >= 0;
}

/*
 * Requests still in flight hold their own references: nothing waits here.
 * The pipe's read end stays open (t_thread_end_pipe), or a pipe write
 * still in flight would fail with -EPIPE.
 */
void t_thread_end(struct t_thread *th)
{
	struct file *files[] = { th->zero, th->null, th->ramfs, NULL, th->pipe_wr };
	int fds[] = { th->zero_fd, th->null_fd, th->ramfs_fd, th->pipe_rd_fd, th->pipe_wr_fd };

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		t_close(fds[i]);
		if (files[i])
			fput(files[i]);
	}
}

void t_thread_end_pipe(struct t_thread *th)
{
	if (th->pipe_rd)
		fput(th->pipe_rd);
	th->pipe_rd = NULL;
}

/* A value for a fixed slot: a fresh fd of a never-blocking file (the caller closes it), or -1. */
int32_t t_table_fd(struct torture *t, struct t_thread *th)
{
	switch (stress_below(&th->rng, 6)) {
	case 0:
		return -1;
	case 1:
		return t_install(get_file(th->zero));
	case 2:
		return t_install(get_file(th->null));
	case 3:
		return t_install(get_file(th->ramfs));
	default:
		return t_install(t_probe_open(t));
	}
}

/* ---- tracking requests ---- */

/* A free entry, marked in flight; sq_lock held.  NULL if the ring has T_TRACK in flight. */
struct t_req *t_req_alloc(struct t_slot *s, struct t_thread *th)
{
	for (int i = 0; i < T_TRACK; i++) {
		struct t_req *r = &s->reqs[i];

		if (atomic_cmpxchg(&r->state, T_FREE, T_INFLIGHT) != T_FREE)
			continue;
		r->user_data = (++s->seq << 8) | (uint64_t)i;
		r->kind = TK_NOP;
		r->chained = false;
		r->sqe_flags = 0;
		r->len = 0;
		r->owner = th->index;
		for (int j = 0; j < T_UPDATE_MAX; j++)
			r->fds[j] = -1;
		r->fd = -1;
		r->file = NULL;
		atomic_inc(&s->inflight);
		return r;
	}
	return NULL;
}

static bool t_res_ok(struct t_slot *s, struct t_req *r, int res)
{
	int len = (int)r->len;

	if (res == -ECANCELED && r->chained)
		return true;
	switch (r->kind) {
	case TK_NOP:
	case TK_FSYNC:
	case TK_CLOSE:
	case TK_NULL_READ:
		return res == 0;
	case TK_ZERO_READ:
	case TK_PROBE_READ:
	case TK_PIPE_READ:
	case TK_PIPE_WRITE:
	case TK_DISCARD_WRITE:
	case TK_RAMFS_WRITE:
		return res == len;
	case TK_RAMFS_READ:
		return res >= 0 && res <= len;
	case TK_FIXED_READ:
		return (res >= 0 && res <= len) || res == -EBADF;
	case TK_FIXED_WRITE:
		return res == len || res == -EINVAL || res == -EBADF;
	case TK_FIXED_FSYNC:
		return res == 0 || res == -EINVAL || res == -EBADF;
	case TK_TIMEOUT:
		return res == -ETIME || (len && res == 0);
	case TK_UPDATE:
		return res == len || res == -ENXIO || res == -EINVAL ||
		       (s->quiesce && res == -EOPNOTSUPP);
	}
	return false;	/* TK_DOOMED: nothing may end it but teardown */
}

/*
 * The end of a request: its CQE with res, or (lost) its ring's teardown,
 * after which it is certainly finished but its CQE is gone.  Settles the
 * owner's pipe accounts and closes the fds the request needed, then frees
 * the entry.
 */
void t_req_done(struct torture *t, struct t_slot *s, struct t_req *r, int res, bool lost)
{
	struct t_thread *owner = &t->threads[r->owner];
	int len = (int)r->len;

	switch (r->kind) {
	case TK_PIPE_READ:
		/* Lost: the bytes may or may not be gone; both accounts stay on the safe side. */
		if (!lost && res > 0) {
			atomic_sub(res, &owner->pipe_hi);
			atomic_add(len - res, &owner->pipe_lo);
		} else if (!lost) {
			atomic_add(len, &owner->pipe_lo);
		}
		atomic_dec(&owner->pipe_ops);
		break;
	case TK_PIPE_WRITE:
		if (!lost && res > 0) {
			atomic_add(res, &owner->pipe_lo);
			atomic_sub(len - res, &owner->pipe_hi);
		} else if (!lost) {
			atomic_sub(len, &owner->pipe_hi);
		}
		atomic_dec(&owner->pipe_ops);
		break;
	case TK_UPDATE:
		for (int i = 0; i < T_UPDATE_MAX; i++)
			t_close(r->fds[i]);
		break;
	case TK_CLOSE: {
		/* Our reference keeps r->file from being freed, so equal means "still installed". */
		struct file *f = fdget(current->files, r->fd);

		if (f == r->file) {
			if (!lost && res == 0)
				t_error(t, "CLOSE of fd %d succeeded but the fd is still open",
					r->fd);
			fd_close(current->files, r->fd);
		}
		if (f)
			fput(f);
		fput(r->file);
		break;
	}
	}
	atomic_dec(&s->inflight);
	atomic_xchg(&r->state, T_FREE);	/* ordered after everything above */
}

/* One CQE; cq_lock held (or the slot held exclusively). */
static void t_complete(struct torture *t, struct t_slot *s, uint64_t ud, int res)
{
	unsigned int idx = ud & 0xff;
	struct t_req *r = idx < T_TRACK ? &s->reqs[idx] : NULL;

	t_stat(t, TS_CQES);
	if (!r || atomic_read(&r->state) != T_INFLIGHT || r->user_data != ud) {
		t_error(t,
			"slot %ld: CQE user_data %#llx res %d: no such request in flight "
			"(a second CQE, or one never asked for)",
			(long)(s - t->slots), (unsigned long long)ud, res);
		return;
	}
	if (!t_res_ok(s, r, res))
		t_error(t, "slot %ld: %s%s len %u: bad result %d", (long)(s - t->slots),
			t_kind_name[r->kind], r->chained ? " (chained)" : "", r->len, res);
	t_req_done(t, s, r, res, false);
}

/*
 * Consumes the CQEs that are there; with wait, first waits (up to an
 * alarm) for one if there is none and requests are in flight.
 */
void t_reap(struct torture *t, struct t_thread *th, struct t_slot *s, bool wait)
{
	struct io_uring_cqe *cqe;

	/* Outside cq_lock, so that several threads may wait on one ring. */
	if (wait && atomic_read(&s->inflight)) {
		int ret;

		stress_alarm_arm(&th->alarm, T_REAP_WAIT_MS);
		ret = io_uring_enter((unsigned int)s->ring.ring_fd, 0, 1, IORING_ENTER_GETEVENTS);
		stress_alarm_disarm(&th->alarm);
		/*
		 * -EBUSY: the CQ ring was full with a backlog behind it when this
		 * thread tried to flush, and another thread of the ring reaped it
		 * empty before the return looked; Linux 6.1 answers the same.
		 */
		if (ret != 0 && ret != -EINTR && ret != -EBUSY)
			t_error(t, "io_uring_enter(GETEVENTS): %d", ret);
	}
	mutex_lock(&s->cq_lock);
	if (READ_ONCE(*s->ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW)
		t_stat(t, TS_OVERFLOWS);
	while (!io_uring_peek_cqe(&s->ring, &cqe)) {
		uint64_t ud = cqe->user_data;
		int res = cqe->res;

		io_uring_cqe_seen(&s->ring, cqe);
		t_complete(t, s, ud, res);
	}
	mutex_unlock(&s->cq_lock);
}

/*
 * Submits every SQE published so far; sq_lock held.  -EBUSY (completions
 * wait in the overflow list) is the application's cue to reap.
 */
void t_submit_all(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	for (int tries = 0;; tries++) {
		int ret = io_uring_submit(&s->ring);

		if (ret >= 0 && smp_load_acquire(s->ring.sq.khead) == *s->ring.sq.ktail)
			return;
		if (tries > 100000 || (ret < 0 && ret != -EBUSY && ret != -EAGAIN)) {
			t_error(t, "slot %ld: submit: %d after %d tries", (long)(s - t->slots), ret,
				tries);
			return;
		}
		if (ret == -EBUSY) {
			t_stat(t, TS_BUSY);
			t_reap(t, th, s, false);
		} else {
			yield();
		}
	}
}
