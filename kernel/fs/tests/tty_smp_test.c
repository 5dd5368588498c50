/*
 * Self-tests of the console tty across CPUs: a reader asleep in read on
 * one CPU woken by input typed on another, readers interrupted by
 * signal_task, readers and injectors on every CPU at once losing and
 * duplicating nothing, and canonical readers on every CPU each getting
 * whole lines.  A stuck reader is let go with signal_task, so a failure
 * fails the test instead of hanging it.
 */
#include "tty_helpers.h"
#include "sched.h"
#include "smp.h"
#include "timer.h"
#include "time.h"
#include "task.h"
#include "errno.h"
#include "atomic.h"

#define NS_PER_MS (1000ULL * 1000)

/* One read by a thread on the next CPU (this one if it is alone). */
struct blocked_read {
	struct file *f;
	char buf[64];
	volatile bool started, returned;
	ssize_t ret;
};

static int do_blocked_read(void *arg)
{
	struct blocked_read *b = arg;

	b->started = true;
	b->ret = vfs_read(b->f, b->buf, sizeof(b->buf), NULL);
	b->returned = true;
	return 0;
}

static struct task *start_reader(struct blocked_read *b, struct file *f)
{
	memset(b, 0, sizeof(*b));
	b->f = f;
	return kthread_run_on_cpu(do_blocked_read, b, (smp_processor_id() + 1) % num_online_cpus(),
				  "tty-reader");
}

/* Waits up to a second until the reader sleeps in its read; true if it does. */
static bool asleep(struct task *t, struct blocked_read *b)
{
	uint64_t end_ns = ktime_get_ns() + 1000 * NS_PER_MS;

	while (!(b->started && READ_ONCE(t->state) == TASK_SLEEPING && !READ_ONCE(t->on_rq)) &&
	       !b->returned && ktime_get_ns() < end_ns)
		msleep(1);
	msleep(20);
	return !b->returned && READ_ONCE(t->state) == TASK_SLEEPING;
}

static bool returned_soon(struct blocked_read *b)
{
	uint64_t end_ns = ktime_get_ns() + 1000 * NS_PER_MS;

	while (!b->returned && ktime_get_ns() < end_ns)
		msleep(1);
	return b->returned;
}

KTEST(tty_smp, blocked_reader_woken_by_input_from_another_cpu)
{
	struct file *f = begin();
	struct blocked_read b;
	struct task *t;

	ASSERT_NOT_NULL(f);
	t = start_reader(&b, f);
	ASSERT_NOT_NULL(t);
	EXPECT_TRUE(asleep(t, &b));
	type("no end yet");			/* canonical: not a line */
	EXPECT_TRUE(asleep(t, &b));
	type("!\n");
	EXPECT_TRUE(returned_soon(&b));
	EXPECT_EQ(b.ret, 12);
	EXPECT_EQ(memcmp(b.buf, "no end yet!\n", 12), 0);
	if (!b.returned)
		signal_task(t);
	kthread_stop(t);
	end(f);
}

KTEST(tty_smp, blocked_reader_interrupted_by_signal)
{
	struct file *f = begin();
	struct blocked_read b, second;
	struct task *t, *t2;

	ASSERT_NOT_NULL(f);
	modes(f, 0, 0, 4);			/* raw, VMIN 4 */
	t = start_reader(&b, f);
	ASSERT_NOT_NULL(t);
	EXPECT_TRUE(asleep(t, &b));
	t2 = start_reader(&second, f);		/* waits for its turn */
	ASSERT_NOT_NULL(t2);
	EXPECT_TRUE(asleep(t2, &second));
	signal_task(t2);
	EXPECT_TRUE(returned_soon(&second));
	EXPECT_EQ(second.ret, -EINTR);
	type("ab");				/* fewer than VMIN: still waiting */
	EXPECT_TRUE(asleep(t, &b));
	signal_task(t);
	EXPECT_TRUE(returned_soon(&b));
	EXPECT_EQ(b.ret, 2);			/* what it had, not -EINTR */
	EXPECT_EQ(memcmp(b.buf, "ab", 2), 0);
	kthread_stop(t2);
	kthread_stop(t);
	end(f);
}

/*
 * Readers and injectors on every CPU at once, raw mode: every byte sent
 * is read exactly once.  Each injector sends per_thread bytes and each
 * reader reads exactly as many, in reads of 1 to 13 bytes.  The total is
 * the same at every CPU count (reads take the tty one reader at a time,
 * so more CPUs do not make it faster), and 8 bytes a chunk.
 */
#define STRESS_TOTAL 12000

struct stress {
	int per_thread;
	struct file *f;
	atomic_long_t sent[256], got[256];
	atomic_t readers_done;
};

static int stress_inject(void *arg)
{
	struct stress *s = arg;
	int me = smp_processor_id();
	char chunk[8];

	for (int i = 0; i < s->per_thread; i += (int)sizeof(chunk)) {
		while (tty_receive_room() < 64 * sizeof(chunk))
			msleep(1);
		for (size_t k = 0; k < sizeof(chunk); k++) {
			chunk[k] = (char)(i * 7 + (int)k * 13 + me);
			atomic_long_inc(&s->sent[(unsigned char)chunk[k]]);
		}
		tty_receive(chunk, sizeof(chunk));
	}
	return 0;
}

static int stress_read(void *arg)
{
	struct stress *s = arg;
	unsigned char buf[16];
	int left = s->per_thread, k = 0;
	ssize_t n;

	while (left > 0) {
		int want = min(left, 1 + k % 13);

		k++;
		n = vfs_read(s->f, buf, (size_t)want, NULL);
		if (n <= 0)
			break;		/* interrupted: the test is failing */
		for (ssize_t i = 0; i < n; i++)
			atomic_long_inc(&s->got[buf[i]]);
		left -= (int)n;
	}
	atomic_inc(&s->readers_done);
	return left;
}

KTEST(tty_smp, readers_and_writers_on_every_cpu_lose_and_duplicate_nothing)
{
	static struct stress s;
	struct task *readers[NR_CPUS], *injectors[NR_CPUS];
	struct file *f = begin();
	int ncpus = num_online_cpus(), cpu, missing = 0;
	uint64_t end_ns;

	ASSERT_NOT_NULL(f);
	memset(&s, 0, sizeof(s));
	s.f = f;
	s.per_thread = STRESS_TOTAL / ncpus / 8 * 8;
	modes(f, 0, 0, 1);
	for (cpu = 0; cpu < ncpus; cpu++) {
		readers[cpu] = kthread_run_on_cpu(stress_read, &s, cpu, "tty-r%d", cpu);
		injectors[cpu] = kthread_run_on_cpu(stress_inject, &s, cpu, "tty-w%d", cpu);
		ASSERT_NOT_NULL(readers[cpu]);
		ASSERT_NOT_NULL(injectors[cpu]);
	}
	end_ns = ktime_get_ns() + 60000 * NS_PER_MS;	/* a hang guard: TCG may be starved */
	while (atomic_read(&s.readers_done) < ncpus && ktime_get_ns() < end_ns)
		msleep(5);
	EXPECT_EQ(atomic_read(&s.readers_done), ncpus);
	for (cpu = 0; cpu < ncpus; cpu++) {
		EXPECT_EQ(kthread_stop(injectors[cpu]), 0);
		signal_task(readers[cpu]);	/* lets a stuck reader go */
		missing += kthread_stop(readers[cpu]);
	}
	EXPECT_EQ(missing, 0);
	for (int v = 0; v < 256; v++)
		EXPECT_EQ(atomic_long_read(&s.got[v]), atomic_long_read(&s.sent[v]));
	end(f);
}

/*
 * Canonical readers on every CPU at once each get whole lines, also lines
 * longer than the chunk a read moves per hold of the lock: the one-reader
 * turn keeps a second reader from taking the rest of a line.
 */
#define LINES_PER_READER 8
#define LINE_LEN 1000

struct line_readers {
	struct file *f;
	atomic_t bad, done;
};

static int read_lines(void *arg)
{
	struct line_readers *lr = arg;
	char buf[LINE_LEN + 24];

	for (int i = 0; i < LINES_PER_READER; i++) {
		ssize_t n = vfs_read(lr->f, buf, sizeof(buf), NULL);

		if (n <= 0)
			return 1;	/* interrupted: the test is failing */
		for (ssize_t k = 1; k < n - 1; k++)
			if (buf[k] != buf[0])
				n = -1;
		if (n != LINE_LEN || buf[LINE_LEN - 1] != '\n')
			atomic_inc(&lr->bad);
	}
	atomic_inc(&lr->done);
	return 0;
}

KTEST(tty_smp, canonical_readers_on_every_cpu_get_whole_lines)
{
	static struct line_readers lr;
	static char line[LINE_LEN];
	struct task *readers[NR_CPUS];
	struct file *f = begin();
	int ncpus = num_online_cpus(), cpu, stuck = 0;
	uint64_t end_ns;

	ASSERT_NOT_NULL(f);
	memset(&lr, 0, sizeof(lr));
	lr.f = f;
	modes(f, 0, ICANON, 1);
	for (cpu = 0; cpu < ncpus; cpu++) {
		readers[cpu] = kthread_run_on_cpu(read_lines, &lr, cpu, "tty-l%d", cpu);
		ASSERT_NOT_NULL(readers[cpu]);
	}
	end_ns = ktime_get_ns() + 10000 * NS_PER_MS;
	for (int i = 0; i < LINES_PER_READER * ncpus && ktime_get_ns() < end_ns; i++) {
		memset(line, 'a' + i % 26, LINE_LEN - 1);
		line[LINE_LEN - 1] = '\n';
		while (tty_receive_room() < LINE_LEN && ktime_get_ns() < end_ns)
			msleep(1);
		tty_receive(line, LINE_LEN);
	}
	while (atomic_read(&lr.done) < ncpus && ktime_get_ns() < end_ns)
		msleep(5);
	for (cpu = 0; cpu < ncpus; cpu++) {
		signal_task(readers[cpu]);	/* lets a stuck reader go */
		stuck += kthread_stop(readers[cpu]);
	}
	EXPECT_EQ(stuck, 0);
	EXPECT_EQ(atomic_read(&lr.bad), 0);
	end(f);
}
