/*
 * init: the first process of `make run`.  Runs every program in the test
 * directory (/bin/tests, or argv[1]) one after another, in name order,
 * and reports them as a KTAP v1 document on stdout (the console):
 *
 *	KTAP version 1
 *	1..N
 *	# proc: <each line the program printed>
 *	ok 1 proc
 *	not ok 2 files
 *	ok 3 time # SKIP
 *	# user: P passed, F failed, S skipped
 *
 * A program passes by exiting 0, is skipped by exiting 77 and fails
 * otherwise (liburing's convention); one killed by a signal fails and the
 * diagnostic says which signal.  Its stdout and stderr go through a pipe,
 * and each line comes out as a "# NAME: " diagnostic before its result,
 * so nothing a test prints can be mistaken for a result line.
 *
 * Each test runs as fork + execve + wait4, with argv = { path } and the
 * environment init was given.  As the first process, init adopts the
 * orphans tests leave behind, and reaps them after each test.  init exits 0 iff no test failed; the
 * kernel turns that into QEMU's exit status.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TESTS 256
#define SKIP_STATUS 77

extern char **environ;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The executable regular files in dir, sorted; their count, or -1. */
static int list_tests(const char *dir, char **names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < MAX_TESTS) {
		char path[512];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode) || !(st.st_mode & 0111))
			continue;
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	return n;
}

/* Copies what the test writes to fd, line by line, as "# name: line". */
static void relay(int fd, const char *name)
{
	char buf[4096], line[1024];
	size_t len = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n' && len < sizeof(line) - 1) {
				line[len++] = buf[i];
				continue;
			}
			line[len] = '\0';
			dprintf(1, "# %s: %s\n", name, line);
			len = buf[i] == '\n' ? 0 : (line[0] = buf[i], 1);
		}
	}
	if (len) {
		line[len] = '\0';
		dprintf(1, "# %s: %s\n", name, line);
	}
}

/* Runs dir/name; returns its wait4 status, or -1 if it could not be started. */
static int run_test(const char *dir, const char *name)
{
	char path[512];
	char *argv[] = { path, NULL };
	int fds[2], status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (pipe(fds)) {
		dprintf(1, "# %s: pipe: %s\n", name, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		dprintf(1, "# %s: fork: %s\n", name, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execve(path, argv, environ);
		dprintf(2, "execve %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	relay(fds[0], name);
	close(fds[0]);
	while (wait4(pid, &status, 0, NULL) < 0) {
		if (errno != EINTR) {
			dprintf(1, "# %s: wait4: %s\n", name, strerror(errno));
			return -1;
		}
	}
	/* Orphans the test left are init's children now: reap the ones that are done. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return status;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/bin/tests";
	char *names[MAX_TESTS];
	int n = list_tests(dir, names), passed = 0, failed = 0, skipped = 0;

	dprintf(1, "KTAP version 1\n");
	if (n < 0) {
		dprintf(1, "1..0\n# user: cannot open %s: %s\n", dir, strerror(errno));
		dprintf(1, "# user: 0 passed, 1 failed, 0 skipped\n");
		return 1;
	}
	dprintf(1, "1..%d\n", n);
	for (int i = 0; i < n; i++) {
		int status = run_test(dir, names[i]);

		if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			passed++;
			dprintf(1, "ok %d %s\n", i + 1, names[i]);
		} else if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == SKIP_STATUS) {
			skipped++;
			dprintf(1, "ok %d %s # SKIP\n", i + 1, names[i]);
		} else {
			failed++;
			if (status >= 0 && WIFSIGNALED(status))
				dprintf(1, "# %s: killed by signal %d (%s)\n", names[i],
					WTERMSIG(status), strsignal(WTERMSIG(status)));
			else if (status >= 0)
				dprintf(1, "# %s: exit status %d\n", names[i], WEXITSTATUS(status));
			dprintf(1, "not ok %d %s\n", i + 1, names[i]);
		}
	}
	dprintf(1, "# user: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
