/*
 * The opcodes: checking an SQE (prep) and running the request (issue).
 *
 * Prep runs at submission, in the submitter's context: it copies what the
 * request needs out of the SQE and out of "user" memory (iovec arrays,
 * timespecs), checks reserved fields, and resolves the file, so that a
 * request can later run anywhere (a worker has no fd table).  A prep
 * error becomes the request's CQE.
 *
 * Issue runs the request.  With IO_ISSUE_NONBLOCK (the submitter) it may
 * not sleep for long: a read or write tries the file's non-blocking
 * operation, and -EAGAIN sends the request to a worker, which issues it
 * again without the flag and may block.  IO_ISSUE_LOCKED says the caller
 * holds uring_lock (the submitter does, a worker does not).  fsync always
 * goes to a worker.  IORING_OP_TIMEOUT has a file of its own, timeout.c.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "vm.h"
#include "net.h"

#define MAX_RW_COUNT	0x7ffff000u	/* the most one read or write moves, as Linux */

static bool io_op_needs_file(uint8_t op)
{
	switch (op) {
	case IORING_OP_READ: case IORING_OP_WRITE:
	case IORING_OP_READV: case IORING_OP_WRITEV:
	case IORING_OP_FSYNC:
		return true;
	}
	return io_op_is_sendrecv(op);
}

static bool io_op_is_read(uint8_t op)
{
	return op == IORING_OP_READ || op == IORING_OP_READV;
}

static int io_resolve_file(struct io_kiocb *req)
{
	if (req->sqe_flags & IOSQE_FIXED_FILE)
		return io_fixed_file_get(req, (unsigned int)req->fd);
	req->file = io_file_from_fd(current->files, req->fd);
	return req->file ? 0 : -EBADF;
}

/*
 * A read or write's buffers.  As Linux, only that they lie below the
 * address limit is checked (access_ok); a buffer that is not mapped fails
 * with -EFAULT when the file's read or write copies to or from it.
 */
static int io_import_rw(struct io_kiocb *req)
{
	size_t total = 0;

	if (req->opcode == IORING_OP_READ || req->opcode == IORING_OP_WRITE) {
		req->len = min(req->len, MAX_RW_COUNT);
		return access_ok((void __user *)req->addr, req->len) ? 0 : -EFAULT;
	}
	if (req->len > UIO_MAXIOV)
		return -EINVAL;
	if (req->len == 0)
		return 0;
	req->iov = kmalloc(req->len * sizeof(struct iovec));
	if (!req->iov)
		return -ENOMEM;
	if (copy_from_user(req->iov, (void *)req->addr, req->len * sizeof(struct iovec)))
		return -EFAULT;
	for (uint32_t i = 0; i < req->len; i++) {
		if (req->iov[i].iov_len > MAX_RW_COUNT)
			return -EINVAL;
		if (!access_ok(req->iov[i].iov_base, req->iov[i].iov_len))
			return -EFAULT;
		/*
		 * As Linux's import_iovec, the segments together move at most
		 * MAX_RW_COUNT: later ones are cut short (to 0 once it is
		 * reached).  Each segment alone is within it, but their sum
		 * is not, and the CQE's result is an int.
		 */
		req->iov[i].iov_len = min(req->iov[i].iov_len, MAX_RW_COUNT - total);
		total += req->iov[i].iov_len;
	}
	return 0;
}

/*
 * CLOSE checks its own fields, as Linux 6.1's io_close_prep (which
 * ignores the rest of the SQE).  sqe->file_index (a fixed slot plus one)
 * instead of sqe->fd closes that slot, kept in req->off (checked 0).
 */
static int io_close_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	/* io_init_req's: no priority; no personality is ever registered */
	if (sqe->ioprio || sqe->personality)
		return -EINVAL;
	if (req->off || req->addr || req->len || req->op_flags || sqe->buf_index)
		return -EINVAL;
	if (req->sqe_flags & IOSQE_FIXED_FILE)
		return -EBADF;
	if (sqe->file_index) {
		if (req->fd)
			return -EINVAL;
		/* a QUIESCE ring's requests hold no generation, so none may remove a file */
		if (req->ctx->update_mode == IO_URING_UPDATE_QUIESCE)
			return -EOPNOTSUPP;
		req->off = sqe->file_index;
		return 0;
	}
	if (!current->files)
		return -EBADF;
	req->files = files_get(current->files);
	return 0;
}

/*
 * What Linux finds only when the request is issued: its file and its
 * buffers.  ringlet takes them at submission (a worker has no fd table,
 * and IORING_FEAT_SUBMIT_STABLE promises the iovec array may be reused),
 * but keeps the error for the request's CQE, so the batch goes on as on
 * Linux.  Submitter, uring_lock held; may fault.
 */
static int io_prep_late(struct io_kiocb *req)
{
	int ret;

	if (!io_op_needs_file(req->opcode))
		return 0;
	ret = io_resolve_file(req);
	if (ret || req->opcode == IORING_OP_FSYNC)
		return ret;
	if (!io_op_is_sendrecv(req->opcode)) {
		ret = io_import_rw(req);
		if (ret)
			return ret;
	}
	return io_sock_prep(req);	/* a socket's message, if the file is one (net.c) */
}

/* The SQE checks Linux makes when it reads the SQE (io_init_req and each op's prep). */
static int io_prep_sqe(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	if (req->opcode == IORING_OP_CLOSE)
		return io_close_prep(req, sqe);
	/* No priorities, registered buffers or personalities in ringlet. */
	if (sqe->ioprio || sqe->__pad2[0] || sqe->__pad2[1] || sqe->__pad2[2])
		return -EINVAL;
	switch (req->opcode) {
	case IORING_OP_NOP:
		return 0;
	case IORING_OP_READ: case IORING_OP_WRITE:
	case IORING_OP_READV: case IORING_OP_WRITEV:
		return req->op_flags ? -EINVAL : 0;	/* no RWF_* flags are supported */
	case IORING_OP_FSYNC:
		if (req->addr || (req->op_flags & ~IORING_FSYNC_DATASYNC))
			return -EINVAL;
		return 0;
	case IORING_OP_TIMEOUT:
		return io_timeout_prep(req);
	case IORING_OP_SENDMSG:
	case IORING_OP_RECVMSG:
	case IORING_OP_SEND:
	case IORING_OP_RECV:
		return io_sendrecv_prep(req);
	case IORING_OP_FILES_UPDATE:
		if ((req->sqe_flags & IOSQE_FIXED_FILE) || req->op_flags || !req->len)
			return -EINVAL;
		if (req->ctx->update_mode == IO_URING_UPDATE_QUIESCE)
			return -EOPNOTSUPP;
		if (!current->files)
			return -EBADF;
		req->files = files_get(current->files);
		return 0;
	}
	return -EINVAL;		/* an opcode ringlet does not implement */
}

/* Ops that touch the submitter's memory when they run, not only at prep. */
static bool io_op_uses_user_memory(uint8_t op)
{
	return io_op_needs_file(op) || op == IORING_OP_FILES_UPDATE;
}

int io_req_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	int ret = io_prep_sqe(req, sqe);

	if (ret)
		return ret;
	/*
	 * A process's request may run in a worker, which reaches the
	 * process's memory through req->mm (io_rw_remote).  mm_count only:
	 * a request must not keep its submitter's pages alive, or a ring
	 * mapped there could never be torn down.
	 */
	if (current->mm && io_op_uses_user_memory(req->opcode)) {
		mmgrab(current->mm);
		req->mm = current->mm;
	}
	req->prep_err = io_prep_late(req);
	return 0;
}

/* One read or write of kernel-reachable buf; -EAGAIN only when nonblock. */
static ssize_t io_rw_file(struct io_kiocb *req, void *buf, size_t len, long long *pos,
			  bool nonblock)
{
	struct file *f = req->file;

	if (io_op_is_read(req->opcode))
		return nonblock ? vfs_read_nonblock(f, buf, len, pos) : vfs_read(f, buf, len, pos);
	return nonblock ? vfs_write_nonblock(f, buf, len, pos) : vfs_write(f, buf, len, pos);
}

/*
 * A worker's read or write for a process: the file moves the bytes to or
 * from a kernel bounce buffer, and access_remote_vm copies them from or
 * to the submitter's memory (see kernel/mm/remote.c for why the worker
 * cannot load its page tables), IO_BOUNCE_SIZE at a time.  As a read(2)
 * of a pipe, once some data has come the rest only takes what is there.
 * A part that cannot be copied ends it: -EFAULT if nothing was moved.
 *
 * The submitter's memory is held (mmget_not_zero) only around each copy,
 * never while the file blocks: a pipe read waiting for a writer must not
 * keep the address space, hence the ring's mapping, hence the ring, alive,
 * since the ring's teardown is what cancels the read.
 */
#define IO_BOUNCE_SIZE	(16 * PAGE_SIZE)

size_t io_copy_remote(struct io_kiocb *req, unsigned long ubuf, void *kbuf, size_t n, bool to_user)
{
	size_t done;

	if (!mmget_not_zero(req->mm))
		return 0;		/* the submitter's memory is gone */
	done = access_remote_vm(req->mm, ubuf, kbuf, n, to_user);
	mmput(req->mm);
	return done;
}

static ssize_t io_rw_remote(struct io_kiocb *req, unsigned long ubuf, size_t len, long long *pos,
			    bool nonblock)
{
	bool read = io_op_is_read(req->opcode);
	mm_segment_t fs = get_fs();
	size_t done = 0;
	ssize_t ret;
	char *kbuf = kmalloc(min(len, IO_BOUNCE_SIZE));

	if (!kbuf)
		return -ENOMEM;
	set_fs(KERNEL_DS);	/* the file's side of the copy is kbuf */
	do {
		size_t n = min(len - done, IO_BOUNCE_SIZE), copied;
		bool nb = nonblock || (done && read && req->file->f_op->read_nonblock);

		if (!read) {
			n = io_copy_remote(req, ubuf + done, kbuf, n, false);
			if (!n && len) {
				ret = -EFAULT;
				break;
			}
		}
		ret = io_rw_file(req, kbuf, n, pos, nb);
		if (ret == -EAGAIN && nb && done)
			ret = 0;	/* a read that has data: no more waiting */
		if (ret <= 0)
			break;
		copied = read ? io_copy_remote(req, ubuf + done, kbuf, (size_t)ret, true) :
				(size_t)ret;
		done += copied;
		if (copied < (size_t)ret) {
			ret = -EFAULT;
			break;
		}
		if ((size_t)ret < n)
			break;	/* short: the file took or gave less */
	} while (done < len);
	set_fs(fs);
	kfree(kbuf);
	return done ? (ssize_t)done : ret;
}

/* One read or write of req's buffer buf; -EAGAIN only when nonblock. */
static ssize_t io_rw_one(struct io_kiocb *req, void *buf, size_t len, long long *pos, bool nonblock)
{
	if (req->mm && current->mm != req->mm)
		return io_rw_remote(req, (unsigned long)buf, len, pos, nonblock);
	return io_rw_file(req, buf, len, pos, nonblock);
}

/*
 * Completes req from io_issue: inside a submission batch (the caller holds
 * uring_lock) with the batch's other completions, else at once.
 */
static void io_issue_complete(struct io_kiocb *req, int res, unsigned int issue_flags)
{
	/*
	 * Only a cancel interrupts a worker (io_wq.c), and what blocks in one
	 * (a pipe or socket waiting for its peer) would on Linux 6.1 wait
	 * armed on poll, not in a worker: cancelled there, it completes with
	 * -ECANCELED, and so it does here.
	 */
	if (res == -EINTR && !(issue_flags & IO_ISSUE_NONBLOCK))
		res = -ECANCELED;
	if (issue_flags & IO_ISSUE_LOCKED)
		io_req_complete_defer(req, res);
	else
		io_req_complete(req, res);
}

static int io_rw(struct io_kiocb *req, unsigned int issue_flags)
{
	bool nonblock = issue_flags & IO_ISSUE_NONBLOCK;
	long long pos = (long long)req->off, *posp = req->off == UINT64_MAX ? NULL : &pos;
	size_t want = 0, done = 0;
	ssize_t ret;

	if (req->opcode == IORING_OP_READ || req->opcode == IORING_OP_WRITE) {
		want = req->len;
		ret = io_rw_one(req, (void *)req->addr, req->len, posp, nonblock);
		if (ret == -EAGAIN && nonblock)
			return -EAGAIN;
	} else {
		for (uint32_t i = 0; i < req->len; i++)
			want += req->iov[i].iov_len;
		for (uint32_t i = 0, n = req->len; i < n; i++) {
			/*
			 * Once a read has data it must not wait for more, as
			 * readv(2) on a pipe: later segments only take what is
			 * there (files without a non-blocking read never wait long).
			 */
			bool nb = nonblock || (done && io_op_is_read(req->opcode) &&
					       req->file->f_op->read_nonblock);

			ret = io_rw_one(req, req->iov[i].iov_base, req->iov[i].iov_len, posp, nb);
			if (ret == -EAGAIN && nb && done == 0)
				return -EAGAIN;
			if (ret < 0)
				break;
			done += (size_t)ret;
			if ((size_t)ret < req->iov[i].iov_len)
				break;
		}
		if (done || req->len == 0)
			ret = (ssize_t)done;
	}
	if (ret >= 0 && (size_t)ret != want)
		req->flags |= REQ_F_FAIL_LINK;	/* a short transfer breaks the chain, as in Linux */
	io_issue_complete(req, (int)ret, issue_flags);
	return 0;
}

/*
 * Closes fixed slot req->off - 1 (files_update.c), or req->fd in the
 * submitter's table unless it is a ring: Linux refuses those, and so does
 * ringlet (checked when the close runs, since a drained or linked close
 * runs later than its prep).  The fixed table changes under uring_lock.
 */
static int io_close(struct io_kiocb *req, unsigned int issue_flags)
{
	struct io_ring_ctx *ctx = req->ctx;
	struct file *f;
	bool ring;

	if (req->off) {
		int ret;

		if (!(issue_flags & IO_ISSUE_LOCKED))
			mutex_lock(&ctx->uring_lock);
		ret = io_fixed_fd_remove(ctx, (unsigned int)(req->off - 1));
		if (!(issue_flags & IO_ISSUE_LOCKED))
			mutex_unlock(&ctx->uring_lock);
		return ret;
	}
	f = fdget(req->files, req->fd);
	if (!f)
		return -EBADF;
	ring = io_is_uring_file(f);
	fput(f);
	return ring ? -EBADF : fd_close(req->files, req->fd);
}

/*
 * IORING_OP_FILES_UPDATE with uring_lock held.  In a worker, the fd array
 * is copied out of the submitter's memory first (what is readable of it:
 * the update then stops where the copy did, as Linux's stops at the fd it
 * cannot read), and with IORING_FILE_INDEX_ALLOC the slots chosen are
 * copied back over it.
 */
static int io_files_update_op(struct io_kiocb *req)
{
	size_t want = min(req->len, IORING_MAX_FIXED_FILES + 1u) * sizeof(int32_t), got;
	mm_segment_t fs = get_fs();
	int32_t *fds;
	int ret;

	if (!req->mm || current->mm == req->mm)
		return io_sqe_files_update(req->ctx, (uint32_t)req->off, (void __user *)req->addr,
					   req->len, req->files);
	fds = kmalloc(want);
	if (!fds)
		return -ENOMEM;
	got = io_copy_remote(req, req->addr, fds, want, false);
	set_fs(KERNEL_DS);
	ret = got < sizeof(int32_t) ?
		      -EFAULT :
		      io_sqe_files_update(req->ctx, (uint32_t)req->off, fds,
					  (unsigned int)(got / sizeof(int32_t)), req->files);
	set_fs(fs);
	if ((uint32_t)req->off == IORING_FILE_INDEX_ALLOC && ret > 0)
		io_copy_remote(req, req->addr, fds, (size_t)ret * sizeof(int32_t), true);
	kfree(fds);
	return ret;
}

/* A socket's transfer (net.c); a read or write that moves less than asked breaks its chain. */
static int io_sock(struct io_kiocb *req, unsigned int issue_flags)
{
	ssize_t res;

	if (io_sock_issue(req, issue_flags, &res) == -EAGAIN)
		return -EAGAIN;
	if (!io_op_is_sendrecv(req->opcode) && res >= 0 && (size_t)res != req->msg->len)
		req->flags |= REQ_F_FAIL_LINK;
	io_issue_complete(req, (int)res, issue_flags);
	return 0;
}

int io_issue(struct io_kiocb *req, unsigned int issue_flags)
{
	struct io_ring_ctx *ctx = req->ctx;
	bool nonblock = issue_flags & IO_ISSUE_NONBLOCK;
	int ret;

	if (req->prep_err) {
		io_issue_complete(req, req->prep_err, issue_flags);
		return 0;
	}
	switch (req->opcode) {
	case IORING_OP_NOP:
		io_issue_complete(req, 0, issue_flags);
		return 0;
	case IORING_OP_READ: case IORING_OP_WRITE:
	case IORING_OP_READV: case IORING_OP_WRITEV:
	case IORING_OP_SENDMSG:
	case IORING_OP_RECVMSG:
	case IORING_OP_SEND:
	case IORING_OP_RECV:
		if (req->msg)
			return io_sock(req, issue_flags);
		return io_rw(req, issue_flags);
	case IORING_OP_FSYNC:
		if (nonblock)
			return -EAGAIN;
		io_issue_complete(req, vfs_fsync(req->file), issue_flags);
		return 0;
	case IORING_OP_TIMEOUT:
		io_timeout(req);
		return 0;
	case IORING_OP_CLOSE:
		io_issue_complete(req, io_close(req, issue_flags), issue_flags);
		return 0;
	case IORING_OP_FILES_UPDATE:
		/* The table changes under uring_lock: the submitter holds it, a worker takes it. */
		if (!(issue_flags & IO_ISSUE_LOCKED))
			mutex_lock(&ctx->uring_lock);
		ret = io_files_update_op(req);
		if (!(issue_flags & IO_ISSUE_LOCKED))
			mutex_unlock(&ctx->uring_lock);
		io_issue_complete(req, ret, issue_flags);
		return 0;
	}
	io_issue_complete(req, -EINVAL, issue_flags);	/* prep lets no other opcode through */
	return 0;
}
