/*
 * Self-tests of read_write.c (suite read_write): read(2), write(2),
 * readv(2), writev(2), pread64(2), pwrite64(2), lseek(2), fsync(2) and
 * fdatasync(2) errno for errno (EBADF, EFAULT, EINVAL, ESPIPE, EISDIR,
 * ENXIO), short and partial transfers at a fault, a vector's total cut
 * at MAX_RW_COUNT, a file of 8 MiB written a page at a time and read back
 * in reads of 1 MiB (across the ramfs's pages), whose pages are all freed
 * with the file, and SEEK_DATA/SEEK_HOLE.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "slab.h"
#include "mm.h"
#include "errno.h"
#include "smp.h"
#include "uapi/io_uring.h"
#include "proc_ctx.h"

KTEST(read_write, errnos_and_vectors)
{
	struct saved_ctx s;
	char a[4], b[8], buf[16];
	struct iovec iov[3] = {
		{ a, sizeof(a) },
		{ NULL, 0 },
		{ b, sizeof(b) },
	};
	int p[2];
	long fd, dfd;

	ASSERT_TRUE(proc_enter(&s, 8));
	fd = sys_open("/rw", O_RDWR | O_CREAT | O_TRUNC, 0600);
	EXPECT_EQ(sys_write((unsigned int)fd, "0123456789", 10), 10);
	EXPECT_EQ(sys_read(99, buf, 1), -EBADF);
	EXPECT_EQ(sys_write(0xffffffffu, buf, 1), -EBADF);
	EXPECT_EQ(sys_pread64((unsigned int)fd, buf, 4, -1), -EINVAL);
	EXPECT_EQ(sys_pread64((unsigned int)fd, (char *)16, 4, 0), -EFAULT);
	EXPECT_EQ(sys_pwrite64((unsigned int)fd, (char *)16, 4, 0), -EFAULT);
	/* The failed write changed nothing. */
	EXPECT_EQ(sys_pread64((unsigned int)fd, buf, 4, 0), 4);
	EXPECT_EQ(memcmp(buf, "0123", 4), 0);
	EXPECT_EQ(sys_pread64((unsigned int)fd, buf, 4, 100), 0);	/* past the end */
	/* readv fills segment after segment, skipping the empty one. */
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, SEEK_SET), 0);
	EXPECT_EQ(sys_readv((unsigned long)fd, iov, 3), 10);
	EXPECT_EQ(memcmp(a, "0123", 4), 0);
	EXPECT_EQ(memcmp(b, "456789", 6), 0);
	EXPECT_EQ(sys_readv((unsigned long)fd, iov, 3), 0);
	EXPECT_EQ(sys_readv((unsigned long)fd, iov, 0), 0);
	EXPECT_EQ(sys_readv((unsigned long)fd, iov, UIO_MAXIOV + 1), -EINVAL);
	EXPECT_EQ(sys_readv((unsigned long)fd, (struct iovec *)16, 1), -EFAULT);
	iov[1].iov_len = (size_t)-1;
	EXPECT_EQ(sys_readv((unsigned long)fd, iov, 3), -EINVAL);	/* a negative length */
	iov[1] = (struct iovec){ (void *)16, 1 };
	/* writev stops at the bad segment: what came before counts. */
	EXPECT_EQ(sys_writev((unsigned long)fd, iov, 2), 4);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, SEEK_CUR), 14);
	EXPECT_EQ(sys_lseek((unsigned int)fd, -2, SEEK_END), 12);
	EXPECT_EQ(sys_lseek((unsigned int)fd, -20, SEEK_CUR), -EINVAL);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, 5), -EINVAL);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 3, SEEK_DATA), 3);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 3, SEEK_HOLE), 14);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 14, SEEK_DATA), -ENXIO);
	EXPECT_EQ(sys_fsync((unsigned int)fd), 0);
	EXPECT_EQ(sys_fdatasync((unsigned int)fd), 0);
	EXPECT_EQ(sys_fsync(99), -EBADF);
	/* Pipes are streams: no positions. */
	EXPECT_EQ(sys_pipe(p), 0);
	EXPECT_EQ(sys_lseek((unsigned int)p[0], 0, SEEK_SET), -ESPIPE);
	EXPECT_EQ(sys_pread64((unsigned int)p[0], buf, 1, 0), -ESPIPE);
	EXPECT_EQ(sys_pwrite64((unsigned int)p[1], buf, 1, 0), -ESPIPE);
	EXPECT_EQ(sys_fsync((unsigned int)p[0]), -EINVAL);
	EXPECT_EQ(sys_read((unsigned int)p[1], buf, 1), -EBADF);
	EXPECT_EQ(sys_writev((unsigned long)p[0], iov, 1), -EBADF);
	/* Directories: read is EISDIR; null's lseek is always 0. */
	dfd = sys_open("/dev", O_RDONLY, 0);
	EXPECT_EQ(sys_read((unsigned int)dfd, buf, 1), -EISDIR);
	EXPECT_EQ(sys_fsync((unsigned int)dfd), 0);
	fd = sys_open("/dev/null", O_RDWR, 0);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 100, SEEK_SET), 0);
	EXPECT_EQ(sys_fsync((unsigned int)fd), -EINVAL);
	/* Segments that add up past MAX_RW_COUNT move that much (null never reads buf). */
	iov[0] = (struct iovec){ buf, 0x7ffff000 };
	iov[1] = (struct iovec){ buf, 0x7ffff000 };
	EXPECT_EQ(sys_writev((unsigned long)fd, iov, 3), 0x7ffff000);
	EXPECT_EQ(sys_unlink("/rw"), 0);
	proc_leave(&s);
}

KTEST(read_write, limit_at_ramfs_max_size)
{
	struct saved_ctx s;
	struct stat st;
	long fd;

	ASSERT_TRUE(proc_enter(&s, 8));
	fd = sys_open("/rwmax", O_RDWR | O_CREAT | O_TRUNC, 0600);
	/* Sparse: only the last page is allocated. */
	EXPECT_EQ(sys_pwrite64((unsigned int)fd, "abcd", 4, RAMFS_MAX_SIZE - 2), 2);	/* cut short */
	EXPECT_EQ(sys_pwrite64((unsigned int)fd, "abcd", 4, RAMFS_MAX_SIZE), -EFBIG);
	EXPECT_EQ(sys_fstat((unsigned int)fd, &st), 0);
	EXPECT_EQ(st.st_size, RAMFS_MAX_SIZE);
	EXPECT_EQ(st.st_blocks, 8);
	EXPECT_EQ(sys_unlink("/rwmax"), 0);
	proc_leave(&s);
}

#define APPENDS_PER_THREAD	200
#define RECORD			16

static long append_fd;

/* Appends records of one letter (its CPU's) and a newline through the shared descriptor. */
static int appender(void *arg)
{
	char rec[RECORD];

	(void)arg;
	memset(rec, 'a' + smp_processor_id() % 26, RECORD);
	rec[RECORD - 1] = '\n';
	for (int i = 0; i < APPENDS_PER_THREAD; i++)
		if (sys_write((unsigned int)append_fd, rec, RECORD) != RECORD)
			return 1;
	return 0;
}

/* O_APPEND writers on every CPU: no record lost, none torn. */
KTEST_OPTS(read_write, appends_from_every_cpu_stay_whole, .min_cpus = 2)
{
	struct saved_ctx s;
	char rec[RECORD];
	long threads, torn = 0, rfd;

	ASSERT_TRUE(proc_enter(&s, 8));
	append_fd = sys_open("/rwapp", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	threads = (long)num_online_cpus() * 2;
	EXPECT_EQ(ktest_run_threads(appender, NULL, 2), 0);
	EXPECT_EQ(sys_lseek((unsigned int)append_fd, 0, SEEK_END),
		  threads * APPENDS_PER_THREAD * RECORD);
	rfd = sys_open("/rwapp", O_RDONLY, 0);
	for (long off = 0; off < threads * APPENDS_PER_THREAD * RECORD; off += RECORD) {
		if (sys_pread64((unsigned int)rfd, rec, RECORD, off) != RECORD ||
		    rec[RECORD - 1] != '\n')
			torn++;
		for (int i = 1; i < RECORD - 1; i++)
			if (rec[i] != rec[0])
				torn++;
	}
	EXPECT_EQ(torn, 0);
	EXPECT_EQ(sys_unlink("/rwapp"), 0);
	proc_leave(&s);
}

#define BIG	(8UL << 20)
#define BULK	(1UL << 20)	/* one read's buffer: 256 pages */

KTEST(read_write, eight_mib_file_by_pages_and_at_once)
{
	struct saved_ctx s;
	unsigned char *chunk = kmalloc(PAGE_SIZE), *all = alloc_pages(BULK / PAGE_SIZE);
	size_t free_before = nr_free_pages();
	long fd, mismatch = 0;

	ASSERT_NOT_NULL(chunk);
	ASSERT_NOT_NULL(all);
	ASSERT_TRUE(proc_enter(&s, 8));
	fd = sys_open("/rwbig", O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (size_t off = 0; off < BIG; off += PAGE_SIZE) {
		for (size_t i = 0; i < PAGE_SIZE; i++)
			chunk[i] = (unsigned char)((off / PAGE_SIZE) * 7 + i);
		if (sys_write((unsigned int)fd, (char *)chunk, PAGE_SIZE) != PAGE_SIZE)
			mismatch++;
	}
	EXPECT_EQ(mismatch, 0);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, SEEK_END), (long)BIG);
	EXPECT_EQ(sys_lseek((unsigned int)fd, 0, SEEK_SET), 0);
	/* Reads of 1 MiB, each across 256 of the file's pages. */
	for (size_t base = 0; base < BIG; base += BULK) {
		if (sys_read((unsigned int)fd, (char *)all, BULK) != (long)BULK)
			mismatch++;
		for (size_t off = base; off < base + BULK; off++)
			if (all[off - base] !=
			    (unsigned char)((off / PAGE_SIZE) * 7 + off % PAGE_SIZE))
				mismatch++;
	}
	EXPECT_EQ(mismatch, 0);
	/* An unaligned read crossing pages. */
	EXPECT_EQ(sys_pread64((unsigned int)fd, (char *)chunk, 100, PAGE_SIZE - 50), 100);
	EXPECT_EQ(chunk[50], (unsigned char)7);
	EXPECT_EQ(sys_unlink("/rwbig"), 0);
	proc_leave(&s);	/* the last close frees the pages */
	free_pages(all, BULK / PAGE_SIZE);
	kfree(chunk);
	EXPECT_GE(nr_free_pages() + 16, free_before);
}
