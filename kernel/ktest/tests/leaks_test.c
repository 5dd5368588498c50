/*
 * Self-tests of leak snapshots (suite leaks): a comparison names exactly
 * what moved, and /dev/ktest_leaks shows user space the same snapshot,
 * stable while nothing changes and different while something is held.
 */
#include "ktest.h"
#include "ktest_leak.h"
#include "slab.h"
#include "file.h"
#include "ramfs.h"
#include "string.h"
#include "errno.h"

/* What a comparison reported for the 64-byte class, and how many quantities it reported. */
struct seen {
	int calls;
	bool kmalloc64;
	long before, after;
};

static void remember(void *ctx, const char *what, long before, long after)
{
	struct seen *s = ctx;

	s->calls++;
	if (strcmp(what, "kmalloc-64 live objects"))
		return;
	s->kmalloc64 = true;
	s->before = before;
	s->after = after;
}

KTEST(leaks, compare_names_what_moved)
{
	struct leak_snapshot a, b;
	struct seen seen = { 0 };
	void *p;

	leak_snapshot_take(&a);
	leak_snapshot_take(&b);
	EXPECT_EQ(leak_snapshot_compare(&a, &b, remember, &seen), 0);
	EXPECT_EQ(seen.calls, 0);

	p = kmalloc(40);	/* the 64-byte class */
	ASSERT_NOT_NULL(p);
	leak_snapshot_take(&b);
	kfree(p);
	/*
	 * Other CPUs may allocate meanwhile (a page for a timer, say), so
	 * other lines may move too; the held object's line must.
	 */
	EXPECT_GE(leak_snapshot_compare(&a, &b, remember, &seen), 1);
	EXPECT_TRUE(seen.kmalloc64);
	EXPECT_GE(seen.after, seen.before + 1);
}

/* Reads the device's whole text at offset 0 into buf; returns its length or -errno. */
static long read_leaks(struct file *f, char *buf, size_t size)
{
	long long pos = 0;
	ssize_t n = vfs_read(f, buf, size - 1, &pos);

	if (n >= 0)
		buf[n] = '\0';
	return n;
}

KTEST(leaks, device_shows_a_held_object)
{
	static char first[2048], second[2048], third[2048];
	struct file *f;
	void *p;

	ASSERT_EQ(ramfs_open("/dev/ktest_leaks", O_RDONLY, 0, &f), 0);
	ASSERT_GE(read_leaks(f, first, sizeof(first)), 1);
	EXPECT_NOT_NULL(strstr(first, "kernel stacks: "));
	EXPECT_NOT_NULL(strstr(first, "files: "));
	ASSERT_GE(read_leaks(f, second, sizeof(second)), 1);
	EXPECT_STREQ(first, second);	/* nothing happened in between */

	p = kmalloc(700);	/* the 1024-byte class */
	ASSERT_NOT_NULL(p);
	ASSERT_GE(read_leaks(f, third, sizeof(third)), 1);
	kfree(p);
	EXPECT_TRUE(strcmp(first, third) != 0);
	EXPECT_EQ(vfs_write(f, "x", 1, NULL), -EBADF);	/* read-only node */
	fput(f);
}
