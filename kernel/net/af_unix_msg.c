/*
 * AF_UNIX sending and receiving (Linux 6.1's unix_stream_sendmsg,
 * unix_dgram_sendmsg, unix_seqpacket_sendmsg and their recvmsg halves);
 * the pair's state and its locking are af_unix.c's, theory in docs/net.md.
 *
 * Messages.  A send copies the data into a kmalloc'ed struct unix_msg
 * outside the lock, then queues it on the peer's receive queue: one per
 * datagram, one per piece of at most UNIX_STREAM_CHUNK bytes of a stream
 * write.  Each message is charged, as Linux charges an skb's truesize to
 * its sender's sk_wmem_alloc, to the sender's wmem until the reader
 * consumes it; a sender waits while its wmem is at or above the send
 * buffer (SOCK_DEFAULT_BUF).  The charge is computed as Linux 6.1 sizes
 * its skbs (unix_truesize), so the number of writes that fit before
 * -EAGAIN is Linux's.  Readers copy to user memory with the lock held
 * (the copy never sleeps; it only fails), as pipes do: a stream read takes
 * what it returns in one go, so concurrent readers never interleave.
 *
 * Waiting.  Each end has one wait queue, woken when its receive queue
 * gains a message, when its sent data is consumed (room to write), and
 * on shutdown, close and errors.  Readers, writers and poll wait on it
 * with include/wait.h's protocol (queue, then test lockless, then sleep),
 * so no wake-up is lost; a signal ends a wait with -EINTR.
 */
#include "internal.h"
#include "slab.h"
#include "task.h"
#include "signal.h"
#include "errno.h"
#include "string.h"
#include "ramfs.h"
#include "uaccess.h"

/* Linux's skb sizes on x86_64: struct sk_buff and skb_shared_info, cache-aligned. */
#define SKB_STRUCT	256
#define SKB_SHINFO	320
#define UNIX_PAGE	4096UL
#define UNIX_PAGE_ALIGN(x)	(((x) + UNIX_PAGE - 1) & ~(UNIX_PAGE - 1))
/* A stream write is queued in pieces of at most SKB_MAX_HEAD(0) + 32 KiB, as Linux 6.1. */
#define UNIX_STREAM_HEAD	(UNIX_PAGE - SKB_SHINFO)
#define UNIX_STREAM_CHUNK	(UNIX_STREAM_HEAD + 32768)
/* The most a datagram skb keeps in its head (SKB_MAX_ALLOC) and in pages. */
#define UNIX_DGRAM_HEAD		(4 * UNIX_PAGE - SKB_SHINFO)
#define UNIX_DGRAM_FRAGS	(17 * UNIX_PAGE)
/* The largest datagram: the send buffer less 32 bytes, as unix_dgram_sendmsg. */
#define UNIX_DGRAM_MAX		(SOCK_DEFAULT_BUF - 32)

/* Linux 6.1's truesize of an skb carrying len bytes (see the top comment). */
static size_t unix_truesize(size_t len, bool stream)
{
	size_t data = 0, head, alloc = 512;

	if (stream && len > UNIX_STREAM_HEAD)
		data = min(len, UNIX_PAGE_ALIGN(len - UNIX_STREAM_HEAD));
	else if (!stream && len > UNIX_DGRAM_HEAD)
		data = UNIX_PAGE_ALIGN(min(len - UNIX_DGRAM_HEAD, UNIX_DGRAM_FRAGS));
	head = len - data;
	while (alloc < ((head + 63) & ~63UL) + SKB_SHINFO)
		alloc <<= 1;
	return SKB_STRUCT + alloc + data;
}

/* Linux's sock_error: takes the pending error, as -errno (0: none).  Lock held. */
static int take_error_locked(struct unix_sock *u)
{
	int err = u->err;

	u->err = 0;
	return -err;
}

static bool wmem_ready(struct unix_sock *u)
{
	return READ_ONCE(u->wmem) < SOCK_DEFAULT_BUF || READ_ONCE(u->err) ||
	       (READ_ONCE(u->shutdown) & SEND_SHUTDOWN);
}

/*
 * Linux's sock_alloc_send_pskb wait: 0 once the sender's charge is below
 * the send buffer, or the pending error, -EPIPE (shut for sending),
 * -EAGAIN (nonblock) or -EINTR.
 */
static int wait_for_wmem(struct unix_sock *u, bool nonblock)
{
	struct unix_pair *p = u->pair;
	int err;

	for (;;) {
		spin_lock(&p->lock);
		err = take_error_locked(u);
		if (!err && (u->shutdown & SEND_SHUTDOWN))
			err = -EPIPE;
		if (err || u->wmem < SOCK_DEFAULT_BUF) {
			spin_unlock(&p->lock);
			return err;
		}
		spin_unlock(&p->lock);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(u->wait, wmem_ready(u)))
			return -EINTR;
	}
}

/* A message of len bytes copied from m's cursor: 0, -ENOBUFS or -EFAULT. */
static int msg_fill(struct sock_msg *m, size_t len, bool stream, struct unix_msg **out)
{
	struct unix_msg *msg = kmalloc(sizeof(*msg) + len);
	int err;

	if (!msg)
		return -ENOBUFS;
	msg->len = len;
	msg->consumed = 0;
	msg->truesize = unix_truesize(len, stream);
	err = sock_msg_copy_from(m, msg->data, len);
	if (err) {
		kfree(msg);
		return err;
	}
	*out = msg;
	return 0;
}

/* Queues msg for u's peer, charging u.  Lock held. */
static void queue_locked(struct unix_sock *u, struct unix_msg *msg)
{
	struct unix_sock *peer = peer_of(u);

	list_add_tail(&msg->node, &peer->rcvq);
	WRITE_ONCE(peer->rcv_msgs, peer->rcv_msgs + 1);
	WRITE_ONCE(peer->rcv_bytes, peer->rcv_bytes + msg->len);
	WRITE_ONCE(u->wmem, u->wmem + msg->truesize);
}

/* unix_stream_sendmsg: the pieces go one at a time, each waiting for room. */
static ssize_t stream_send(struct unix_sock *u, struct sock_msg *m, unsigned int flags,
			   bool nonblock)
{
	struct unix_pair *p = u->pair;
	struct unix_sock *peer = peer_of(u);
	bool wait_not = nonblock || (flags & MSG_DONTWAIT);
	size_t sent = 0, size;
	struct unix_msg *msg;
	int err;

	if (m->control_err)
		return m->control_err;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;	/* deliberate: no out-of-band byte (docs/net.md) */
	if (m->namelen)
		return u->connected ? -EISCONN : -EOPNOTSUPP;
	if (!u->connected)
		return -ENOTCONN;
	if (READ_ONCE(u->shutdown) & SEND_SHUTDOWN)
		goto pipe_err;
	if (nonblock && m->len > UNIX_STREAM_CHUNK)
		return -EAGAIN;		/* all or nothing: leave it to a blocking retry */
	while (sent < m->len) {
		size = min(m->len - sent, (size_t)UNIX_STREAM_CHUNK);
		err = wait_for_wmem(u, wait_not);
		if (err)
			goto out_err;
		err = msg_fill(m, size, true, &msg);
		if (err)
			goto out_err;
		spin_lock(&p->lock);
		if (!peer->open || (peer->shutdown & RCV_SHUTDOWN)) {
			spin_unlock(&p->lock);
			kfree(msg);
			goto pipe_err;
		}
		queue_locked(u, msg);
		spin_unlock(&p->lock);
		wake_up(&peer->wait);
		sent += size;
	}
	return (ssize_t)sent;
pipe_err:
	if (!sent && !(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current);
	err = -EPIPE;
out_err:
	return sent ? (ssize_t)sent : err;
}

/*
 * Where a datagram sent to m's address would go: no ringlet socket is
 * bound to a name (there is no bind), so each name ends as Linux's
 * unix_find_other ends for a name without a socket: an abstract one or an
 * existing path is -ECONNREFUSED, a path that is not there its lookup error.
 */
static int lookup_name(struct sock_msg *m)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&m->name;
	size_t n = (size_t)m->namelen - offsetof(struct sockaddr_un, sun_path);
	char path[UNIX_PATH_MAX + 1];
	struct ramfs_stat st;
	int err;

	if (!sun->sun_path[0])
		return -ECONNREFUSED;
	memcpy(path, sun->sun_path, n);
	path[n] = '\0';
	err = ramfs_stat(path, &st);
	return err ? err : -ECONNREFUSED;
}

/* unix_dgram_sendmsg (seqpacket comes here after its own checks). */
static ssize_t dgram_send(struct unix_sock *u, struct sock_msg *m, unsigned int flags,
			  bool nonblock)
{
	struct unix_pair *p = u->pair;
	struct unix_sock *peer = peer_of(u);
	struct sockaddr_un *sun = (struct sockaddr_un *)&m->name;
	struct list_head dead;
	struct unix_msg *msg;
	int err;

	if (m->control_err)
		return m->control_err;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->namelen) {
		if (m->namelen <= (int)offsetof(struct sockaddr_un, sun_path) ||
		    m->namelen > (int)sizeof(struct sockaddr_un) || sun->sun_family != AF_UNIX)
			return -EINVAL;
	} else if (!READ_ONCE(u->connected)) {
		return -ENOTCONN;
	}
	if (m->len > UNIX_DGRAM_MAX)
		return -EMSGSIZE;
	err = wait_for_wmem(u, nonblock || (flags & MSG_DONTWAIT));
	if (err)
		return err;
	if (nonblock && m->namelen && sun->sun_path[0])
		return -EAGAIN;		/* a path lookup may sleep: leave it to the retry */
	err = msg_fill(m, m->len, false, &msg);
	if (err)
		return err;
	if (m->namelen) {
		kfree(msg);
		return lookup_name(m);
	}
	INIT_LIST_HEAD(&dead);
	spin_lock(&p->lock);
	if (!peer->open) {
		if (p->type == SOCK_SEQPACKET) {
			err = -EPIPE;
		} else if (u->connected) {
			/* Linux forgets the dead peer and drops what it had sent. */
			u->connected = false;
			unix_purge_locked(u, &dead);
			err = -ECONNREFUSED;
		} else {
			err = -ENOTCONN;	/* another sender found it first */
		}
	} else if (peer->shutdown & RCV_SHUTDOWN) {
		err = -EPIPE;
	} else {
		queue_locked(u, msg);
		msg = NULL;
	}
	spin_unlock(&p->lock);
	unix_free_msgs(&dead);
	if (msg) {
		kfree(msg);
		return err;
	}
	wake_up(&peer->wait);
	return (ssize_t)m->len;
}

ssize_t unix_sendmsg(struct unix_sock *u, struct sock_msg *m, unsigned int flags, bool nonblock)
{
	int err;

	if (is_stream(u))
		return stream_send(u, m, flags, nonblock);
	if (u->pair->type == SOCK_SEQPACKET) {
		spin_lock(&u->pair->lock);
		err = take_error_locked(u);
		spin_unlock(&u->pair->lock);
		if (err)
			return err;
		if (!u->connected)
			return -ENOTCONN;
		m->namelen = 0;		/* a seqpacket send ignores any address */
	}
	return dgram_send(u, m, flags, nonblock);
}

static bool rcv_ready(struct unix_sock *u)
{
	return READ_ONCE(u->rcv_msgs) || READ_ONCE(u->err) ||
	       (READ_ONCE(u->shutdown) & RCV_SHUTDOWN);
}

/* Takes msg off u's queue (lock held), crediting the sender; the caller frees it. */
static void unlink_locked(struct unix_sock *u, struct unix_msg *msg)
{
	list_del_init(&msg->node);
	WRITE_ONCE(u->rcv_msgs, u->rcv_msgs - 1);
	WRITE_ONCE(u->rcv_bytes, u->rcv_bytes - (msg->len - msg->consumed));
	WRITE_ONCE(peer_of(u)->wmem, peer_of(u)->wmem - msg->truesize);
}

/* __unix_dgram_recvmsg: one datagram, cut to the buffer (MSG_TRUNC). */
static ssize_t dgram_recv(struct unix_sock *u, struct sock_msg *m, unsigned int flags,
			  bool nonblock)
{
	struct unix_pair *p = u->pair;
	bool seqpacket = p->type == SOCK_SEQPACKET, shut;
	struct unix_msg *msg;
	size_t n, len;
	int err;

	if (seqpacket && !u->connected)
		return -ENOTCONN;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	for (;;) {
		spin_lock(&p->lock);
		err = take_error_locked(u);
		if (err) {
			spin_unlock(&p->lock);
			return err;
		}
		if (u->rcv_msgs)
			break;
		shut = u->shutdown & RCV_SHUTDOWN;
		spin_unlock(&p->lock);
		/* Shut and empty: end of data, but a non-blocking datagram read is -EAGAIN. */
		if (nonblock || (flags & MSG_DONTWAIT))
			return seqpacket && shut ? 0 : -EAGAIN;
		if (shut)
			return 0;
		if (wait_event_interruptible(u->wait, rcv_ready(u)))
			return -EINTR;
	}
	msg = list_first_entry(&u->rcvq, struct unix_msg, node);
	len = msg->len;
	n = min(len, m->len);
	if (n < len)
		m->out_flags |= MSG_TRUNC;
	if (flags & MSG_PEEK) {
		err = sock_msg_copy_to(m, msg->data, n);
		spin_unlock(&p->lock);
	} else {
		unlink_locked(u, msg);
		spin_unlock(&p->lock);
		wake_up(&peer_of(u)->wait);
		/* Taken off first, as Linux: a fault loses the datagram. */
		err = sock_msg_copy_to(m, msg->data, n);
		kfree(msg);
	}
	if (err)
		return err;
	return (ssize_t)((flags & MSG_TRUNC) ? len : n);
}

/* Copies what MSG_PEEK sees: from the oldest message on, without consuming.  Lock held. */
static ssize_t stream_peek_locked(struct unix_sock *u, struct sock_msg *m)
{
	size_t copied = 0, chunk;
	struct unix_msg *msg;

	list_for_each_entry(msg, &u->rcvq, node) {
		chunk = min(msg->len - msg->consumed, m->len - copied);
		if (sock_msg_copy_to(m, msg->data + msg->consumed, chunk))
			return copied ? (ssize_t)copied : -EFAULT;
		copied += chunk;
		if (copied == m->len)
			break;
	}
	return (ssize_t)copied;
}

/*
 * unix_stream_read_generic: what is queued, up to the buffer, waiting
 * only while nothing (MSG_WAITALL: less than the buffer) has come.
 */
static ssize_t stream_recv(struct unix_sock *u, struct sock_msg *m, unsigned int flags,
			   bool nonblock)
{
	struct unix_pair *p = u->pair;
	size_t copied = 0, target, chunk;
	struct unix_msg *msg;
	struct list_head done;
	ssize_t ret;
	int err = 0;

	if (!u->connected)
		return -EINVAL;
	if (flags & MSG_OOB)
		return -EINVAL;		/* as Linux with no out-of-band byte pending */
	target = (flags & MSG_WAITALL) ? m->len : min(m->len, (size_t)1);
	if (!target)
		target = 1;
	INIT_LIST_HEAD(&done);
	do {
		spin_lock(&p->lock);
		if (!u->rcv_msgs) {
			bool stop = copied >= target;

			if (!stop) {
				err = take_error_locked(u);
				stop = err || (u->shutdown & RCV_SHUTDOWN);
			}
			spin_unlock(&p->lock);
			if (stop)
				break;
			if (nonblock || (flags & MSG_DONTWAIT)) {
				err = -EAGAIN;
				break;
			}
			if (wait_event_interruptible(u->wait, rcv_ready(u))) {
				err = -EINTR;
				break;
			}
			continue;
		}
		if (flags & MSG_PEEK) {
			ret = stream_peek_locked(u, m);
			spin_unlock(&p->lock);
			return ret;
		}
		/* Everything queued that fits, in one hold of the lock. */
		while (u->rcv_msgs && copied < m->len) {
			msg = list_first_entry(&u->rcvq, struct unix_msg, node);
			chunk = min(msg->len - msg->consumed, m->len - copied);
			if (sock_msg_copy_to(m, msg->data + msg->consumed, chunk)) {
				err = -EFAULT;
				break;
			}
			copied += chunk;
			msg->consumed += chunk;
			WRITE_ONCE(u->rcv_bytes, u->rcv_bytes - chunk);
			if (msg->consumed < msg->len)
				break;
			unlink_locked(u, msg);
			list_add_tail(&msg->node, &done);
		}
		spin_unlock(&p->lock);
		if (!list_empty(&done)) {
			wake_up(&peer_of(u)->wait);
			unix_free_msgs(&done);
			INIT_LIST_HEAD(&done);
		}
	} while (copied < m->len && !err);
	return copied ? (ssize_t)copied : err;
}

ssize_t unix_recvmsg(struct unix_sock *u, struct sock_msg *m, unsigned int flags, bool nonblock)
{
	return is_stream(u) ? stream_recv(u, m, flags, nonblock) :
			      dgram_recv(u, m, flags, nonblock);
}

