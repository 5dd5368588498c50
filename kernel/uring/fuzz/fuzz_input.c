/*
 * The fuzzer's inputs (uring_fuzz): pointers, lengths, fds, and SQEs.
 * An SQE is a plausible one for a random opcode with a field or two made
 * wrong, or 64 random bytes; then maybe a few bytes mutated; then
 * filtered (fz_sqe_filter), which makes it safe without making it valid.
 *
 * Pointers.  With one address space the kernel cannot tell an
 * application's memory from its own: a pointer into live kernel data
 * given as a read buffer would be written through, and that corruption
 * would be the fuzzer's, not the kernel's.  So every pointer the kernel
 * may write through is checked by fz_write_safe() before the input is
 * fed: it must lie in memory this thread owns (its buffer, its own ring's
 * shared region), or be one whose first byte faults (NULL, small, lower
 * half, non-canonical, read-only kernel text and rodata).  A range that
 * starts in RAM and runs off the end of the direct map is not safe: the
 * address limit (KERNEL_DS) lets it through and the copy writes the mapped
 * part before it faults, as Linux's would.  Pointers the kernel only reads
 * from may also point at the kernel image or the direct map, but never at
 * the vmap area, whose stacks may be unmapped under a copy (uaccess.h).
 * Memory whose contents become pointers again (iovec arrays, the
 * io_uring_files_update of a register call) is always the fuzzer's own,
 * and holds only pointers that pass the same checks.  Everything the
 * kernel may still use is freed only after the rings are closed.
 *
 * Known results.  A plain READ, WRITE, READV, WRITEV or FSYNC may name
 * either ring's fd; prep must refuse it with -EBADF (or -EINVAL, if the
 * flags, ioprio or padding are bad too), whatever else the SQE says.
 * The filter marks such an SQE by its user_data (FZ_RING_FD_UD), which no
 * random one is, and fz_reap holds its CQE to that.  A ring's fd stays a
 * ring's for the whole round: IORING_OP_CLOSE refuses ring fds.
 */
#include "fuzz.h"
#include "mm.h"

extern char _text[], _erodata[], _end[];

static bool fz_canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/* In the lower half or not canonical: nothing is, or can be, mapped there. */
bool fz_unmappable(uint64_t a)
{
	return !fz_canonical(a) || !(a >> 63);
}

bool fz_within(uint64_t a, uint64_t len, const void *base, size_t size)
{
	uint64_t b = (uint64_t)base;

	return a >= b && a - b <= size && len <= size - (a - b);
}

/*
 * True if the kernel may be given [a, a+len) to write: it is ours, or
 * its first byte cannot be written (the copy faults before writing any).
 */
bool fz_write_safe(struct fz_thread *th, uint64_t a, uint64_t len)
{
	if (!len || fz_unmappable(a))
		return true;
	if (a >= (uint64_t)_text && a < (uint64_t)_erodata)
		return true;
	return fz_within(a, len, th->buf, FZ_BUF) ||
	       (th->r.fd >= 0 && fz_within(a, len, th->r.rings, th->r.rings_size));
}

/* True if the kernel may read from a: never the vmap area (stacks come and go there). */
bool fz_read_safe(struct fuzz *f, uint64_t a)
{
	return fz_unmappable(a) || (a >= DIRECT_MAP_BASE && a < f->dm_end) ||
	       (a >= (uint64_t)_text && a < (uint64_t)_end);
}

/* A pointer every check must refuse. */
uint64_t fz_garbage(struct fz_thread *th)
{
	uint64_t a = fz_r64(th);

	switch (fz_below(th, 6)) {
	case 0:
		return 0;
	case 1:
		return fz_below(th, 4096);
	case 2:
		return 0x00007ffffffff000ULL + fz_below(th, 0x2000);	/* up to the hole and across */
	case 3:
		return fz_canonical(a) ? a ^ (1ULL << 52) : a;		/* non-canonical */
	case 4:
		return a;						/* made safe below */
	default:
		return a & ((1ULL << 47) - 1);				/* lower half */
	}
}

static uint64_t fz_kernel_ro(struct fz_thread *th)
{
	return (uint64_t)_text + fz_below(th, (uint32_t)((uint64_t)_erodata - (uint64_t)_text));
}

/* Somewhere in RAM, through the direct map. */
static uint64_t fz_direct(struct fuzz *f, struct fz_thread *th)
{
	return DIRECT_MAP_BASE + fz_r64(th) % (f->dm_end - DIRECT_MAP_BASE);
}

/* A pointer into region at a random offset, leaving room for len if possible. */
uint64_t fz_in(struct fz_thread *th, const void *region, size_t size, uint64_t len)
{
	return (uint64_t)region + (len < size ? fz_below(th, (uint32_t)(size - len + 1)) : 0);
}

/* For the kernel to write len bytes to (kept only if fz_write_safe). */
uint64_t fz_write_ptr(struct fz_thread *th, uint64_t len)
{
	switch (fz_below(th, 16)) {
	case 0:
	case 1:
	case 2:
	case 3:
		return fz_garbage(th);
	case 4:
	case 5:
		return fz_kernel_ro(th);
	case 6:
		/* Rarely: CQEs of a scribbled ring can no longer be judged. */
		if (th->r.fd >= 0)
			return fz_in(th, th->r.rings, th->r.rings_size, len);
		return fz_garbage(th);
	default:
		return fz_in(th, th->buf, FZ_BUF, len);
	}
}

/* For the kernel to read len bytes from. */
uint64_t fz_read_ptr(struct fuzz *f, struct fz_thread *th, uint64_t len)
{
	switch (fz_below(th, 8)) {
	case 0:
		return fz_garbage(th);
	case 1:
		return fz_kernel_ro(th);
	case 2:
		return fz_direct(f, th);
	case 3:
		return fz_in(th, th->fdarr, FZ_FDARR * sizeof(int32_t), len);
	case 4:
		if (th->r.fd >= 0)
			return fz_in(th, th->r.sqes,
				     th->r.p.sq_entries * sizeof(struct io_uring_sqe), len);
		return fz_garbage(th);
	default:
		return fz_write_ptr(th, len);
	}
}

/* ---- lengths and numbers ---- */

uint32_t fz_len(struct fz_thread *th, uint32_t typical)
{
	switch (fz_below(th, 8)) {
	case 0:
		return 0;
	case 1:
		return (uint32_t)fz_r64(th);
	case 2:
		return 0x7ffff000u + fz_below(th, 0x2000);	/* around MAX_RW_COUNT */
	case 3:
		return 0xffffffffu - fz_below(th, 16);
	default:
		return 1 + fz_below(th, typical);
	}
}

/* An fd: one of ours, a ring's, a small number, -1, or anything. */
int32_t fz_fd(struct fz_thread *th)
{
	switch (fz_below(th, 8)) {
	case 0:
		return -1;
	case 1:
		return (int32_t)fz_r64(th);
	case 2:
		return th->r.fd;
	case 3:
		return th->r2.fd;
	case 4:
		return (int32_t)fz_below(th, 64);
	default:
		return th->fds[fz_below(th, FZ_FILES)];
	}
}

/* Refills the fd array, the iovec area, the timespecs and the update structs. */
void fz_fill_areas(struct fuzz *f, struct fz_thread *th)
{
	for (int i = 0; i < FZ_FDARR; i++)
		th->fdarr[i] = fz_chance(th, 30) ? -1 : fz_fd(th);
	for (int i = 0; i < FZ_IOVS; i++) {
		uint64_t len = fz_chance(th, 80) ? fz_below(th, 512) : fz_len(th, 4096);
		uint64_t base = fz_write_ptr(th, len);

		/*
		 * The iovec area may be read by any READV later on: only
		 * write-safe entries, and none into the ring, whose CQEs a
		 * READV published before this refill must not spoil unseen.
		 */
		if (!fz_write_safe(th, base, min(len, (uint64_t)FZ_MAX_RW)) ||
		    (th->r.fd >= 0 && fz_within(base, 1, th->r.rings, th->r.rings_size)))
			base = fz_garbage(th) & ((1ULL << 47) - 1);
		th->iov[i] = (struct iovec){ (void *)base, len };
	}
	for (int i = 0; i < FZ_TS; i++) {
		uint32_t k = fz_below(th, 10);

		if (k < 6) {
			/* Up to 10 ms, or (ABS) a time long gone. */
			th->ts[i] = (struct __kernel_timespec){ 0, fz_below(th, 10000000) };
		} else {
			/* Invalid, forever, or up to a day. */
			int64_t sec = k == 6 ? -1 : k == 7 ? INT64_MAX : fz_below(th, 86400);

			th->ts[i].tv_sec = sec;
			th->ts[i].tv_nsec = k == 8 ? NSEC_PER_SEC : fz_below(th, NSEC_PER_SEC);
		}
	}
	for (int i = 0; i < FZ_UPD; i++) {
		uint64_t fds = fz_read_ptr(f, th, 64);

		th->upd[i].offset = fz_chance(th, 70) ? fz_below(th, 40) : (uint32_t)fz_r64(th);
		th->upd[i].resv = fz_chance(th, 90) ? 0 : (uint32_t)fz_r64(th);
		th->upd[i].fds = fz_read_safe(f, fds) ? fds : fz_garbage(th) & ((1ULL << 47) - 1);
	}
}

/* ---- SQEs ---- */

static const uint8_t fz_opcodes[] = {
	IORING_OP_NOP,		IORING_OP_READV,   IORING_OP_WRITEV,
	IORING_OP_FSYNC,	IORING_OP_TIMEOUT, IORING_OP_CLOSE,
	IORING_OP_FILES_UPDATE, IORING_OP_READ,	   IORING_OP_WRITE,
};

static bool fz_op_needs_file(uint8_t op)
{
	return op == IORING_OP_READ || op == IORING_OP_WRITE || op == IORING_OP_READV ||
	       op == IORING_OP_WRITEV || op == IORING_OP_FSYNC;
}

/* A plausible SQE for a random opcode, with a field or two made wrong now and then. */
static void fz_sqe_plausible(struct fuzz *f, struct fz_thread *th, struct io_uring_sqe *sqe)
{
	uint8_t op = fz_chance(th, 90) ? fz_opcodes[fz_below(th, ARRAY_SIZE(fz_opcodes))] :
					 (uint8_t)fz_r64(th);

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = op;
	sqe->fd = fz_fd(th);
	sqe->user_data = fz_r64(th);
	if (fz_chance(th, 30)) {
		sqe->flags |= IOSQE_FIXED_FILE;
		sqe->fd = fz_chance(th, 80) ? (int32_t)fz_below(th, 40) : (int32_t)fz_r64(th);
	}
	if (fz_chance(th, 5))
		sqe->flags |= IOSQE_IO_DRAIN;
	if (fz_chance(th, 15))
		sqe->flags |= fz_chance(th, 50) ? IOSQE_IO_LINK : IOSQE_IO_HARDLINK;
	if (fz_chance(th, 20))
		sqe->flags |= IOSQE_ASYNC;
	switch (op) {
	case IORING_OP_READ:
		sqe->len = fz_len(th, 4096);
		sqe->addr = fz_write_ptr(th, sqe->len);
		sqe->off = fz_chance(th, 20) ? UINT64_MAX : fz_below(th, 1 << 20);
		break;
	case IORING_OP_WRITE:
		sqe->len = fz_len(th, 4096);
		sqe->addr = fz_read_ptr(f, th, sqe->len);
		sqe->off = fz_chance(th, 20) ? UINT64_MAX : fz_below(th, 1 << 20);
		break;
	case IORING_OP_READV:
	case IORING_OP_WRITEV:
		sqe->len = fz_chance(th, 80) ? fz_below(th, 5) : fz_len(th, UIO_MAXIOV + 2);
		sqe->addr = fz_in(th, th->iov, FZ_IOVS * sizeof(struct iovec),
				  (uint64_t)sqe->len * sizeof(struct iovec));
		if (fz_chance(th, 15))
			sqe->addr = fz_garbage(th);
		sqe->off = fz_below(th, 1 << 20);
		break;
	case IORING_OP_FSYNC:
		sqe->fsync_flags = fz_chance(th, 80) ? fz_below(th, 2) : (uint32_t)fz_r64(th);
		break;
	case IORING_OP_TIMEOUT:
		sqe->len = fz_chance(th, 90) ? 1 : fz_len(th, 3);
		sqe->addr = (uint64_t)&th->ts[fz_below(th, FZ_TS)];
		if (fz_chance(th, 30))
			sqe->addr = fz_read_ptr(f, th, sizeof(struct __kernel_timespec));
		sqe->off = fz_chance(th, 70) ? 0 : fz_chance(th, 80) ? fz_below(th, 4) : fz_r64(th);
		sqe->timeout_flags = fz_chance(th, 80) ? fz_below(th, 2) : (uint32_t)fz_r64(th);
		break;
	case IORING_OP_FILES_UPDATE:
		sqe->len = fz_chance(th, 80) ? 1 + fz_below(th, 8) : fz_len(th, 64);
		sqe->addr = fz_read_ptr(f, th, (uint64_t)sqe->len * 4);
		sqe->off = fz_chance(th, 80) ? fz_below(th, 40) : fz_r64(th);
		break;
	}
	/* Fields ringlet wants zero, and everything else, now and then. */
	if (fz_chance(th, 10))
		sqe->ioprio = (uint16_t)fz_r64(th);
	if (fz_chance(th, 5))
		sqe->rw_flags = (uint32_t)fz_r64(th);
	if (fz_chance(th, 5))
		sqe->buf_index = (uint16_t)fz_r64(th);
	if (fz_chance(th, 5))
		sqe->personality = (uint16_t)fz_r64(th);
	if (fz_chance(th, 5))
		sqe->__pad2[1 + fz_below(th, 2)] = fz_r64(th);
	if (fz_chance(th, 5))
		sqe->flags = (uint8_t)fz_r64(th);
}

/*
 * True if a file opcode's SQE has a field the kernel finds wrong before
 * it resolves the file (as Linux, which meets the file only at issue):
 * one every opcode checks, or the op's own (rw_flags; fsync's addr and
 * flags).
 */
static bool fz_sqe_bad_fields(const struct io_uring_sqe *sqe)
{
	uint8_t valid = IOSQE_FIXED_FILE | IOSQE_IO_DRAIN | IOSQE_IO_LINK | IOSQE_IO_HARDLINK |
			IOSQE_ASYNC;

	if ((sqe->flags & ~valid) || sqe->ioprio || sqe->__pad2[0] || sqe->__pad2[1] ||
	    sqe->__pad2[2])
		return true;
	if (sqe->opcode == IORING_OP_FSYNC)
		return sqe->addr || (sqe->fsync_flags & ~IORING_FSYNC_DATASYNC);
	return sqe->rw_flags;
}

/*
 * Makes sqe harmless to the kernel's memory (see the top) without making
 * it valid: unsafe pointers become garbage ones.  A plain file request on
 * a ring's fd gets a user_data that tells fz_reap its CQE must be -EBADF.
 */
static void fz_sqe_filter(struct fuzz *f, struct fz_thread *th, struct io_uring_sqe *sqe)
{
	uint64_t a = sqe->addr, iov = (uint64_t)th->iov;
	uint64_t iov_bytes = (uint64_t)sqe->len * sizeof(struct iovec);

	switch (sqe->opcode) {
	case IORING_OP_READ:
		if (!fz_write_safe(th, a, min(sqe->len, FZ_MAX_RW)))
			sqe->addr = fz_garbage(th) & ((1ULL << 47) - 1);
		break;
	case IORING_OP_READV:
	case IORING_OP_WRITEV:
		/*
		 * An iovec array becomes pointers: whole entries of ours (a
		 * misaligned one would pair halves of two), or one that
		 * cannot be read.
		 */
		if (fz_within(a, 1, th->iov, FZ_IOVS * sizeof(struct iovec))) {
			a -= (a - iov) % sizeof(struct iovec);
			sqe->addr = a;
		}
		if (sqe->len && sqe->len <= UIO_MAXIOV && !fz_unmappable(a) &&
		    !fz_within(a, iov_bytes, th->iov, FZ_IOVS * sizeof(struct iovec)))
			sqe->addr = fz_garbage(th) & ((1ULL << 47) - 1);
		break;
	case IORING_OP_FILES_UPDATE:
		/* With IORING_FILE_INDEX_ALLOC the chosen slots are written back over the fds. */
		if ((uint32_t)sqe->off == IORING_FILE_INDEX_ALLOC ?
			    !fz_write_safe(th, a, (uint64_t)sqe->len * sizeof(int32_t)) :
			    !fz_read_safe(f, a))
			sqe->addr = fz_garbage(th) & ((1ULL << 47) - 1);
		break;
	default:
		if (!fz_read_safe(f, a))
			sqe->addr = fz_garbage(th) & ((1ULL << 47) - 1);
		break;
	}
	if (fz_op_needs_file(sqe->opcode) && !(sqe->flags & IOSQE_FIXED_FILE) && sqe->fd >= 0 &&
	    (sqe->fd == th->r.fd || sqe->fd == th->r2.fd))
		sqe->user_data = FZ_RING_FD_UD | (fz_sqe_bad_fields(sqe) ? FZ_RING_FD_EINVAL : 0);
}

/* An SQE: plausible, or 64 random bytes; then maybe a few bytes mutated; then filtered. */
void fz_sqe(struct fuzz *f, struct fz_thread *th, struct io_uring_sqe *sqe)
{
	if (fz_chance(th, 85)) {
		fz_sqe_plausible(f, th, sqe);
	} else {
		uint64_t *w = (uint64_t *)sqe;

		for (size_t i = 0; i < sizeof(*sqe) / 8; i++)
			w[i] = fz_r64(th);
	}
	if (fz_chance(th, 30)) {
		uint8_t *b = (uint8_t *)sqe;

		for (uint32_t n = 1 + fz_below(th, 3); n; n--) {
			uint32_t at = fz_below(th, sizeof(*sqe));

			b[at] = fz_chance(th, 50) ? (uint8_t)fz_r64(th) :
						    b[at] ^ (uint8_t)(1 << fz_below(th, 8));
		}
	}
	fz_sqe_filter(f, th, sqe);
}
