/*
 * Self-tests of af_unix.c across CPUs (suite af_unix_smp): readers asleep
 * on one CPU woken by a write, a close or a signal from another; a writer
 * asleep on a full send buffer woken as another CPU drains it; a stream
 * pair per CPU moving a pattern between neighbouring CPUs with no byte
 * lost, duplicated or reordered; and writers and blocking readers on every
 * CPU sharing one datagram pair, each datagram received exactly once.  A
 * stuck thread is let go with signal_task, so a failure fails the test
 * instead of hanging it.
 */
#include "ktest.h"
#include "../internal.h"
#include "sched.h"
#include "smp.h"
#include "timer.h"
#include "time.h"
#include "task.h"
#include "errno.h"
#include "string.h"
#include "slab.h"
#include "atomic.h"

#define NS_PER_MS (1000ULL * 1000)

/* One call made by a thread on the next CPU (this one if it is alone). */
struct blocked_io {
	struct file *f;
	char *buf;
	size_t len;
	bool write;
	volatile bool started, returned;
	ssize_t ret;
};

static int blocked_fn(void *arg)
{
	struct blocked_io *b = arg;

	b->started = true;
	b->ret = b->write ? vfs_write(b->f, b->buf, b->len, NULL) :
			    vfs_read(b->f, b->buf, b->len, NULL);
	b->returned = true;
	return 0;
}

static struct task *start(struct blocked_io *b, struct file *f, char *buf, size_t len, bool write)
{
	b->f = f;
	b->buf = buf;
	b->len = len;
	b->write = write;
	b->started = b->returned = false;
	b->ret = 0;
	return kthread_run_on_cpu(blocked_fn, b, (smp_processor_id() + 1) % num_online_cpus(),
				  "unix-blocked");
}

/* True once the thread has been asleep in its call for 20 ms (up to a second's wait). */
static bool asleep(struct task *t, struct blocked_io *b)
{
	uint64_t end = ktime_get_ns() + 1000 * NS_PER_MS;

	while (!(b->started && READ_ONCE(t->state) == TASK_SLEEPING && !READ_ONCE(t->on_rq)) &&
	       !b->returned && ktime_get_ns() < end)
		msleep(1);
	msleep(20);
	return !b->returned && READ_ONCE(t->state) == TASK_SLEEPING;
}

static bool returned_soon(struct blocked_io *b)
{
	uint64_t end = ktime_get_ns() + 1000 * NS_PER_MS;

	while (!b->returned && ktime_get_ns() < end)
		msleep(1);
	return b->returned;
}

/*
 * Waits up to ms for *done to reach n: kthread_stop would end a thread
 * that has not started yet (one CPU) without running it.
 */
static bool all_done(atomic_t *done, int n, unsigned int ms)
{
	uint64_t end = ktime_get_ns() + ms * NS_PER_MS;

	while (atomic_read(done) < n && ktime_get_ns() < end)
		msleep(1);
	return atomic_read(done) == n;
}

/* Reaps t, first letting it go if it is still stuck (the test has failed then). */
static void reap(struct task *t, struct blocked_io *b)
{
	if (!returned_soon(b))
		signal_task(t);
	kthread_stop(t);
}

KTEST(af_unix_smp, reader_woken_by_write_from_another_cpu)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	struct blocked_io b;
	struct file *x, *y;
	struct task *t;
	char buf[16];

	for (unsigned int i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		ASSERT_EQ(sock_create_pair(types[i], &x, &y), 0);
		t = start(&b, y, buf, sizeof(buf), false);
		ASSERT_NOT_NULL(t);
		EXPECT_TRUE(asleep(t, &b));
		EXPECT_EQ(vfs_write(x, "wake", 4, NULL), 4);
		EXPECT_TRUE(returned_soon(&b));
		reap(t, &b);
		EXPECT_EQ(b.ret, 4);
		EXPECT_EQ(memcmp(buf, "wake", 4), 0);
		fput(x);
		fput(y);
	}
}

KTEST(af_unix_smp, reader_woken_by_close_or_signal)
{
	struct blocked_io b;
	struct file *x, *y;
	struct task *t;
	char buf[16];

	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &x, &y), 0);
	t = start(&b, y, buf, sizeof(buf), false);
	ASSERT_NOT_NULL(t);
	EXPECT_TRUE(asleep(t, &b));
	fput(x);				/* the peer goes: end of file */
	EXPECT_TRUE(returned_soon(&b));
	reap(t, &b);
	EXPECT_EQ(b.ret, 0);
	fput(y);
	/* A datagram reader is not woken by its peer's close, only by a signal. */
	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &x, &y), 0);
	t = start(&b, y, buf, sizeof(buf), false);
	ASSERT_NOT_NULL(t);
	EXPECT_TRUE(asleep(t, &b));
	fput(x);
	EXPECT_TRUE(asleep(t, &b));
	signal_task(t);
	EXPECT_TRUE(returned_soon(&b));
	reap(t, &b);
	EXPECT_EQ(b.ret, -EINTR);
	fput(y);
}

/* A stream write bigger than the send buffer sleeps and goes on as another CPU drains it. */
KTEST(af_unix_smp, writer_woken_as_reader_drains)
{
	size_t len = 600000, got = 0;
	char *out = kmalloc(len), *in = kzalloc(len);
	uint64_t end = ktime_get_ns() + 2000 * NS_PER_MS;
	struct blocked_io b;
	struct file *x, *y;
	struct task *t;

	ASSERT_NOT_NULL(out);
	ASSERT_NOT_NULL(in);
	for (size_t i = 0; i < len; i++)
		out[i] = (char)(i * 13 + (i >> 10));
	ASSERT_EQ(sock_create_pair(SOCK_STREAM, &x, &y), 0);
	t = start(&b, x, out, len, true);
	ASSERT_NOT_NULL(t);
	EXPECT_TRUE(asleep(t, &b));		/* the buffer is full */
	while (got < len && ktime_get_ns() < end) {
		ssize_t n = vfs_read_nonblock(y, in + got, 7777, NULL);

		if (n > 0)
			got += (size_t)n;
		else
			msleep(1);
	}
	EXPECT_TRUE(returned_soon(&b));
	reap(t, &b);
	EXPECT_EQ(b.ret, (ssize_t)len);
	EXPECT_EQ(got, len);
	EXPECT_EQ(memcmp(in, out, len), 0);
	fput(x);
	fput(y);
	kfree(out);
	kfree(in);
}

/*
 * A stream pair per CPU: a writer on CPU c sends stream_bytes() of a
 * pattern in pieces of changing size, a reader on CPU c+1 reads in other
 * sizes, with blocking calls on both sides.  The reader checks every byte.
 */
#define STREAM_BYTES	(1024 * 1024)
#define STREAM_TOTAL	(2 * 1024 * 1024)	/* over all pairs: sized for -smp 8 on two cores */

static size_t stream_bytes(void)
{
	return min((size_t)STREAM_BYTES, (size_t)STREAM_TOTAL / (size_t)num_online_cpus());
}

struct stream_job {
	atomic_t *done;		/* threads finished, of all jobs */
	struct file *w, *r;
	size_t bad, got;
	ssize_t werr;
	uint8_t id;
};

static uint8_t pattern(uint8_t id, size_t i)
{
	return (uint8_t)(i * 31 + (i >> 12) + id);
}

static int stream_writer(void *arg)
{
	struct stream_job *j = arg;
	static uint8_t bufs[16][5003];
	uint8_t *buf = bufs[j->id % 16];
	size_t off = 0, piece = 1;

	while (off < stream_bytes()) {
		size_t n = min(piece, stream_bytes() - off);
		ssize_t r;

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(j->id, off + i);
		r = vfs_write(j->w, buf, n, NULL);
		if (r != (ssize_t)n) {
			j->werr = r;
			break;
		}
		off += n;
		piece = (piece * 7 + 11) % sizeof(bufs[0]) + 1;
	}
	fput(j->w);		/* the reader sees the end */
	j->w = NULL;
	atomic_inc(j->done);
	return 0;
}

static int stream_reader(void *arg)
{
	struct stream_job *j = arg;
	static uint8_t bufs[16][4099];
	uint8_t *buf = bufs[j->id % 16];
	size_t want = 1;
	ssize_t n;

	while ((n = vfs_read(j->r, buf, want, NULL)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			j->bad += buf[i] != pattern(j->id, j->got + (size_t)i);
		j->got += (size_t)n;
		want = (want * 5 + 3) % sizeof(bufs[0]) + 1;
	}
	atomic_inc(j->done);
	return 0;
}

KTEST(af_unix_smp, stream_pairs_between_neighbouring_cpus)
{
	int cpus = num_online_cpus();
	struct stream_job *jobs = kzalloc(sizeof(*jobs) * (size_t)cpus);
	struct task **tasks = kzalloc(sizeof(*tasks) * 2 * (size_t)cpus);
	atomic_t done = ATOMIC_INIT(0);

	ASSERT_NOT_NULL(jobs);
	ASSERT_NOT_NULL(tasks);
	ASSERT_TRUE(cpus <= 16);
	for (int c = 0; c < cpus; c++) {
		jobs[c].id = (uint8_t)c;
		jobs[c].done = &done;
		ASSERT_EQ(sock_create_pair(SOCK_STREAM, &jobs[c].w, &jobs[c].r), 0);
	}
	for (int c = 0; c < cpus; c++) {
		tasks[2 * c] = kthread_run_on_cpu(stream_writer, &jobs[c], c, "unix-w%d", c);
		tasks[2 * c + 1] = kthread_run_on_cpu(stream_reader, &jobs[c], (c + 1) % cpus,
						      "unix-r%d", c);
		ASSERT_NOT_NULL(tasks[2 * c]);
		ASSERT_NOT_NULL(tasks[2 * c + 1]);
	}
	if (!all_done(&done, 2 * cpus, 20000)) {
		for (int i = 0; i < 2 * cpus; i++)
			signal_task(tasks[i]);
	}
	EXPECT_EQ(atomic_read(&done), 2 * cpus);
	for (int i = 0; i < 2 * cpus; i++)
		kthread_stop(tasks[i]);
	for (int c = 0; c < cpus; c++) {
		EXPECT_EQ(jobs[c].werr, 0);
		EXPECT_EQ(jobs[c].got, stream_bytes());
		EXPECT_EQ(jobs[c].bad, 0);
		fput(jobs[c].r);
	}
	kfree(jobs);
	kfree(tasks);
}

/*
 * One datagram pair shared by up to DGRAM_THREADS writers and as many
 * readers spread over every CPU: each writer sends dgrams_each() numbered
 * datagrams on end a (DGRAMS_TOTAL over all of them: at -smp 8 on a
 * two-core host, sixteen threads on one socket spent minutes waking each
 * other, and the claim needs no more), and the blocking readers receive
 * on end b.  Once all have arrived the test sends one "stop" datagram per
 * reader (never blocking: a full queue must not hang the test).  Every datagram must be received exactly once and
 * whole; a reader that never gets its stop is let go by a signal.
 */
#define DGRAMS_EACH	3000
#define DGRAMS_TOTAL	4000
#define DGRAM_THREADS	4	/* writers (and readers), spread over all the CPUs */
#define MAX_CPUS	16

static uint32_t dgrams_each(void)
{
	return min((uint32_t)DGRAMS_EACH,
		   (uint32_t)(DGRAMS_TOTAL / min(num_online_cpus(), DGRAM_THREADS)));
}

struct dgram_rec {
	uint32_t writer, seq, check;
};

struct dgram_stress {
	struct file *a, *b;
	atomic_t seen[MAX_CPUS][DGRAMS_EACH];
	atomic_long_t received, bad;
	atomic_t writers_done, readers_done;
};

static int dgram_writer(void *arg)
{
	struct dgram_stress *s = arg;
	struct dgram_rec r = { 0 };

	r.writer = (uint32_t)smp_processor_id();

	for (r.seq = 0; r.seq < dgrams_each(); r.seq++) {
		r.check = r.writer * 7919 + r.seq;
		if (vfs_write(s->a, &r, sizeof(r), NULL) != sizeof(r))
			atomic_long_inc(&s->bad);
	}
	atomic_inc(&s->writers_done);
	return 0;
}

static int dgram_reader(void *arg)
{
	struct dgram_stress *s = arg;
	struct dgram_rec r;
	ssize_t n;

	while ((n = vfs_read(s->b, &r, sizeof(r), NULL)) > 0) {
		if (n == 4)
			break;		/* "stop" */
		if (n != sizeof(r) || r.writer >= MAX_CPUS || r.seq >= dgrams_each() ||
		    r.check != r.writer * 7919 + r.seq) {
			atomic_long_inc(&s->bad);
			continue;
		}
		atomic_inc(&s->seen[r.writer][r.seq]);
		atomic_long_inc(&s->received);
	}
	atomic_inc(&s->readers_done);
	return 0;
}

KTEST(af_unix_smp, datagrams_from_every_cpu_received_once)
{
	int cpus = num_online_cpus(), n = min(cpus, DGRAM_THREADS);
	struct dgram_stress *s = kzalloc(sizeof(*s));
	struct task *w[DGRAM_THREADS], *r[DGRAM_THREADS];
	long total = (long)n * dgrams_each();
	uint64_t end = ktime_get_ns() + 20000 * NS_PER_MS;
	long dup = 0, missing = 0;

	ASSERT_NOT_NULL(s);
	ASSERT_TRUE(cpus <= MAX_CPUS);
	ASSERT_EQ(sock_create_pair(SOCK_DGRAM, &s->a, &s->b), 0);
	/* Spread over all the CPUs: thread i on CPU i * cpus / n. */
	for (int i = 0; i < n; i++) {
		int cpu = nth_online_cpu((unsigned int)(i * cpus / n));

		r[i] = kthread_run_on_cpu(dgram_reader, s, cpu, "unix-dr%d", cpu);
		w[i] = kthread_run_on_cpu(dgram_writer, s, cpu, "unix-dw%d", cpu);
		ASSERT_NOT_NULL(r[i]);
		ASSERT_NOT_NULL(w[i]);
	}
	EXPECT_TRUE(all_done(&s->writers_done, n, 20000));
	while (atomic_long_read(&s->received) < total && ktime_get_ns() < end)
		msleep(1);
	for (int i = 0; i < n; i++)
		EXPECT_EQ(vfs_write_nonblock(s->a, "stop", 4, NULL), 4);
	if (!all_done(&s->readers_done, n, 2000)) {
		for (int i = 0; i < n; i++) {
			signal_task(r[i]);
			signal_task(w[i]);
		}
	}
	EXPECT_EQ(atomic_read(&s->readers_done), n);
	for (int i = 0; i < n; i++) {
		kthread_stop(w[i]);
		kthread_stop(r[i]);
	}
	for (int i = 0; i < n; i++) {
		int c = nth_online_cpu((unsigned int)(i * cpus / n));

		for (uint32_t q = 0; q < dgrams_each(); q++) {
			int seen = atomic_read(&s->seen[c][q]);

			dup += seen > 1;
			missing += seen == 0;
		}
	}
	EXPECT_EQ(atomic_long_read(&s->received), total);
	EXPECT_EQ(atomic_long_read(&s->bad), 0);
	EXPECT_EQ(dup, 0);
	EXPECT_EQ(missing, 0);
	fput(s->a);
	fput(s->b);
	kfree(s);
}
