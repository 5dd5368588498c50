/*
 * Bad pointers: every system call family given a pointer it cannot use
 * fails with EFAULT (and takes nothing with it: init's leak check runs
 * after this program).  Everything goes through raw syscall(), so the C
 * library cannot check or copy the argument first.
 *
 * Each kind of bad address is tried where it matters: unmapped low memory
 * (1), a kernel address (the direct map's start, 0xffff888000000000), a
 * non-canonical one (1 << 47), a read-only page as a destination the
 * kernel writes, and an array of pointers with a bad element (execve).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "test.h"

#define ARCH_GET_FS 0x1003

static void *const bad[] = {
	(void *)1,
	(void *)0xffff888000000000UL,
	(void *)(1UL << 47),
};
#define NBAD (sizeof(bad) / sizeof(bad[0]))

static char path[64];
static void *ro_page;	/* mapped, readable, not writable */

/* read, write, pread, readv: buffers and iovec arrays. */
static void io(void)
{
	struct iovec iov[2] = { { bad[0], 4 }, { bad[0], 4 } };
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int p[2];

	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	for (size_t i = 0; i < NBAD; i++) {
		CHECK_ERR(syscall(SYS_pread64, fd, bad[i], 10, 0), EFAULT);
		CHECK_ERR(syscall(SYS_write, fd, bad[i], 10), EFAULT);
		CHECK_ERR(syscall(SYS_pwrite64, fd, bad[i], 10, 0), EFAULT);
	}
	CHECK_ERR(syscall(SYS_pread64, fd, ro_page, 10, 0), EFAULT);
	CHECK_ERR(syscall(SYS_readv, fd, bad[0], 1), EFAULT);		/* the array */
	CHECK_OK(lseek(fd, 0, SEEK_SET));
	CHECK_ERR(syscall(SYS_readv, fd, iov, 2), EFAULT);		/* a segment */
	CHECK_ERR(syscall(SYS_writev, fd, iov, 2), EFAULT);
	CHECK_ERR(syscall(SYS_read, fd, bad[2], 10), EFAULT);
	close(fd);
	/* A pipe holding data: the bytes are not lost to a failed read. */
	CHECK_OK(pipe(p));
	CHECK_EQ(write(p[1], "xy", 2), 2);
	CHECK_ERR(syscall(SYS_write, p[1], bad[0], 1), EFAULT);
	CHECK_ERR(syscall(SYS_read, p[0], bad[1], 2), EFAULT);
	CHECK_ERR(syscall(SYS_read, p[0], ro_page, 2), EFAULT);
	{
		char buf[4] = { 0 };

		CHECK_EQ(read(p[0], buf, sizeof(buf)), 2);
		CHECK(!memcmp(buf, "xy", 2));
	}
	close(p[0]);
	close(p[1]);
}

/* Paths and stat buffers: open, stat, mkdir, unlink, rename, chdir, readlink, access. */
static void paths(void)
{
	struct stat st;

	for (size_t i = 0; i < NBAD; i++) {
		CHECK_ERR(syscall(SYS_open, bad[i], O_RDONLY, 0), EFAULT);
		CHECK_ERR(syscall(SYS_openat, AT_FDCWD, bad[i], O_RDONLY, 0), EFAULT);
		CHECK_ERR(syscall(SYS_stat, bad[i], &st), EFAULT);
		CHECK_ERR(syscall(SYS_stat, "/", bad[i]), EFAULT);
		CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "/", bad[i], 0), EFAULT);
		CHECK_ERR(syscall(SYS_mkdir, bad[i], 0700), EFAULT);
		CHECK_ERR(syscall(SYS_unlink, bad[i]), EFAULT);
		CHECK_ERR(syscall(SYS_chdir, bad[i]), EFAULT);
		CHECK_ERR(syscall(SYS_access, bad[i], F_OK), EFAULT);
	}
	CHECK_ERR(syscall(SYS_stat, "/", ro_page), EFAULT);
	CHECK_ERR(syscall(SYS_lstat, "/", bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_fstat, 0, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_rename, path, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_rename, bad[0], path), EFAULT);
	CHECK_ERR(syscall(SYS_symlink, bad[0], path), EFAULT);
	CHECK_ERR(syscall(SYS_readlink, "/proc/self/exe", bad[0], 64), EFAULT);
	CHECK_ERR(syscall(SYS_getcwd, bad[0], 256), EFAULT);
	CHECK_ERR(syscall(SYS_getcwd, ro_page, 256), EFAULT);
	CHECK_ERR(syscall(SYS_truncate, bad[0], 0), EFAULT);
}

/* Directories: getdents64 into a bad buffer. */
static void dirs(void)
{
	int fd = open("/", O_RDONLY | O_DIRECTORY);

	CHECK(fd >= 0);
	CHECK_ERR(syscall(SYS_getdents64, fd, bad[0], 4096), EFAULT);
	CHECK_ERR(syscall(SYS_getdents64, fd, ro_page, 4096), EFAULT);
	CHECK_ERR(syscall(SYS_getdents64, fd, bad[1], 4096), EFAULT);
	close(fd);
}

/* pipe: the fds made are undone when they cannot be handed back. */
static void pipe_fds(void)
{
	int fd;

	CHECK_ERR(syscall(SYS_pipe, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_pipe2, bad[1], O_CLOEXEC), EFAULT);
	CHECK_ERR(syscall(SYS_pipe, ro_page), EFAULT);
	/* The lowest free descriptor is still the one it was: nothing was left open. */
	fd = dup(0);
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(dup(0), fd);
	close(fd);
}

/* execve: the path, the argv and envp arrays, and a bad element of each. */
static void execs(void)
{
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	char *bad_argv[] = { "x", bad[0], NULL }, *bad_envp[] = { bad[1], NULL };
	const char *prog = "/proc/self/exe";

	CHECK_ERR(syscall(SYS_execve, bad[0], argv, envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, prog, bad[0], envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, prog, argv, bad[2]), EFAULT);
	CHECK_ERR(syscall(SYS_execve, prog, bad_argv, envp), EFAULT);
	CHECK_ERR(syscall(SYS_execve, prog, argv, bad_envp), EFAULT);
}

/* wait4: a status that cannot be stored is EFAULT, and the child is reaped all the same. */
static void waits(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	CHECK(pid > 0);
	CHECK_ERR(syscall(SYS_wait4, pid, bad[0], 0, NULL), EFAULT);
	CHECK_ERR(wait4(pid, &status, WNOHANG, NULL), ECHILD);
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK_ERR(syscall(SYS_wait4, pid, &status, 0, bad[1]), EFAULT);	/* rusage */
	CHECK_ERR(wait4(pid, &status, WNOHANG, NULL), ECHILD);
}

/* Clocks and sleeps. */
static void time_calls(void)
{
	struct timespec ts = { 0, 1000 };

	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_REALTIME, ro_page), EFAULT);
	CHECK_ERR(syscall(SYS_clock_getres, CLOCK_MONOTONIC, bad[1]), EFAULT);
	CHECK_ERR(syscall(SYS_gettimeofday, bad[0], NULL), EFAULT);
	CHECK_ERR(syscall(SYS_time, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_nanosleep, bad[0], NULL), EFAULT);
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, bad[2], NULL), EFAULT);
	/* The remainder is only written when a sleep is interrupted: a bad one is harmless. */
	CHECK_OK(syscall(SYS_nanosleep, &ts, bad[0]));
}

/* The small calls: uname, sysinfo, rlimits, getrandom, arch_prctl, signals. */
static void misc(void)
{
	struct rlimit rl;

	CHECK_ERR(syscall(SYS_uname, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_uname, ro_page), EFAULT);
	CHECK_ERR(syscall(SYS_sysinfo, bad[1]), EFAULT);
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, bad[0]), EFAULT);
	CHECK_OK(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl));
	CHECK_ERR(syscall(SYS_setrlimit, RLIMIT_NOFILE, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_getrandom, bad[0], 16, 0), EFAULT);
	CHECK_ERR(syscall(SYS_getrandom, ro_page, 16, 0), EFAULT);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_GET_FS, bad[0]), EFAULT);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, bad[0], NULL, 8), EFAULT);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, bad[1], 8), EFAULT);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad[0], NULL, 8), EFAULT);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, ro_page, 8), EFAULT);
	CHECK_ERR(syscall(SYS_rt_sigsuspend, bad[0], 8), EFAULT);
}

/* The kernel never writes through a bad pointer into a page it should not: the read-only one. */
static void ro_page_untouched(void)
{
	const unsigned char *p = ro_page;
	int nonzero = 0;

	for (int i = 0; i < 4096; i++)
		nonzero += p[i] != 0;
	CHECK_EQ(nonzero, 0);
}

int main(void)
{
	snprintf(path, sizeof(path), "/tmp/badptr-%d", getpid());
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro_page != MAP_FAILED);
	io();
	paths();
	dirs();
	pipe_fds();
	execs();
	waits();
	time_calls();
	misc();
	ro_page_untouched();
	unlink(path);
	return t_exit();
}
