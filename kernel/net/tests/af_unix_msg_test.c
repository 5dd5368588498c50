/*
 * Self-tests of af_unix_msg.c (suite af_unix_msg): stream reads across
 * writes, MSG_PEEK and MSG_WAITALL; datagram boundaries, truncation and
 * MSG_TRUNC, empty datagrams, one datagram over several segments;
 * seqpacket records and end of file; the control-data answer; faults
 * (a datagram is lost, stream data stays); and the never-sleep contract of
 * read_nonblock/write_nonblock that io_uring's inline attempt relies on.
 */
#include "ktest.h"
#include "../internal.h"
#include "errno.h"
#include "string.h"
#include "slab.h"

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

KTEST(af_unix_msg, stream_reads_across_writes)
{
	struct file *a, *b;
	char buf[32];

	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &a, &b), 0);
	EXPECT_EQ(vfs_write(a, "abc", 3, NULL), 3);
	EXPECT_EQ(vfs_write(a, "defgh", 5, NULL), 5);
	EXPECT_EQ(recv1(b, buf, sizeof(buf), MSG_PEEK), 8);
	EXPECT_EQ(recv1(b, buf, 2, MSG_PEEK), 2);
	EXPECT_EQ(vfs_read(b, buf, 4, NULL), 4);
	EXPECT_EQ(memcmp(buf, "abcd", 4), 0);
	EXPECT_EQ(recv1(b, buf, 0, 0), 0);		/* data there: returns at once */
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), 4);
	EXPECT_EQ(memcmp(buf, "efgh", 4), 0);
	EXPECT_EQ(recv1(b, buf, sizeof(buf), MSG_DONTWAIT), -EAGAIN);
	EXPECT_EQ(vfs_read_nonblock(b, buf, sizeof(buf), NULL), -EAGAIN);
	/* MSG_WAITALL without waiting: what there is, or -EAGAIN. */
	EXPECT_EQ(vfs_write(a, "xy", 2, NULL), 2);
	EXPECT_EQ(recv1(b, buf, 8, MSG_WAITALL | MSG_DONTWAIT), 2);
	EXPECT_EQ(recv1(b, buf, 8, MSG_WAITALL | MSG_DONTWAIT), -EAGAIN);
	EXPECT_EQ(send1(a, "x", 1, MSG_OOB), -EOPNOTSUPP);
	EXPECT_EQ(recv1(b, buf, 1, MSG_OOB), -EINVAL);
	fput(a);
	fput(b);
}

KTEST(af_unix_msg, datagram_boundaries_and_truncation)
{
	char one[3], two[8], buf[16], g1[3] = "abc", g2[8] = "defghijk";
	struct iovec iov[2] = { { one, sizeof(one) }, { two, sizeof(two) } };
	struct iovec gather[2] = { { g1, sizeof(g1) }, { g2, sizeof(g2) } };
	struct file *a, *b;
	struct sock_msg m;

	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &a, &b), 0);
	EXPECT_EQ(vfs_write(a, "first", 5, NULL), 5);
	EXPECT_EQ(vfs_write(a, "", 0, NULL), 0);		/* an empty datagram */
	EXPECT_EQ(vfs_write(a, "0123456789", 10, NULL), 10);
	sock_msg_init_iov(&m, iov, 2);
	EXPECT_EQ(sock_recvmsg(b, &m, 0, false), 5);	/* one datagram, both segments */
	EXPECT_EQ(memcmp(one, "fir", 3), 0);
	EXPECT_EQ(memcmp(two, "st", 2), 0);
	EXPECT_EQ(m.out_flags, 0u);
	EXPECT_EQ(vfs_read(b, buf, 0, NULL), 0);	/* read of nothing consumes nothing */
	EXPECT_EQ(recv1(b, buf, sizeof(buf), 0), 0);	/* the empty one */
	EXPECT_EQ(recv1(b, buf, 4, MSG_PEEK | MSG_TRUNC), 10);
	sock_msg_init_single(&m, buf, 4);
	EXPECT_EQ(sock_recvmsg(b, &m, 0, false), 4);
	EXPECT_EQ(m.out_flags, (unsigned int)MSG_TRUNC);
	EXPECT_EQ(memcmp(buf, "0123", 4), 0);
	EXPECT_EQ(recv1(b, buf, sizeof(buf), MSG_DONTWAIT), -EAGAIN);	/* the rest is gone */
	/* One datagram gathered from both segments. */
	sock_msg_init_iov(&m, gather, 2);
	EXPECT_EQ(sock_sendmsg(a, &m, 0, false), 11);
	EXPECT_EQ(recv1(b, buf, sizeof(buf), 0), 11);
	EXPECT_EQ(memcmp(buf, "abcdefghijk", 11), 0);
	fput(a);
	fput(b);
}

KTEST(af_unix_msg, seqpacket_records_and_end)
{
	struct file *a, *b;
	char buf[8];

	ASSERT_EQ(sock_create_pair(SOCK_SEQPACKET | SOCK_NONBLOCK, &a, &b), 0);
	EXPECT_EQ(vfs_write(a, "12345", 5, NULL), 5);
	EXPECT_EQ(vfs_write(a, "67", 2, NULL), 2);
	EXPECT_EQ(vfs_read(b, buf, 3, NULL), 3);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), 2);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), -EAGAIN);
	EXPECT_EQ(vfs_write(b, "unread", 6, NULL), 6);
	fput(a);
	/* The closer lost data: the error first, then end of file even when non-blocking. */
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), -ECONNRESET);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), 0);
	EXPECT_EQ(send1(b, "x", 1, 0), -EPIPE);
	fput(b);
}

KTEST(af_unix_msg, control_data_answer_is_returned)
{
	struct file *a, *b;
	struct sock_msg m;

	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &a, &b), 0);
	sock_msg_init_single(&m, "x", 1);
	m.control_err = -EOPNOTSUPP;
	EXPECT_EQ(sock_sendmsg(a, &m, 0, false), -EOPNOTSUPP);
	m.control_err = 0;
	m.namelen = 2;		/* too short an address */
	EXPECT_EQ(sock_sendmsg(a, &m, 0, false), -EINVAL);
	fput(a);
	fput(b);
	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &a, &b), 0);
	sock_msg_init_single(&m, "x", 1);
	m.namelen = sizeof(struct sockaddr_un);
	EXPECT_EQ(sock_sendmsg(a, &m, 0, false), -EISCONN);
	fput(a);
	fput(b);
	a = null_file_open();
	ASSERT_NOT_NULL(a);
	EXPECT_EQ(sock_sendmsg(a, &m, 0, false), -ENOTSOCK);
	EXPECT_EQ(sock_recvmsg(a, &m, 0, false), -ENOTSOCK);
	fput(a);
}

KTEST(af_unix_msg, faults_lose_a_datagram_but_not_stream_data)
{
	struct file *a, *b;
	char buf[8];

	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &a, &b), 0);
	EXPECT_EQ(vfs_write(a, (void *)16, 4, NULL), -EFAULT);	/* nothing sent */
	EXPECT_EQ(vfs_write(a, "gone", 4, NULL), 4);
	EXPECT_EQ(vfs_read(b, (void *)16, 4, NULL), -EFAULT);
	EXPECT_EQ(recv1(b, buf, sizeof(buf), MSG_DONTWAIT), -EAGAIN);
	fput(a);
	fput(b);
	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &a, &b), 0);
	EXPECT_EQ(vfs_write(a, "kept", 4, NULL), 4);
	EXPECT_EQ(vfs_read(b, (void *)16, 4, NULL), -EFAULT);
	EXPECT_EQ(vfs_read(b, buf, sizeof(buf), NULL), 4);
	EXPECT_EQ(memcmp(buf, "kept", 4), 0);
	fput(a);
	fput(b);
}

/*
 * The inline attempt never sleeps: reads of nothing and writes that
 * would wait are -EAGAIN, and a stream write is all or nothing (one that
 * needs more than one piece is left to the blocking retry).
 */
KTEST(af_unix_msg, nonblock_ops_never_wait_and_are_all_or_nothing)
{
	size_t big_len = 250000;
	char *big = kzalloc(big_len);
	struct file *a, *b;
	int n = 0;

	ASSERT_NOT_NULL(big);
	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &a, &b), 0);
	EXPECT_EQ(vfs_read_nonblock(b, big, 10, NULL), -EAGAIN);
	EXPECT_EQ(vfs_write_nonblock(a, big, 40000, NULL), -EAGAIN);	/* more than a piece */
	EXPECT_EQ(vfs_write_nonblock(a, big, 36544, NULL), 36544);
	while (vfs_write_nonblock(a, big, 36544, NULL) == 36544)
		n++;
	EXPECT_EQ(n, 5);					/* as the blocking path fits */
	EXPECT_EQ(vfs_read_nonblock(b, big, big_len, NULL), 6 * 36544);
	EXPECT_EQ(vfs_read_nonblock(b, big, big_len, NULL), -EAGAIN);
	fput(a);
	EXPECT_EQ(vfs_read_nonblock(b, big, big_len, NULL), 0);
	EXPECT_EQ(vfs_write_nonblock(b, big, 1, NULL), -EPIPE);
	fput(b);
	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &a, &b), 0);
	n = 0;
	while (vfs_write_nonblock(a, big, 1000, NULL) == 1000)
		n++;
	EXPECT_EQ(n, 93);					/* 2304 bytes of truesize each */
	EXPECT_EQ(vfs_read_nonblock(b, big, 10, NULL), 10);	/* cut, as read(2) */
	fput(a);
	fput(b);
	kfree(big);
}
