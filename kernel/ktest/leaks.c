/*
 * Leak snapshots: what the self-test runner compares around every kernel
 * test, and what user space's test runner compares around every program.
 *
 * A snapshot counts the kernel's live objects of every kind it keeps
 * count of (see include/ktest_leak.h).  Two snapshots taken with nothing
 * running in between must be equal; a difference is a leak (or a free of
 * something that was never counted).
 *
 * User space sees the same snapshot through /dev/ktest_leaks: each read
 * at offset 0 takes a fresh one and returns it as text, one quantity a
 * line, "what: value".  /init keeps the file open (so the open file it
 * is does not count as a difference) and reads it with pread before and
 * after each test program, comparing line by line.  Linux has no such
 * file; a runner that cannot open it simply checks nothing.  Before a
 * user-visible snapshot the read waits for every RCU callback queued so
 * far (rcu_barrier): a reaped process's last frees may still be on their
 * way, and a snapshot must not catch them in flight.
 */
#include "ktest_leak.h"
#include "slab.h"
#include "mm.h"
#include "vmap.h"
#include "percpu.h"
#include "panic.h"
#include "printf.h"
#include "file.h"
#include "ramfs.h"
#include "rcupdate.h"
#include "uaccess.h"
#include "errno.h"
#include <asm/paging.h>

extern const struct ktest_leak_counter __ktest_counters_start[], __ktest_counters_end[];

static size_t nr_leak_counters(void)
{
	return (size_t)(__ktest_counters_end - __ktest_counters_start);
}

void leak_snapshot_take(struct leak_snapshot *s)
{
	if (nr_leak_counters() > KTEST_MAX_LEAK_COUNTERS)
		panic("ktest: %zu leak counters registered, room for %d", nr_leak_counters(),
		      KTEST_MAX_LEAK_COUNTERS);
	for (size_t i = 0; i < nr_leak_counters(); i++)
		if (__ktest_counters_start[i].settle)
			__ktest_counters_start[i].settle();
	slab_quarantine_flush();
	kmalloc_live(s->live);
	s->free_pages = nr_free_pages() + nr_page_table_pages();
	s->stacks = vmap_stacks_in_use();
	s->percpu = percpu_live_allocations();
	for (size_t i = 0; i < nr_leak_counters(); i++)
		s->counters[i] = atomic_long_read(__ktest_counters_start[i].count);
}

/* Calls fn(ctx, what, value-in-a, value-in-b) for each quantity, in a fixed order. */
static int for_each_quantity(const struct leak_snapshot *a, const struct leak_snapshot *b,
			     bool only_changed, leak_report_t fn, void *ctx)
{
	char name[48];
	int n = 0;

#define QUANTITY(what, va, vb)                              \
	do {                                                \
		if (!only_changed || (va) != (vb)) {        \
			fn(ctx, what, (long)(va), (long)(vb)); \
			n++;                                \
		}                                           \
	} while (0)

	for (int i = 0; i < KMALLOC_NR_CLASSES; i++) {
		snprintf(name, sizeof(name), "%s live objects", kmalloc_class_name(i));
		QUANTITY(name, a->live[i], b->live[i]);
	}
	QUANTITY("free (or page-table) pages", a->free_pages, b->free_pages);
	QUANTITY("kernel stacks", a->stacks, b->stacks);
	QUANTITY("per-CPU allocations", a->percpu, b->percpu);
	for (size_t i = 0; i < nr_leak_counters(); i++)
		QUANTITY(__ktest_counters_start[i].what, a->counters[i], b->counters[i]);
#undef QUANTITY
	return n;
}

int leak_snapshot_compare(const struct leak_snapshot *before, const struct leak_snapshot *after,
			  leak_report_t report, void *ctx)
{
	return for_each_quantity(before, after, true, report, ctx);
}

/* ---- /dev/ktest_leaks ---- */

#define LEAKS_TEXT_MAX 2048	/* 28 lines of at most ~60 bytes */

struct text {
	char *buf;
	size_t len;
};

static void append_line(void *ctx, const char *what, long value, long unused)
{
	struct text *t = ctx;

	(void)unused;
	t->len += (size_t)snprintf(t->buf + t->len, LEAKS_TEXT_MAX - t->len, "%s: %ld\n", what,
				   value);
	if (t->len >= LEAKS_TEXT_MAX)
		t->len = LEAKS_TEXT_MAX - 1;	/* snprintf truncated: keep the NUL out */
}

static ssize_t leaks_read(struct file *f, void *buf, size_t len, long long *pos)
{
	struct leak_snapshot s;
	struct text t = { .len = 0 };
	ssize_t ret = 0;

	(void)f;
	if (*pos != 0)
		return 0;	/* one snapshot per read at 0: the text ends where it ends */
	rcu_barrier();
	leak_snapshot_take(&s);
	t.buf = kmalloc(LEAKS_TEXT_MAX);	/* after the snapshot: not in it */
	if (!t.buf)
		return -ENOMEM;
	for_each_quantity(&s, &s, false, append_line, &t);
	if (len > t.len)
		len = t.len;
	if (copy_to_user(buf, t.buf, len))
		ret = -EFAULT;
	else
		*pos = (long long)len;
	kfree(t.buf);
	return ret ? ret : (ssize_t)len;
}

/*
 * A seekable file, so that /init's pread at offset 0 is allowed (a file
 * without llseek is a stream: -ESPIPE).  Only absolute positions mean
 * anything: each read at 0 is a new snapshot of unknown length.
 */
static long long leaks_llseek(struct file *f, long long offset, int whence)
{
	if (whence != SEEK_SET || offset < 0)
		return -EINVAL;
	return f->f_pos = offset;
}

static const struct file_operations leaks_fops = {
	.read = leaks_read,
	.llseek = leaks_llseek,
	.name = "ktest_leaks",
};

void ktest_leaks_dev_init(void)
{
	int err = ramfs_mknod("/dev/ktest_leaks", 0444, &leaks_fops);

	if (err)
		panic("ktest: cannot make /dev/ktest_leaks (%d)", err);
}
