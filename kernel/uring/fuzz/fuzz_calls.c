/*
 * Feeding the fuzzer's inputs (uring_fuzz) and checking each call
 * against its contract: the errors documented in include/io_uring.h and
 * kernel/uring/, and what a success may return.
 *   io_uring_enter     submitted no more than asked (or IORING_MAX_ENTRIES);
 *                      errors -EBADF, -EOPNOTSUPP, -EINVAL, -EBUSY (CQ
 *                      overflow), -EINTR (the alarm), -EAGAIN, and
 *                      -ENOMEM when it was to submit and the thread
 *                      still has no task context (failslab=...);
 *   io_uring_register  per opcode (fz_register_ok);
 *   io_uring_setup     a ring, which must close, or -EINVAL, -EFAULT,
 *                      -EMFILE, -ENOMEM;
 *   io_uring_mmap      NULL or a region of one of this thread's rings;
 *   CQEs               a result within -4095..MAX_RW_COUNT, and -EBADF
 *                      for a plain request on a ring's fd (fuzz_input.c),
 *                      judged only while the application has not written
 *                      into the CQ ring (fz_ring.scribbled);
 *   closing a ring     always succeeds, whatever is in flight.
 * An io_uring_enter that may wait is bounded by an alarm (FZ_ALARM_MS).
 */
#include "fuzz.h"
#include "errno.h"
#include "smp.h"

int fz_ring_setup(struct fz_ring *r, uint32_t entries, struct io_uring_params *p)
{
	int fd = io_uring_setup(entries, p);

	r->fd = -1;
	if (fd < 0)
		return fd;
	r->p = *p;
	r->rings_size = p->sq_off.array + p->sq_entries * sizeof(uint32_t);
	r->rings = io_uring_mmap((unsigned int)fd, IORING_OFF_SQ_RING, r->rings_size);
	r->sqes = io_uring_mmap((unsigned int)fd, IORING_OFF_SQES,
				p->sq_entries * sizeof(struct io_uring_sqe));
	if (!r->rings || !r->sqes) {
		io_uring_close_sync((unsigned int)fd);
		return -ENOMEM;
	}
	r->sq_head = (uint32_t *)(r->rings + p->sq_off.head);
	r->sq_tail = (uint32_t *)(r->rings + p->sq_off.tail);
	r->sq_array = (uint32_t *)(r->rings + p->sq_off.array);
	r->sq_flags = (uint32_t *)(r->rings + p->sq_off.flags);
	r->sq_dropped = (uint32_t *)(r->rings + p->sq_off.dropped);
	r->cq_head = (uint32_t *)(r->rings + p->cq_off.head);
	r->cq_tail = (uint32_t *)(r->rings + p->cq_off.tail);
	r->cq_overflow = (uint32_t *)(r->rings + p->cq_off.overflow);
	r->cqes = (struct io_uring_cqe *)(r->rings + p->cq_off.cqes);
	/* The masks from the parameters, never from the memory we scribble on. */
	r->sq_mask = p->sq_entries - 1;
	r->cq_mask = p->cq_entries - 1;
	r->scribbled = false;
	r->cq_head_moved = false;
	r->long_timeout = false;
	r->fd = fd;
	return fd;
}

static void fz_close(struct fuzz *f, int fd)
{
	int ret = io_uring_close_sync((unsigned int)fd);

	if (ret)
		fz_anomaly(f, "closing ring fd %d: %d", fd, ret);
}

void fz_ring_close(struct fuzz *f, struct fz_ring *r)
{
	if (r->fd >= 0)
		fz_close(f, r->fd);
	r->fd = -1;
}

/* Waits in io_uring_enter for at most FZ_ALARM_MS if flags ask to wait. */
static int fz_enter_call(struct fz_thread *th, int fd, uint32_t to_submit, uint32_t min,
			 uint32_t flags)
{
	int ret;

	if (flags & IORING_ENTER_GETEVENTS)
		stress_alarm_arm(&th->alarm, FZ_ALARM_MS);
	ret = io_uring_enter((unsigned int)fd, to_submit, min, flags);
	if (flags & IORING_ENTER_GETEVENTS)
		stress_alarm_disarm(&th->alarm);
	return ret;
}

static void fz_check_enter(struct fuzz *f, int ret, uint32_t to_submit)
{
	bool ok;

	if (ret >= 0)
		ok = (uint32_t)ret <= min(to_submit, (uint32_t)IORING_MAX_ENTRIES);
	else if (ret == -ENOMEM)
		/* Only the allocation of the submitter's context may fail, as in Linux 6.1. */
		ok = to_submit && !current->io_uring;
	else
		ok = ret == -EBADF || ret == -EOPNOTSUPP || ret == -EINVAL || ret == -EBUSY ||
		     ret == -EINTR || ret == -EAGAIN;
	if (!ok)
		fz_anomaly(f, "io_uring_enter(to_submit %u): %d", to_submit, ret);
}

static int fz_res_class(int res)
{
	switch (res) {
	case -EINVAL:
		return FS_RES_EINVAL;
	case -EFAULT:
		return FS_RES_EFAULT;
	case -EBADF:
		return FS_RES_EBADF;
	case -ECANCELED:
		return FS_RES_ECANCELED;
	}
	return res >= 0 ? FS_RES_OK : FS_RES_OTHER;
}

/* True if res is what a CQE with user_data ud may say (see fuzz_input.c's "Known results"). */
static bool fz_ring_fd_res_ok(uint64_t ud, int res)
{
	return res == -EBADF || ((ud & FZ_RING_FD_EINVAL) && res == -EINVAL);
}

/*
 * Consumes what the CQ ring says is there, whatever its head and tail
 * hold.  Once the head was scribbled on, the kernel may be writing a CQE
 * that is read here, so a result is only held to its range, which any mix
 * of two CQEs meets.
 */
void fz_reap(struct fuzz *f, struct fz_ring *r)
{
	uint32_t head = READ_ONCE(*r->cq_head), n = smp_load_acquire(r->cq_tail) - head;

	n = min(n, r->p.cq_entries);
	for (uint32_t i = 0; i < n; i++) {
		struct io_uring_cqe *cqe = &r->cqes[(head + i) & r->cq_mask];
		uint64_t ud = READ_ONCE(cqe->user_data);
		int res = READ_ONCE(cqe->res);

		if (r->scribbled)
			continue;
		if (res < -4095 || res > (int)FZ_MAX_RW)
			fz_anomaly(f, "CQE user_data %#llx: result %d out of range",
				   (unsigned long long)ud, res);
		if ((ud & ~FZ_RING_FD_EINVAL) == FZ_RING_FD_UD && !r->cq_head_moved) {
			atomic_long_inc(&f->stats[FS_RING_FD]);
			if (!fz_ring_fd_res_ok(ud, res))
				fz_anomaly(f, "plain request on a ring fd (user_data %#llx): %d",
					   (unsigned long long)ud, res);
		}
		atomic_long_inc(&f->stats[fz_res_class(res)]);
	}
	atomic_long_add(n, &f->stats[FS_CQES]);
	smp_store_release(r->cq_head, head + n);
}

/*
 * A batch of fuzzed SQEs on r: written to random SQE slots, published
 * through the SQ array (some entries garbage), then submitted, or not.
 */
void fz_input_sqes(struct fuzz *f, struct fz_thread *th)
{
	struct fz_ring *r = &th->r;
	uint32_t tail = READ_ONCE(*r->sq_tail), n = 1 + fz_below(th, 8), done = 0;

	for (; done < n && fz_take(f, FS_SQES); done++) {
		uint32_t slot = fz_below(th, r->p.sq_entries);
		struct io_uring_sqe sqe;

		fz_sqe(f, th, &sqe);
		if ((sqe.opcode == IORING_OP_READ || sqe.opcode == IORING_OP_READV) &&
		    fz_within(sqe.addr, 1, r->rings, r->rings_size))
			r->scribbled = true;
		/* A timespec we cannot vouch for may be long (see the top of fuzz.c). */
		if (sqe.opcode == IORING_OP_TIMEOUT && !fz_unmappable(sqe.addr))
			r->long_timeout = true;
		r->sqes[slot] = sqe;
		WRITE_ONCE(r->sq_array[tail & r->sq_mask],
			   fz_chance(th, 95) ? slot : (uint32_t)fz_r64(th));
		tail++;
	}
	smp_store_release(r->sq_tail, tail);
	if (fz_chance(th, 85)) {
		uint32_t to_submit = fz_chance(th, 80) ? done : (uint32_t)fz_r64(th);
		uint32_t flags = fz_chance(th, 30) ? IORING_ENTER_GETEVENTS : 0;
		uint32_t min = fz_chance(th, 80) ? fz_below(th, 3) : (uint32_t)fz_r64(th);

		fz_check_enter(f, fz_enter_call(th, r->fd, to_submit, min, flags), to_submit);
	}
}

/* io_uring_enter with everything random. */
void fz_input_enter(struct fuzz *f, struct fz_thread *th)
{
	int fd = fz_chance(th, 70) ? th->r.fd : fz_fd(th);
	uint32_t to_submit = fz_chance(th, 50) ? fz_below(th, 40) : (uint32_t)fz_r64(th);
	uint32_t min = fz_chance(th, 70) ? fz_below(th, 4) : (uint32_t)fz_r64(th);
	uint32_t flags = fz_chance(th, 80) ? fz_below(th, 4) : (uint32_t)fz_r64(th);

	if (!fz_take(f, FS_ENTERS))
		return;
	fz_check_enter(f, fz_enter_call(th, fd, to_submit, min, flags), to_submit);
}

/* The application writes what it likes into the shared ring. */
void fz_input_scribble(struct fuzz *f, struct fz_thread *th)
{
	struct fz_ring *r = &th->r;
	uint32_t v = fz_chance(th, 50) ? (uint32_t)fz_r64(th) : fz_below(th, 2 * r->p.cq_entries);

	if (!fz_take(f, FS_SCRIBBLES))
		return;
	switch (fz_below(th, 8)) {
	case 0:
	case 1:
		WRITE_ONCE(r->sq_array[fz_below(th, r->p.sq_entries)], v);
		break;
	case 2:
		if (fz_chance(th, 50))
			v = READ_ONCE(*r->sq_head) + fz_below(th, 2 * r->p.sq_entries);
		WRITE_ONCE(*r->sq_tail, v);
		break;
	case 3:
	case 4:
		/* Anywhere, even past the tail. */
		if (fz_chance(th, 50))
			v = READ_ONCE(*r->cq_tail) - fz_below(th, 2 * r->p.cq_entries);
		WRITE_ONCE(*r->cq_head, v);
		r->cq_head_moved = true;
		break;
	case 5:
		WRITE_ONCE(*r->sq_head, v);		/* the kernel's own fields */
		break;
	case 6:
		WRITE_ONCE(*r->cq_tail, v);
		r->scribbled = true;
		break;
	default:
		WRITE_ONCE(*r->sq_flags, v);
		WRITE_ONCE(*r->sq_dropped, (uint32_t)fz_r64(th));
		WRITE_ONCE(*r->cq_overflow, (uint32_t)fz_r64(th));
		break;
	}
}

/* True if ret is an error io_uring_register may return for opcode (or a success it may). */
static bool fz_register_ok(unsigned int opcode, uint32_t nr, int ret)
{
	if (ret == -EBADF || ret == -EOPNOTSUPP || ret == -EINVAL || ret == -ENOMEM)
		return true;
	switch (opcode) {
	case IORING_REGISTER_FILES:
		return ret == 0 || ret == -EBUSY || ret == -EMFILE || ret == -EFAULT;
	case IORING_UNREGISTER_FILES:
		return ret == 0 || ret == -ENXIO;
	case IORING_REGISTER_FILES_UPDATE:
		return (ret > 0 && (uint32_t)ret <= nr) || ret == -ENXIO || ret == -EFAULT ||
		       ret == -EOVERFLOW;
	case IORING_REGISTER_PROBE:
		return ret == 0 || ret == -EFAULT;
	case IORING_REGISTER_FILES2:
		return ret == 0 || ret == -EBUSY || ret == -EMFILE || ret == -EFAULT;
	case IORING_REGISTER_FILES_UPDATE2:
		return ret > 0 || ret == -ENXIO || ret == -EFAULT || ret == -EOVERFLOW;
	case IORING_REGISTER_FILE_ALLOC_RANGE:
		return ret == 0 || ret == -EFAULT || ret == -EOVERFLOW;
	case IORING_UNREGISTER_RING_FDS:	/* the entries checked, at most 16 */
		return (ret > 0 && (uint32_t)ret <= nr && ret <= 16) || ret == -EFAULT;
	case IORING_UNREGISTER_IOWQ_AFF:
		return ret == 0;
	}
	/* What ringlet lacks answers as Linux 6.1 would (register.c). */
	return ret == -EFAULT || ret == -ENXIO || ret == -EOVERFLOW || ret == -ENOENT ||
	       ret == -77 /* EBADFD */;
}

void fz_input_register(struct fuzz *f, struct fz_thread *th)
{
	static const unsigned int common[] = {
		IORING_REGISTER_FILES,
		IORING_REGISTER_FILES_UPDATE,
		IORING_REGISTER_PROBE,
		IORING_UNREGISTER_FILES,
	};
	unsigned int opcode = fz_chance(th, 75) ? common[fz_below(th, ARRAY_SIZE(common))] :
			      fz_chance(th, 80) ? fz_below(th, IORING_REGISTER_LAST + 4) :
						  (unsigned int)fz_r64(th);
	int fd = fz_chance(th, 75) ? th->r.fd : fz_chance(th, 50) ? th->r2.fd : fz_fd(th);
	uint32_t nr = fz_chance(th, 80) ? fz_below(th, 33) : fz_len(th, IORING_MAX_FIXED_FILES + 2);
	uint64_t arg;
	int ret;

	switch (opcode) {
	case IORING_REGISTER_FILES:
		arg = fz_read_ptr(f, th, (uint64_t)nr * 4);
		if (fz_chance(th, 60))
			arg = (uint64_t)th->fdarr;
		if (!fz_read_safe(f, arg))
			arg = 0;
		break;
	case IORING_REGISTER_FILES_UPDATE:
		/* The struct holds a pointer: only ours, or one that cannot be read. */
		arg = fz_chance(th, 85) ? (uint64_t)&th->upd[fz_below(th, FZ_UPD)] : fz_garbage(th);
		if (!fz_unmappable(arg) &&
		    !fz_within(arg, sizeof(*th->upd), th->upd, FZ_UPD * sizeof(*th->upd)))
			arg = 0;
		break;
	case IORING_UNREGISTER_FILES:
		/* It would wait, unkillably, for a fixed-file request behind a long timeout. */
		if (th->r.long_timeout && fd == th->r.fd)
			fd = th->r2.fd;
		arg = fz_chance(th, 80) ? 0 : fz_garbage(th);
		if (fz_chance(th, 80))
			nr = 0;
		break;
	default:
		/* PROBE writes its answer; the others must not touch arg at all. */
		arg = fz_write_ptr(th, FZ_PROBE_MAX);
		if (!fz_write_safe(th, arg, FZ_PROBE_MAX))
			arg = 0;
		if (opcode == IORING_REGISTER_PROBE &&
		    fz_within(arg, FZ_PROBE_MAX, th->buf, FZ_BUF) &&
		    fz_chance(th, 70)) /* an application's zeroed probe */
			memset(th->buf + (arg - (uint64_t)th->buf), 0, FZ_PROBE_MAX);
		break;
	}
	if (!fz_take(f, FS_REGISTERS))
		return;
	if (th->r.fd >= 0 && fz_within(arg, FZ_PROBE_MAX, th->r.rings, th->r.rings_size))
		th->r.scribbled = true;
	ret = io_uring_register((unsigned int)fd, opcode, (void *)arg, nr);
	if (!fz_register_ok(opcode, nr, ret))
		fz_anomaly(f, "io_uring_register(%d, %u, %#llx, %u): %d", fd, opcode,
			   (unsigned long long)arg, nr, ret);
}

/* io_uring_setup with random entries and parameters; a ring made is closed at once. */
void fz_input_setup(struct fuzz *f, struct fz_thread *th)
{
	uint32_t entries = fz_chance(th, 60) ? fz_below(th, 70) :
					       fz_len(th, IORING_MAX_ENTRIES + 2);
	uint64_t pa = fz_chance(th, 85) ? fz_in(th, th->buf, FZ_BUF, FZ_PARAMS) :
					  fz_write_ptr(th, FZ_PARAMS);
	int fd;

	if (!fz_take(f, FS_SETUPS))
		return;
	if (!fz_write_safe(th, pa, FZ_PARAMS))
		pa = fz_garbage(th) & ((1ULL << 47) - 1);
	if (fz_within(pa, FZ_PARAMS, th->r.rings, th->r.rings_size))
		th->r.scribbled = true;
	if (fz_within(pa, FZ_PARAMS, th->buf, FZ_BUF)) {
		struct io_uring_params *p = (void *)pa;

		memset(p, 0, sizeof(*p));
		p->flags = fz_chance(th, 70) ? fz_below(th, 4) << 3 : (uint32_t)fz_r64(th);
		p->cq_entries = fz_chance(th, 70) ? fz_below(th, 300) : (uint32_t)fz_r64(th);
		if (fz_chance(th, 10))
			p->resv[fz_below(th, 3)] = (uint32_t)fz_r64(th);
		if (fz_chance(th, 10))
			p->sq_thread_idle = (uint32_t)fz_r64(th);
	}
	/* In our buffer, whose bytes in-flight reads may change at any time. */
	fd = io_uring_setup(entries, (void *)pa);
	if (fd >= 0)
		fz_close(f, fd);
	else if (fd != -EINVAL && fd != -EFAULT && fd != -EMFILE && fd != -ENOMEM)
		fz_anomaly(f, "io_uring_setup(%u, %#llx): %d", entries, (unsigned long long)pa, fd);
}

void fz_input_mmap(struct fuzz *f, struct fz_thread *th)
{
	static const uint64_t offs[] = { IORING_OFF_SQ_RING, IORING_OFF_CQ_RING, IORING_OFF_SQES };
	uint64_t off = fz_chance(th, 80) ? offs[fz_below(th, 3)] : fz_r64(th);
	void *p;

	if (!fz_take(f, FS_OTHER))
		return;
	p = io_uring_mmap((unsigned int)(fz_chance(th, 80) ? th->r.fd : fz_fd(th)), off,
			  fz_chance(th, 50) ? fz_below(th, 1 << 20) : fz_r64(th));
	if (p && p != th->r.rings && p != th->r.sqes && p != th->r2.rings && p != th->r2.sqes)
		fz_anomaly(f, "io_uring_mmap(offset %#llx) returned %p, no region of ours",
			   (unsigned long long)off, p);
}
