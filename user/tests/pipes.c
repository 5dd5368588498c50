/*
 * Pipes between processes: a three-stage pipeline (producer, a filter
 * that is this program exec'd in "filter" mode, and the parent as the
 * consumer) moving a megabyte in odd-sized pieces; end of file once every
 * writer has closed; SIGPIPE and EPIPE for a write nobody can read;
 * O_NONBLOCK's EAGAIN on an empty and on a full pipe; and close-on-exec
 * of pipe ends across execve ("cloexec-check" mode).
 *
 * Pipe capacity is not pinned (Linux's is 64 KiB, another kernel's may
 * differ): the tests only need it to be finite and at least PIPE_BUF.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

#define TOTAL (1024 * 1024)

static char self[256];

/* The byte at offset i of the producer's stream. */
static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 31 + (i >> 11));
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* "filter": copies stdin to stdout with each byte plus one, in pieces of its own size. */
static int filter_mode(void)
{
	static unsigned char buf[5000];
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			buf[i]++;
		if (write_all(1, buf, (size_t)n))
			return 2;
	}
	return n == 0 ? 0 : 3;
}

/* "cloexec-check R W": fd R (close-on-exec) is gone, fd W (inherited) still writes. */
static int cloexec_mode(int r, int w)
{
	if (fcntl(r, F_GETFD) != -1 || errno != EBADF)
		return 4;
	if (fcntl(w, F_GETFD) != 0)
		return 5;
	return write(w, "inherited", 9) == 9 ? 0 : 6;
}

static void pipeline(void)
{
	static unsigned char buf[8192];
	int a[2], b[2], status = -1;
	size_t got = 0, bad = 0;
	pid_t producer, filter;
	ssize_t n;

	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	producer = fork();
	if (producer == 0) {
		static unsigned char out[65536 + 13];
		size_t off = 0, piece = 1;

		close(a[0]);
		close(b[0]);
		close(b[1]);
		while (off < TOTAL) {
			size_t len = piece < TOTAL - off ? piece : TOTAL - off;

			for (size_t i = 0; i < len; i++)
				out[i] = pattern(off + i);
			if (write_all(a[1], out, len))
				_exit(1);
			off += len;
			piece = piece * 3 + 7;		/* 1, 10, 37, ... then wraps */
			if (piece > sizeof(out))
				piece %= 4093;
		}
		_exit(0);
	}
	filter = fork();
	if (filter == 0) {
		char *argv[] = { self, "filter", NULL };

		dup2(a[0], 0);
		dup2(b[1], 1);
		close(a[0]);
		close(a[1]);
		close(b[0]);
		close(b[1]);
		execve(self, argv, (char *[]){ NULL });
		_exit(99);
	}
	/* The parent holds no write end: end of file comes when both children are done. */
	close(a[0]);
	close(a[1]);
	close(b[1]);
	while ((n = read(b[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != (unsigned char)(pattern(got + (size_t)i) + 1);
		got += (size_t)n;
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(got, TOTAL);
	CHECK_EQ(bad, 0);
	close(b[0]);
	CHECK_EQ(waitpid(producer, &status, 0), producer);
	CHECK_EQ(status, 0);
	CHECK_EQ(waitpid(filter, &status, 0), filter);
	CHECK_EQ(status, 0);
}

/* End of file only once the last writer, in any process, has closed. */
static void eof_when_writers_close(void)
{
	int p[2], go[2], status = -1;
	char c[16];
	pid_t pid;

	CHECK_OK(pipe(p));
	CHECK_OK(pipe(go));
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		close(go[1]);
		/* Holds the write end until the parent says so, then writes and exits. */
		if (read(go[0], c, 1) != 1)
			_exit(1);
		_exit(write(p[1], "abc", 3) == 3 ? 0 : 2);
	}
	close(go[0]);
	close(p[1]);
	CHECK_OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	/* A writer is alive: no data is EAGAIN, not end of file. */
	CHECK_ERR(read(p[0], c, sizeof(c)), EAGAIN);
	CHECK_OK(fcntl(p[0], F_SETFL, 0));
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_EQ(read(p[0], c, sizeof(c)), 3);
	CHECK(!memcmp(c, "abc", 3));
	CHECK_EQ(read(p[0], c, sizeof(c)), 0);	/* blocks until the child's exit closes it */
	CHECK_EQ(read(p[0], c, sizeof(c)), 0);	/* and stays at end of file */
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	close(p[0]);
	close(go[1]);
}

/* A write with no reader: SIGPIPE kills by default; ignored, the write is EPIPE. */
static void no_reader(void)
{
	int p[2], status = -1;
	pid_t pid;

	CHECK_OK(pipe(p));
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		(void)!write(p[1], "x", 1);
		_exit(1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGPIPE);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		_exit(write(p[1], "x", 1) == -1 && errno == EPIPE ? 0 : 1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	close(p[1]);
}

/* O_NONBLOCK: EAGAIN when empty, EAGAIN when full, and everything written comes back. */
static void nonblocking(void)
{
	static char buf[PIPE_BUF];
	int p[2];
	long total = 0, back = 0, bad = 0;
	ssize_t n;

	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	for (int i = 0;; i++) {
		memset(buf, 'a' + i % 26, 100);
		n = write(p[1], buf, 100);
		if (n < 0)
			break;
		total += n;
		if (total > 16 * 1024 * 1024)
			break;		/* a pipe that never fills is a failure below */
	}
	CHECK_EQ(errno, EAGAIN);
	CHECK(total >= PIPE_BUF && total <= 16 * 1024 * 1024);
	/* Full: even one PIPE_BUF write (atomic) is refused whole. */
	CHECK_ERR(write(p[1], buf, PIPE_BUF), EAGAIN);
	for (;;) {
		n = read(p[0], buf, 100);
		if (n < 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != 'a' + ((back + i) / 100) % 26;
		back += n;
	}
	CHECK_EQ(errno, EAGAIN);
	CHECK_EQ(back, total);
	CHECK_EQ(bad, 0);
	close(p[1]);
	CHECK_EQ(read(p[0], buf, 1), 0);
	close(p[0]);
}

/* pipe2(O_CLOEXEC)'s ends close at execve; plain ones are inherited. */
static void cloexec_across_exec(void)
{
	int c[2], k[2], status = -1;
	char rs[16], ws[16], buf[32];
	pid_t pid;

	CHECK_OK(pipe2(c, O_CLOEXEC));
	CHECK_OK(pipe(k));
	CHECK_EQ(fcntl(c[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(k[1], F_GETFD), 0);
	snprintf(rs, sizeof(rs), "%d", c[0]);
	snprintf(ws, sizeof(ws), "%d", k[1]);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { self, "cloexec-check", rs, ws, NULL };

		execve(self, argv, (char *[]){ NULL });
		_exit(99);
	}
	close(k[1]);
	CHECK_EQ(read(k[0], buf, sizeof(buf)), 9);
	CHECK(!memcmp(buf, "inherited", 9));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	close(k[0]);
	close(c[0]);
	close(c[1]);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "filter"))
		return filter_mode();
	if (argc == 4 && !strcmp(argv[1], "cloexec-check"))
		return cloexec_mode(atoi(argv[2]), atoi(argv[3]));
	snprintf(self, sizeof(self), "%s", argv[0]);
	pipeline();
	eof_when_writers_close();
	no_reader();
	nonblocking();
	cloexec_across_exec();
	return t_exit();
}
