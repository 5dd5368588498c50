/*
 * Self-tests of sys_mmap.c (suite sys_mmap): mmap, munmap and mprotect
 * through the system-call functions, from a kernel thread that adopted a
 * fresh address space: anonymous private and shared memory, MAP_FIXED,
 * MAP_FIXED_NOREPLACE, MAP_32BIT, the flags Linux accepts, every errno in
 * Linux's order, and ramfs file mappings (private copies, read-only
 * shared ones that mprotect may not make writable, the documented
 * -ENODEV for a writable shared one).
 */
#include "ktest.h"
#include "file.h"
#include "ramfs.h"
#include "errno.h"
#include "mm_syscalls.h"

#define MB	(1UL << 20)

KTEST(sys_mmap, anonymous_private_and_shared)
{
	struct mm_struct *mm = mm_test_begin();
	long a, s;

	ASSERT_NOT_NULL(mm);
	a = sys_mmap(0, 3 * PAGE_SIZE, RW, ANON_PRIVATE, (unsigned long)-1, 0);
	EXPECT_TRUE(a > 0 && !(a & (PAGE_SIZE - 1)));
	EXPECT_EQ(peek(a + 2 * PAGE_SIZE + 5), 0);
	EXPECT_TRUE(poke(a + 7, 42));
	EXPECT_EQ(peek(a + 7), 42);
	s = sys_mmap(0, 100, RW, MAP_SHARED | MAP_ANONYMOUS, 0, 0);
	EXPECT_TRUE(s > 0 && s != a);
	EXPECT_TRUE(poke(s + 99, 7));
	EXPECT_EQ(peek(s + 99), 7);
	/* A hint that is free is taken. */
	EXPECT_EQ(sys_mmap(0x50000000, PAGE_SIZE, RW, ANON_PRIVATE, 0, 0), 0x50000000);
	/* Flags Linux accepts and ringlet needs nothing for. */
	a = sys_mmap(0, PAGE_SIZE, RW,
		     ANON_PRIVATE | MAP_POPULATE | MAP_NORESERVE | MAP_STACK | MAP_GROWSDOWN |
			     MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NONBLOCK,
		     0, 0);
	EXPECT_GT(a, 0);
	a = sys_mmap(0, PAGE_SIZE, RW, ANON_PRIVATE | MAP_32BIT, 0, 0);
	EXPECT_TRUE(a >= 0x40000000 && a < 0x80000000);
	mm_test_end(mm);
}

KTEST(sys_mmap, fixed_and_fixed_noreplace)
{
	struct mm_struct *mm = mm_test_begin();
	unsigned long at = 0x20000000;

	ASSERT_NOT_NULL(mm);
	EXPECT_EQ(sys_mmap(at, 2 * PAGE_SIZE, RW, ANON_PRIVATE | MAP_FIXED, 0, 0), (long)at);
	EXPECT_TRUE(poke(at + PAGE_SIZE, 9));
	EXPECT_EQ(sys_mmap(at + PAGE_SIZE, PAGE_SIZE, RW, ANON_PRIVATE | MAP_FIXED_NOREPLACE, 0, 0),
		  -EEXIST);
	EXPECT_EQ(peek(at + PAGE_SIZE), 9);	/* untouched */
	EXPECT_EQ(sys_mmap(at + 2 * PAGE_SIZE, PAGE_SIZE, RW, ANON_PRIVATE | MAP_FIXED_NOREPLACE, 0,
			   0),
		  (long)(at + 2 * PAGE_SIZE));
	/* MAP_FIXED replaces: fresh zero pages. */
	EXPECT_EQ(sys_mmap(at + PAGE_SIZE, PAGE_SIZE, RW, ANON_PRIVATE | MAP_FIXED, 0, 0),
		  (long)(at + PAGE_SIZE));
	EXPECT_EQ(peek(at + PAGE_SIZE), 0);
	mm_test_end(mm);
}

KTEST(sys_mmap, errnos_in_linux_order)
{
	struct mm_struct *mm = mm_test_begin();

	ASSERT_NOT_NULL(mm);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, ANON_PRIVATE, 0, 100), -EINVAL);	/* offset */
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_PRIVATE, 77, 100), -EINVAL);	/* offset first */
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_PRIVATE, 77, 0), -EBADF);
	EXPECT_EQ(sys_mmap(0, 0, RW, ANON_PRIVATE, 0, 0), -EINVAL);
	EXPECT_EQ(sys_mmap(0, -1UL, RW, ANON_PRIVATE, 0, 0), -ENOMEM);	/* rounding wraps */
	EXPECT_EQ(sys_mmap(0, TASK_SIZE, RW, ANON_PRIVATE, 0, 0), -ENOMEM);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_ANONYMOUS, 0, 0), -EINVAL);	/* no type */
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, 0, 0), -EINVAL);
	EXPECT_EQ(sys_mmap(0x20000001, PAGE_SIZE, RW, ANON_PRIVATE | MAP_FIXED, 0, 0), -EINVAL);
	EXPECT_EQ(sys_mmap(0x1000, PAGE_SIZE, RW, ANON_PRIVATE | MAP_FIXED, 0, 0), -EPERM);
	EXPECT_EQ(sys_mmap(TASK_SIZE, PAGE_SIZE, RW, ANON_PRIVATE | MAP_FIXED, 0, 0), -ENOMEM);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, ANON_PRIVATE | MAP_HUGETLB, 0, 0), -ENOMEM);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, 0, 0),
		  -EINVAL);
	EXPECT_TRUE(list_empty(&mm->vmas));	/* nothing was mapped by any of them */
	mm_test_end(mm);
}

KTEST(sys_mmap, munmap_and_mprotect)
{
	struct mm_struct *mm = mm_test_begin();
	long a;

	ASSERT_NOT_NULL(mm);
	a = sys_mmap(0, 4 * PAGE_SIZE, RW, ANON_PRIVATE, 0, 0);
	ASSERT_GE(a, 0);
	EXPECT_EQ(sys_munmap(a + 1, PAGE_SIZE), -EINVAL);
	EXPECT_EQ(sys_munmap(a, 0), -EINVAL);
	EXPECT_EQ(sys_munmap(a + PAGE_SIZE, PAGE_SIZE), 0);
	EXPECT_EQ(peek(a + PAGE_SIZE), -1);
	EXPECT_EQ(sys_munmap(a + PAGE_SIZE, PAGE_SIZE), 0);	/* nothing there: still 0 */
	EXPECT_EQ(sys_mprotect(a + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	EXPECT_FALSE(poke(a + 2 * PAGE_SIZE, 1));
	EXPECT_TRUE(poke(a + 3 * PAGE_SIZE, 1));
	EXPECT_EQ(sys_mprotect(a, PAGE_SIZE, 0x10), -EINVAL);
	EXPECT_EQ(sys_mprotect(a, PAGE_SIZE, PROT_READ | (1UL << 40)), -EINVAL);
	EXPECT_EQ(sys_mprotect(a + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	EXPECT_EQ(sys_mprotect(a, 0, 1UL << 40), 0);			/* len 0 comes first */
	EXPECT_EQ(sys_mprotect(a, 4 * PAGE_SIZE, PROT_READ), -ENOMEM);	/* the hole */
	EXPECT_FALSE(poke(a, 1));	/* before the hole: changed, as in Linux */
	mm_test_end(mm);
}

/* A ramfs file of 6000 bytes: byte i is i % 251 + 1 (never 0). */
static struct file *make_file(unsigned int flags)
{
	static unsigned char buf[6000];
	struct file *f;
	long long pos = 0;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i % 251 + 1);
	if (ramfs_open("/mmap_test", O_RDWR | O_CREAT | O_TRUNC, 0644, &f))
		return NULL;
	vfs_write(f, buf, sizeof(buf), &pos);
	fput(f);
	return ramfs_open("/mmap_test", flags, 0, &f) ? NULL : f;
}

/* Installs f (the table takes the reference) in a table given to this thread. */
static int install(struct files_struct **saved, struct file *f)
{
	*saved = current->files;
	current->files = files_alloc(16);
	if (!current->files)
		return -ENOMEM;
	return fd_install(current->files, f);
}

static void uninstall(struct files_struct *saved)
{
	files_put(current->files);
	current->files = saved;
}

KTEST(sys_mmap, private_file_mapping_is_a_copy)
{
	struct mm_struct *mm = mm_test_begin();
	struct files_struct *saved;
	struct file *f = make_file(O_RDWR), *check;
	unsigned char c;
	long long pos = 7;
	long a;
	int fd;

	ASSERT_NOT_NULL(mm);
	ASSERT_NOT_NULL(f);
	fd = install(&saved, f);
	ASSERT_GE(fd, 0);
	a = sys_mmap(0, 3 * PAGE_SIZE, RW, MAP_PRIVATE, fd, 0);
	ASSERT_GE(a, 0);
	EXPECT_EQ(peek(a), 1);
	EXPECT_EQ(peek(a + 5999), 5999 % 251 + 1);
	EXPECT_EQ(peek(a + 6000), 0);			/* past the end of the file */
	EXPECT_EQ(peek(a + 2 * PAGE_SIZE), 0);
	EXPECT_TRUE(poke(a + 7, 0));			/* private: the file keeps its byte */
	check = fdget(current->files, fd);
	ASSERT_NOT_NULL(check);
	EXPECT_EQ(vfs_read(check, &c, 1, &pos), 1);
	EXPECT_EQ(c, 8);
	fput(check);
	/* An offset in pages. */
	a = sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, PAGE_SIZE);
	EXPECT_EQ(peek(a), PAGE_SIZE % 251 + 1);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_PRIVATE | MAP_GROWSDOWN, fd, 0), -EINVAL);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_PRIVATE | MAP_HUGETLB, fd, 0), -EINVAL);
	uninstall(saved);
	ramfs_unlink("/mmap_test");
	mm_test_end(mm);
}

KTEST(sys_mmap, shared_file_mapping_read_only)
{
	struct mm_struct *mm = mm_test_begin();
	struct files_struct *saved;
	int fd, ro, wo;
	long a;

	ASSERT_NOT_NULL(mm);
	fd = install(&saved, make_file(O_RDWR));
	ASSERT_GE(fd, 0);
	ro = fd_install(current->files, make_file(O_RDONLY));
	wo = fd_install(current->files, make_file(O_WRONLY));
	ASSERT_GE(ro, 0);
	ASSERT_GE(wo, 0);
	a = sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_GE(a, 0);
	EXPECT_EQ(peek(a + 10), 11);
	EXPECT_EQ(sys_mprotect(a, PAGE_SIZE, RW), -EACCES);	/* never writable */
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_SHARED, fd, 0), -ENODEV);	/* ringlet's limit */
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, RW, MAP_SHARED, ro, 0), -EACCES);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, wo, 0), -EACCES);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0),
		  -EOPNOTSUPP);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_TYPE, fd, 0), -EINVAL);
	EXPECT_GE(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED_VALIDATE, fd, 0), 0);
	uninstall(saved);
	ramfs_unlink("/mmap_test");
	mm_test_end(mm);
}

KTEST(sys_mmap, pipes_and_devices_cannot_be_mapped)
{
	struct mm_struct *mm = mm_test_begin();
	struct files_struct *saved;
	struct file *rd, *wr;
	int fd;

	ASSERT_NOT_NULL(mm);
	ASSERT_EQ(pipe_create(&rd, &wr, 4096), 0);
	fd = install(&saved, rd);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0), -ENODEV);
	fd = fd_install(current->files, null_file_open());
	ASSERT_GE(fd, 0);
	EXPECT_EQ(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0), -ENODEV);
	EXPECT_TRUE(list_empty(&mm->vmas));
	uninstall(saved);
	fput(wr);
	mm_test_end(mm);
}
