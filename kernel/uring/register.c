/*
 * io_uring_register: changing what a ring has registered.
 *
 * Every call runs under uring_lock, so it never overlaps a submission or
 * another register call (but for the wait of a GENERATIONS unregister,
 * below, which has taken its table off the ring first).  In QUIESCE mode each call also stops the ring
 * first (Linux 5.5): kill ctx->refs and wait for its release, that is for
 * every request to finish, then change things and bring the ref back.
 * Submitters block on uring_lock meanwhile; completions need no lock, so
 * the wait ends once every request has (a read of an empty pipe holds it
 * until data comes, as in Linux 5.5).  No request of a QUIESCE ring takes
 * uring_lock: IORING_OP_FILES_UPDATE is refused there.
 *
 * In GENERATIONS mode (the default) only unregister waits for I/O, and
 * it drops uring_lock while it does (files.c): a worker running
 * IORING_OP_FILES_UPDATE takes that lock, and a fixed-file request may
 * wait for that update.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "string.h"
#include "task.h"
#include "syscalls.h"

static bool io_op_supported(unsigned int op)
{
	switch (op) {
	case IORING_OP_NOP: case IORING_OP_READV: case IORING_OP_WRITEV:
	case IORING_OP_FSYNC: case IORING_OP_TIMEOUT: case IORING_OP_CLOSE:
	case IORING_OP_FILES_UPDATE: case IORING_OP_READ: case IORING_OP_WRITE:
		return true;
	}
	return false;
}

/* IORING_REGISTER_PROBE: which opcodes this kernel implements. */
static int io_probe(void __user *arg, unsigned int nr)
{
	struct io_uring_probe *p;
	size_t size;
	int ret = 0;

	nr = min(nr, (unsigned int)IORING_OP_LAST);
	size = sizeof(*p) + nr * sizeof(p->ops[0]);
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

static int io_files_update_register(struct io_ring_ctx *ctx, void __user *arg, unsigned int nr)
{
	struct io_uring_files_update up;

	if (!ctx->file_data)
		return -ENXIO;
	if (!nr)
		return -EINVAL;
	if (copy_from_user(&up, arg, sizeof(up)))
		return -EFAULT;
	if (up.resv)
		return -EINVAL;
	return io_sqe_files_update(ctx, up.offset, (void *)up.fds, nr, current->files);
}

static int __io_uring_register(struct io_ring_ctx *ctx, unsigned int opcode,
			       void __user *arg, unsigned int nr)
{
	switch (opcode) {
	case IORING_REGISTER_FILES:
		return io_sqe_files_register(ctx, arg, nr);
	case IORING_UNREGISTER_FILES:
		if (arg || nr)
			return -EINVAL;
		return io_sqe_files_unregister(ctx);
	case IORING_REGISTER_FILES_UPDATE:
		return io_files_update_register(ctx, arg, nr);
	}
	return -EINVAL;
}

int io_uring_register(unsigned int fd, unsigned int opcode, void __user *arg, unsigned int nr)
{
	struct io_ring_ctx *ctx;
	struct file *f;
	int ret;

	if (opcode >= IORING_REGISTER_LAST)
		return -EINVAL;
	ret = io_ring_get(fd, &ctx, &f);
	if (ret)
		return ret;
	if (opcode == IORING_REGISTER_PROBE) {
		ret = io_probe(arg, nr);	/* touches nothing of the ring */
		fput(f);
		return ret;
	}
	mutex_lock(&ctx->uring_lock);
	if (ctx->update_mode == IO_URING_UPDATE_QUIESCE) {
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
