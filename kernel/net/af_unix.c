/*
 * AF_UNIX sockets: the connected pairs socketpair(2) makes, stream,
 * datagram and seqpacket, with the semantics of Linux 6.1's
 * net/unix/af_unix.c (interface in internal.h, theory in docs/net.md):
 * their state and life, poll, shutdown and options.  Sending and
 * receiving are af_unix_msg.c.
 *
 * State.  Both ends of a pair live in one struct unix_pair, under one
 * spinlock: an end's receive queue, its shutdown bits, its pending error,
 * whether it is open, and its send accounting.  A pair never gains a new
 * peer (there is no connect), so one lock for both ends has no lock order
 * and no peer pointer to pin.  socket(2) makes a pair whose second end
 * never opens: an unconnected socket.
 *
 * Closing.  The release of an end purges its receive queue, crediting the
 * peer's wmem; for stream and seqpacket it shuts the peer down both ways
 * and, if unread data was thrown away, sets the peer's error ECONNRESET,
 * as Linux's unix_release_sock.  A datagram peer is told nothing: its
 * next send finds the end closed (-ECONNREFUSED, then -ENOTCONN).  The
 * release that closes the second end frees the pair; nobody can be
 * waiting on it then (a waiter holds its own end's file).
 */
#include "internal.h"
#include "slab.h"
#include "spinlock.h"
#include "wait.h"
#include "list.h"
#include "errno.h"
#include "uaccess.h"
#include "ktest_leak.h"
#include "uapi/poll.h"
#include "uapi/termios.h"

static atomic_long_t unix_socks_live;
KTEST_LEAK_COUNTER(unix_socks_live, "unix sockets");
static atomic_long_t unix_last_ino;

int unix_type(const struct unix_sock *u)
{
	return u->pair->type;
}

unsigned long unix_ino(const struct unix_sock *u)
{
	return u->ino;
}

int unix_check_create(int family, int type, int protocol)
{
	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	if (family != AF_UNIX)
		return -EAFNOSUPPORT;	/* as a Linux built without that family */
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	switch (type) {
	case SOCK_STREAM:
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		return type;
	case SOCK_RAW:
		return SOCK_DGRAM;
	}
	return -ESOCKTNOSUPPORT;
}

static void init_end(struct unix_pair *p, int side, bool open)
{
	struct unix_sock *u = &p->end[side];

	u->pair = p;
	u->side = side;
	u->ino = (unsigned long)atomic_long_inc_return(&unix_last_ino);
	init_waitqueue_head(&u->wait);
	INIT_LIST_HEAD(&u->rcvq);
	u->rcv_msgs = u->rcv_bytes = u->wmem = 0;
	u->shutdown = 0;
	u->err = 0;
	u->open = open;
	u->connected = false;
	if (open)
		atomic_long_inc(&unix_socks_live);
}

static struct unix_pair *pair_alloc(int type, bool both)
{
	struct unix_pair *p = kmalloc(sizeof(*p));

	if (!p)
		return NULL;
	spin_lock_init(&p->lock, "unix");
	p->type = type;
	p->ends_open = both ? 2 : 1;
	init_end(p, 0, true);
	init_end(p, 1, both);
	return p;
}

int unix_create(int type, struct unix_sock **out)
{
	struct unix_pair *p = pair_alloc(type, false);

	if (!p)
		return -ENOMEM;
	*out = &p->end[0];
	return 0;
}

int unix_create_pair(int type, struct unix_sock **a, struct unix_sock **b)
{
	struct unix_pair *p = pair_alloc(type, true);

	if (!p)
		return -ENOMEM;
	p->end[0].connected = p->end[1].connected = true;
	*a = &p->end[0];
	*b = &p->end[1];
	return 0;
}

void unix_purge_locked(struct unix_sock *u, struct list_head *out)
{
	struct unix_sock *peer = peer_of(u);
	struct unix_msg *msg;

	list_for_each_entry(msg, &u->rcvq, node)
		WRITE_ONCE(peer->wmem, peer->wmem - msg->truesize);
	list_splice_init(&u->rcvq, out);
	WRITE_ONCE(u->rcv_msgs, 0);
	WRITE_ONCE(u->rcv_bytes, 0);
}

void unix_free_msgs(struct list_head *list)
{
	struct unix_msg *msg, *n;

	list_for_each_entry_safe(msg, n, list, node)
		kfree(msg);
}

void unix_release(struct unix_sock *u)
{
	struct unix_pair *p = u->pair;
	struct unix_sock *peer = peer_of(u);
	struct list_head dead;
	bool last;

	INIT_LIST_HEAD(&dead);
	spin_lock(&p->lock);
	u->open = false;
	u->shutdown = SHUTDOWN_MASK;
	if (u->connected && peer->open && p->type != SOCK_DGRAM) {
		WRITE_ONCE(peer->shutdown, SHUTDOWN_MASK);
		if (u->rcv_msgs)
			WRITE_ONCE(peer->err, ECONNRESET);	/* unread data was lost */
	}
	unix_purge_locked(u, &dead);
	last = --p->ends_open == 0;
	wake_up(&peer->wait);
	spin_unlock(&p->lock);
	unix_free_msgs(&dead);
	atomic_long_dec(&unix_socks_live);
	if (last)
		kfree(p);
}

/* unix_poll (stream) and unix_dgram_poll (datagram, seqpacket). */
unsigned int unix_poll(struct unix_sock *u, struct file *f, struct poll_table *pt)
{
	unsigned int shut, mask = 0;

	poll_wait(f, &u->wait, pt);
	shut = READ_ONCE(u->shutdown);
	if (READ_ONCE(u->err))
		mask |= POLLERR;
	if (shut == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (shut & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (READ_ONCE(u->rcv_msgs))
		mask |= POLLIN | POLLRDNORM;
	/* Connection-based kinds that never had a peer are hung up (TCP_CLOSE). */
	if (u->pair->type != SOCK_DGRAM && !u->connected)
		mask |= POLLHUP;
	/* Linux's unix_writable: the charge is at most a quarter of the send buffer. */
	if (READ_ONCE(u->wmem) * 4 <= SOCK_DEFAULT_BUF)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

int unix_shutdown(struct unix_sock *u, int how)
{
	struct unix_pair *p = u->pair;
	struct unix_sock *peer = peer_of(u);
	unsigned int mode, peer_mode = 0;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mode = (unsigned int)how + 1;	/* SHUT_RD -> RCV_SHUTDOWN, SHUT_WR -> SEND_SHUTDOWN */
	if (mode & RCV_SHUTDOWN)
		peer_mode |= SEND_SHUTDOWN;
	if (mode & SEND_SHUTDOWN)
		peer_mode |= RCV_SHUTDOWN;
	spin_lock(&p->lock);
	WRITE_ONCE(u->shutdown, u->shutdown | mode);
	/* Stream and seqpacket tell the peer; a datagram peer is not told. */
	if (u->connected && peer->open && p->type != SOCK_DGRAM)
		WRITE_ONCE(peer->shutdown, peer->shutdown | peer_mode);
	spin_unlock(&p->lock);
	wake_up(&u->wait);
	wake_up(&peer->wait);
	return 0;
}

int unix_getsockopt(struct unix_sock *u, int optname, int *val)
{
	switch (optname) {
	case SO_TYPE:
		*val = u->pair->type;
		return 0;
	case SO_ERROR:
		spin_lock(&u->pair->lock);
		*val = u->err;
		u->err = 0;
		spin_unlock(&u->pair->lock);
		return 0;
	case SO_SNDBUF:
	case SO_RCVBUF:
		*val = SOCK_DEFAULT_BUF;
		return 0;
	case SO_DOMAIN:
		*val = AF_UNIX;
		return 0;
	case SO_PROTOCOL:
	case SO_ACCEPTCONN:
		*val = 0; /* AF_UNIX keeps no protocol; nothing listens */
		return 0;
	}
	return -ENOPROTOOPT;	/* deliberate: the options ringlet keeps (docs/net.md) */
}

long unix_ioctl(struct unix_sock *u, unsigned int cmd, unsigned long arg)
{
	struct unix_pair *p = u->pair;
	int n;

	spin_lock(&p->lock);
	if (cmd == FIONREAD && p->type == SOCK_DGRAM)
		n = u->rcv_msgs ? (int)list_first_entry(&u->rcvq, struct unix_msg, node)->len : 0;
	else if (cmd == FIONREAD)
		n = (int)u->rcv_bytes;
	else if (cmd == TIOCOUTQ)
		n = (int)u->wmem;
	else
		n = -1;
	spin_unlock(&p->lock);
	if (n < 0)
		return -ENOTTY;
	return copy_to_user((int __user *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

