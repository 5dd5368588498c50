/*
 * Tests for kernel/mm/uaccess.c, the exception-table fixups behind it and
 * SMAP/SMEP.
 *
 * "User" memory here is a page the test maps with U=1 in the lower half of
 * the kernel's page tables (shared by every CPU), at USER_VA, with the page
 * after it left unmapped, so copies can run into a hole.  Bad pointers:
 * NULL, an unmapped user address, a non-canonical address (a #GP, not a
 * #PF) and a range that wraps.  Each must come back as "nothing copied"
 * or -EFAULT with no report: the runner fails a test on any report it did
 * not expect.  The negative tests touch a user page from plain kernel code
 * and claim the page-fault report SMAP or SMEP causes.
 */
#include "ktest.h"
#include "uaccess.h"
#include "string.h"
#include "errno.h"
#include "mm.h"
#include "task.h"
#include "atomic.h"
#include <asm/paging.h>
#include <asm/boot_defs.h>

#define USER_VA		0x0000100000000000UL	/* the test's user page */
#define UNMAPPED_VA	(USER_VA + PAGE_SIZE)	/* never mapped */
#define NON_CANONICAL	0x8000000000001000UL
#define RACE_ROUNDS	200

/*
 * The page behind USER_VA is static, so a negative test abandoned while it
 * is mapped leaks nothing; map_user_page replaces whatever alias was left.
 */
static char user_backing[PAGE_SIZE] __aligned(PAGE_SIZE);

static char *map_user_page(uint64_t extra_flags)
{
	ASSERT_EQ(map_page(USER_VA, __pa(user_backing), PTE_U | PTE_W | extra_flags), 0);
	return (char *)USER_VA;
}

static void unmap_user_page(void)
{
	EXPECT_EQ(unmap_page(USER_VA), __pa(user_backing));
}

static void expect_all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i]) {
			ktest_fail(__FILE__, __LINE__, "byte %zu is %#x, want 0", i, p[i] & 0xff);
			return;
		}
}

KTEST(uaccess, bad_pointers_copy_nothing_and_report_nothing)
{
	static const struct {
		const char *what;
		unsigned long addr;
		size_t len;
	} bad[] = {
		{ "NULL", 0, 16 },
		{ "unmapped", UNMAPPED_VA, 16 },
		{ "non-canonical", NON_CANONICAL, 16 },
		{ "wrapping", ~0UL - 7, 16 },
	};
	char buf[16], src[16] = "kernel secret";

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		void __user *p = (void __user *)bad[i].addr;

		memset(buf, 0xaa, sizeof(buf));
		if (copy_from_user(buf, p, bad[i].len) != bad[i].len)
			ktest_fail(__FILE__, __LINE__, "%s: copy_from_user copied something",
				   bad[i].what);
		expect_all_zero(buf, sizeof(buf)); /* the tail is zeroed, not left stale */
		if (copy_to_user(p, src, bad[i].len) != bad[i].len)
			ktest_fail(__FILE__, __LINE__, "%s: copy_to_user copied something",
				   bad[i].what);
		if (clear_user(p, bad[i].len) != bad[i].len)
			ktest_fail(__FILE__, __LINE__, "%s: clear_user cleared something",
				   bad[i].what);
		if (strncpy_from_user(buf, p, sizeof(buf)) != -EFAULT)
			ktest_fail(__FILE__, __LINE__, "%s: strncpy_from_user did not fail",
				   bad[i].what);
	}
	/* Zero bytes at a bad address touch nothing and so succeed. */
	EXPECT_EQ(copy_from_user(buf, NULL, 0), 0);
}

KTEST(uaccess, copy_into_a_hole_copies_exactly_the_mapped_part)
{
	char *u = map_user_page(0), *edge = u + PAGE_SIZE - 10;
	char buf[32], src[32];

	for (int i = 0; i < 32; i++)
		src[i] = (char)(i + 1);
	memset(buf, 0xaa, sizeof(buf));
	EXPECT_EQ(copy_to_user(edge, src, 32), 22);
	EXPECT_EQ(copy_from_user(buf, edge, 32), 22);
	EXPECT_EQ(memcmp(buf, src, 10), 0);
	expect_all_zero(buf + 10, 22);
	EXPECT_EQ(clear_user(edge, 32), 22);
	EXPECT_EQ(copy_from_user(buf, edge, 10), 0);
	expect_all_zero(buf, 10);
	unmap_user_page();
}

KTEST(uaccess, strncpy_from_user_at_a_page_edge)
{
	char *u = map_user_page(0), *edge = u + PAGE_SIZE - 6;
	char buf[16];

	/* Set up through the kernel's alias: SMAP keeps plain code off USER_VA. */
	memcpy(user_backing + PAGE_SIZE - 6, "hello", 6);	/* NUL: the page's last byte */
	memset(buf, 0xaa, sizeof(buf));
	EXPECT_EQ(strncpy_from_user(buf, edge, sizeof(buf)), 5);
	EXPECT_STREQ(buf, "hello");
	EXPECT_EQ(strncpy_from_user(buf, edge, 3), 3);	/* count reached: no NUL needed */
	memset(user_backing + PAGE_SIZE - 6, 'x', 6);		/* no NUL before the hole */
	EXPECT_EQ(strncpy_from_user(buf, edge, sizeof(buf)), -EFAULT);
	EXPECT_EQ(strncpy_from_user(buf, edge, 6), 6);	/* ...unless count stops first */
	unmap_user_page();
}

/* One "process": narrows its own limit; its thread exits with any damage. */
static int user_ds_thread(void *arg)
{
	char buf[8], *kernel_buf = arg;
	int bad = 0;

	set_fs(USER_DS);
	bad += access_ok(kernel_buf, 8);
	bad += copy_from_user(buf, kernel_buf, 8) != 8;
	bad += strncpy_from_user(buf, kernel_buf, 8) != -EFAULT;
	bad += !access_ok((void __user *)USER_VA, PAGE_SIZE);
	bad += !access_ok((void __user *)(TASK_SIZE_MAX - 8), 8);
	bad += access_ok((void __user *)(TASK_SIZE_MAX - 8), 9);
	bad += copy_from_user(buf, (void __user *)USER_VA, 8) != 0;
	/* A string running up to the limit is a fault, even with count to spare. */
	bad += strncpy_from_user(buf, (void __user *)(TASK_SIZE_MAX - 4), 8) != -EFAULT;
	return bad;
}

KTEST(uaccess, user_ds_rejects_kernel_addresses)
{
	static char kernel_buf[8] = "kernel";

	map_user_page(0);
	/* The limit is per task: threads narrow their own and exit with it. */
	EXPECT_EQ(ktest_run_threads(user_ds_thread, kernel_buf, 1), 0);
	EXPECT_EQ(get_fs().seg, KERNEL_DS.seg);
	EXPECT_TRUE(access_ok(kernel_buf, sizeof(kernel_buf)));
	unmap_user_page();
}

struct race {
	atomic_t errors;
};

/*
 * Every CPU copies good and bad ranges in a loop: a fault on one CPU, and
 * timer interrupts landing inside copies (clac at entry, AC restored by
 * IRET), must not disturb the others.
 */
static int race_thread(void *arg)
{
	struct race *r = arg;
	char buf[64];

	for (int i = 0; i < RACE_ROUNDS; i++) {
		size_t off = (size_t)(i % 50);
		char *edge = (char *)USER_VA + PAGE_SIZE - off;

		if (copy_from_user(buf, edge, sizeof(buf)) != sizeof(buf) - off ||
		    copy_from_user(buf, (void __user *)UNMAPPED_VA, 8) != 8 ||
		    copy_from_user(buf, (void __user *)NON_CANONICAL, 8) != 8 ||
		    strncpy_from_user(buf, (void __user *)USER_VA, sizeof(buf)) != 3 ||
		    memcmp(buf, "abc", 4))
			atomic_inc(&r->errors);
	}
	return 0;
}

KTEST(uaccess, faults_on_every_cpu_at_once)
{
	struct race r = { .errors = ATOMIC_INIT(0) };
	map_user_page(0);
	memcpy(user_backing, "abc", 4);
	ktest_run_threads(race_thread, &r, 2);
	EXPECT_EQ(atomic_read(&r.errors), 0);
	unmap_user_page();
}

static __noinline char smap_touch(const volatile char *p)
{
	return *p;
}

KTEST_OPTS(uaccess, smap_stops_a_plain_kernel_read,
	   .expect_report = "BUG: unable to handle page fault in smap_touch")
{
	char *u = map_user_page(0), c;

	user_backing[0] = 'u';
	/* Through the helper the page reads fine: it opens user access. */
	EXPECT_EQ(copy_from_user(&c, u, 1), 0);
	EXPECT_EQ(c, 'u');
	smap_touch(u);
	ktest_fail(__FILE__, __LINE__, "SMAP did not stop the read");
}

KTEST_OPTS(uaccess, smep_stops_running_user_code,
	   .expect_report =
		   "BUG: unable to handle page fault in ktest_uaccess_smep_stops_running_user_code")
{
	void (*fn)(void);

	user_backing[0] = (char)0xc3;	/* ret */
	fn = (void (*)(void))map_user_page(0);
	fn();
	ktest_fail(__FILE__, __LINE__, "SMEP did not stop the call");
}
