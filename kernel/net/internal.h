/*
 * What kernel/net's files share: the generic socket layer (socket.c:
 * files, system calls, message import) calls the AF_UNIX protocol
 * (af_unix.c) through these functions.  A socket file's private_data is
 * its struct unix_sock, opaque outside af_unix.c.
 */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include "net.h"

struct unix_sock;
struct poll_table;

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
 * The message cursor (socket.c): copies the next len bytes of m's
 * segments to dst / from src and advances.  0, or -EFAULT (the cursor
 * then stands where the copy stopped).  Never sleep (they only fail).
 */
int sock_msg_copy_from(struct sock_msg *m, void *dst, size_t len);
int sock_msg_copy_to(struct sock_msg *m, const void *src, size_t len);

#endif
