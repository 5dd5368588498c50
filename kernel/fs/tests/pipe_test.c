/*
 * Self-tests of pipes: ordering, partial reads, end of file and -EPIPE,
 * readers and writers that sleep until this thread lets them go from
 * another CPU (the same one on a single-CPU machine), and a
 * producer/consumer stress across every CPU.
 */
#include "ktest.h"
#include "file.h"
#include "sched.h"
#include "smp.h"
#include "timer.h"
#include "time.h"
#include "string.h"
#include "errno.h"

#define NS_PER_MS (1000ULL * 1000)

KTEST(pipe, data_order_preserved)
{
	struct file *rd, *wr;
	char buf[16];

	ASSERT_EQ(pipe_create(&rd, &wr, 8), 0);
	EXPECT_EQ(vfs_write(wr, "abc", 3, NULL), 3);
	EXPECT_EQ(vfs_write(wr, "defgh", 5, NULL), 5);
	EXPECT_EQ(vfs_read(rd, buf, 8, NULL), 8);
	EXPECT_EQ(memcmp(buf, "abcdefgh", 8), 0);
	/* Around the end of the ring. */
	EXPECT_EQ(vfs_write(wr, "012345", 6, NULL), 6);
	EXPECT_EQ(vfs_read(rd, buf, 4, NULL), 4);
	EXPECT_EQ(vfs_write(wr, "6789ab", 6, NULL), 6);
	EXPECT_EQ(vfs_read(rd, buf, 8, NULL), 8);
	EXPECT_EQ(memcmp(buf, "456789ab", 8), 0);
	fput(rd);
	fput(wr);
}

KTEST(pipe, partial_read_and_nonblock)
{
	struct file *rd, *wr;
	char buf[100];

	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	EXPECT_EQ(vfs_read_nonblock(rd, buf, sizeof(buf), NULL), -EAGAIN);
	EXPECT_EQ(vfs_write(wr, "hello", 5, NULL), 5);
	EXPECT_EQ(vfs_read(rd, buf, sizeof(buf), NULL), 5);	/* what is there */
	EXPECT_EQ(memcmp(buf, "hello", 5), 0);
	EXPECT_EQ(vfs_read_nonblock(rd, buf, sizeof(buf), NULL), -EAGAIN);
	EXPECT_EQ(vfs_write(wr, "xy", 2, NULL), 2);
	EXPECT_EQ(vfs_read_nonblock(rd, buf, 1, NULL), 1);
	EXPECT_EQ(buf[0], 'x');
	EXPECT_EQ(vfs_read(rd, buf, 0, NULL), 0);
	EXPECT_EQ(vfs_read_nonblock(rd, buf, sizeof(buf), NULL), 1);
	EXPECT_EQ(buf[0], 'y');
	/* Non-blocking writes: all of it if it fits, else nothing; only on the write end. */
	EXPECT_EQ(vfs_write_nonblock(wr, buf, 60, NULL), 60);
	EXPECT_EQ(vfs_write_nonblock(wr, buf, 5, NULL), -EAGAIN);
	EXPECT_EQ(vfs_write_nonblock(wr, buf, 4, NULL), 4);
	EXPECT_EQ(vfs_write_nonblock(rd, buf, 1, NULL), -EBADF);
	fput(rd);
	fput(wr);
}

KTEST(pipe, eof_after_writer_closes)
{
	struct file *rd, *wr;
	char buf[16];

	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	EXPECT_EQ(vfs_write(wr, "end", 3, NULL), 3);
	fput(wr);
	EXPECT_EQ(vfs_read(rd, buf, sizeof(buf), NULL), 3);	/* queued data first */
	EXPECT_EQ(vfs_read(rd, buf, sizeof(buf), NULL), 0);
	EXPECT_EQ(vfs_read_nonblock(rd, buf, sizeof(buf), NULL), 0);
	fput(rd);
}

KTEST(pipe, epipe_after_reader_closes)
{
	long live = nr_files_live();
	struct file *rd, *wr;

	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	EXPECT_EQ(nr_files_live(), live + 2);
	fput(rd);
	EXPECT_EQ(vfs_write(wr, "x", 1, NULL), -EPIPE);
	fput(wr);
	EXPECT_EQ(nr_files_live(), live);
}

KTEST(pipe, ends_and_capacity_checked)
{
	struct file *rd, *wr;
	char buf[4];

	EXPECT_EQ(pipe_create(&rd, &wr, 0), -EINVAL);
	EXPECT_EQ(pipe_create(&rd, &wr, PIPE_MAX_CAPACITY + 1), -EINVAL);
	ASSERT_EQ(pipe_create(&rd, &wr, PIPE_MAX_CAPACITY), 0);
	EXPECT_STREQ(rd->f_op->name, "pipe");
	EXPECT_EQ(vfs_write(rd, "x", 1, NULL), -EBADF);
	EXPECT_EQ(vfs_read(wr, buf, 1, NULL), -EBADF);
	EXPECT_EQ(vfs_read_nonblock(wr, buf, 1, NULL), -EBADF);
	EXPECT_EQ(vfs_fsync(rd), -EINVAL);
	fput(wr);
	fput(rd);
}

/*
 * One read or write made by a thread on the next CPU (this one, if it is
 * the only one), which is expected to sleep in it.
 */
struct blocked_io {
	struct file *f;
	char buf[64];
	size_t len;
	volatile bool started, returned;
	ssize_t ret;
};

static int blocked_read(void *arg)
{
	struct blocked_io *b = arg;

	b->started = true;
	b->ret = vfs_read(b->f, b->buf, b->len, NULL);
	b->returned = true;
	return 0;
}

static int blocked_write(void *arg)
{
	struct blocked_io *b = arg;

	b->started = true;
	b->ret = vfs_write(b->f, b->buf, b->len, NULL);
	b->returned = true;
	return 0;
}

static struct task *start_blocked(int (*fn)(void *), struct blocked_io *b, struct file *f,
				  const char *data, size_t len)
{
	b->f = f;
	b->len = len;
	b->started = false;
	b->returned = false;
	b->ret = 0;
	if (data)
		memcpy(b->buf, data, len);
	/* Tasks never change CPU, so this one's number is stable. */
	return kthread_run_on_cpu(fn, b, (smp_processor_id() + 1) % num_online_cpus(),
				  "pipe-blocked");
}

/*
 * Waits (up to a second) until the thread has started its call and is
 * asleep, or has returned.  The state is only a hint that it is in
 * wait_event: a running task is not on its run queue either, so it may
 * still be between marking itself asleep and schedule().
 */
static void wait_asleep(struct task *t, struct blocked_io *b)
{
	uint64_t end = ktime_get_ns() + 1000 * NS_PER_MS;

	while (!(b->started && READ_ONCE(t->state) == TASK_SLEEPING && !READ_ONCE(t->on_rq)) &&
	       !b->returned && ktime_get_ns() < end)
		msleep(1);
}

/* The thread sleeps in its call, and 20 ms later has still not returned. */
static void expect_asleep(struct task *t, struct blocked_io *b)
{
	wait_asleep(t, b);
	msleep(20);
	EXPECT_FALSE(b->returned);
	EXPECT_EQ(READ_ONCE(t->state), TASK_SLEEPING);
}

/* Waits up to a second for the thread's call to return; true if it did. */
static bool returned_soon(struct blocked_io *b)
{
	uint64_t end = ktime_get_ns() + 1000 * NS_PER_MS;

	while (!b->returned && ktime_get_ns() < end)
		msleep(1);
	return b->returned;
}

/*
 * Each blocked test ends the same way: close the end the thread does not
 * use (which would let a stuck thread go, so a failure cannot hang), reap
 * it, then close its end.
 */
KTEST(pipe, read_blocks_until_write)
{
	struct blocked_io b;
	struct file *rd, *wr;
	struct task *t;

	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	t = start_blocked(blocked_read, &b, rd, NULL, sizeof(b.buf));
	ASSERT_NOT_NULL(t);
	expect_asleep(t, &b);
	EXPECT_EQ(vfs_write(wr, "wake", 4, NULL), 4);
	EXPECT_TRUE(returned_soon(&b));
	fput(wr);
	kthread_stop(t);
	fput(rd);
	EXPECT_EQ(b.ret, 4);
	EXPECT_EQ(memcmp(b.buf, "wake", 4), 0);
}

KTEST(pipe, blocked_read_sees_eof_on_close)
{
	struct blocked_io b;
	struct file *rd, *wr;
	struct task *t;

	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	t = start_blocked(blocked_read, &b, rd, NULL, sizeof(b.buf));
	ASSERT_NOT_NULL(t);
	expect_asleep(t, &b);
	fput(wr);
	EXPECT_TRUE(returned_soon(&b));
	kthread_stop(t);
	fput(rd);
	EXPECT_EQ(b.ret, 0);
}

/* Reads exactly len bytes without ever blocking this thread (a stuck writer fails, not hangs). */
static size_t drain(struct file *rd, char *buf, size_t len)
{
	uint64_t end = ktime_get_ns() + 1000 * NS_PER_MS;
	size_t got = 0;

	while (got < len && ktime_get_ns() < end) {
		ssize_t n = vfs_read_nonblock(rd, buf + got, len - got, NULL);

		if (n > 0)
			got += (size_t)n;
		else if (n == -EAGAIN)
			msleep(1);
		else
			break;
	}
	return got;
}

/* A write bigger than the pipe: it sleeps when full and goes on as it drains. */
KTEST(pipe, write_blocks_when_full)
{
	const char *first = "0123456789abcdef", *more = "ABCDEFGHIJKLMNOPQRSTUVWX";
	struct blocked_io b;
	struct file *rd, *wr;
	struct task *t;
	char buf[40];

	ASSERT_EQ(pipe_create(&rd, &wr, 16), 0);
	EXPECT_EQ(vfs_write(wr, first, 16, NULL), 16);
	t = start_blocked(blocked_write, &b, wr, more, 24);
	ASSERT_NOT_NULL(t);
	expect_asleep(t, &b);
	EXPECT_EQ(drain(rd, buf, 40), 40);
	EXPECT_TRUE(returned_soon(&b));
	fput(rd);
	kthread_stop(t);
	fput(wr);
	EXPECT_EQ(b.ret, 24);
	EXPECT_EQ(memcmp(buf, first, 16), 0);
	EXPECT_EQ(memcmp(buf + 16, more, 24), 0);
}

/*
 * A write of at most PIPE_BUF bytes waits until all of it fits: with room
 * for 7 of its 8 bytes, none of it may be queued.
 */
KTEST(pipe, small_write_is_atomic)
{
	struct blocked_io b;
	struct file *rd, *wr;
	struct task *t;
	char buf[32];

	ASSERT_EQ(pipe_create(&rd, &wr, 16), 0);
	EXPECT_EQ(vfs_write(wr, "0123456789", 10, NULL), 10);
	t = start_blocked(blocked_write, &b, wr, "ABCDEFGH", 8);
	ASSERT_NOT_NULL(t);
	expect_asleep(t, &b);
	/*
	 * Room for 7: the read wakes the writer (marks it running), which
	 * must decide to wait again before it is back asleep.
	 */
	EXPECT_EQ(vfs_read(rd, buf, 1, NULL), 1);
	wait_asleep(t, &b);
	EXPECT_FALSE(b.returned);
	EXPECT_EQ(vfs_read_nonblock(rd, buf, sizeof(buf), NULL), 9);	/* only "123456789" */
	EXPECT_EQ(drain(rd, buf + 9, 8), 8);
	EXPECT_TRUE(returned_soon(&b));
	fput(rd);
	kthread_stop(t);
	fput(wr);
	EXPECT_EQ(b.ret, 8);
	EXPECT_EQ(memcmp(buf, "123456789ABCDEFGH", 17), 0);
}

/* A writer asleep on a full pipe whose reader goes: it returns what it queued. */
KTEST(pipe, blocked_write_ends_on_reader_close)
{
	struct blocked_io b;
	struct file *rd, *wr;
	struct task *t;

	ASSERT_EQ(pipe_create(&rd, &wr, 16), 0);
	t = start_blocked(blocked_write, &b, wr, "ABCDEFGHIJKLMNOPQRSTUVWX", 24);
	ASSERT_NOT_NULL(t);
	expect_asleep(t, &b);
	fput(rd);
	EXPECT_TRUE(returned_soon(&b));
	kthread_stop(t);
	fput(wr);
	EXPECT_EQ(b.ret, 16);
}

/*
 * The thread on CPU 0 consumes; every other CPU produces 16-byte records
 * (producer, sequence number, a value derived from both) through a pipe
 * that holds four.  The consumer reads in odd-sized pieces, so reads split
 * records, and reassembles them: each producer's records must arrive
 * whole, in order, with the right values, and the count and the sum must
 * match what was written.  Each producer stops after NR_RECORDS or 20 ms
 * from its own start, whichever comes first: under TCG on a busy host a
 * CPU can wait milliseconds for its turn, and every hand-over between
 * CPUs needs one, so a fixed count could take seconds.
 */
#define NR_RECORDS	200

struct record {
	uint32_t producer, seq;
	uint64_t value;
};

struct stress {
	struct file *rd, *wr;
	atomic_t next_id, write_errors;
	int producers;
	uint32_t written[NR_CPUS];	/* records each producer wrote */
	unsigned long records, bad;	/* as the consumer saw them */
	uint64_t sum;
};

static uint64_t record_value(uint32_t producer, uint32_t seq)
{
	return (producer + 1) * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)seq << 17 | seq);
}

static void consume(struct stress *s)
{
	uint32_t next_seq[NR_CPUS] = { 0 };
	struct record rec;
	size_t have = 0;
	uint8_t buf[37];
	ssize_t n;

	for (size_t chunk = 1; (n = vfs_read(s->rd, buf, chunk, NULL)) > 0; chunk = chunk % 37 + 1) {
		for (ssize_t i = 0; i < n; i++) {
			((uint8_t *)&rec)[have++] = buf[i];
			if (have < sizeof(rec))
				continue;
			have = 0;
			if (rec.producer >= (uint32_t)s->producers || rec.seq != next_seq[rec.producer] ||
			    rec.value != record_value(rec.producer, rec.seq)) {
				s->bad++;
				continue;
			}
			next_seq[rec.producer]++;
			s->records++;
			s->sum += rec.value;
		}
	}
	s->bad += n != 0 || have != 0;
}

static int stress_thread(void *arg)
{
	struct stress *s = arg;
	uint64_t end = ktime_get_ns() + 20 * NS_PER_MS;
	uint32_t id, seq;

	if (smp_processor_id() == 0) {
		consume(s);
		return 0;
	}
	id = (uint32_t)atomic_inc_return(&s->next_id) - 1;
	for (seq = 0; seq < NR_RECORDS && (seq == 0 || ktime_get_ns() < end); seq++) {
		struct record rec = { id, seq, record_value(id, seq) };

		if (vfs_write(s->wr, &rec, sizeof(rec), NULL) != sizeof(rec))
			atomic_inc(&s->write_errors);
	}
	s->written[id] = seq;
	fput(s->wr);	/* this producer's reference: the last one out is EOF */
	return 0;
}

KTEST_OPTS(pipe, stress_producers_consumer, .min_cpus = 2)
{
	struct stress s = { .producers = num_online_cpus() - 1 };
	unsigned long expected_records = 0;
	uint64_t expected_sum = 0;

	ASSERT_EQ(pipe_create(&s.rd, &s.wr, 4 * sizeof(struct record)), 0);
	for (int p = 0; p < s.producers; p++)
		get_file(s.wr);
	fput(s.wr);
	ktest_run_threads(stress_thread, &s, 1);
	for (int p = 0; p < s.producers; p++) {
		EXPECT_GT(s.written[p], 0);
		for (uint32_t seq = 0; seq < s.written[p]; seq++)
			expected_sum += record_value((uint32_t)p, seq);
		expected_records += s.written[p];
	}
	EXPECT_EQ(atomic_read(&s.write_errors), 0);
	EXPECT_EQ(s.bad, 0);
	EXPECT_EQ(s.records, expected_records);
	EXPECT_EQ(s.sum, expected_sum);
	fput(s.rd);
}
