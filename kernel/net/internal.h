/*
 * What kernel/net's files share: the generic socket layer (socket.c:
 * files, system calls, message import) calls the AF_UNIX protocol through
 * the unix_* functions; af_unix.c (a pair's state, its life, poll,
 * shutdown, options) and af_unix_msg.c (sending and receiving) share the
 * structures.  A socket file's private_data is its struct unix_sock.
 */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include "net.h"
#include "list.h"
#include "spinlock.h"
#include "wait.h"

struct poll_table;

#define RCV_SHUTDOWN	1
#define SEND_SHUTDOWN	2
#define SHUTDOWN_MASK	3

struct unix_msg {
	struct list_head node;
	size_t len;		/* bytes of data */
	size_t consumed;	/* stream: bytes already read */
	size_t truesize;	/* charged to the sender's wmem */
	char data[];
};

struct unix_pair;

struct unix_sock {
	struct unix_pair *pair;
	int side;			/* 0 or 1: the peer is pair->end[!side] */
	unsigned long ino;
	struct wait_queue_head wait;
	/* Guarded by pair->lock; read locklessly (READ_ONCE) by wait conditions and poll: */
	struct list_head rcvq;		/* messages for this end, oldest first */
	size_t rcv_msgs;
	size_t rcv_bytes;		/* unread bytes in rcvq */
	size_t wmem;			/* this end's messages not yet consumed by the peer */
	unsigned int shutdown;		/* RCV_SHUTDOWN | SEND_SHUTDOWN */
	int err;			/* pending error (positive errno) or 0 */
	bool open;			/* its file is live */
	bool connected;			/* has a peer (socketpair); dgram: until it finds it gone */
};

struct unix_pair {
	spinlock_t lock;
	int type;
	unsigned int ends_open;
	struct unix_sock end[2];
};

static inline struct unix_sock *peer_of(struct unix_sock *u)
{
	return &u->pair->end[!u->side];
}

static inline bool is_stream(const struct unix_sock *u)
{
	return u->pair->type == SOCK_STREAM;
}

/*
 * Takes u's receive queue off onto out (pair lock held), crediting the
 * sender (the peer) for each message; unix_free_msgs frees such a list
 * after the lock is dropped.
 */
void unix_purge_locked(struct unix_sock *u, struct list_head *out);
void unix_free_msgs(struct list_head *list);

/* Linux's MAX_RW_COUNT: one transfer moves at most this much. */
#define NET_MAX_RW_COUNT	0x7ffff000UL

/*
 * Checks a socket(2)/socketpair(2) request as Linux's __sock_create and
 * unix_create do, in their order: -EAFNOSUPPORT (family out of range),
 * -EINVAL (type out of range), -EAFNOSUPPORT (a family ringlet lacks),
 * -EPROTONOSUPPORT (protocol not 0 or PF_UNIX), -ESOCKTNOSUPPORT (a type
 * AF_UNIX lacks).  type has its flags removed.  On success returns the
 * type the socket gets (SOCK_RAW becomes SOCK_DGRAM, as in Linux).
 */
int unix_check_create(int family, int type, int protocol);
/*
 * A new unconnected socket (socket(2)) of a checked type, or a connected
 * pair (socketpair(2)); each with one reference, owned by the file the
 * caller makes.  -ENOMEM.  Never sleeps.
 */
int unix_create(int type, struct unix_sock **out);
int unix_create_pair(int type, struct unix_sock **a, struct unix_sock **b);
/* Closes the socket (its file's release).  Never sleeps. */
void unix_release(struct unix_sock *u);

/* The protocol's halves of sock_sendmsg/sock_recvmsg (include/net.h). */
ssize_t unix_sendmsg(struct unix_sock *u, struct sock_msg *m, unsigned int flags, bool nonblock);
ssize_t unix_recvmsg(struct unix_sock *u, struct sock_msg *m, unsigned int flags, bool nonblock);
/* f_op->poll for the socket's file. */
unsigned int unix_poll(struct unix_sock *u, struct file *f, struct poll_table *pt);
/* shutdown(2): 0 or -EINVAL for a bad how. */
int unix_shutdown(struct unix_sock *u, int how);
/* A SOL_SOCKET option's int value: 0, or -ENOPROTOOPT for one ringlet lacks. */
int unix_getsockopt(struct unix_sock *u, int optname, int *val);
/* FIONREAD (SIOCINQ) and TIOCOUTQ (SIOCOUTQ); -ENOTTY for others. */
long unix_ioctl(struct unix_sock *u, unsigned int cmd, unsigned long arg);
int unix_type(const struct unix_sock *u);
unsigned long unix_ino(const struct unix_sock *u);

/*
 * The message cursor (msghdr.c): copies the next len bytes of m's
 * segments to dst / from src and advances.  0, or -EFAULT (the cursor
 * then stands where the copy stopped).  Never sleep (they only fail).
 */
int sock_msg_copy_from(struct sock_msg *m, void *dst, size_t len);
int sock_msg_copy_to(struct sock_msg *m, const void *src, size_t len);
/*
 * Linux's move_addr_to_user: reads the caller's length at ulen (-EFAULT),
 * negative is -EINVAL; copies the smaller of it and klen bytes of the
 * name, then writes klen back into *ulen.  No ringlet socket has a name,
 * so klen is 0.  Process context.
 */
int sock_put_name(const void *kaddr, int klen, void __user *uaddr, int __user *ulen);

#endif
