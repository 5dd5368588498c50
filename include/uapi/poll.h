/*
 * The poll ABI: struct pollfd and the event bits, with Linux's x86_64
 * values (include/uapi/asm-generic/poll.h), so a static binary's poll and
 * ppoll mean the same here.
 */
#ifndef UAPI_POLL_H
#define UAPI_POLL_H

#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200
#define POLLRDHUP	0x2000	/* the peer shut its writing half (sockets) */

struct pollfd {
	int fd;
	short events;
	short revents;
};

#endif
