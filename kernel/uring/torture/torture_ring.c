/*
 * Ring slots (uring_torture).  Threads share a slot's ring (t_slot_get)
 * for everything but its teardown, which takes the slot alone
 * (t_slot_get_excl) and gives up rather than wait: a thread holds no slot
 * while it waits for another.  A teardown is quiescent half the time:
 * it first waits for every request (T_DRAIN_MS at most), then checks that
 * the ring dropped no SQE and lost no CQE.  Otherwise it closes the ring
 * with everything in flight, and the requests still tracked are ended as
 * lost.  A new ring has 8 to 32 SQEs, is in QUIESCE update mode 15% of
 * the time, and usually starts with a table.
 */
#include "torture.h"
#include "errno.h"

bool t_slot_get(struct t_slot *s)
{
	bool ok;

	spin_lock(&s->lock);
	ok = !s->excl && !s->dead;
	s->users += ok;
	spin_unlock(&s->lock);
	return ok;
}

void t_slot_put(struct t_slot *s)
{
	spin_lock(&s->lock);
	s->users--;
	spin_unlock(&s->lock);
}

/* The slot to oneself, if nobody uses it now (teardown never waits for users). */
bool t_slot_get_excl(struct t_slot *s)
{
	bool ok;

	spin_lock(&s->lock);
	ok = !s->excl && !s->users && !s->dead;
	s->excl |= ok;
	spin_unlock(&s->lock);
	return ok;
}

void t_slot_put_excl(struct t_slot *s)
{
	spin_lock(&s->lock);
	s->excl = false;
	spin_unlock(&s->lock);
}

/* A random table of 1..T_TABLE_MAX slots; 0 or -EBUSY (another thread was first). */
int t_register(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	int32_t fds[T_TABLE_MAX];
	int nr = 1 + (int)stress_below(&th->rng, T_TABLE_MAX), ret;

	for (int i = 0; i < nr; i++)
		fds[i] = t_table_fd(t, th);
	ret = io_uring_register_files(&s->ring, fds, (unsigned int)nr);
	for (int i = 0; i < nr; i++)
		t_close(fds[i]);
	return ret;
}

/* A new ring for s, in a random update mode, usually with a table. */
void t_ring_create(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	int ret = io_uring_queue_init(T_SQ_MAX >> stress_below(&th->rng, 3), &s->ring, 0);

	s->quiesce = false;
	s->doomed = false;
	if (ret) {
		t_error(t, "slot %ld: io_uring_queue_init: %d", (long)(s - t->slots), ret);
		s->dead = true;
		return;
	}
	if (stress_chance(&th->rng, 15)) {
		s->quiesce = true;
		ret = io_uring_set_update_mode((unsigned int)s->ring.ring_fd,
					       IO_URING_UPDATE_QUIESCE);
		if (ret)
			t_error(t, "io_uring_set_update_mode: %d", ret);
	}
	if (stress_chance(&th->rng, 70) && (ret = t_register(t, th, s)))
		t_error(t, "slot %ld: register on a new ring: %d", (long)(s - t->slots), ret);
}

/*
 * Waits (up to T_DRAIN_MS) for every request of s to complete, then checks
 * that the ring dropped no SQE and lost no CQE.  s is held exclusively.
 */
static void t_drain(struct torture *t, struct t_thread *th, struct t_slot *s)
{
	uint64_t deadline = ktime_get_ns() + T_DRAIN_MS * 1000000ULL;
	long slot = (long)(s - t->slots);

	while (atomic_read(&s->inflight) && ktime_get_ns() < deadline)
		t_reap(t, th, s, true);
	if (atomic_read(&s->inflight)) {
		for (int i = 0; i < T_TRACK; i++) {
			struct t_req *r = &s->reqs[i];

			if (atomic_read(&r->state) == T_INFLIGHT) {
				t_error(t,
					"slot %ld: %d requests never completed, e.g. %s user_data %#llx",
					slot, atomic_read(&s->inflight), t_kind_name[r->kind],
					(unsigned long long)r->user_data);
				break;
			}
		}
	}
	if (*s->ring.sq.kdropped || *s->ring.cq.koverflow)
		t_error(t, "slot %ld: %u SQEs dropped, %u CQEs lost", slot, *s->ring.sq.kdropped,
			*s->ring.cq.koverflow);
	if (*s->ring.sq.kflags & IORING_SQ_CQ_OVERFLOW)
		t_error(t, "slot %ld: overflow flag set with every CQE reaped", slot);
}

/*
 * Tears s's ring down, waiting for its requests first if quiescent; every
 * request still tracked then finished without a CQE we can see.
 */
void t_ring_destroy(struct torture *t, struct t_thread *th, struct t_slot *s, bool quiescent)
{
	if (quiescent) {
		WRITE_ONCE(th->op, "teardown: waiting for CQEs");
		t_drain(t, th, s);
	}
	if (stress_chance(&th->rng, 30)) {
		int ret;

		WRITE_ONCE(th->op, "teardown: unregister");
		ret = io_uring_unregister_files(&s->ring);
		if (ret && ret != -ENXIO)
			t_error(t, "slot %ld: unregister before teardown: %d", (long)(s - t->slots),
				ret);
	}
	WRITE_ONCE(th->op, "teardown: close");
	io_uring_queue_exit(&s->ring);
	for (int i = 0; i < T_TRACK; i++)
		if (atomic_read(&s->reqs[i].state) == T_INFLIGHT)
			t_req_done(t, s, &s->reqs[i], 0, true);
	if (s->doomed_wr) {
		fput(s->doomed_wr);
		s->doomed_wr = NULL;
	}
	t_stat(t, TS_TEARDOWNS);
	if (quiescent)
		t_stat(t, TS_QUIESCENT);
}
