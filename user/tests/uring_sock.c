/*
 * uring_sock: AF_UNIX socket pairs on the rings, with Debian's liburing.
 *
 * SEND, RECV, SENDMSG and RECVMSG, and READV/WRITEV, on stream and
 * datagram pairs: inline, and forced onto a worker (IOSQE_ASYNC), where
 * a kernel without shared address spaces must still reach this process's
 * buffers; a receive that waits for a write(2) of another process; the
 * pair as fixed files; a datagram spread over several segments arriving
 * as one message; RECVMSG's msg_flags (MSG_TRUNC) written back; -ENOTSOCK
 * for a pipe, -EPIPE without SIGPIPE for a broken stream, -EAGAIN for
 * MSG_DONTWAIT.  Every CQE and every byte received is printed for
 * compare-linux.
 */
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "uring_test.h"

static struct io_uring ring;

/* Submits what is queued and prints the n CQEs, sorted by user_data. */
static void run(unsigned n, const char *what)
{
	struct u_cqe c[8];

	CHECK_EQ(io_uring_submit(&ring), n);
	CHECK_EQ(u_reap_print(&ring, c, n, what), n);
}

static void send_recv(int type, unsigned sqe_flags, const char *what)
{
	char in[16] = { 0 };
	int sv[2];
	struct io_uring_sqe *sqe;

	CHECK_EQ(socketpair(AF_UNIX, type, 0, sv), 0);
	sqe = u_sqe(&ring);
	io_uring_prep_send(sqe, sv[0], "hello", 5, 0);
	sqe->flags |= sqe_flags | IOSQE_IO_LINK;	/* the receive runs after the send */
	sqe->user_data = 1;
	sqe = u_sqe(&ring);
	io_uring_prep_recv(sqe, sv[1], in, sizeof(in), 0);
	sqe->flags |= sqe_flags;
	sqe->user_data = 2;
	run(2, what);
	printf("%s: received \"%s\"\n", what, in);
	CHECK_EQ(strcmp(in, "hello"), 0);
	close(sv[0]);
	close(sv[1]);
}

/* A receive that waits in the kernel until another process writes. */
static void recv_waits_for_a_writer(unsigned sqe_flags, const char *what)
{
	struct io_uring_sqe *sqe = u_sqe(&ring);
	char in[16] = { 0 };
	struct u_cqe c[1];
	int sv[2];
	pid_t pid;

	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	io_uring_prep_recv(sqe, sv[1], in, sizeof(in), 0);
	sqe->flags |= sqe_flags;
	sqe->user_data = 7;
	CHECK_EQ(io_uring_submit(&ring), 1);
	pid = fork();
	if (pid == 0)
		_exit(write(sv[0], "late", 4) == 4 ? 0 : 1);
	CHECK_EQ(u_reap_print(&ring, c, 1, what), 1);
	CHECK_EQ(waitpid(pid, NULL, 0), pid);
	printf("%s: received \"%s\"\n", what, in);
	close(sv[0]);
	close(sv[1]);
}

/* One datagram from two segments, received whole by RECVMSG, then cut short. */
static void dgram_msgs(unsigned sqe_flags, const char *what)
{
	char a[4] = { 0 }, b[8] = { 0 }, small[4] = { 0 };
	struct iovec out[2] = { { "abc", 3 }, { "defg", 4 } };
	struct iovec in[2] = { { a, 3 }, { b, sizeof(b) } }, in_small = { small, sizeof(small) };
	struct msghdr smsg = { .msg_iov = out, .msg_iovlen = 2 };
	struct msghdr rmsg = { .msg_iov = in, .msg_iovlen = 2 };
	struct msghdr rsmall = { .msg_iov = &in_small, .msg_iovlen = 1 };
	struct io_uring_sqe *sqe;
	int sv[2];

	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	for (int i = 0; i < 2; i++) {
		sqe = u_sqe(&ring);
		io_uring_prep_sendmsg(sqe, sv[0], &smsg, 0);
		sqe->flags |= sqe_flags | IOSQE_IO_LINK;
		sqe->user_data = 1 + i;
	}
	sqe = u_sqe(&ring);
	io_uring_prep_recvmsg(sqe, sv[1], &rmsg, 0);
	sqe->flags |= sqe_flags | IOSQE_IO_LINK;
	sqe->user_data = 3;
	sqe = u_sqe(&ring);
	io_uring_prep_recvmsg(sqe, sv[1], &rsmall, 0);
	sqe->flags |= sqe_flags;
	sqe->user_data = 4;
	run(4, what);
	printf("%s: segments \"%.3s\" \"%s\", msg_flags %#x; cut \"%.4s\", msg_flags %#x\n", what,
	       a, b, rmsg.msg_flags, small, rsmall.msg_flags);
	CHECK_EQ(memcmp(a, "abc", 3), 0);
	CHECK_EQ(strcmp(b, "defg"), 0);
	CHECK_EQ(rsmall.msg_flags, MSG_TRUNC);
	close(sv[0]);
	close(sv[1]);
}

/* READV and WRITEV on a datagram pair: one message across the segments, as readv(2). */
static void dgram_vectors(unsigned sqe_flags, const char *what)
{
	char a[5] = { 0 }, b[6] = { 0 };
	struct iovec out[2] = { { "01234", 5 }, { "56789", 5 } };
	struct iovec in[2] = { { a, 5 }, { b, 5 } };
	struct io_uring_sqe *sqe;
	int sv[2];

	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	sqe = u_sqe(&ring);
	io_uring_prep_writev(sqe, sv[0], out, 2, 0);
	sqe->flags |= sqe_flags | IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = u_sqe(&ring);
	io_uring_prep_readv(sqe, sv[1], in, 2, 0);
	sqe->flags |= sqe_flags;
	sqe->user_data = 2;
	run(2, what);
	printf("%s: \"%.5s\" \"%s\"\n", what, a, b);
	CHECK_EQ(memcmp(a, "01234", 5), 0);
	CHECK_EQ(strcmp(b, "56789"), 0);
	close(sv[0]);
	close(sv[1]);
}

static void fixed_and_errors(void)
{
	char in[8] = { 0 };
	int sv[2], p[2];
	struct io_uring_sqe *sqe;

	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(io_uring_register_files(&ring, sv, 2), 0);
	sqe = u_sqe(&ring);
	io_uring_prep_send(sqe, 0, "fix", 3, 0);
	sqe->flags |= IOSQE_FIXED_FILE | IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = u_sqe(&ring);
	io_uring_prep_recv(sqe, 1, in, sizeof(in), 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = 2;
	run(2, "fixed sockets");
	printf("fixed sockets: received \"%s\"\n", in);
	CHECK_EQ(io_uring_unregister_files(&ring), 0);

	sqe = u_sqe(&ring);
	io_uring_prep_send(sqe, p[1], "x", 1, 0);
	sqe->user_data = 1;
	sqe = u_sqe(&ring);
	io_uring_prep_recv(sqe, sv[1], in, sizeof(in), MSG_DONTWAIT);
	sqe->user_data = 2;
	run(2, "send to a pipe, recv MSG_DONTWAIT on an empty socket");

	/* The peer is gone: -EPIPE, and no SIGPIPE (io_uring sends with MSG_NOSIGNAL). */
	signal(SIGPIPE, SIG_DFL);
	close(sv[1]);
	sqe = u_sqe(&ring);
	io_uring_prep_send(sqe, sv[0], "y", 1, 0);
	sqe->user_data = 1;
	run(1, "send to a closed peer");
	close(sv[0]);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	u_start();
	u_init_or_skip(8, &ring, 0);
	send_recv(SOCK_STREAM, 0, "stream send/recv");
	send_recv(SOCK_STREAM, IOSQE_ASYNC, "stream send/recv async");
	send_recv(SOCK_SEQPACKET, IOSQE_ASYNC, "seqpacket send/recv async");
	recv_waits_for_a_writer(0, "recv waiting for a writer");
	recv_waits_for_a_writer(IOSQE_ASYNC, "recv waiting for a writer, async");
	dgram_msgs(0, "dgram sendmsg/recvmsg");
	dgram_msgs(IOSQE_ASYNC, "dgram sendmsg/recvmsg async");
	dgram_vectors(0, "dgram writev/readv");
	dgram_vectors(IOSQE_ASYNC, "dgram writev/readv async");
	fixed_and_errors();
	io_uring_queue_exit(&ring);
	return u_exit();
}
