/*
 * io_uring_register: changing what a ring has registered, with Linux
 * 6.1's opcodes, argument checks and errors, in its order.
 *
 * Every call runs under uring_lock, so it never overlaps a submission or
 * another register call (but for the wait of a GENERATIONS unregister,
 * which drops the lock with its table marked unregistering, files.c).  In
 * QUIESCE mode each call also stops the ring first (Linux 5.5): kill
 * ctx->refs and wait for its release, that is for every request to
 * finish, then change things and bring the ref back.  Submitters block on
 * uring_lock meanwhile; completions need no lock, so the wait ends once
 * every request has (a read of an empty pipe holds it until data comes,
 * as in Linux 5.5).  No request of a QUIESCE ring takes uring_lock:
 * IORING_OP_FILES_UPDATE and closing a fixed slot are refused there.
 *
 * In GENERATIONS mode (the default) only unregister waits for I/O, and
 * it drops uring_lock while it does (files.c): a worker running
 * IORING_OP_FILES_UPDATE takes that lock, and a fixed-file request may
 * wait for that update.
 *
 * What ringlet lacks (registered buffers, eventfds, personalities,
 * restrictions, io-wq affinity and limits, registered ring fds, provided
 * buffer rings, synchronous cancel) is answered by io_register_missing():
 * Linux 6.1's checks of the call's shape and arguments, the same errno
 * where Linux's answer follows from ringlet's state (nothing of the kind
 * is ever registered, no ring starts disabled, no fd is an eventfd), and
 * -EINVAL for a request Linux would carry out, as a kernel without the
 * feature answers.  docs/uring.md lists each.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "string.h"
#include "task.h"
#include "syscalls.h"

#define IO_PROBE_MAX_OPS	256	/* Linux's bound on IORING_REGISTER_PROBE's nr_args */
#define IO_RINGFD_REG_MAX	16	/* Linux's registered ring fds per task */

/* The opcodes ops.c implements: IORING_REGISTER_PROBE's answer. */
static bool io_op_supported(unsigned int op)
{
	switch (op) {
	case IORING_OP_NOP: case IORING_OP_READV: case IORING_OP_WRITEV:
	case IORING_OP_FSYNC: case IORING_OP_TIMEOUT: case IORING_OP_CLOSE:
	case IORING_OP_FILES_UPDATE: case IORING_OP_READ: case IORING_OP_WRITE:
	case IORING_OP_SENDMSG:
	case IORING_OP_RECVMSG:
	case IORING_OP_SEND:
	case IORING_OP_RECV:
		return true;
	}
	return false;
}

/*
 * IORING_REGISTER_PROBE: which opcodes this kernel implements.  As Linux,
 * the whole nr-entry array is read, must be zero, and is written back,
 * with entries filled up to IORING_OP_LAST.
 */
static int io_probe(void __user *arg, unsigned int nr)
{
	size_t size = sizeof(struct io_uring_probe) + nr * sizeof(struct io_uring_probe_op);
	struct io_uring_probe *p;
	int ret = 0;

	p = kmalloc(size);
	if (!p)
		return -ENOMEM;
	if (copy_from_user(p, arg, size)) {
		ret = -EFAULT;
		goto out;
	}
	for (size_t i = 0; i < size; i++) {
		if (((uint8_t *)p)[i]) {
			ret = -EINVAL;	/* the application must pass it zeroed */
			goto out;
		}
	}
	p->last_op = IORING_OP_LAST - 1;
	nr = min(nr, (unsigned int)IORING_OP_LAST);
	p->ops_len = (uint8_t)nr;
	for (unsigned int i = 0; i < nr; i++) {
		p->ops[i].op = (uint8_t)i;
		if (io_op_supported(i))
			p->ops[i].flags = IO_URING_OP_SUPPORTED;
	}
	if (copy_to_user(arg, p, size))
		ret = -EFAULT;
out:
	kfree(p);
	return ret;
}

/* IORING_REGISTER_FILES2: struct io_uring_rsrc_register, nr = its size. */
static int io_register_files2(struct io_ring_ctx *ctx, void __user *arg, unsigned int size)
{
	struct io_uring_rsrc_register rr;

	if (size != sizeof(rr))
		return -EINVAL;
	if (copy_from_user(&rr, arg, sizeof(rr)))
		return -EFAULT;
	if (!rr.nr || rr.resv2 || (rr.flags & ~IORING_RSRC_REGISTER_SPARSE))
		return -EINVAL;
	if ((rr.flags & IORING_RSRC_REGISTER_SPARSE) && rr.data)
		return -EINVAL;
	/* data 0 is a sparse table with or without the flag, as in Linux */
	return io_sqe_files_register(ctx, (void __user *)rr.data, rr.nr,
				     (const uint64_t __user *)rr.tags);
}

/* IORING_REGISTER_FILES_UPDATE: struct io_uring_rsrc_update, nr = slots. */
static int io_register_files_update(struct io_ring_ctx *ctx, void __user *arg, unsigned int nr)
{
	struct io_uring_rsrc_update up;

	if (!nr)
		return -EINVAL;
	if (copy_from_user(&up, arg, sizeof(up)))
		return -EFAULT;
	if (up.resv)
		return -EINVAL;
	return io_files_update(ctx, up.offset, (const int32_t __user *)up.data, NULL, nr,
			       current->files);
}

/* IORING_REGISTER_FILES_UPDATE2: struct io_uring_rsrc_update2, nr = its size. */
static int io_register_files_update2(struct io_ring_ctx *ctx, void __user *arg, unsigned int size)
{
	struct io_uring_rsrc_update2 up;

	if (size != sizeof(up))
		return -EINVAL;
	if (copy_from_user(&up, arg, sizeof(up)))
		return -EFAULT;
	if (!up.nr || up.resv || up.resv2)
		return -EINVAL;
	return io_files_update(ctx, up.offset, (const int32_t __user *)up.data,
			       (const uint64_t __user *)up.tags, up.nr, current->files);
}

/*
 * IORING_UNREGISTER_RING_FDS: as Linux, each entry is checked and its
 * registered ring (there is never one here) dropped; the count checked
 * before the first bad entry, or its error.
 */
static int io_unregister_ring_fds(void __user *arg, unsigned int nr)
{
	struct io_uring_rsrc_update __user *ents = arg;
	unsigned int i;
	int ret = 0;

	if (!nr || nr > IO_RINGFD_REG_MAX)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		struct io_uring_rsrc_update reg;

		if (copy_from_user(&reg, &ents[i], sizeof(reg))) {
			ret = -EFAULT;
			break;
		}
		if (reg.resv || reg.data || reg.offset >= IO_RINGFD_REG_MAX) {
			ret = -EINVAL;
			break;
		}
	}
	return i ? (int)i : ret;
}

/* The caller's file at fd with a reference, or NULL (not open, or no table). */
static struct file *io_fd_file(int32_t fd)
{
	return current->files && fd >= 0 ? fdget(current->files, fd) : NULL;
}

/*
 * IORING_REGISTER_RING_FDS up to the point where Linux would register a
 * ring: the first entry that passes Linux's checks gets -EINVAL.
 */
static int io_register_ring_fds(void __user *arg, unsigned int nr)
{
	struct io_uring_rsrc_update __user *ents = arg;
	struct io_uring_rsrc_update reg;
	struct file *f;
	bool ring;

	if (!nr || nr > IO_RINGFD_REG_MAX)
		return -EINVAL;
	if (copy_from_user(&reg, &ents[0], sizeof(reg)))
		return -EFAULT;
	if (reg.resv || (reg.offset != ~0U && reg.offset >= IO_RINGFD_REG_MAX))
		return -EINVAL;
	f = io_fd_file((int32_t)reg.data);
	if (!f)
		return -EBADF;
	ring = io_is_uring_file(f);
	fput(f);
	return ring ? -EINVAL : -EOPNOTSUPP;
}

/* IORING_REGISTER_EVENTFD(_ASYNC): no file in ringlet is an eventfd. */
static int io_register_eventfd(void __user *arg)
{
	struct file *f;
	int32_t fd;

	if (copy_from_user(&fd, arg, sizeof(fd)))
		return -EFAULT;
	f = io_fd_file(fd);
	if (!f)
		return -EBADF;
	fput(f);
	return -EINVAL;		/* Linux's answer for a file that is not an eventfd */
}

/* The argument of IORING_(UN)REGISTER_PBUF_RING, Linux 6.1's struct io_uring_buf_reg. */
struct io_pbuf_reg {
	uint64_t ring_addr;
	uint32_t ring_entries;
	uint16_t bgid;
	uint16_t pad;
	uint64_t resv[3];
};

/* IORING_(UN)REGISTER_PBUF_RING's checks; no buffer group ever exists here. */
static int io_pbuf_ring(void __user *arg, bool reg)
{
	struct io_pbuf_reg r;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.pad || r.resv[0] || r.resv[1] || r.resv[2])
		return -EINVAL;
	if (!reg)
		return -ENOENT;		/* no such buffer group */
	if (!r.ring_addr)
		return -EFAULT;
	return -EINVAL;		/* a bad ring (misaligned, size) or one Linux would take */
}

/*
 * The errno of a request Linux would go on to carry out once its n bytes
 * at arg are read: -EFAULT if they cannot be, else -EINVAL (see the top).
 */
static int io_missing_after_copy(const void __user *arg, size_t n)
{
	uint8_t buf[64];

	return copy_from_user(buf, arg, min(n, sizeof(buf))) ? -EFAULT : -EINVAL;
}

/* Register opcodes ringlet lacks (see the top).  uring_lock held. */
static int io_register_missing(unsigned int opcode, void __user *arg, unsigned int nr)
{
	switch (opcode) {
	case IORING_REGISTER_BUFFERS:
		return arg ? -EINVAL : -EFAULT;
	case IORING_UNREGISTER_BUFFERS:
		return arg || nr ? -EINVAL : -ENXIO;	/* none registered */
	case IORING_REGISTER_EVENTFD:
	case IORING_REGISTER_EVENTFD_ASYNC:
		return nr != 1 ? -EINVAL : io_register_eventfd(arg);
	case IORING_UNREGISTER_EVENTFD:
		return arg || nr ? -EINVAL : -ENXIO;	/* none registered */
	case IORING_REGISTER_PERSONALITY:
	case IORING_UNREGISTER_PERSONALITY:	/* no such personality */
		return -EINVAL;
	case IORING_REGISTER_RESTRICTIONS:
		return -EBADFD;		/* the ring did not start disabled */
	case IORING_REGISTER_ENABLE_RINGS:
		return arg || nr ? -EINVAL : -EBADFD;
	case IORING_REGISTER_BUFFERS2:
		if (nr != sizeof(struct io_uring_rsrc_register))
			return -EINVAL;
		return io_missing_after_copy(arg, nr);
	case IORING_REGISTER_BUFFERS_UPDATE: {
		struct io_uring_rsrc_update2 up;
		uint32_t end;

		if (nr != sizeof(up))
			return -EINVAL;
		if (copy_from_user(&up, arg, sizeof(up)))
			return -EFAULT;
		if (!up.nr || up.resv || up.resv2)
			return -EINVAL;
		return __builtin_add_overflow(up.offset, up.nr, &end) ? -EOVERFLOW : -ENXIO;
	}
	case IORING_REGISTER_IOWQ_AFF:		/* a CPU mask of at most 8 bytes here */
		return !arg || !nr ? -EINVAL : io_missing_after_copy(arg, min(nr, 8u));
	case IORING_UNREGISTER_IOWQ_AFF:
		return arg || nr ? -EINVAL : 0;		/* the workers keep the default */
	case IORING_REGISTER_IOWQ_MAX_WORKERS:	/* two uint32_t */
		return !arg || nr != 2 ? -EINVAL : io_missing_after_copy(arg, 8);
	case IORING_REGISTER_SYNC_CANCEL:	/* struct io_uring_sync_cancel_reg */
		return !arg || nr != 1 ? -EINVAL : io_missing_after_copy(arg, 64);
	case IORING_REGISTER_RING_FDS:
		return io_register_ring_fds(arg, nr);
	case IORING_UNREGISTER_RING_FDS:
		return io_unregister_ring_fds(arg, nr);
	case IORING_REGISTER_PBUF_RING:
	case IORING_UNREGISTER_PBUF_RING:
		if (!arg || nr != 1)
			return -EINVAL;
		return io_pbuf_ring(arg, opcode == IORING_REGISTER_PBUF_RING);
	}
	return -EINVAL;
}

static int __io_uring_register(struct io_ring_ctx *ctx, unsigned int opcode,
			       void __user *arg, unsigned int nr)
{
	switch (opcode) {
	case IORING_REGISTER_FILES:
		if (!arg)
			return -EFAULT;
		return io_sqe_files_register(ctx, arg, nr, NULL);
	case IORING_UNREGISTER_FILES:
		if (arg || nr)
			return -EINVAL;
		return io_sqe_files_unregister(ctx);
	case IORING_REGISTER_FILES_UPDATE:
		return io_register_files_update(ctx, arg, nr);
	case IORING_REGISTER_PROBE:
		if (!arg || nr > IO_PROBE_MAX_OPS)
			return -EINVAL;
		return io_probe(arg, nr);
	case IORING_REGISTER_FILES2:
		return io_register_files2(ctx, arg, nr);
	case IORING_REGISTER_FILES_UPDATE2:
		return io_register_files_update2(ctx, arg, nr);
	case IORING_REGISTER_FILE_ALLOC_RANGE:
		if (!arg || nr)
			return -EINVAL;
		return io_register_file_alloc_range(ctx, arg);
	}
	return io_register_missing(opcode, arg, nr);
}

int io_uring_register(unsigned int fd, unsigned int opcode, void __user *arg, unsigned int nr)
{
	struct io_ring_ctx *ctx;
	struct file *f;
	int ret;

	/* ringlet's own: how updates are applied (setup.c); Linux says -EINVAL to it. */
	if (opcode == IORING_REGISTER_RINGLET_UPDATE_MODE)
		return arg || nr > IO_URING_UPDATE_QUIESCE ?
			       -EINVAL :
			       io_uring_set_update_mode(fd, (enum io_uring_update_mode)nr);
	if (opcode >= IORING_REGISTER_LAST)
		return -EINVAL;
	ret = io_ring_get(fd, &ctx, &f);
	if (ret)
		return ret;
	mutex_lock(&ctx->uring_lock);
	if (ctx->update_mode == IO_URING_UPDATE_QUIESCE && opcode != IORING_REGISTER_PROBE) {
		percpu_ref_kill(&ctx->refs);
		wait_for_completion(&ctx->ref_comp);
		ret = __io_uring_register(ctx, opcode, arg, nr);
		reinit_completion(&ctx->ref_comp);
		percpu_ref_reinit(&ctx->refs);
	} else {
		ret = __io_uring_register(ctx, opcode, arg, nr);
	}
	mutex_unlock(&ctx->uring_lock);
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(io_uring_register, unsigned int, fd, unsigned int, opcode, void __user *, arg,
		unsigned int, nr_args)
{
	return io_uring_register(fd, opcode, arg, nr_args);
}
