/*
 * Memory: brk up and down, anonymous private and shared mappings across
 * fork, MAP_FIXED replacing part of a mapping, mprotect then a write
 * killed by SIGSEGV, munmap, madvise(MADV_DONTNEED) zeroing private
 * pages, a private file mapping that never writes the file, and mmap's
 * errors.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

#define PAGE 4096

static void brk_moves(void)
{
	char *start = (char *)syscall(SYS_brk, 0), *end;

	CHECK(start != NULL);
	end = (char *)syscall(SYS_brk, start + 4 * PAGE);
	CHECK(end == start + 4 * PAGE);
	memset(start, 0x5a, 4 * PAGE);
	CHECK_EQ(start[4 * PAGE - 1], 0x5a);
	CHECK((char *)syscall(SYS_brk, start + PAGE) == start + PAGE);	/* shrink */
	CHECK((char *)syscall(SYS_brk, 0) == start + PAGE);
	/* Growing back gives zeroed memory, not the old bytes. */
	CHECK((char *)syscall(SYS_brk, start + 2 * PAGE) == start + 2 * PAGE);
	CHECK_EQ(start[PAGE + 10], 0);
	/* A brk below the start fails by returning the current break. */
	CHECK((char *)syscall(SYS_brk, start - 64 * PAGE) == start + 2 * PAGE);
	syscall(SYS_brk, start);
}

static int wait_status(pid_t pid)
{
	int status = -1;

	return wait4(pid, &status, 0, NULL) == pid ? status : -1;
}

static void fork_sees_shared_not_private(void)
{
	char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	CHECK(shared != MAP_FAILED && priv != MAP_FAILED);
	if (shared == MAP_FAILED || priv == MAP_FAILED)
		return;
	CHECK_EQ(shared[0] + priv[PAGE - 1], 0);	/* anonymous memory starts zeroed */
	shared[0] = 'p';
	priv[0] = 'p';
	pid = fork();
	if (pid == 0) {
		int ok = shared[0] == 'p' && priv[0] == 'p';	/* both inherited */

		shared[0] = 'c';
		priv[0] = 'c';
		_exit(ok ? 0 : 1);
	}
	CHECK_EQ(wait_status(pid), 0);
	CHECK_EQ(shared[0], 'c');		/* the child's write, seen */
	CHECK_EQ(priv[0], 'p');			/* copy on write: not seen */
	CHECK_EQ(munmap(shared, PAGE), 0);
	CHECK_EQ(munmap(priv, PAGE), 0);
}

static void map_fixed_replaces(void)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q;

	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	memset(p, 'a', 3 * PAGE);
	q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0);
	CHECK(q == p + PAGE);
	CHECK_EQ(p[0], 'a');
	CHECK_EQ(p[PAGE], 0);			/* the new page: zero */
	CHECK_EQ(p[2 * PAGE], 'a');
	CHECK_EQ(munmap(p, 3 * PAGE), 0);
}

static void write_after_mprotect_dies(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pid;
	int status;

	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	p[0] = 7;
	CHECK_EQ(mprotect(p, PAGE, PROT_READ), 0);
	CHECK_EQ(p[0], 7);			/* still readable */
	pid = fork();
	if (pid == 0) {
		*(volatile char *)p = 8;
		_exit(0);
	}
	status = wait_status(pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGSEGV);
	CHECK_EQ(mprotect(p, PAGE, PROT_READ | PROT_WRITE), 0);
	p[0] = 9;
	CHECK_EQ(p[0], 9);
	/* Unaligned: a raw call, as musl's mprotect would align it. */
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PAGE, PROT_READ), EINVAL);
	CHECK_EQ(munmap(p, PAGE), 0);
	pid = fork();
	if (pid == 0) {
		(void)*(volatile char *)p;
		_exit(0);
	}
	status = wait_status(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
}

static void dontneed_zeroes_private_pages(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	memset(p, 'z', 2 * PAGE);
	CHECK_EQ(madvise(p, PAGE, MADV_DONTNEED), 0);
	CHECK_EQ(p[0], 0);
	CHECK_EQ(p[PAGE], 'z');			/* only the range advised */
	CHECK_EQ(munmap(p, 2 * PAGE), 0);
}

static void private_file_mapping(void)
{
	char path[64], buf[8] = { 0 };
	int fd;
	char *p;

	snprintf(path, sizeof(path), "/tmp/mem-file-%d", getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ(write(fd, "hello, mapping", 14), 14);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		CHECK_EQ(memcmp(p, "hello, mapping", 14), 0);
		CHECK_EQ(p[14], 0);		/* past the end of the file: zero */
		p[0] = 'j';
		CHECK_EQ(pread(fd, buf, 5, 0), 5);
		CHECK_EQ(memcmp(buf, "hello", 5), 0);	/* the file did not change */
		CHECK_EQ(munmap(p, PAGE), 0);
	}
	close(fd);
	unlink(path);
}

/* mmap's result, and errno 0 unless it failed. */
static void *try_mmap(void *addr, size_t len, int prot, int flags, int fd)
{
	errno = 0;
	return mmap(addr, len, prot, flags, fd, 0);
}

static void mmap_errors(void)
{
	void *volatile hint = (void *)0x100001;
	int anon = MAP_PRIVATE | MAP_ANONYMOUS;

	CHECK(try_mmap(NULL, 0, PROT_READ, anon, -1) == MAP_FAILED && errno == EINVAL);
	CHECK(try_mmap(hint, PAGE, PROT_READ, anon | MAP_FIXED, -1) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(try_mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1) == MAP_FAILED && errno == EINVAL);
	CHECK(try_mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 999) == MAP_FAILED && errno == EBADF);
	CHECK_ERR(munmap(hint, PAGE), EINVAL);
}

int main(void)
{
	brk_moves();
	fork_sees_shared_not_private();
	map_fixed_replaces();
	write_after_mprotect_dies();
	dontneed_zeroes_private_pages();
	private_file_mapping();
	mmap_errors();
	return t_exit();
}
