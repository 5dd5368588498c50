/*
 * The socket ABI of socket(2), socketpair(2), sendto/recvfrom(2),
 * sendmsg/recvmsg(2), shutdown(2) and getsockopt(2), with Linux's x86_64
 * values and layouts (include/linux/socket.h, include/uapi/linux/un.h,
 * include/uapi/asm-generic/socket.h), so a static binary's structures and
 * flags mean the same here.  Only what ringlet's AF_UNIX sockets use.
 */
#ifndef UAPI_SOCKET_H
#define UAPI_SOCKET_H

#include <stddef.h>
#include "uapi/io_uring.h"	/* struct iovec, UIO_MAXIOV */

/* Address families: ringlet has AF_UNIX only; NPROTO bounds the valid range. */
#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_LOCAL	AF_UNIX
#define AF_INET		2
#define AF_INET6	10
#define NPROTO		46	/* Linux 6.1's AF_MAX */

/* Socket types; the type argument also carries SOCK_NONBLOCK and SOCK_CLOEXEC. */
#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5
#define SOCK_DCCP	6
#define SOCK_PACKET	10
#define SOCK_MAX	11	/* types at or above this are -EINVAL */
#define SOCK_TYPE_MASK	0xf
#define SOCK_NONBLOCK	00004000	/* O_NONBLOCK */
#define SOCK_CLOEXEC	02000000	/* O_CLOEXEC */

/* send/recv flags. */
#define MSG_OOB		0x1
#define MSG_PEEK	0x2
#define MSG_DONTROUTE	0x4
#define MSG_CTRUNC	0x8
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40
#define MSG_EOR		0x80
#define MSG_WAITALL	0x100
#define MSG_NOSIGNAL	0x4000
#define MSG_CMSG_CLOEXEC 0x40000000
#define MSG_CMSG_COMPAT	0x80000000	/* 32-bit callers only: -EINVAL from a 64-bit one */

/* shutdown(2)'s how. */
#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

/* getsockopt(2): the socket level and its options. */
#define SOL_SOCKET	1
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_ACCEPTCONN	30
#define SO_PROTOCOL	38
#define SO_DOMAIN	39

/* Control messages (cmsg_type at SOL_SOCKET). */
#define SCM_RIGHTS	1
#define SCM_CREDENTIALS	2

/* The largest address any family takes: what the kernel copies in at most. */
struct sockaddr_storage {
	unsigned short ss_family;
	char __data[126];
} __attribute__((aligned(8)));

#define UNIX_PATH_MAX	108
struct sockaddr_un {
	unsigned short sun_family;	/* AF_UNIX */
	char sun_path[UNIX_PATH_MAX];
};

/* sendmsg/recvmsg's header, as the program lays it out (Linux's struct user_msghdr). */
struct user_msghdr {
	void *msg_name;
	int msg_namelen;
	struct iovec *msg_iov;
	size_t msg_iovlen;
	void *msg_control;
	size_t msg_controllen;
	unsigned int msg_flags;
};

struct cmsghdr {
	size_t cmsg_len;	/* header and data */
	int cmsg_level;
	int cmsg_type;
};

#define CMSG_ALIGN(len)	(((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))

_Static_assert(sizeof(struct sockaddr_storage) == 128, "sockaddr_storage size");
_Static_assert(sizeof(struct sockaddr_un) == 110, "sockaddr_un size");
_Static_assert(sizeof(struct user_msghdr) == 56, "user_msghdr size");
_Static_assert(sizeof(struct cmsghdr) == 16, "cmsghdr size");

#endif
