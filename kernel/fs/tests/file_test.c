/*
 * Self-tests of struct file (reference counting and the use-after-free
 * check), the checked vfs_ calls, descriptor tables, ramfs and the null
 * and zero devices.
 */
#include "ktest.h"
#include "file.h"
#include "smp.h"
#include "string.h"
#include "time.h"
#include "errno.h"
#include <asm/x86.h>

/* A file kind with no operations that counts its releases. */
struct release_probe {
	atomic_t calls;
	long count_seen;	/* f_count when release last ran */
	bool live_seen;		/* file_is_live() then */
};

static void probe_release(struct file *f)
{
	struct release_probe *p = f->private_data;

	p->count_seen = file_count(f);
	p->live_seen = file_is_live(f);
	atomic_inc(&p->calls);
}

static const struct file_operations probe_fops = {
	.release = probe_release,
	.name = "probe",
};

#define POISON_LONG 0x6b6b6b6b6b6b6b6bUL

KTEST(file, refcount_release_once_at_zero)
{
	struct release_probe p = { .calls = ATOMIC_INIT(0) };
	long live = nr_files_live();
	struct file *f = alloc_file(&probe_fops, &p);

	ASSERT_NOT_NULL(f);
	EXPECT_EQ(file_count(f), 1);
	EXPECT_TRUE(file_is_live(f));
	EXPECT_EQ(nr_files_live(), live + 1);
	EXPECT_TRUE(get_file(f) == f);
	get_file(f);
	EXPECT_EQ(file_count(f), 3);
	fput(f);
	fput(f);
	EXPECT_EQ(file_count(f), 1);
	EXPECT_EQ(atomic_read(&p.calls), 0);
	fput(f);
	EXPECT_EQ(atomic_read(&p.calls), 1);
	EXPECT_EQ(p.count_seen, 0);
	EXPECT_FALSE(p.live_seen);	/* dead before release runs */
	EXPECT_EQ(nr_files_live(), live);
	/* Freed: kfree poisoned it (it waits in the quarantine, still mapped). */
	EXPECT_EQ(f->magic, POISON_LONG);
	EXPECT_FALSE(file_is_live(f));
}

/* The use-after-free check: the late put is reported and changes nothing. */
KTEST_OPTS(file, fput_after_free_warns, .expect_report = "WARNING in fput")
{
	struct release_probe p = { .calls = ATOMIC_INIT(0) };
	struct file *f = alloc_file(&probe_fops, &p);
	long live;

	ASSERT_NOT_NULL(f);
	fput(f);
	live = nr_files_live();
	fput(f);	/* the bug: its last reference is already gone */
	EXPECT_EQ(atomic_read(&p.calls), 1);
	EXPECT_EQ(nr_files_live(), live);
	/* Not written to: a write would also show up as "Poison overwritten". */
	EXPECT_EQ(f->magic, POISON_LONG);
}

KTEST(file, vfs_checks_mode_and_ops)
{
	struct release_probe p = { .calls = ATOMIC_INIT(0) };
	struct file *f = alloc_file(&probe_fops, &p);
	char buf[4];

	ASSERT_NOT_NULL(f);
	EXPECT_EQ(f->f_flags, O_RDWR);
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), NULL), -EINVAL);
	EXPECT_EQ(vfs_write(f, buf, sizeof(buf), NULL), -EINVAL);
	EXPECT_EQ(vfs_fsync(f), -EINVAL);
	EXPECT_EQ(vfs_read_nonblock(f, buf, sizeof(buf), NULL), -EAGAIN);
	f->f_flags = O_WRONLY;
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), NULL), -EBADF);
	EXPECT_EQ(vfs_read_nonblock(f, buf, sizeof(buf), NULL), -EBADF);
	f->f_flags = O_RDONLY;
	EXPECT_EQ(vfs_write(f, buf, sizeof(buf), NULL), -EBADF);
	fput(f);
}

KTEST(file, fd_install_takes_lowest_free)
{
	struct release_probe p = { .calls = ATOMIC_INIT(0) };
	struct files_struct *fs = files_alloc(8);
	struct file *f[4], *g;

	ASSERT_NOT_NULL(fs);
	for (int i = 0; i < 4; i++) {
		f[i] = alloc_file(&probe_fops, &p);
		ASSERT_NOT_NULL(f[i]);
		EXPECT_EQ(fd_install(fs, f[i]), i);
	}
	EXPECT_EQ(file_count(f[1]), 1);	/* the table took over our reference */
	EXPECT_EQ(fd_close(fs, 2), 0);
	EXPECT_EQ(fd_close(fs, 1), 0);
	EXPECT_EQ(atomic_read(&p.calls), 2);	/* closing dropped the last reference */
	g = fdget(fs, 3);
	EXPECT_TRUE(g == f[3]);
	EXPECT_EQ(file_count(f[3]), 2);
	fput(g);
	EXPECT_EQ(file_count(f[3]), 1);
	g = alloc_file(&probe_fops, &p);
	ASSERT_NOT_NULL(g);
	EXPECT_EQ(fd_install(fs, g), 1);
	EXPECT_TRUE(fdget(fs, 2) == NULL);
	files_put(fs);
	EXPECT_EQ(atomic_read(&p.calls), 5);
}

KTEST(file, fd_bad_numbers_are_ebadf)
{
	struct files_struct *fs = files_alloc(4);
	struct file *f = null_file_open();

	EXPECT_NULL(files_alloc(0));
	EXPECT_NULL(files_alloc(FILES_MAX_FDS + 1));
	ASSERT_NOT_NULL(fs);
	ASSERT_NOT_NULL(f);
	EXPECT_EQ(fd_close(fs, 0), -EBADF);	/* never opened */
	EXPECT_EQ(fd_install(fs, f), 0);
	EXPECT_EQ(fd_close(fs, -1), -EBADF);
	EXPECT_EQ(fd_close(fs, 4), -EBADF);
	EXPECT_EQ(fd_close(fs, 1 << 30), -EBADF);
	EXPECT_NULL(fdget(fs, -1));
	EXPECT_NULL(fdget(fs, 4));
	EXPECT_NULL(fdget(fs, 1));
	EXPECT_EQ(fd_close(fs, 0), 0);
	EXPECT_EQ(fd_close(fs, 0), -EBADF);	/* closed */
	EXPECT_NULL(fdget(fs, 0));
	files_put(fs);
}

KTEST(file, fd_table_full_then_files_free)
{
	struct release_probe p = { .calls = ATOMIC_INIT(0) };
	struct files_struct *fs = files_alloc(3);
	struct file *extra = alloc_file(&probe_fops, &p), *kept;
	long live = nr_files_live();

	ASSERT_NOT_NULL(fs);
	ASSERT_NOT_NULL(extra);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(fd_install(fs, alloc_file(&probe_fops, &p)), i);
	EXPECT_EQ(fd_install(fs, extra), -EMFILE);
	EXPECT_EQ(file_count(extra), 1);	/* the failed install took nothing */
	kept = fdget(fs, 2);
	ASSERT_NOT_NULL(kept);
	files_put(fs);
	EXPECT_EQ(atomic_read(&p.calls), 2);	/* fds 0 and 1; fd 2 is still ours */
	EXPECT_EQ(file_count(kept), 1);
	fput(kept);
	fput(extra);
	EXPECT_EQ(atomic_read(&p.calls), 4);
	EXPECT_EQ(nr_files_live(), live - 1);
}

/*
 * One thread installs and closes fd 0 in a loop; up to FD_RACE_GETTERS
 * others, two per CPU so that they are also preempted at random points,
 * call fdget(0) in a loop (more would only slow the closer down under
 * TCG).  A file fdget returns must be live with a reference it owns, even
 * when the close happened just after and its fput is the last one.  The
 * closer goes on for 10 ms, and then until the others have hit
 * FD_RACE_HITS times (threads on other CPUs may start late on a busy
 * host) or for a second.
 */
#define FD_RACE_HITS	100
#define FD_RACE_GETTERS	7

struct fd_race {
	struct files_struct *fs;
	volatile bool stop;
	atomic_t roles, opened, released, bad;
	atomic_long_t hits;
};

static void race_release(struct file *f)
{
	atomic_inc(&((struct fd_race *)f->private_data)->released);
}

static const struct file_operations race_fops = {
	.release = race_release,
	.name = "race",
};

static int fd_race_thread(void *arg)
{
	struct fd_race *r = arg;
	int role = atomic_inc_return(&r->roles);

	if (role > 1 + FD_RACE_GETTERS)
		return 0;
	if (role == 1) {
		uint64_t start = ktime_get_ns(), now;

		while ((now = ktime_get_ns()) < start + 10000000 ||
		       (atomic_long_read(&r->hits) < FD_RACE_HITS && now < start + 1000000000)) {
			struct file *f = alloc_file(&race_fops, r);

			if (!f) {
				atomic_inc(&r->bad);
				break;
			}
			atomic_inc(&r->opened);
			if (fd_install(r->fs, f) != 0)
				atomic_inc(&r->bad);
			for (int i = 0; i < 32; i++)	/* a window for the others to hit */
				cpu_relax();
			if (fd_close(r->fs, 0) != 0)
				atomic_inc(&r->bad);
		}
		WRITE_ONCE(r->stop, true);
		return 0;
	}
	while (!READ_ONCE(r->stop)) {
		struct file *f = fdget(r->fs, 0);

		if (!f) {
			for (int i = 0; i < 8; i++)	/* let the closer at the lock */
				cpu_relax();
			continue;
		}
		if (!file_is_live(f) || file_count(f) < 1 || f->private_data != r)
			atomic_inc(&r->bad);
		atomic_long_inc(&r->hits);
		fput(f);
	}
	return 0;
}

KTEST_OPTS(file, fdget_races_fd_close, .min_cpus = 2)
{
	struct fd_race r = { .fs = files_alloc(1) };

	ASSERT_NOT_NULL(r.fs);
	ktest_run_threads(fd_race_thread, &r, 2);
	EXPECT_EQ(atomic_read(&r.bad), 0);
	EXPECT_GT(atomic_read(&r.opened), 0);
	EXPECT_EQ(atomic_read(&r.released), atomic_read(&r.opened));
	EXPECT_GT(atomic_long_read(&r.hits), 0);
	files_put(r.fs);
}

/* Bytes in [from, to) of f that differ from expect(offset) or cannot be read. */
static long mismatches(struct file *f, long long from, long long to, uint8_t (*expect)(long long))
{
	uint8_t buf[256];
	long bad = 0;

	while (from < to) {
		long long at = from;
		ssize_t n = vfs_read(f, buf, (size_t)min(to - from, (long long)sizeof(buf)), &from);

		if (n <= 0)
			return bad + (long)(to - at);
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != expect(at + i);
	}
	return bad;
}

KTEST(file, ramfs_read_write_at_offsets)
{
	struct file *f = ramfs_create("offsets");
	long long pos = 0;
	char buf[16];

	ASSERT_NOT_NULL(f);
	EXPECT_STREQ(f->f_op->name, "ramfs");
	EXPECT_STREQ(ramfs_name(f), "offsets");
	EXPECT_EQ(vfs_write(f, "hello", 5, &pos), 5);
	pos = 3;
	EXPECT_EQ(vfs_write(f, "world", 5, &pos), 5);
	EXPECT_EQ(pos, 8);
	EXPECT_EQ(ramfs_size(f), 8);
	pos = 2;
	EXPECT_EQ(vfs_read(f, buf, 4, &pos), 4);
	EXPECT_EQ(memcmp(buf, "lwor", 4), 0);
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 2);	/* cut at the end */
	EXPECT_EQ(memcmp(buf, "ld", 2), 0);
	EXPECT_EQ(pos, 8);
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 0);
	pos = 100;
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 0);	/* past the end */
	EXPECT_EQ(vfs_write(f, buf, 0, &pos), 0);		/* no hole for nothing */
	EXPECT_EQ(ramfs_size(f), 8);
	pos = -1;
	EXPECT_EQ(vfs_read(f, buf, 1, &pos), -EINVAL);
	EXPECT_EQ(vfs_write(f, buf, 1, &pos), -EINVAL);
	/* No pos: the file's own, shared by every caller. */
	EXPECT_EQ(vfs_read(f, buf, 3, NULL), 3);
	EXPECT_EQ(vfs_write(f, "LO", 2, NULL), 2);
	EXPECT_EQ(f->f_pos, 5);
	pos = 0;
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 8);
	EXPECT_EQ(memcmp(buf, "helLOrld", 8), 0);
	fput(f);
}

static uint8_t holes_byte(long long off)
{
	return off == 0 ? 'A' : off == 40 ? 'B' : off == 3000 ? 'C' : 0;
}

KTEST(file, ramfs_holes_read_as_zeroes)
{
	struct file *f = ramfs_create("holes");
	long long pos = 0;

	ASSERT_NOT_NULL(f);
	EXPECT_EQ(vfs_write(f, "A", 1, &pos), 1);
	pos = 40;	/* inside the first buffer, which kmalloc left 0x6b-poisoned */
	EXPECT_EQ(vfs_write(f, "B", 1, &pos), 1);
	pos = 3000;	/* and across a reallocation */
	EXPECT_EQ(vfs_write(f, "C", 1, &pos), 1);
	EXPECT_EQ(ramfs_size(f), 3001);
	EXPECT_EQ(mismatches(f, 0, 3001, holes_byte), 0);
	fput(f);
}

static uint8_t pattern(long long off)
{
	return (uint8_t)(off * 7 + off / 251);
}

KTEST(file, ramfs_grows_and_keeps_contents)
{
	struct file *f = ramfs_create("growth");
	long long pos = 0, total = 64 * 1024;
	uint8_t buf[1000];

	ASSERT_NOT_NULL(f);
	while (pos < total) {
		size_t n = (size_t)min((long long)sizeof(buf), total - pos);

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(pos + (long long)i);
		EXPECT_EQ(vfs_write(f, buf, n, &pos), (ssize_t)n);
	}
	EXPECT_EQ(ramfs_size(f), total);
	EXPECT_EQ(mismatches(f, 0, total, pattern), 0);
	fput(f);
}

KTEST(file, ramfs_size_limit)
{
	struct file *f = ramfs_create("a name longer than RAMFS_NAME_MAX bytes");
	long long pos = RAMFS_MAX_SIZE - 10;
	char buf[20];

	ASSERT_NOT_NULL(f);
	EXPECT_EQ(strlen(ramfs_name(f)), RAMFS_NAME_MAX - 1);
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(vfs_write(f, buf, sizeof(buf), &pos), 10);	/* cut at the limit */
	EXPECT_EQ(ramfs_size(f), RAMFS_MAX_SIZE);
	EXPECT_EQ(vfs_write(f, buf, 1, &pos), -EFBIG);
	pos = RAMFS_MAX_SIZE + 5;
	EXPECT_EQ(vfs_write(f, buf, 1, &pos), -EFBIG);
	EXPECT_EQ(ramfs_size(f), RAMFS_MAX_SIZE);
	pos = RAMFS_MAX_SIZE - 12;
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), &pos), 12);
	EXPECT_EQ(memcmp(buf, "\0\0xxxxxxxxxx", 12), 0);
	fput(f);
}

KTEST(file, ramfs_fsync_counts_and_type_checks)
{
	struct file *f = ramfs_create("sync"), *null = null_file_open();

	ASSERT_NOT_NULL(f);
	ASSERT_NOT_NULL(null);
	EXPECT_EQ(ramfs_fsync_count(f), 0);
	EXPECT_EQ(vfs_fsync(f), 0);
	EXPECT_EQ(vfs_fsync(f), 0);
	EXPECT_EQ(ramfs_fsync_count(f), 2);
	EXPECT_EQ(ramfs_size(null), -EINVAL);
	EXPECT_EQ(ramfs_fsync_count(null), -EINVAL);
	EXPECT_NULL(ramfs_name(null));
	fput(null);
	fput(f);
}

/*
 * Writers on up to RACE_WRITERS CPUs fill disjoint pieces of one file,
 * interleaved so that all of them write at its growing end at once: each
 * write may move the buffer or zero a gap before its piece while the
 * others write.  Without the inode's lock, pieces land in a buffer being
 * replaced, or in a gap being zeroed, and are lost, or the size goes
 * backwards.  The writers wait for each other before starting: each one's
 * work takes less time than waking a thread on another CPU does.  (More
 * writers would add little but time: under TCG, a CPU spinning at the
 * start line takes host time from those it waits for.)
 */
#define RACE_WRITERS	4
#define PIECE		61	/* odd, so pieces do not line up with the buffer's sizes */
#define PIECES_EACH	32

struct ramfs_race {
	struct file *f;
	int writers;
	uint64_t deadline_ns;	/* for the start line, should a CPU never come */
	atomic_t next_id, ready, bad;
};

static uint8_t piece_byte(long long off)
{
	return (uint8_t)(off / PIECE * 37 + 1);
}

static int ramfs_writer(void *arg)
{
	struct ramfs_race *r = arg;
	int id = atomic_inc_return(&r->next_id) - 1;
	uint8_t piece[PIECE];

	if (id >= r->writers)
		return 0;
	atomic_inc(&r->ready);
	while (atomic_read(&r->ready) < r->writers && ktime_get_ns() < r->deadline_ns)
		cpu_relax();
	for (long k = 0; k < PIECES_EACH; k++) {
		long idx = k * r->writers + id;
		long long pos = idx * PIECE;

		memset(piece, piece_byte(pos), PIECE);
		if (vfs_write(r->f, piece, PIECE, &pos) != PIECE)
			atomic_inc(&r->bad);
	}
	return 0;
}

KTEST_OPTS(file, ramfs_concurrent_writers_disjoint, .min_cpus = 2)
{
	struct ramfs_race r = { .f = ramfs_create("race"), .writers = min(num_online_cpus(), RACE_WRITERS),
				.deadline_ns = ktime_get_ns() + 1000000000 };
	long long size = (long long)r.writers * PIECES_EACH * PIECE;

	ASSERT_NOT_NULL(r.f);
	ktest_run_threads(ramfs_writer, &r, 1);
	EXPECT_EQ(atomic_read(&r.bad), 0);
	EXPECT_EQ(ramfs_size(r.f), size);
	EXPECT_EQ(mismatches(r.f, 0, size, piece_byte), 0);
	fput(r.f);
}

KTEST(file, null_and_zero_devices)
{
	struct file *null = null_file_open(), *zero = zero_file_open();
	uint8_t buf[64];
	bool ok = true;

	ASSERT_NOT_NULL(null);
	ASSERT_NOT_NULL(zero);
	EXPECT_STREQ(null->f_op->name, "null");
	EXPECT_STREQ(zero->f_op->name, "zero");
	memset(buf, 0xaa, sizeof(buf));
	EXPECT_EQ(vfs_read(null, buf, sizeof(buf), NULL), 0);
	EXPECT_EQ(vfs_read_nonblock(null, buf, sizeof(buf), NULL), 0);
	EXPECT_EQ(buf[0], 0xaa);
	EXPECT_EQ(vfs_write(null, buf, sizeof(buf), NULL), (ssize_t)sizeof(buf));
	EXPECT_EQ(vfs_fsync(null), -EINVAL);
	EXPECT_EQ(vfs_read(zero, buf, 40, NULL), 40);
	for (int i = 0; i < 64; i++)
		ok &= buf[i] == (i < 40 ? 0 : 0xaa);
	EXPECT_TRUE(ok);
	memset(buf, 0xaa, sizeof(buf));
	EXPECT_EQ(vfs_read_nonblock(zero, buf, 8, NULL), 8);
	EXPECT_EQ(buf[7], 0);
	EXPECT_EQ(buf[8], 0xaa);
	EXPECT_EQ(vfs_write(zero, buf, 5, NULL), 5);
	fput(null);
	fput(zero);
}
