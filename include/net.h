/*
 * Sockets: the kernel interface (kernel/net/, theory in docs/net.md).
 *
 * ringlet has one family, AF_UNIX, and of it what socketpair(2) makes:
 * two connected sockets, SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET, with
 * Linux 6.1's semantics.  socket(2) makes an unconnected one; with no
 * bind/connect/listen/accept it can never be connected, and answers as an
 * unconnected Linux socket does.  A socket is a struct file: read, write,
 * readv, writev, poll, fstat (S_IFSOCK), close, and as a fixed file of an
 * io_uring ring through vfs_read/vfs_write and their _nonblock forms.
 *
 * Messages.  sendmsg and recvmsg take a struct sock_msg: a kernel copy of
 * what a struct user_msghdr says, made once (sock_msg_import at
 * io_uring's prep, or by the system calls) so that the transfer itself can
 * run later anywhere, an io_uring worker included (no descriptor table is
 * needed: the socket is a file the caller holds).  The data buffers stay
 * user pointers: the transfer touches them through copy_to_user /
 * copy_from_user, so it must run in a task of the submitter's address
 * space (as every ringlet io_uring worker does) or under KERNEL_DS with
 * kernel buffers (the self-tests).
 */
#ifndef NET_H
#define NET_H

#include "file.h"
#include "uaccess.h"
#include "uapi/socket.h"

/* Linux's default SO_SNDBUF and SO_RCVBUF (net.core.wmem_default). */
#define SOCK_DEFAULT_BUF	212992

/*
 * One sendmsg or recvmsg, in kernel memory.  Fill it with
 * sock_msg_import (a user_msghdr), sock_msg_init_single (one buffer) or
 * sock_msg_init_iov (checked segments), use it for one transfer, then
 * sock_msg_release it.
 */
struct sock_msg {
	struct iovec *iov;		/* the segments: checked by access_ok, total <= MAX_RW_COUNT */
	unsigned long nr_segs;
	bool owns_iov;			/* iov was kmalloc'ed by sock_msg_import */
	size_t len;			/* their total */
	unsigned long seg;		/* cursor: the segment and offset the next copy uses */
	size_t seg_off;
	struct iovec single;		/* iov points here for one buffer (not kmalloc'ed) */
	/* send: the destination (namelen 0: none, the connected peer) */
	int namelen;
	struct sockaddr_storage name;
	/*
	 * send: what the control data answers (Linux's scm_send): 0 for none
	 * or only messages of other levels, -EINVAL for a malformed one or an
	 * unknown SOL_SOCKET type, -EOPNOTSUPP for SCM_RIGHTS and
	 * SCM_CREDENTIALS (a deliberate limit: no descriptor or credential
	 * passing).  The protocol returns it where Linux checks the control data.
	 */
	int control_err;
	/* recv results: MSG_TRUNC and MSG_CMSG_CLOEXEC for msg_flags; the sender's address */
	unsigned int out_flags;
	int out_namelen;		/* always 0: no ringlet socket has an address */
	/* recvmsg: where the results go back (NULL: recvfrom or io_uring RECV) */
	struct user_msghdr __user *umsg;
	void __user *uname;
};

/*
 * Copies *umsg and everything it points at that a transfer needs (the
 * address for a send, the iovec array, and for a send the control data,
 * which is checked here into control_err), with Linux's checks in its
 * order: -EFAULT (the header, the address, the array, a segment beyond
 * the address limit, the control data), -EINVAL (msg_namelen < 0 with a
 * name, a negative segment length), -EMSGSIZE (msg_iovlen > UIO_MAXIOV),
 * -ENOBUFS (msg_controllen at or above 20480, Linux's optmem_max), -ENOMEM.
 * On success *m holds what sock_msg_release frees.  Process context (it
 * reads user memory); may sleep.
 */
int sock_msg_import(struct sock_msg *m, struct user_msghdr __user *umsg, bool send);
/*
 * One buffer (send, recv, read, write, io_uring SEND/RECV): len is cut to
 * MAX_RW_COUNT; -EFAULT if buf is beyond the address limit.  Never sleeps.
 */
int sock_msg_init_single(struct sock_msg *m, void __user *buf, size_t len);
/*
 * Segments already copied and checked as import_iovec checks them (readv,
 * io_uring's READV/WRITEV at prep): m uses iov in place (the caller keeps
 * it alive for the transfer).  Never sleeps.
 */
void sock_msg_init_iov(struct sock_msg *m, struct iovec *iov, unsigned long nr);
/* Frees what sock_msg_import allocated (nothing for the other two). */
void sock_msg_release(struct sock_msg *m);

/*
 * Sends m on the socket f (a file the caller holds a reference to).
 * flags are send(2)'s (MSG_DONTWAIT, MSG_NOSIGNAL, MSG_OOB, MSG_EOR...);
 * the file's O_NONBLOCK is NOT looked at (the system calls add
 * MSG_DONTWAIT for it, as Linux does).  nonblock true means "never sleep":
 * -EAGAIN wherever the send would wait, and a stream send is all or
 * nothing (io_uring's inline attempt; retry without it from a worker).
 * An -EAGAIN because of nonblock leaves m as it was (nothing copied), so
 * the retry can use the same m.
 * Returns the bytes sent or -errno: -ENOTSOCK if f is not a socket, and
 * Linux's errnos in Linux's order.  A stream send to a peer that is gone
 * or shut for reading is -EPIPE and sends SIGPIPE to the current task
 * unless MSG_NOSIGNAL (a worker takes no signals).  Without nonblock it may
 * sleep, and a signal ends the wait with -EINTR (or the bytes sent).
 */
ssize_t sock_sendmsg(struct file *f, struct sock_msg *m, unsigned int flags, bool nonblock);
/*
 * Receives into m: the bytes received (for a datagram with MSG_TRUNC its
 * full length), 0 at end of stream, or -errno; m->out_flags gets
 * MSG_TRUNC when a datagram was cut.  flags: MSG_DONTWAIT, MSG_PEEK,
 * MSG_TRUNC, MSG_WAITALL (streams).  nonblock as for sock_sendmsg.  Does
 * not write the results back to a user msghdr: sock_recvmsg_finish does.
 */
ssize_t sock_recvmsg(struct file *f, struct sock_msg *m, unsigned int flags, bool nonblock);
/*
 * recvmsg(2)'s write-back after a successful receive of ret bytes into a
 * message imported from m->umsg: msg_namelen (and the name), msg_flags,
 * msg_controllen 0.  Returns ret, or -EFAULT if the header cannot be
 * written (the data is consumed then, as in Linux).  m->umsg NULL: ret.
 */
ssize_t sock_recvmsg_finish(struct sock_msg *m, ssize_t ret);

/*
 * A connected AF_UNIX pair as two files (no descriptors), as socketpair(2)
 * makes them: type is SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET, with
 * SOCK_NONBLOCK if wanted (SOCK_CLOEXEC is a descriptor's, not a file's:
 * ignored).  0 with one reference to each in *a and *b, -EINVAL for a
 * bad type, or -ENOMEM.  For kernel callers and tests (fixed files of a
 * ring made by a kernel thread).  Never sleeps.
 */
int sock_create_pair(int type, struct file **a, struct file **b);
/* True if f is a socket. */
bool file_is_socket(struct file *f);
/* The socket's number for fstat's st_ino (unique per socket), 0 if f is not a socket. */
unsigned long sock_ino(struct file *f);
/* st_dev of sockets: Linux's sockfs, an anonymous device (0:8 on Debian's 6.1). */
#define SOCKFS_DEV	MKDEV_ABI(0, 8)

#endif
