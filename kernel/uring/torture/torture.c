/*
 * The rings' torture test (suite uring_torture), in the manner of Linux's
 * rcutorture: threads on every CPU do random things to a few shared rings
 * for a number of operations or seconds, and invariants are checked all
 * along.  Options (include/cmdline.h): uring_torture.ops=N,
 * uring_torture.seconds=N, uring_torture.rng_seed=N; with none, a short
 * run for `make test`.  The RNG seed is printed first; a replay with it
 * repeats every thread's choices but not the interleaving (stress.h).
 *
 * The world.  nr_cpus + 1 ring slots, four threads per CPU.  Rings have 8
 * to 32 SQEs and twice as many CQEs, and up to 96 requests in flight, so
 * completions overflow the CQ ring and submissions meet -EBUSY.  A thread
 * picks an operation and a slot at random:
 *   - submit a batch of 1-6 requests, sometimes a (hard)linked chain,
 *     each with IOSQE_ASYNC or IOSQE_IO_DRAIN at random: NOP, plain reads
 *     and writes of the null and zero devices, of a ramfs file, of a fresh
 *     probe file and of the thread's own pipe, fsync, fixed-file reads,
 *     writes and fsyncs at random indexes (some past any table), short
 *     timeouts (some waiting for a count), IORING_OP_FILES_UPDATE and
 *     IORING_OP_CLOSE;
 *   - reap CQEs, sometimes first waiting in io_uring_enter (until an
 *     alarm), several threads on one ring at once;
 *   - update fixed slots with io_uring_register_files_update;
 *   - unregister the table and register a new one of random size;
 *   - tear the whole ring down (half the time after waiting for every
 *     CQE, otherwise with everything in flight) and make a new one, in
 *     GENERATIONS or, sometimes, QUIESCE update mode;
 *   - start a pipe read that only the ring's teardown can end;
 *   - (thread 0) set percpu_ref_confirm_delay_us to a random small value,
 *     widening the window between a generation switch's confirm hook and
 *     its last access (docs/uring.md, the seed bug).
 *
 * What is checked, continuously:
 *   - no file is used after its release, none is released twice: fixed
 *     tables hold probe files (as in files_test.c) whose read checks,
 *     before and after a 20 us delay, that the file is still live, and
 *     whose release checks that no read is running and that it is the
 *     file's first;
 *   - every request completes exactly once: each SQE gets a tracking
 *     entry whose user_data is unique; a CQE must name an entry in
 *     flight, and frees it;
 *   - each CQE's result is one its request may have: exact for requests
 *     on known files, a small set for fixed files (whose slot may have
 *     changed under them), -ECANCELED only inside a chain;
 *   - the thread's pipe holds what the completions say it holds: when no
 *     pipe request is in flight it is drained and the byte count must lie
 *     between what is certainly there and what may be there;
 *   - at a quiescent teardown, every request of the ring completed
 *     (within T_DRAIN_MS), and the ring dropped no SQE and lost no CQE;
 *   - no thread stays in one operation for T_STALL_S seconds: a watchdog
 *     reports each stuck thread, its operation, and what its ring has in
 *     flight, then panics (a deadlock cannot be broken from here);
 *   - at the end: every probe was released exactly once, and ktest's leak
 *     check finds every ring, request, generation, file and page freed.
 *
 * What it found: IORING_UNREGISTER_FILES waited for every fixed-file
 * request while holding uring_lock, and a worker running
 * IORING_OP_FILES_UPDATE takes uring_lock, so a fixed read drained or
 * linked behind such an update never completed, nor did the unregister
 * (now uring_files_unregister.unregister_waits_without_blocking_a_worker_update);
 * the watchdog reported it within seconds of a default run.  The first
 * fix dropped the lock in QUIESCE mode too, and the next run caught a
 * second register call killing the stopped ring's ctx->refs again
 * (uring_files_unregister.quiesce_mode_unregister_races_other_register_calls).
 *
 * Rules that keep the test from hanging itself (it must only hang if the
 * kernel does):
 *   - every file in a fixed table or read through the workers is one that
 *     never blocks (probe, null, zero, ramfs), except the thread's pipe,
 *     which is read only when the data is known to be there and written
 *     only when the room is, and the "doomed" read, at most one per ring,
 *     never in QUIESCE mode, with no IOSQE_IO_DRAIN after it, and only
 *     ended by an abrupt teardown;
 *   - a thread that publishes SQEs submits them all before letting go of
 *     the ring, so every fd is resolved while its owner still holds it;
 *   - fds that a request reads later (FILES_UPDATE's array, CLOSE's
 *     target) stay open until its CQE (or the ring's teardown) is seen;
 *   - every wait for CQEs ends at an alarm; a quiescent teardown waits
 *     again and again, up to a deadline.
 * torture.h lists the files the test is cut into, and the lock order.
 */
#include "torture.h"
#include "errno.h"
#include "slab.h"
#include "smp.h"
#include "percpu_ref.h"
#include "printk.h"
#include "panic.h"

/* ---- operations ---- */

static void t_op_submit(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	struct io_uring_sqe *sqes[T_BATCH];
	struct t_req *reqs[T_BATCH];
	int close_fds[T_BATCH];
	int n = 1 + (int)stress_below(&th->rng, T_BATCH), built = 0;
	bool chain = stress_chance(&th->rng, 20);

	mutex_lock(&s->sq_lock);
	for (; built < n; built++) {
		struct t_req *r = t_req_alloc(s, th);
		struct io_uring_sqe *sqe;

		if (!r)
			break;
		sqe = io_uring_get_sqe(&s->ring);	/* the SQ ring is empty between batches */
		close_fds[built] = -1;
		t_prep_random(t, th, sqe, r, &close_fds[built]);
		if (stress_chance(&th->rng, 15))
			sqe->flags |= IOSQE_ASYNC;
		/* A drain behind a doomed read would wait for the ring's teardown. */
		if (!s->doomed && stress_chance(&th->rng, 5))
			sqe->flags |= IOSQE_IO_DRAIN;
		sqes[built] = sqe;
		reqs[built] = r;
		r->sqe_flags = sqe->flags;
	}
	for (int i = 0; chain && built > 1 && i < built; i++) {
		if (i < built - 1)
			sqes[i]->flags |= stress_chance(&th->rng, 70) ? IOSQE_IO_LINK :
									IOSQE_IO_HARDLINK;
		reqs[i]->chained = true;
		reqs[i]->sqe_flags = sqes[i]->flags;
	}
	t_submit_all(t, th, s);
	mutex_unlock(&s->sq_lock);
	for (int i = 0; i < built; i++)
		t_close(close_fds[i]);
	atomic_long_add(built, &t->stats[TS_REQUESTS]);
}

static void t_op_update(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	int32_t fds[T_UPDATE_MAX];
	int n = 1 + (int)stress_below(&th->rng, T_UPDATE_MAX), ret;
	unsigned int off = stress_below(&th->rng, T_INDEX_MAX);

	for (int i = 0; i < n; i++)
		fds[i] = t_table_fd(t, th);
	ret = io_uring_register_files_update(&s->ring, off, fds, (unsigned int)n);
	if (ret != n && ret != -ENXIO && ret != -EINVAL)
		t_error(t, "slot %ld: register_files_update(%u, %d): %d", (long)(s - t->slots), off,
			n, ret);
	for (int i = 0; i < n; i++)
		t_close(fds[i]);
	t_stat(t, TS_UPDATES_REG);
}

static void t_op_reregister(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	int ret = io_uring_unregister_files(&s->ring);

	if (ret && ret != -ENXIO)
		t_error(t, "slot %ld: unregister: %d", (long)(s - t->slots), ret);
	if (stress_chance(&th->rng, 80) && (ret = t_register(t, th, s)) && ret != -EBUSY)
		t_error(t, "slot %ld: register: %d", (long)(s - t->slots), ret);
	t_stat(t, TS_REREGISTERS);
}

/* A read of an empty pipe whose writer we keep: it blocks in a worker until teardown. */
static void t_op_doom(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	struct io_uring_sqe *sqe;
	struct file *rd, *wr;
	struct t_req *r;
	int fd;

	mutex_lock(&s->sq_lock);
	if (s->quiesce || s->doomed || pipe_create(&rd, &wr, 64)) {
		mutex_unlock(&s->sq_lock);
		return;
	}
	fd = t_install(rd);
	r = fd >= 0 ? t_req_alloc(s, th) : NULL;
	if (!r) {
		t_close(fd);
		fput(wr);
		mutex_unlock(&s->sq_lock);
		return;
	}
	sqe = io_uring_get_sqe(&s->ring);
	io_uring_prep_read(sqe, fd, th->buf, 1, 0);
	if (stress_chance(&th->rng, 50))
		sqe->flags = IOSQE_ASYNC;
	sqe->user_data = r->user_data;
	r->kind = TK_DOOMED;
	r->sqe_flags = sqe->flags;
	r->len = 1;
	s->doomed = true;
	s->doomed_wr = wr;
	t_submit_all(t, th, s);
	mutex_unlock(&s->sq_lock);
	t_close(fd);
	t_stat(t, TS_DOOMED);
}

/*
 * With none of our pipe requests in flight, the pipe holds between
 * pipe_lo and pipe_hi bytes: drain it and check.
 */
static void t_op_pipe_check(struct torture *t, struct t_thread *th)
{
	static char sink[T_PIPE_CAP];
	long long got = 0;
	ssize_t n;

	if (atomic_read(&th->pipe_ops))
		return;
	/* Only this thread reads its pipe outside the rings, so sink is shared harmlessly. */
	while ((n = vfs_read_nonblock(th->pipe_rd, sink, sizeof(sink), NULL)) > 0)
		got += n;
	if (got < atomic_read(&th->pipe_lo) || got > atomic_read(&th->pipe_hi))
		t_error(t, "thread %d: pipe held %lld bytes, expected %d..%d", th->index, got,
			atomic_read(&th->pipe_lo), atomic_read(&th->pipe_hi));
	atomic_set(&th->pipe_lo, 0);
	atomic_set(&th->pipe_hi, 0);
}

static void t_op_teardown(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	if (!t_slot_get_excl(s))
		return;
	t_ring_destroy(t, th, s, !s->doomed && stress_chance(&th->rng, 50));
	t_ring_create(t, th, s);
	t_slot_put_excl(s);
}

/* Thread 0: mostly no delay, sometimes a few us, rarely up to a millisecond. */
static void t_op_delay(struct torture *t, struct t_thread *th)
{
	uint32_t p = stress_below(&th->rng, 100);
	unsigned int us = 0;

	if (p >= 97)
		us = 300 + stress_below(&th->rng, 700);
	else if (p >= 85)
		us = 50 + stress_below(&th->rng, 250);
	else if (p >= 50)
		us = 1 + stress_below(&th->rng, 50);

	WRITE_ONCE(percpu_ref_confirm_delay_us, us);
	t_stat(t, TS_DELAYS);
}

enum {
	OP_SUBMIT,
	OP_REAP,
	OP_UPDATE,
	OP_REREGISTER,
	OP_TEARDOWN,
	OP_DOOM,
	OP_PIPE,
	OP_DELAY,
	OP_NR
};

static const char *const t_op_name[OP_NR] = {
	"submit", "reap", "register_files_update", "unregister/register", "teardown",
	"doomed_read", "pipe_check", "confirm_delay",
};

/* Weights, in per mille. */
static const int t_op_weight[OP_NR] = { 480, 250, 120, 40, 30, 5, 45, 30 };

static int t_pick_op(struct t_thread *th)
{
	int x = (int)stress_below(&th->rng, 1000);

	for (int op = 0; op < OP_NR; op++) {
		x -= t_op_weight[op];
		if (x < 0)
			return op;
	}
	return OP_SUBMIT;
}

static void t_one_op(struct torture *t, struct t_thread *th)
{
	int op = t_pick_op(th);
	struct t_slot *s = &t->slots[stress_below(&th->rng, (uint32_t)t->nr_slots)];

	if (op == OP_DELAY && th->index)
		op = OP_SUBMIT;
	WRITE_ONCE(th->op, t_op_name[op]);
	WRITE_ONCE(th->op_slot, (int)(s - t->slots));
	WRITE_ONCE(th->op_start_ns, ktime_get_ns());
	if (op == OP_PIPE) {
		t_op_pipe_check(t, th);
	} else if (op == OP_DELAY) {
		t_op_delay(t, th);
	} else if (op == OP_TEARDOWN) {
		t_op_teardown(t, th, s);
	} else if (t_slot_get(s)) {
		if (op == OP_SUBMIT)
			t_op_submit(t, th, s);
		else if (op == OP_REAP)
			t_reap(t, th, s, stress_chance(&th->rng, 30));
		else if (op == OP_UPDATE)
			t_op_update(t, th, s);
		else if (op == OP_REREGISTER)
			t_op_reregister(t, th, s);
		else
			t_op_doom(t, th, s);
		t_slot_put(s);
	}
	WRITE_ONCE(th->op, NULL);
}

static bool t_done(struct torture *t)
{
	return (t->ops_target && (unsigned long)atomic_long_read(&t->ops) >= t->ops_target) ||
	       (t->deadline_ns && ktime_get_ns() >= t->deadline_ns);
}

static int t_thread_fn(void *arg)
{
	struct torture *t = arg;
	int index = atomic_inc_return(&t->next_thread) - 1;
	struct t_thread *th = &t->threads[index];

	if (!t_thread_begin(t, th, index)) {
		t_error(t, "thread %d: no memory for its files", index);
	} else {
		while (!t_done(t)) {
			t_one_op(t, th);
			atomic_long_inc(&t->ops);
		}
	}
	t_thread_end(th);
	return 0;
}

/* What a stuck ring has in flight, for the log: kind, IOSQE_* flags, user_data. */
static void t_dump_slot(struct torture *t, struct t_slot *s)
{
	int shown = 0;

	printk("  # uring_torture: slot %ld: %d requests in flight%s%s\n", (long)(s - t->slots),
	       atomic_read(&s->inflight), s->quiesce ? ", QUIESCE mode" : "",
	       s->doomed ? ", doomed read" : "");
	for (int i = 0; i < T_TRACK && shown < 24; i++) {
		struct t_req *r = &s->reqs[i];

		if (atomic_read(&r->state) != T_INFLIGHT)
			continue;
		printk("  # uring_torture:   %s flags %#x%s user_data %#llx\n",
		       t_kind_name[r->kind], r->sqe_flags, r->chained ? " chained" : "",
		       (unsigned long long)r->user_data);
		shown++;
	}
}

/*
 * The hung-task detector: an operation that has run for T_STALL_S seconds
 * is reported with what its ring has in flight, and once every thread has
 * had a few seconds to be reported too, the kernel panics.  A deadlock
 * cannot be broken from here, and a boot that would only end at the
 * runner's timeout is better ended now, with the diagnosis in the log
 * (Linux's hung_task_panic).
 */
static int t_watchdog_fn(void *arg)
{
	struct torture *t = arg;
	bool dumped[NR_CPUS + 1] = { false };
	int stuck = 0, grace = 0;

	while (!READ_ONCE(t->threads_done)) {
		uint64_t now = ktime_get_ns();

		for (int i = 0; i < t->nr_threads; i++) {
			struct t_thread *th = &t->threads[i];
			const char *op = READ_ONCE(th->op);
			uint64_t start = READ_ONCE(th->op_start_ns);
			int slot = READ_ONCE(th->op_slot);

			if (!op || th->stall_reported || now < start + T_STALL_S * 1000000000ULL)
				continue;
			th->stall_reported = true;
			stuck++;
			t_error(t, "thread %d stuck for %d s in %s on slot %d", i, T_STALL_S, op,
				slot);
			if (!dumped[slot]) {
				dumped[slot] = true;
				t_dump_slot(t, &t->slots[slot]);
			}
		}
		if (stuck && ++grace > 10)
			panic("uring_torture: %d threads stuck (RNG seed %u)", stuck, t->rng_seed);
		msleep(500);
	}
	return 0;
}

KTEST(uring_torture, random_mix_on_all_cpus)
{
	unsigned int saved_delay = percpu_ref_confirm_delay_us;
	struct boot_options o;
	struct t_thread *me;
	struct torture *t;
	struct task *watchdog;
	uint64_t start;
	unsigned long seconds;

	t = kzalloc(sizeof(*t));
	ASSERT_NOT_NULL(t);
	stress_boot_options(&o);
	t->rng_seed = stress_rng_seed(o.uring_torture_rng_seed);
	t->ops_target = o.uring_torture_ops;
	seconds = o.uring_torture_seconds;
	if (!t->ops_target && !seconds) {
		t->ops_target = T_DEFAULT_OPS;
		seconds = T_DEFAULT_SECONDS;
	}
	t->nr_threads = T_PER_CPU * num_online_cpus();
	t->nr_slots = num_online_cpus() + 1;
	t->slots = kzalloc((size_t)t->nr_slots * sizeof(*t->slots));
	t->threads = kzalloc((size_t)(t->nr_threads + 1) * sizeof(*t->threads));
	ASSERT_NOT_NULL(t->slots);
	ASSERT_NOT_NULL(t->threads);
	printk("  # uring_torture: rng_seed=%u ops=%lu seconds=%lu (0: no limit) threads=%d rings=%d "
	       "(replay: uring_torture.rng_seed=%u; the interleaving is not replayed)\n",
	       t->rng_seed, t->ops_target, seconds, t->nr_threads, t->nr_slots, t->rng_seed);

	/* Threads share this table, as the threads of one process do. */
	files_put(current->files);
	current->files = files_alloc(FILES_MAX_FDS);
	ASSERT_NOT_NULL(current->files);
	me = &t->threads[t->nr_threads];
	EXPECT_TRUE(t_thread_begin(t, me, t->nr_threads));
	for (int i = 0; i < t->nr_slots; i++) {
		struct t_slot *s = &t->slots[i];

		spin_lock_init(&s->lock, "torture slot");
		mutex_init(&s->sq_lock);
		mutex_init(&s->cq_lock);
		t_ring_create(t, me, s);
	}

	start = ktime_get_ns();
	if (seconds)
		t->deadline_ns = start + seconds * 1000000000ULL;
	watchdog = kthread_run(t_watchdog_fn, t, "torture-wd");
	EXPECT_EQ(ktest_run_threads(t_thread_fn, t, T_PER_CPU), 0);
	WRITE_ONCE(t->threads_done, true);
	if (watchdog)
		kthread_stop(watchdog);
	percpu_ref_confirm_delay_us = saved_delay;

	/* The end is a quiescent point for every ring that can have one. */
	for (int i = 0; i < t->nr_slots; i++)
		if (!t->slots[i].dead)
			t_ring_destroy(t, me, &t->slots[i], !t->slots[i].doomed);
	t_thread_end(me);
	for (int i = 0; i <= t->nr_threads; i++)
		t_thread_end_pipe(&t->threads[i]);
	for (int i = 0; i < T_PROBES; i++) {
		struct t_probe *p = &t->probes[i];

		if (atomic_read(&p->state) == P_LIVE ||
		    atomic_read(&p->lives) != atomic_read(&p->releases))
			t_error(t, "probe %d: %d files, %d releases", i, atomic_read(&p->lives),
				atomic_read(&p->releases));
	}
	uring_test_files_end();

	printk("  # uring_torture: requests=%ld cqes=%ld updates=%ld+%ld (register+ring) "
	       "reregisters=%ld teardowns=%ld (quiescent %ld) doomed=%ld delays=%ld probes=%ld "
	       "overflows seen=%ld submit -EBUSY=%ld in %llu ms\n",
	       atomic_long_read(&t->stats[TS_REQUESTS]), atomic_long_read(&t->stats[TS_CQES]),
	       atomic_long_read(&t->stats[TS_UPDATES_REG]),
	       atomic_long_read(&t->stats[TS_UPDATES_RING]),
	       atomic_long_read(&t->stats[TS_REREGISTERS]),
	       atomic_long_read(&t->stats[TS_TEARDOWNS]), atomic_long_read(&t->stats[TS_QUIESCENT]),
	       atomic_long_read(&t->stats[TS_DOOMED]), atomic_long_read(&t->stats[TS_DELAYS]),
	       atomic_long_read(&t->stats[TS_PROBES]), atomic_long_read(&t->stats[TS_OVERFLOWS]),
	       atomic_long_read(&t->stats[TS_BUSY]),
	       (unsigned long long)((ktime_get_ns() - start) / 1000000));
	printk("  # uring_torture: ops=%ld errors=%ld rng_seed=%u cpus=%d\n",
	       atomic_long_read(&t->ops), atomic_long_read(&t->errors), t->rng_seed,
	       num_online_cpus());
	EXPECT_EQ(atomic_long_read(&t->errors), 0);
	kfree(t->threads);
	kfree(t->slots);
	kfree(t);
}
