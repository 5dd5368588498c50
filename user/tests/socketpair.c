/*
 * AF_UNIX socketpair(2) and socket(2), each call with the results Linux
 * 6.1 gives: creation and its errors, stream and datagram transfers
 * (boundaries, MSG_PEEK, MSG_TRUNC, MSG_DONTWAIT, MSG_WAITALL, readv and
 * writev, sendmsg/recvmsg and sendto/recvfrom), the send buffer's limits,
 * shutdown(2), closing a peer (end of file, ECONNRESET, EPIPE and SIGPIPE,
 * ECONNREFUSED), poll, fstat, getsockopt, unconnected sockets, a blocked
 * read interrupted by a signal, poll and MSG_WAITALL waiting for another
 * process, and a megabyte through a stream between two processes.  Lines
 * starting "socketpair:" are deterministic (the same on every kernel that
 * behaves as Linux 6.1); failures go to stderr.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "test.h"

#define TOTAL (1024 * 1024)

static int pair(int type, int sv[2])
{
	sv[0] = sv[1] = -1;
	return socketpair(AF_UNIX, type, 0, sv);
}

static void close_pair(int sv[2])
{
	close(sv[0]);
	close(sv[1]);
}

/* revents for events on fd, without waiting. */
static int poll_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

static void creation(void)
{
	int sv[2], flags;
	struct stat st;

	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0, sv), EINVAL);
	CHECK_ERR(socketpair(1000, SOCK_STREAM, 0, sv), EAFNOSUPPORT);
	CHECK_ERR(socketpair(-1, SOCK_STREAM, 0, sv), EAFNOSUPPORT);
	CHECK_ERR(socketpair(AF_UNIX, 11, 0, sv), EINVAL);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_RDM, 0, sv), ESOCKTNOSUPPORT);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 2, sv), EPROTONOSUPPORT);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, NULL), EFAULT);
	CHECK_ERR(socket(AF_UNIX, SOCK_PACKET, 0), ESOCKTNOSUPPORT);
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, PF_UNIX, sv));
	CHECK_EQ(sv[1], sv[0] + 1);
	CHECK_EQ(fcntl(sv[0], F_GETFL), O_RDWR);
	CHECK_EQ(fcntl(sv[0], F_GETFD), 0);
	CHECK_OK(fstat(sv[0], &st));
	CHECK(S_ISSOCK(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0777);
	CHECK_ERR(lseek(sv[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(pread(sv[0], &flags, 1, 0), ESPIPE);
	close_pair(sv);
	CHECK_OK(pair(SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, sv));
	CHECK_EQ(fcntl(sv[1], F_GETFL), O_RDWR | O_NONBLOCK);
	CHECK_EQ(fcntl(sv[1], F_GETFD), FD_CLOEXEC);
	close_pair(sv);
	/* SOCK_RAW is a datagram socket on AF_UNIX. */
	CHECK_OK(pair(SOCK_RAW, sv));
	flags = -1;
	CHECK_OK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &flags, &(socklen_t){ sizeof(flags) }));
	CHECK_EQ(flags, SOCK_DGRAM);
	close_pair(sv);
	printf("socketpair: creation checked\n");
}

static void stream_basics(void)
{
	char buf[64] = { 0 };
	int sv[2], n = -1;

	CHECK_OK(pair(SOCK_STREAM, sv));
	CHECK_EQ(poll_now(sv[0], POLLIN | POLLOUT), POLLOUT);
	CHECK_EQ(write(sv[0], "hello", 5), 5);
	CHECK_EQ(send(sv[0], " world", 6, 0), 6);
	CHECK_EQ(poll_now(sv[1], POLLIN | POLLOUT), POLLIN | POLLOUT);
	CHECK_OK(ioctl(sv[1], FIONREAD, &n));
	CHECK_EQ(n, 11);
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), MSG_PEEK), 11);	/* across both writes */
	CHECK_EQ(read(sv[1], buf, 3), 3);
	CHECK(!memcmp(buf, "hel", 3));
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 8);
	CHECK(!memcmp(buf, "lo world", 8));
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	CHECK_EQ(read(sv[1], buf, 0), 0);
	/* Both directions. */
	CHECK_EQ(write(sv[1], "back", 4), 4);
	CHECK_EQ(recv(sv[0], buf, sizeof(buf), MSG_WAITALL | MSG_DONTWAIT), 4);
	/* readv: what is there, over the segments. */
	CHECK_EQ(write(sv[0], "abcdef", 6), 6);
	{
		char a[4], b[8];
		struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };

		CHECK_EQ(readv(sv[1], iov, 2), 6);
		CHECK(!memcmp(a, "abcd", 4) && !memcmp(b, "ef", 2));
	}
	CHECK_ERR(recv(sv[0], buf, 1, MSG_OOB), EINVAL);	/* no out-of-band byte */
	close_pair(sv);
	printf("socketpair: stream basics checked\n");
}

static void dgram_basics(void)
{
	char buf[64] = { 0 }, a[3], b[8];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	int sv[2], n = -1;

	CHECK_OK(pair(SOCK_DGRAM, sv));
	CHECK_EQ(write(sv[0], "one", 3), 3);
	CHECK_EQ(write(sv[0], "", 0), 0);		/* an empty datagram */
	CHECK_EQ(send(sv[0], "three33", 7, 0), 7);
	CHECK_EQ(writev(sv[0], iov, 0), 0);		/* writev of nothing sends nothing */
	CHECK_OK(ioctl(sv[1], FIONREAD, &n));
	CHECK_EQ(n, 3);					/* the next datagram's size */
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 3);
	CHECK_EQ(read(sv[1], buf, 0), 0);		/* consumes nothing */
	CHECK_EQ(recv(sv[1], buf, sizeof(buf), 0), 0);	/* the empty one */
	CHECK_EQ(recv(sv[1], buf, 2, MSG_PEEK), 2);
	CHECK_EQ(recv(sv[1], buf, 2, MSG_PEEK | MSG_TRUNC), 7);
	CHECK_EQ(recvmsg(sv[1], &mh, 0), 7);		/* one datagram over both segments */
	CHECK(!memcmp(a, "thr", 3) && !memcmp(b, "ee33", 4));
	CHECK_EQ(mh.msg_flags, 0);
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* Cut to the buffer: the rest is gone; MSG_TRUNC says so. */
	CHECK_EQ(writev(sv[0], iov, 2), 11);		/* one datagram from both segments */
	CHECK_EQ(send(sv[0], "0123456789", 10, 0), 10);
	iov[0].iov_len = 2;
	mh.msg_iovlen = 1;
	CHECK_EQ(recvmsg(sv[1], &mh, 0), 2);
	CHECK_EQ(mh.msg_flags, MSG_TRUNC);
	CHECK_EQ(recv(sv[1], buf, 4, MSG_TRUNC), 10);
	CHECK(!memcmp(buf, "0123", 4));
	CHECK_ERR(recv(sv[1], buf, 1, MSG_OOB), EOPNOTSUPP);
	CHECK_ERR(send(sv[0], "x", 1, MSG_OOB), EOPNOTSUPP);
	close_pair(sv);
	printf("socketpair: datagram basics checked\n");
}

static void names_and_messages(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof(from);
	char buf[16], ctl[64] = { 0 };
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_name = &from,
			     .msg_namelen = sizeof(from),
			     .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = ctl,
			     .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c = (struct cmsghdr *)ctl;
	int sv[2];

	CHECK_OK(pair(SOCK_DGRAM, sv));
	CHECK_EQ(send(sv[0], "ab", 2, 0), 2);
	CHECK_EQ(recvfrom(sv[1], buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen), 2);
	CHECK_EQ(fromlen, 0);				/* the sender has no name */
	CHECK_EQ(send(sv[0], "cd", 2, 0), 2);
	CHECK_EQ(recvmsg(sv[1], &mh, 0), 2);
	CHECK_EQ(mh.msg_namelen, 0);
	CHECK_EQ(mh.msg_controllen, 0);
	/* Addresses: none is bound, so each name fails as Linux fails it. */
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, 2), EINVAL);
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, 200), EINVAL);
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, -1), EINVAL);
	strcpy(sun.sun_path + 1, "ringlet-none");
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, sizeof(sun)), ECONNREFUSED);
	strcpy(sun.sun_path, "/tmp/no-such-socket");
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, sizeof(sun)), ENOENT);
	strcpy(sun.sun_path, "/tmp");
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, sizeof(sun)), ECONNREFUSED);
	sun.sun_family = AF_INET;
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, sizeof(sun)), EINVAL);
	/* Control data: another level is skipped, a bad SOL_SOCKET type is EINVAL. */
	iov.iov_len = 1;
	mh.msg_name = NULL;
	mh.msg_namelen = 0;
	c->cmsg_len = CMSG_LEN(4);
	c->cmsg_level = 6;
	mh.msg_controllen = CMSG_SPACE(4);
	CHECK_EQ(sendmsg(sv[0], &mh, 0), 1);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = 99;
	CHECK_ERR(sendmsg(sv[0], &mh, 0), EINVAL);
	c->cmsg_len = 200;
	CHECK_ERR(sendmsg(sv[0], &mh, 0), EINVAL);
	mh.msg_controllen = 1 << 20;
	errno = 0;
	CHECK_EQ(sendmsg(sv[0], &mh, 0), -1);
	CHECK(errno == ENOBUFS || errno == ENOMEM);	/* 6.1: ENOBUFS; later kernels: ENOMEM */
	mh.msg_controllen = 0;
	mh.msg_iovlen = 1025;
	CHECK_ERR(sendmsg(sv[0], &mh, 0), EMSGSIZE);
	mh.msg_iovlen = 1;
	mh.msg_namelen = -1;
	mh.msg_name = &from;
	CHECK_ERR(sendmsg(sv[0], &mh, 0), EINVAL);
	CHECK_ERR(sendmsg(sv[0], NULL, 0), EFAULT);
	CHECK_ERR(sendmsg(sv[0], &mh, 0x80000000), EINVAL);	/* MSG_CMSG_COMPAT */
	CHECK_ERR(send(sv[0], NULL, 1, 0), EFAULT);
	CHECK_ERR(send(0x7fff, "x", 1, 0), EBADF);
	/* The buffer's range is checked before the descriptor. */
	CHECK_ERR(send(0x7fff, (void *)0xffff800000000000UL, 1, 0), EFAULT);
	close_pair(sv);
	printf("socketpair: names and control data checked\n");
}

static void buffer_limits(void)
{
	static char big[300000];
	int sv[2], n = 0;
	long r;

	CHECK_OK(pair(SOCK_DGRAM | SOCK_NONBLOCK, sv));
	while (send(sv[0], "x", 1, 0) == 1)
		n++;
	CHECK_EQ(errno, EAGAIN);
	CHECK_EQ(poll_now(sv[0], POLLOUT), 0);
	CHECK(n > 10);
	printf("socketpair: %d one-byte datagrams fit\n", n);
	CHECK_ERR(send(sv[0], big, 212961, 0), EMSGSIZE);
	CHECK_EQ(recv(sv[1], big, 10, 0), 1);
	close_pair(sv);
	CHECK_OK(pair(SOCK_DGRAM, sv));
	CHECK_EQ(send(sv[0], big, 212960, 0), 212960);	/* the largest datagram */
	CHECK_EQ(recv(sv[1], big, sizeof(big), 0), 212960);
	close_pair(sv);
	CHECK_OK(pair(SOCK_STREAM | SOCK_NONBLOCK, sv));
	r = write(sv[0], big, sizeof(big));
	CHECK(r > 0 && r < (long)sizeof(big));
	printf("socketpair: a non-blocking stream write of %zu took %ld\n", sizeof(big), r);
	CHECK_ERR(write(sv[0], big, 1), EAGAIN);
	CHECK_EQ(read(sv[1], big, sizeof(big)), r);
	CHECK_EQ(poll_now(sv[0], POLLOUT), POLLOUT);
	close_pair(sv);
}

static void shutdown_and_close(void)
{
	char buf[8];
	int sv[2], v = -1;
	socklen_t len = sizeof(v);

	CHECK_OK(pair(SOCK_STREAM, sv));
	CHECK_ERR(shutdown(sv[0], 3), EINVAL);
	CHECK_ERR(shutdown(0x7fff, SHUT_RD), EBADF);
	CHECK_ERR(shutdown(1, SHUT_RD), ENOTSOCK);
	CHECK_EQ(write(sv[0], "z", 1), 1);
	CHECK_OK(shutdown(sv[0], SHUT_WR));
	CHECK_EQ(poll_now(sv[1], POLLIN | POLLRDHUP), POLLIN | POLLRDHUP);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 1);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0);	/* end of file, and it stays */
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0);
	CHECK_ERR(send(sv[0], "z", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ(write(sv[1], "y", 1), 1);		/* the other way still works */
	CHECK_EQ(read(sv[0], buf, sizeof(buf)), 1);
	close_pair(sv);
	/* Closing with unread data: ECONNRESET once, then end of file. */
	CHECK_OK(pair(SOCK_STREAM, sv));
	CHECK_EQ(write(sv[1], "unread", 6), 6);
	CHECK_EQ(write(sv[0], "kept", 4), 4);
	close(sv[0]);
	CHECK_EQ(poll_now(sv[1], POLLIN | POLLOUT | POLLRDHUP),
		 POLLIN | POLLOUT | POLLRDHUP | POLLERR | POLLHUP);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 4);	/* what was sent before comes first */
	CHECK_ERR(read(sv[1], buf, sizeof(buf)), ECONNRESET);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0);
	CHECK_ERR(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	close(sv[1]);
	/* SO_ERROR takes the pending error. */
	CHECK_OK(pair(SOCK_STREAM, sv));
	CHECK_EQ(write(sv[1], "u", 1), 1);
	close(sv[0]);
	CHECK_OK(getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &v, &len));
	CHECK_EQ(v, ECONNRESET);
	CHECK_OK(getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &v, &len));
	CHECK_EQ(v, 0);
	CHECK_OK(getsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &v, &len));
	CHECK_EQ(v, 212992);
	CHECK_OK(getsockopt(sv[1], SOL_SOCKET, SO_DOMAIN, &v, &len));
	CHECK_EQ(v, AF_UNIX);
	CHECK_ERR(getsockopt(sv[1], SOL_SOCKET, 9999, &v, &len), ENOPROTOOPT);
	CHECK_ERR(getsockopt(sv[1], 6, 1, &v, &len), EOPNOTSUPP);
	len = 2;
	v = -1;
	CHECK_OK(getsockopt(sv[1], SOL_SOCKET, SO_TYPE, &v, &len));
	CHECK_EQ(len, 2);
	close(sv[1]);
	/* A datagram peer that closed: ECONNREFUSED once, then ENOTCONN; reads are not ended. */
	CHECK_OK(pair(SOCK_DGRAM, sv));
	close(sv[1]);
	CHECK_ERR(send(sv[0], "x", 1, 0), ECONNREFUSED);
	CHECK_ERR(send(sv[0], "x", 1, 0), ENOTCONN);
	CHECK_ERR(recv(sv[0], buf, 1, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ(poll_now(sv[0], POLLIN | POLLOUT), POLLOUT);
	close(sv[0]);
	/* A datagram shutdown is not passed to the peer; a send to it is EPIPE (no signal). */
	CHECK_OK(pair(SOCK_DGRAM, sv));
	CHECK_OK(shutdown(sv[1], SHUT_RD));
	CHECK_ERR(send(sv[0], "x", 1, 0), EPIPE);
	CHECK_ERR(recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ(recv(sv[1], buf, 1, 0), 0);
	close_pair(sv);
	printf("socketpair: shutdown and close checked\n");
}

/* A write to a stream nobody reads: SIGPIPE kills by default. */
static void sigpipe(void)
{
	int sv[2], status = -1;
	pid_t pid;

	CHECK_OK(pair(SOCK_STREAM, sv));
	close(sv[1]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		(void)!write(sv[0], "x", 1);
		_exit(1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	close(sv[0]);
	printf("socketpair: SIGPIPE checked\n");
}

static void seqpacket(void)
{
	char buf[8];
	int sv[2];

	CHECK_OK(pair(SOCK_SEQPACKET, sv));
	CHECK_EQ(write(sv[0], "12345", 5), 5);
	CHECK_EQ(write(sv[0], "67", 2), 2);
	CHECK_EQ(read(sv[1], buf, 3), 3);		/* a record, cut */
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "67", 2));
	close(sv[0]);
	CHECK_EQ(read(sv[1], buf, sizeof(buf)), 0);
	CHECK_EQ(recv(sv[1], buf, 1, MSG_DONTWAIT), 0);	/* seqpacket's end of file */
	CHECK_ERR(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	close(sv[1]);
	printf("socketpair: seqpacket checked\n");
}

static void unconnected(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), d;
	char buf[4];

	CHECK(s >= 0);
	CHECK_EQ(fcntl(s, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(read(s, buf, 1), EINVAL);
	CHECK_ERR(send(s, "x", 1, 0), ENOTCONN);
	CHECK_EQ(poll_now(s, POLLIN | POLLOUT), POLLOUT | POLLHUP);
	CHECK_OK(shutdown(s, SHUT_RDWR));
	close(s);
	d = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	CHECK(d >= 0);
	CHECK_ERR(send(d, "x", 1, 0), ENOTCONN);
	CHECK_ERR(recv(d, buf, 1, 0), EAGAIN);
	close(d);
	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 7), EPROTONOSUPPORT);
	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM | O_APPEND, 0), EINVAL);
	printf("socketpair: unconnected sockets checked\n");
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A blocked read is interrupted by a signal whose handler has no SA_RESTART. */
static void interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int sv[2], status = -1;
	pid_t me = getpid(), pid;
	char c;

	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(pair(SOCK_STREAM, sv));
	pid = fork();
	if (pid == 0) {
		nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
		kill(me, SIGUSR1);
		_exit(0);
	}
	CHECK_ERR(read(sv[0], &c, 1), EINTR);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	close_pair(sv);
	signal(SIGUSR1, SIG_DFL);
	printf("socketpair: EINTR checked\n");
}

/* poll sleeps until another process writes; MSG_WAITALL waits for the whole buffer. */
static void waits_across_processes(void)
{
	struct pollfd p;
	int sv[2], status = -1;
	char buf[12];
	pid_t pid;

	CHECK_OK(pair(SOCK_STREAM, sv));
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 3; i++) {
			nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
			if (write(sv[1], "abcd", 4) != 4)
				_exit(1);
		}
		_exit(0);
	}
	p = (struct pollfd){ .fd = sv[0], .events = POLLIN };
	CHECK_EQ(poll(&p, 1, 5000), 1);
	CHECK_EQ(p.revents, POLLIN);
	CHECK_EQ(recv(sv[0], buf, sizeof(buf), MSG_WAITALL), 12);
	CHECK(!memcmp(buf, "abcdabcdabcd", 12));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	close_pair(sv);
	printf("socketpair: poll and MSG_WAITALL across processes checked\n");
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 9));
}

/* A megabyte from a child, in odd pieces, with datagram acknowledgements every 64 KiB. */
static void between_processes(void)
{
	static unsigned char buf[70000];
	int s[2], d[2], status = -1;
	size_t got = 0, bad = 0, acks = 0;
	pid_t pid;
	ssize_t n;

	CHECK_OK(pair(SOCK_STREAM, s));
	CHECK_OK(pair(SOCK_DGRAM, d));
	pid = fork();
	if (pid == 0) {
		size_t off = 0, piece = 1, acked = 0;
		char ack[4];

		close(s[1]);
		close(d[1]);
		while (off < TOTAL) {
			size_t len = piece < TOTAL - off ? piece : TOTAL - off;

			for (size_t i = 0; i < len; i++)
				buf[i] = pattern(off + i);
			for (size_t done = 0; done < len;) {
				n = write(s[0], buf + done, len - done);
				if (n <= 0)
					_exit(2);
				done += (size_t)n;
			}
			off += len;
			piece = (piece * 5 + 3) % 65521;
			while (acked + 4 < off / 65536) {	/* at most 4 acks behind */
				if (read(d[0], ack, sizeof(ack)) != 4)
					_exit(3);
				acked++;
			}
		}
		while (acked < TOTAL / 65536) {		/* every ack, so none is refused */
			if (read(d[0], ack, sizeof(ack)) != 4)
				_exit(4);
			acked++;
		}
		_exit(0);
	}
	close(s[0]);
	close(d[0]);
	while ((n = read(s[1], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != pattern(got + (size_t)i);
		for (size_t k = got / 65536; k < (got + (size_t)n) / 65536; k++)
			acks += write(d[1], "ack!", 4) == 4;
		got += (size_t)n;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(got, TOTAL);
	CHECK_EQ(bad, 0);
	CHECK_EQ(acks, TOTAL / 65536);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	close(s[1]);
	close(d[1]);
	printf("socketpair: a megabyte between processes checked\n");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	creation();
	stream_basics();
	dgram_basics();
	names_and_messages();
	buffer_limits();
	shutdown_and_close();
	sigpipe();
	seqpacket();
	unconnected();
	interrupted();
	waits_across_processes();
	between_processes();
	return t_exit();
}
