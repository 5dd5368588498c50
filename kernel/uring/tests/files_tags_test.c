/*
 * Self-tests of fixed-file tags (suite uring_files_tags; files.c posts
 * them, files_update.c removes the files).  A tagged file that leaves the
 * table by an update or a close posts one CQE, user_data = tag, res 0,
 * flags 0, once no request can use it: after the CQEs of the requests
 * that looked it up, in Linux 6.1's order.  Unregister posts the tags of
 * files already removed before it returns and drops those of the files
 * still in the table.  Then the same claims from every CPU at once: tags
 * posted exactly once while reads on other CPUs use the slots.
 */
#include "../testlib/harness.h"
#include "errno.h"
#include "slab.h"
#include "mutex.h"
#include "rcupdate.h"
#include "sched.h"
#include "smp.h"
#include "time.h"
#include "timer.h"

/* Long enough for a generation's grace period and its put work, on a loaded TCG guest. */
#define QUIET_MS	100

/*
 * The user_data of the next CQE within QUIET_MS, or -1 if none came; -2
 * if its flags are not 0, or if it is a tag (user_data below 100) whose
 * res is not 0.
 */
static int64_t next_tag(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	int64_t ud;

	for (int ms = 0; io_uring_peek_cqe(ring, &cqe); ms++) {
		if (ms >= QUIET_MS)
			return -1;
		msleep(1);
	}
	ud = (int64_t)cqe->user_data;
	if (cqe->flags || (ud < 100 && cqe->res))
		ud = -2;
	io_uring_cqe_seen(ring, cqe);
	return ud;
}

KTEST(uring_files_tags, posted_when_update_or_close_removes_a_file)
{
	uint64_t tags[4] = { 1, 2, 3, 0 }, tag;
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	int32_t fds[4];
	int zfd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	zfd = uring_test_install(zero_file_open());
	fds[0] = fds[1] = fds[2] = fds[3] = zfd;
	ASSERT_EQ(io_uring_register_files_tags(&ring, fds, tags, 4), 0);

	tag = 66;		/* replacing slot 0 posts its old tag; the new one is kept */
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, fds, &tag, 1), 1);
	EXPECT_EQ(next_tag(&ring), 1);
	tag = 0;
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, fds, &tag, 1), 1);
	EXPECT_EQ(next_tag(&ring), 66);
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, fds, &tag, 1), 1);
	EXPECT_EQ(next_tag(&ring), -1);		/* tag 0 posts nothing */
	/* The old update call carries no tags, but removing still posts them. */
	fds[0] = -1;
	EXPECT_EQ(io_uring_register_files_update(&ring, 1, fds, 1), 1);
	EXPECT_EQ(next_tag(&ring), 2);
	EXPECT_EQ(io_uring_register_files_update(&ring, 1, fds, 1), 1);	/* already empty */
	EXPECT_EQ(next_tag(&ring), -1);
	/* Closing the slot posts the close's CQE, and the tag once it is put. */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_close_direct(sqe, 2);
	io_uring_sqe_set_data64(sqe, 77);
	EXPECT_EQ(io_uring_submit(&ring), 1);
	EXPECT_EQ(next_tag(&ring), 77);
	EXPECT_EQ(next_tag(&ring), 3);
	/* IORING_OP_FILES_UPDATE removes with tags too (and installs without). */
	fds[0] = zfd;
	io_uring_prep_files_update(io_uring_get_sqe(&ring), fds, 1, 2);
	EXPECT_EQ(uring_test_submit_wait(&ring, NULL), 1);
	EXPECT_EQ(next_tag(&ring), -1);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	EXPECT_EQ(next_tag(&ring), -1);		/* the files still in the table: none */
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_files_tags, registration_checks_tags_first)
{
	uint64_t tags[2] = { 0, 9 };
	struct io_uring ring;
	int32_t fds[2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	fds[0] = uring_test_install(zero_file_open());
	fds[1] = -1;
	EXPECT_EQ(io_uring_register_files_tags(&ring, fds, tags, 2), -EINVAL);	/* tag, no file */
	EXPECT_EQ(io_uring_register_files_tags(&ring, NULL, tags, 2), -EINVAL);
	fds[1] = 200;	/* bad fd, but the tags are read first */
	EXPECT_EQ(io_uring_register_files_tags(&ring, fds, (uint64_t *)8, 2), -EFAULT);
	EXPECT_EQ(io_uring_register_files_tags(&ring, fds, NULL, 2), -EBADF);
	EXPECT_EQ(io_uring_register_files_tags(&ring, (int32_t *)8, NULL, 2), -EFAULT);
	/* A failed registration keeps nothing and posts nothing. */
	EXPECT_EQ(next_tag(&ring), -1);
	tags[1] = 0;
	EXPECT_EQ(io_uring_register_files_tags(&ring, NULL, tags, 2), 0);	/* data 0: sparse */
	EXPECT_EQ(io_uring_register_files_tags(&ring, NULL, NULL, 2), -EBUSY);
	EXPECT_EQ(io_uring_register_files_sparse(&ring, 2), -EBUSY);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	EXPECT_EQ(io_uring_register_files_sparse(&ring, 2), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* A fixed read of slot that blocks on an empty pipe, with user_data ud. */
static void start_blocked_read(struct io_uring *ring, int slot, uint64_t ud, char *buf)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_read(sqe, slot, buf, 1, 0);
	sqe->flags = IOSQE_FIXED_FILE;
	sqe->user_data = ud;
	EXPECT_EQ(io_uring_submit(ring), 1);
}

/*
 * The tag waits for the request that uses the file, and a batch of
 * generations freed together posts the newest one's tags first, each
 * generation's in the reverse order of removal (Linux's LIFO lists).
 */
KTEST(uring_files_tags, tag_waits_for_requests_in_linux_order)
{
	uint64_t tags[4] = { 10, 11, 12, 13 };
	struct io_uring ring;
	struct file *rd, *wr;
	int32_t fds[4];
	char c = 'x', buf[2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	fds[0] = uring_test_install(rd);
	fds[1] = fds[2] = fds[3] = uring_test_install(zero_file_open());
	ASSERT_EQ(io_uring_register_files_tags(&ring, fds, tags, 4), 0);
	start_blocked_read(&ring, 0, 100, buf);		/* holds generation 0; res 1 */
	msleep(10);
	fds[0] = fds[1] = -1;
	EXPECT_EQ(io_uring_register_files_update(&ring, 2, fds, 2), 2);	/* 12, 13: gen 0 */
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, 2), 2);	/* 10, 11: gen 1 */
	synchronize_rcu();
	EXPECT_EQ(next_tag(&ring), -1);		/* the read still holds generation 0 */
	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	EXPECT_EQ(next_tag(&ring), 100);	/* the read's CQE comes first */
	EXPECT_EQ(next_tag(&ring), 11);
	EXPECT_EQ(next_tag(&ring), 10);
	EXPECT_EQ(next_tag(&ring), 13);
	EXPECT_EQ(next_tag(&ring), 12);
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

struct unregister_call {
	struct io_uring *ring;
	int ret;
	bool returned;
};

static int unregister_thread(void *arg)
{
	struct unregister_call *c = arg;

	c->ret = io_uring_unregister_files(c->ring);
	WRITE_ONCE(c->returned, true);
	return 0;
}

/*
 * Unregister waits for the request, then has posted the tags of the
 * files removed before it, and not those of the files left in the table.
 */
KTEST(uring_files_tags, unregister_posts_removed_files_tags_only)
{
	struct unregister_call call;
	uint64_t tags[3] = { 20, 21, 22 };
	struct io_uring ring;
	struct file *rd, *wr;
	struct task *t;
	int32_t fds[3];
	char c = 'u', buf[2];

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
	ASSERT_EQ(pipe_create(&rd, &wr, 64), 0);
	fds[0] = uring_test_install(rd);
	fds[1] = fds[2] = uring_test_install(zero_file_open());
	ASSERT_EQ(io_uring_register_files_tags(&ring, fds, tags, 3), 0);
	start_blocked_read(&ring, 0, 100, buf);
	msleep(10);
	fds[0] = -1;
	EXPECT_EQ(io_uring_register_files_update(&ring, 1, fds, 1), 1);	/* 21 pending */
	call = (struct unregister_call){ .ring = &ring };
	t = kthread_run(unregister_thread, &call, "unregister");
	ASSERT_NOT_NULL(t);
	msleep(30);
	EXPECT_FALSE(READ_ONCE(call.returned));
	EXPECT_EQ(next_tag(&ring), -1);
	EXPECT_EQ(vfs_write(wr, &c, 1, NULL), 1);
	EXPECT_EQ(kthread_stop(t), 0);
	EXPECT_EQ(call.ret, 0);
	EXPECT_EQ(io_uring_cq_ready(&ring), 2);		/* posted before unregister returned */
	EXPECT_EQ(next_tag(&ring), 100);
	EXPECT_EQ(next_tag(&ring), 21);
	EXPECT_EQ(next_tag(&ring), -1);			/* 20 and 22 were still in the table */
	fput(wr);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/* A tag that finds the CQ ring full waits on the overflow list, as a request's CQE would. */
KTEST(uring_files_tags, tag_overflows_and_is_kept)
{
	uint64_t tag = 40;
	struct io_uring ring;
	int32_t fd;
	int n;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	fd = uring_test_install(zero_file_open());
	ASSERT_EQ(io_uring_register_files_tags(&ring, &fd, &tag, 1), 0);
	for (n = 0; n < (int)ring.params.cq_entries; n += 4) {
		for (int i = 0; i < 4; i++)
			uring_test_queue_nop(&ring, 0, 200);
		EXPECT_EQ(io_uring_submit(&ring), 4);
	}
	fd = -1;
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, &fd, 1), 1);
	for (int ms = 0; ms < 1000 && !(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW); ms++)
		msleep(1);
	EXPECT_TRUE(READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW);
	for (int i = 0; i < n; i++)
		EXPECT_EQ(next_tag(&ring), 200);
	/* A tag that was dropped (no overflow list) would never come: wait only if it is kept. */
	if (!ktest_failed()) {
		EXPECT_EQ(io_uring_enter((unsigned int)ring.ring_fd, 0, 1, IORING_ENTER_GETEVENTS),
			  0);
		EXPECT_EQ(next_tag(&ring), 40);
	}
	EXPECT_EQ(*ring.cq.koverflow, 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

KTEST(uring_files_tags, quiesce_mode_posts_at_once)
{
	uint64_t tag = 30;
	struct io_uring ring;
	int32_t fd;

	uring_test_files_begin();
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	EXPECT_EQ(io_uring_set_update_mode((unsigned int)ring.ring_fd, IO_URING_UPDATE_QUIESCE), 0);
	fd = uring_test_install(zero_file_open());
	ASSERT_EQ(io_uring_register_files_tags(&ring, &fd, &tag, 1), 0);
	tag = 31;
	EXPECT_EQ(io_uring_register_files_update_tag(&ring, 0, &fd, &tag, 1), 1);
	EXPECT_EQ(io_uring_cq_ready(&ring), 1);		/* the ring was stopped: nobody used it */
	EXPECT_EQ(next_tag(&ring), 30);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	EXPECT_EQ(next_tag(&ring), -1);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
}

/*
 * Every CPU at once.  Submitters issue fixed reads of probe files on
 * workers (IOSQE_ASYNC, so they run without uring_lock); updaters replace
 * random slots with fresh probes, each with its own tag, or close slots
 * through the ring; one reaper takes every CQE.  A shadow of the table,
 * kept under the updaters' mutex, says which probes were removed.  Each
 * removed probe's tag must come exactly once, and when it comes no read
 * of that probe may be running; a probe still in the table at unregister
 * gets none; every probe file is released exactly once.
 */
#define SLOTS		8
#define READS		120
#define UPDATES		40
#define TAG_BASE	1000
#define UD_READ		1
#define UD_CLOSE	2

struct probe {
	atomic_t reading;
	atomic_t released;
	atomic_t tags;
	bool removed;		/* under table_lock */
};

struct tag_storm {
	struct io_uring ring;
	struct mutex sq_lock, table_lock;
	int shadow[SLOTS];	/* probe in each slot, -1: empty; under table_lock */
	struct probe *probes;
	int nr_probes;
	atomic_t next_probe, role, threads_left, inflight;
	atomic_t bad, early_tags;
	atomic_long_t expected;
};

static ssize_t probe_read(struct file *f, void *buf, size_t len, long long *pos)
{
	struct probe *p = f->private_data;

	(void)pos;
	atomic_inc(&p->reading);
	udelay(20);
	memset(buf, 'p', len);
	atomic_dec(&p->reading);
	return (ssize_t)len;
}

static void probe_release(struct file *f)
{
	atomic_inc(&((struct probe *)f->private_data)->released);
}

static const struct file_operations probe_fops = {
	.read = probe_read,
	.release = probe_release,
	.name = "tag_probe",
};

static void storm_submit(struct tag_storm *s, const struct io_uring_sqe *tmpl)
{
	int ret;

	while (atomic_read(&s->inflight) > 64)
		yield();
	mutex_lock(&s->sq_lock);
	*io_uring_get_sqe(&s->ring) = *tmpl;
	atomic_long_inc(&s->expected);
	atomic_inc(&s->inflight);
	while ((ret = io_uring_submit(&s->ring)) == -EBUSY)
		yield();	/* tag CQEs overflowed: the reaper makes room */
	EXPECT_EQ(ret, 1);
	mutex_unlock(&s->sq_lock);
}

static void storm_reader(struct tag_storm *s, uint32_t seed)
{
	static char sink[4];

	for (int i = 0; i < READS; i++) {
		struct io_uring_sqe sqe;

		seed = seed * 1103515245u + 12345u;
		io_uring_prep_read(&sqe, (int)((seed >> 16) % SLOTS), sink, 1, 0);
		sqe.flags = IOSQE_FIXED_FILE | IOSQE_ASYNC;
		sqe.user_data = UD_READ;
		storm_submit(s, &sqe);
	}
}

static void storm_updater(struct tag_storm *s, uint32_t seed)
{
	for (int i = 0; i < UPDATES; i++) {
		int n = atomic_inc_return(&s->next_probe) - 1, slot;
		struct io_uring_sqe sqe;
		struct file *f;
		uint64_t tag;
		int32_t fd;

		seed = seed * 1103515245u + 12345u;
		slot = (int)((seed >> 16) % SLOTS);
		if (n >= s->nr_probes)
			break;
		f = alloc_file(&probe_fops, &s->probes[n]);
		fd = f ? uring_test_install(f) : -1;
		if (fd < 0) {
			atomic_inc(&s->bad);
			break;
		}
		tag = TAG_BASE + (uint64_t)n;
		mutex_lock(&s->table_lock);
		if (i % 4 == 3) {
			/* Runs inline at submission: done when storm_submit returns. */
			io_uring_prep_close_direct(&sqe, (unsigned int)slot);
			sqe.user_data = UD_CLOSE;
			storm_submit(s, &sqe);
			if (s->shadow[slot] >= 0)
				s->probes[s->shadow[slot]].removed = true;
			s->shadow[slot] = -1;
			fd_close(current->files, fd);	/* this probe is never registered */
			mutex_unlock(&s->table_lock);
			continue;
		}
		if (io_uring_register_files_update_tag(&s->ring, (unsigned int)slot, &fd, &tag,
						       1) != 1)
			atomic_inc(&s->bad);
		if (s->shadow[slot] >= 0)
			s->probes[s->shadow[slot]].removed = true;
		s->shadow[slot] = n;
		mutex_unlock(&s->table_lock);
		fd_close(current->files, fd);
	}
}

static void storm_reaper(struct tag_storm *s)
{
	long reaped = 0;

	while (atomic_read(&s->threads_left) || reaped < atomic_long_read(&s->expected)) {
		struct io_uring_cqe *cqe;
		uint64_t ud;
		int res;

		if (io_uring_peek_cqe(&s->ring, &cqe)) {
			/* Polls (flushing overflowed CQEs): the last submission may be reaped already. */
			io_uring_enter((unsigned int)s->ring.ring_fd, 0, 0, IORING_ENTER_GETEVENTS);
			yield();
			continue;
		}
		ud = cqe->user_data;
		res = cqe->res;
		io_uring_cqe_seen(&s->ring, cqe);
		if (ud >= TAG_BASE && ud - TAG_BASE < (uint64_t)s->nr_probes) {
			struct probe *p = &s->probes[ud - TAG_BASE];

			if (res != 0 || atomic_read(&p->reading))
				atomic_inc(&s->early_tags);
			atomic_inc(&p->tags);
			continue;
		}
		if (!(ud == UD_READ && (res == 1 || res == -EBADF)) &&
		    !(ud == UD_CLOSE && (res == 0 || res == -EBADF)))
			atomic_inc(&s->bad);
		atomic_dec(&s->inflight);
		reaped++;
	}
}

static int storm_thread(void *arg)
{
	struct tag_storm *s = arg;
	int role = atomic_inc_return(&s->role) - 1;

	if (role == 0) {
		storm_reaper(s);
		return 0;
	}
	if (role % 2)
		storm_reader(s, 0x9e3779b9u * (uint32_t)role);
	else
		storm_updater(s, 0x85ebca6bu * (uint32_t)role);
	atomic_dec(&s->threads_left);	/* after its last submission was counted */
	return 0;
}

KTEST(uring_files_tags, tags_posted_exactly_once_on_all_cpus)
{
	struct tag_storm *s = kzalloc(sizeof(*s));
	int threads = 3 * num_online_cpus();	/* a reaper, readers and updaters even on one CPU */
	int *counts;

	ASSERT_NOT_NULL(s);
	uring_test_files_begin();
	s->nr_probes = SLOTS + threads * UPDATES;
	s->probes = kzalloc(s->nr_probes * sizeof(struct probe));
	counts = kzalloc(s->nr_probes * sizeof(int));
	ASSERT_NOT_NULL(s->probes);
	ASSERT_NOT_NULL(counts);
	mutex_init(&s->sq_lock);
	mutex_init(&s->table_lock);
	ASSERT_EQ(io_uring_queue_init(128, &s->ring, 0), 0);
	ASSERT_EQ(io_uring_register_files_sparse(&s->ring, SLOTS), 0);
	for (int i = 0; i < SLOTS; i++)
		s->shadow[i] = -1;
	atomic_set(&s->threads_left, threads - 1);

	EXPECT_EQ(ktest_run_threads(storm_thread, s, 3), 0);

	EXPECT_EQ(io_uring_unregister_files(&s->ring), 0);
	/* The reaper is gone: count what came after it, and what unregister posted. */
	EXPECT_EQ(uring_test_count_cqes(&s->ring, TAG_BASE, (unsigned int)s->nr_probes, counts,
					QUIET_MS),
		  0);
	io_uring_queue_exit(&s->ring);
	EXPECT_EQ(atomic_read(&s->bad), 0);
	EXPECT_EQ(atomic_read(&s->early_tags), 0);
	for (int i = 0; i < atomic_read(&s->next_probe) && i < s->nr_probes; i++) {
		struct probe *p = &s->probes[i];
		int tags = atomic_read(&p->tags) + counts[i];

		if (tags != (p->removed ? 1 : 0) || atomic_read(&p->released) != 1)
			ktest_fail(__FILE__, __LINE__, "probe %d (%s): %d tags, released %d times",
				   i, p->removed ? "removed" : "kept", tags,
				   atomic_read(&p->released));
	}
	uring_test_files_end();
	kfree(counts);
	kfree(s->probes);
	kfree(s);
}
