/*
 * Self-tests of af_unix.c (suite af_unix): the checks socket(2) and
 * socketpair(2) make, a pair's life (everything freed by the last close,
 * ECONNRESET for a stream peer that loses unread data, ECONNREFUSED then
 * ENOTCONN for a datagram one), shutdown, poll's masks, the options and
 * ioctls, and the send accounting that decides how much fits before
 * -EAGAIN (Linux 6.1's counts).
 */
#include "ktest.h"
#include "../internal.h"
#include "errno.h"
#include "string.h"
#include "slab.h"
#include "uapi/poll.h"
#include "uapi/termios.h"

/* One buffer sent or received on f, as send(2)/recv(2) with flags. */
static ssize_t send1(struct file *f, const void *buf, size_t len, unsigned int flags)
{
	struct sock_msg m;

	if (sock_msg_init_single(&m, (void *)buf, len))
		return -EFAULT;
	return sock_sendmsg(f, &m, flags, false);
}

static ssize_t recv1(struct file *f, void *buf, size_t len, unsigned int flags)
{
	struct sock_msg m;

	if (sock_msg_init_single(&m, buf, len))
		return -EFAULT;
	return sock_recvmsg(f, &m, flags, false);
}

static unsigned int poll_mask(struct file *f)
{
	return f->f_op->poll(f, NULL);
}

static int sockopt(struct file *f, int optname)
{
	int val = -1, err = unix_getsockopt(f->private_data, optname, &val);

	return err ? err : val;
}

KTEST(af_unix, create_checks_in_linux_order)
{
	EXPECT_EQ(unix_check_create(-1, 99, 99), -EAFNOSUPPORT);
	EXPECT_EQ(unix_check_create(NPROTO, SOCK_STREAM, 0), -EAFNOSUPPORT);
	EXPECT_EQ(unix_check_create(AF_UNIX, SOCK_MAX, 0), -EINVAL);
	EXPECT_EQ(unix_check_create(AF_INET, -1, 0), -EINVAL);		/* type before family */
	EXPECT_EQ(unix_check_create(AF_INET, SOCK_STREAM, 0), -EAFNOSUPPORT);
	EXPECT_EQ(unix_check_create(AF_UNIX, SOCK_RDM, 7), -EPROTONOSUPPORT);
	EXPECT_EQ(unix_check_create(AF_UNIX, SOCK_RDM, 0), -ESOCKTNOSUPPORT);
	EXPECT_EQ(unix_check_create(AF_UNIX, 0, AF_UNIX), -ESOCKTNOSUPPORT);
	EXPECT_EQ(unix_check_create(AF_UNIX, SOCK_STREAM, AF_UNIX), SOCK_STREAM);
	EXPECT_EQ(unix_check_create(AF_UNIX, SOCK_SEQPACKET, 0), SOCK_SEQPACKET);
	EXPECT_EQ(unix_check_create(AF_UNIX, SOCK_RAW, 0), SOCK_DGRAM);
}

KTEST(af_unix, last_close_frees_queued_data)
{
	long files = nr_files_live();
	struct file *a, *b;

	EXPECT_EQ(sock_create_pair(SOCK_PACKET, &a, &b), -EINVAL);
	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &a, &b), 0);
	EXPECT_TRUE(file_is_socket(a));
	EXPECT_NE(sock_ino(a), sock_ino(b));
	EXPECT_NE(sock_ino(a), 0);
	EXPECT_EQ(nr_files_live(), files + 2);
	EXPECT_EQ(vfs_write(a, "to b", 4, NULL), 4);
	EXPECT_EQ(vfs_write(b, "to a", 4, NULL), 4);
	fput(a);
	fput(b);
	EXPECT_EQ(nr_files_live(), files);	/* the runner checks kmalloc and "unix sockets" */
}

KTEST(af_unix, stream_peer_close_resets_when_data_was_lost)
{
	struct file *a, *b;
	char buf[8];

	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &a, &b), 0);
	EXPECT_EQ(vfs_write(b, "unread", 6, NULL), 6);
	EXPECT_EQ(vfs_write(a, "kept", 4, NULL), 4);
	fput(a);
	EXPECT_EQ(poll_mask(b), POLLERR | POLLHUP | POLLRDHUP | POLLIN | POLLRDNORM | POLLOUT |
					POLLWRNORM | POLLWRBAND);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), 4);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), -ECONNRESET);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), 0);
	EXPECT_EQ(send1(b, "x", 1, MSG_NOSIGNAL), -EPIPE);
	fput(b);
	/* Nothing unread: the peer just sees the end, no error. */
	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &a, &b), 0);
	fput(a);
	EXPECT_EQ(sockopt(b, SO_ERROR), 0);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), 0);
	fput(b);
}

KTEST(af_unix, dgram_peer_close_refuses_then_disconnects)
{
	struct file *a, *b;
	char buf[8];

	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &a, &b), 0);
	EXPECT_EQ(vfs_write(b, "lost", 4, NULL), 4);
	fput(b);
	EXPECT_EQ(poll_mask(a), POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLWRBAND);
	EXPECT_EQ(send1(a, "x", 1, 0), -ECONNREFUSED);
	/* Linux drops what the dead peer had sent when it forgets it. */
	EXPECT_EQ(recv1(a, buf, sizeof(buf), MSG_DONTWAIT), -EAGAIN);
	EXPECT_EQ(send1(a, "x", 1, 0), -ENOTCONN);
	fput(a);
}

KTEST(af_unix, shutdown_reaches_stream_peers_only)
{
	struct file *a, *b;
	char buf[4];

	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &a, &b), 0);
	EXPECT_EQ(unix_shutdown(a->private_data, 3), -EINVAL);
	EXPECT_EQ(unix_shutdown(a->private_data, -1), -EINVAL);
	EXPECT_EQ(unix_shutdown(a->private_data, SHUT_WR), 0);
	EXPECT_EQ(poll_mask(b),
		  POLLRDHUP | POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLWRBAND);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), 0);
	EXPECT_EQ(send1(a, "x", 1, MSG_NOSIGNAL), -EPIPE);
	EXPECT_EQ(unix_shutdown(b->private_data, SHUT_WR), 0);
	EXPECT_EQ(poll_mask(a) & (POLLHUP | POLLRDHUP), POLLHUP | POLLRDHUP);
	fput(a);
	fput(b);
	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &a, &b), 0);
	EXPECT_EQ(unix_shutdown(a->private_data, SHUT_WR), 0);
	EXPECT_EQ(poll_mask(b) & POLLRDHUP, 0u);	/* not told */
	EXPECT_EQ(send1(a, "x", 1, 0), -EPIPE);		/* own SEND_SHUTDOWN, no signal */
	EXPECT_EQ(unix_shutdown(b->private_data, SHUT_RD), 0);
	EXPECT_EQ(recv1(b, buf, 1, MSG_DONTWAIT), -EAGAIN);	/* datagram quirk: not 0 */
	EXPECT_EQ(recv1(b, buf, 1, 0), 0);
	fput(a);
	fput(b);
}

KTEST(af_unix, options_and_ioctls)
{
	struct file *a, *b;
	int n = -1;

	ASSERT_EQ(sock_create_pair(SOCK_SEQPACKET, &a, &b), 0);
	EXPECT_EQ(sockopt(a, SO_TYPE), SOCK_SEQPACKET);
	EXPECT_EQ(sockopt(a, SO_SNDBUF), SOCK_DEFAULT_BUF);
	EXPECT_EQ(sockopt(a, SO_RCVBUF), SOCK_DEFAULT_BUF);
	EXPECT_EQ(sockopt(a, SO_DOMAIN), AF_UNIX);
	EXPECT_EQ(sockopt(a, SO_ACCEPTCONN), 0);
	EXPECT_EQ(sockopt(a, 2), -ENOPROTOOPT);		/* SO_REUSEADDR: not kept */
	EXPECT_EQ(vfs_write(a, "12345", 5, NULL), 5);
	EXPECT_EQ(vfs_write(a, "67", 2, NULL), 2);
	EXPECT_EQ(b->f_op->ioctl(b, FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ(n, 7);				/* seqpacket: every queued byte */
	EXPECT_EQ(a->f_op->ioctl(a, TIOCOUTQ, (unsigned long)&n), 0);
	EXPECT_EQ(n, 2 * 768);				/* two small skbs' truesize */
	EXPECT_EQ(a->f_op->ioctl(a, 0x1234, 0), -ENOTTY);
	EXPECT_EQ(a->f_op->ioctl(a, FIONREAD, 16), -EFAULT);
	fput(a);
	fput(b);
	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &a, &b), 0);
	EXPECT_EQ(vfs_write(a, "12345", 5, NULL), 5);
	EXPECT_EQ(vfs_write(a, "67", 2, NULL), 2);
	EXPECT_EQ(b->f_op->ioctl(b, FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ(n, 5);				/* datagram: the next one's size */
	fput(a);
	fput(b);
}

/*
 * The send buffer: Linux 6.1 fits 278 one-byte datagrams (768 bytes of
 * truesize each) and takes 219264 bytes of a big non-blocking stream
 * write (six pieces of 36544); reading gives the room back.
 */
KTEST(af_unix, send_buffer_fits_what_linux_fits)
{
	size_t big_len = 300000;
	char *big = kzalloc(big_len);
	struct file *a, *b;
	int n = 0;

	ASSERT_NOT_NULL(big);
	ASSERT_EQ(sock_create_pair(SOCK_DGRAM | SOCK_NONBLOCK, &a, &b), 0);
	while (vfs_write(a, "x", 1, NULL) == 1)
		n++;
	EXPECT_EQ(n, 278);
	EXPECT_EQ(vfs_write(a, "x", 1, NULL), -EAGAIN);
	EXPECT_EQ(poll_mask(a) & POLLOUT, 0u);
	EXPECT_EQ(send1(a, big, SOCK_DEFAULT_BUF - 31, 0), -EMSGSIZE);
	/* Back below a quarter of the buffer: writable again. */
	for (int i = 0; i < 278 - 70; i++)
		EXPECT_EQ(vfs_read(b, big, 4, NULL), 1);
	EXPECT_EQ(poll_mask(a) & POLLOUT, 0u);
	EXPECT_EQ(vfs_read(b, big, 4, NULL), 1);
	EXPECT_EQ(poll_mask(a) & POLLOUT, (unsigned int)POLLOUT);
	fput(a);
	fput(b);
	ASSERT_EQ(sock_create_pair(SOCK_STREAM | SOCK_NONBLOCK, &a, &b), 0);
	EXPECT_EQ(vfs_write(a, big, big_len, NULL), 219264);
	EXPECT_EQ(vfs_write(a, big, 1, NULL), -EAGAIN);
	EXPECT_EQ(vfs_read(b, big, big_len, NULL), 219264);
	fput(a);
	fput(b);
	kfree(big);
}
