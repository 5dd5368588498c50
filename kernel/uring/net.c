/*
 * Sockets on the rings (Linux's io_uring/net.c): IORING_OP_SENDMSG,
 * RECVMSG, SEND and RECV, and the socket side of READ, WRITE, READV and
 * WRITEV.
 *
 * A socket transfer is one message: a datagram is sent from, or received
 * into, all of a request's segments at once, so sockets never go through
 * ops.c's segment-by-segment loop.  Every transfer is a struct sock_msg
 * (include/net.h), made at prep: from the user msghdr (SENDMSG, RECVMSG:
 * sock_msg_import copies it and its iovec array, so the application may
 * reuse them at once), from the buffer (SEND, RECV, READ, WRITE) or from
 * the iovec array ops.c already copied (READV, WRITEV).
 *
 * Issue.  Inline, in the submitter, the transfer never sleeps: -EAGAIN
 * hands the request to a worker, untouched (a nonblocking sock_* call
 * copies nothing when it says -EAGAIN), unless the caller asked for
 * MSG_DONTWAIT, or the file is O_NONBLOCK, whose -EAGAIN is the result, as
 * Linux.  A worker cannot touch the submitter's memory directly (see
 * kernel/mm/remote.c), so it moves the message through a kernel bounce
 * buffer of at most IO_SOCK_BOUNCE bytes (more than the largest datagram):
 * a send gathers the segments first, a receive scatters what came, and
 * RECVMSG's results (msg_flags, msg_controllen, msg_namelen) are written
 * back the same way.  As Linux, io_uring adds MSG_NOSIGNAL to SEND and
 * SENDMSG: a broken stream is -EPIPE without SIGPIPE.
 */
#include "internal.h"
#include "net.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "vm.h"

#define IO_SOCK_BOUNCE	(256 * 1024)

static bool io_op_sends(uint8_t op)
{
	return op == IORING_OP_SENDMSG || op == IORING_OP_SEND || op == IORING_OP_WRITE ||
	       op == IORING_OP_WRITEV;
}

int io_sendrecv_prep(struct io_kiocb *req)
{
	/* addr2 (a SEND's destination: ringlet's sockets have no addresses) and file_index */
	if (req->off)
		return -EINVAL;
	req->op_flags |= MSG_NOSIGNAL;
	return 0;
}

int io_sock_prep(struct io_kiocb *req)
{
	struct sock_msg *m;
	int ret = 0;

	if (!file_is_socket(req->file))
		return io_op_is_sendrecv(req->opcode) ? -ENOTSOCK : 0;
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	req->msg = m;
	switch (req->opcode) {
	case IORING_OP_SENDMSG:
	case IORING_OP_RECVMSG:
		ret = sock_msg_import(m, (struct user_msghdr __user *)req->addr,
				      req->opcode == IORING_OP_SENDMSG);
		break;
	case IORING_OP_READV:
	case IORING_OP_WRITEV:
		sock_msg_init_iov(m, req->iov, req->len);
		break;
	default:
		ret = sock_msg_init_single(m, (void __user *)req->addr, req->len);
		break;
	}
	if (ret) {
		kfree(m);
		req->msg = NULL;
	}
	return ret;
}

void io_sock_msg_free(struct io_kiocb *req)
{
	sock_msg_release(req->msg);
	kfree(req->msg);
}

/* Copies n bytes of the message's segments, from off, to or from kbuf in the submitter. */
static size_t io_sock_copy(struct io_kiocb *req, const struct sock_msg *m, char *kbuf, size_t n,
			   bool to_user)
{
	size_t done = 0;

	for (unsigned long i = 0; i < m->nr_segs && done < n; i++) {
		size_t len = min(m->iov[i].iov_len, n - done);
		size_t got = io_copy_remote(req, (unsigned long)m->iov[i].iov_base, kbuf + done,
					    len, to_user);

		done += got;
		if (got < len)
			break;
	}
	return done;
}

/* RECVMSG's results, written into the submitter's msghdr from a worker. */
static int io_recvmsg_finish_remote(struct io_kiocb *req, const struct sock_msg *m)
{
	unsigned long um = (unsigned long)m->umsg;
	size_t controllen = 0;
	int namelen = m->out_namelen;

	if (m->uname && io_copy_remote(req, um + offsetof(struct user_msghdr, msg_namelen),
				       &namelen, sizeof(namelen), true) != sizeof(namelen))
		return -EFAULT;
	if (io_copy_remote(req, um + offsetof(struct user_msghdr, msg_flags), (void *)&m->out_flags,
			   sizeof(m->out_flags), true) != sizeof(m->out_flags) ||
	    io_copy_remote(req, um + offsetof(struct user_msghdr, msg_controllen), &controllen,
			   sizeof(controllen), true) != sizeof(controllen))
		return -EFAULT;
	return 0;
}

/* A worker's transfer for a process: the message through a kernel buffer. */
static ssize_t io_sock_remote(struct io_kiocb *req, unsigned int flags)
{
	struct sock_msg *m = req->msg, k;
	bool send = io_op_sends(req->opcode);
	size_t len = min(m->len, (size_t)IO_SOCK_BOUNCE);
	mm_segment_t fs = get_fs();
	char *kbuf = kmalloc(len);
	ssize_t ret;

	if (!kbuf)
		return -ENOMEM;
	if (send && io_sock_copy(req, m, kbuf, len, false) < len) {
		kfree(kbuf);
		return -EFAULT;
	}
	set_fs(KERNEL_DS);
	sock_msg_init_single(&k, kbuf, len);
	k.namelen = m->namelen;
	k.name = m->name;
	k.control_err = m->control_err;
	ret = send ? sock_sendmsg(req->file, &k, flags, false) :
		     sock_recvmsg(req->file, &k, flags, false);
	set_fs(fs);
	if (!send && ret > 0) {
		size_t moved = min((size_t)ret, len);

		m->out_flags = k.out_flags;
		if (io_sock_copy(req, m, kbuf, moved, true) < moved ||
		    (m->umsg && io_recvmsg_finish_remote(req, m)))
			ret = -EFAULT;
	}
	kfree(kbuf);
	return ret;
}

int io_sock_issue(struct io_kiocb *req, unsigned int issue_flags, ssize_t *res)
{
	bool nonblock = issue_flags & IO_ISSUE_NONBLOCK;
	bool send = io_op_sends(req->opcode);
	unsigned int flags = io_op_is_sendrecv(req->opcode) ? req->op_flags : 0;
	ssize_t ret;

	/* As a socket's read_iter: the file's O_NONBLOCK is a MSG_DONTWAIT of its own. */
	if (READ_ONCE(req->file->f_flags) & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	if (req->mm && current->mm != req->mm) {
		*res = io_sock_remote(req, flags);
		return 0;
	}
	ret = send ? sock_sendmsg(req->file, req->msg, flags, nonblock) :
		     sock_recvmsg(req->file, req->msg, flags, nonblock);
	if (ret == -EAGAIN && nonblock && !(flags & MSG_DONTWAIT))
		return -EAGAIN;		/* m is untouched: a worker tries again */
	if (!send && req->opcode == IORING_OP_RECVMSG)
		ret = sock_recvmsg_finish(req->msg, ret);
	*res = ret;
	return 0;
}
