/*
 * init [DIR [TIMEOUT]]: the first process of `make run`.  Runs every
 * program in the test directory (/bin/tests, or DIR) one after another,
 * in name order, each for at most TIMEOUT seconds (150),
 * and reports them as a KTAP v1 document on stdout (the console):
 *
 *	KTAP version 1
 *	1..N
 *	# proc: <each line the program printed>
 *	# proc: ran in T s
 *	ok 1 proc
 *	not ok 2 files
 *	ok 3 time # SKIP
 *	# user: P passed, F failed, S skipped
 *	# user: ran in T s
 *
 * A program passes by exiting 0, is skipped by exiting 77 and fails
 * otherwise (liburing's convention); one killed by a signal fails and the
 * diagnostic says which signal.  Its stdout and stderr go through a pipe,
 * and each line comes out as a "# NAME: " diagnostic before its result,
 * so nothing a test prints can be mistaken for a result line.
 *
 * Each test runs as fork + execve + wait4, with argv = { path } and the
 * environment init was given; one still running after the timeout is killed
 * (and fails), so a hang costs one result, not the whole run.  As the first process, init adopts the
 * orphans tests leave behind, and reaps them after each test.  init exits 0 iff no test failed; the
 * kernel turns that into QEMU's exit status.
 *
 * As process 1 (a boot, not `make user-host-test`), init first mounts
 * /proc, which Linux's rootfs needs for /proc/self/exe and ringlet has
 * built in (its mount(2) fails with ENOSYS, which is ignored: the output
 * stays the same on both kernels).  At the end it waits for the console to
 * drain and powers the machine off with reboot(2), which is how Linux's
 * init must end (process 1 exiting panics Linux); ringlet has no reboot(2),
 * so there init exits and the kernel reports its status to QEMU.  Both are
 * what `make compare-linux` relies on to boot Linux with this same init.
 *
 * Leaks: on ringlet, /dev/ktest_leaks returns a snapshot of the kernel's
 * live objects ("what: value" a line) at each read at offset 0.  init opens
 * it once (so its own open file is in every snapshot) and reads it before
 * and after each test, the test and every orphan it left reaped; a test
 * after which a line differs fails with one "# NAME: leak: BEFORE -> AFTER"
 * diagnostic per line; processes it left running are then killed, so the
 * next test starts clean.  Linux has no such file: there nothing is checked.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_TESTS 256
#define SKIP_STATUS 77
/*
 * Under QEMU's TCG on quiet cores every test takes a few seconds.  On a
 * host with fewer cores than -smp and other load, vCPUs wait for host
 * time while guest spinlocks are held (storm's forks then spin on the
 * page allocator's lock for seconds); the limit is a hang guard for that
 * case, not a performance bound.
 */
#define DEFAULT_TIMEOUT_S 150
#define LEAKS_PATH "/dev/ktest_leaks"
#define LEAKS_MAX 4096

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

/* A test's output on its way to the console: the pipe, and a line not yet complete. */
struct relay {
	int fd;
	const char *name;
	char line[1024];
	size_t len;
};

static void relay_line(struct relay *r)
{
	r->line[r->len] = '\0';
	dprintf(1, "# %s: %s\n", r->name, r->line);
	r->len = 0;
}

/* Prints the complete lines in buf as "# name: line"; an overlong line is split. */
static void relay_bytes(struct relay *r, const char *buf, ssize_t n)
{
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			relay_line(r);
			continue;
		}
		if (r->len == sizeof(r->line) - 1)
			relay_line(r);
		r->line[r->len++] = buf[i];
	}
}

/* Relays what the pipe holds now; true at end of file (or an error that will not pass). */
static bool relay_drain(struct relay *r)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(r->fd, buf, sizeof(buf))) > 0)
		relay_bytes(r, buf, n);
	return n == 0 || (errno != EAGAIN && errno != EINTR);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Relays the test's output and waits for it, polling both every 10 ms.
 * A test still running after timeout_s seconds is killed with SIGKILL.  Once
 * the test is reaped, output is awaited only until the deadline: an
 * orphan it left may hold the pipe open.  Returns the wait4 status, or -1.
 */
static int supervise(pid_t pid, struct relay *r, int timeout_s)
{
	const struct timespec tick = { 0, 10000000 };
	long long deadline = now_ms() + timeout_s * 1000LL;
	bool eof = false, reaped = false, killed = false;
	int status = -1;

	for (;;) {
		if (!eof)
			eof = relay_drain(r);
		if (!reaped) {
			pid_t w = wait4(pid, &status, WNOHANG, NULL);

			if (w == pid || (w < 0 && errno != EINTR)) {
				reaped = true;
				if (w < 0) {
					dprintf(1, "# %s: wait4: %s\n", r->name, strerror(errno));
					status = -1;
				}
			}
		}
		if (reaped && (eof || killed || now_ms() > deadline))
			break;
		if (!reaped && !killed && now_ms() > deadline) {
			dprintf(1, "# %s: still running after %d s: killed\n", r->name, timeout_s);
			kill(pid, SIGKILL);
			killed = true;
		}
		nanosleep(&tick, NULL);
	}
	if (r->len)
		relay_line(r);
	return status;
}

/* Runs dir/name; returns its wait4 status, or -1 if it could not be started. */
static int run_test(const char *dir, const char *name, int timeout_s)
{
	char path[512];
	char *argv[] = { path, NULL };
	struct relay r = { .name = name };
	int fds[2], status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (pipe(fds)) {
		dprintf(1, "# %s: pipe: %s\n", name, strerror(errno));
		return -1;
	}
	/* init's end only, so init can keep time; left blocking, only the timeout is lost. */
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
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
	r.fd = fds[0];
	status = supervise(pid, &r, timeout_s);
	close(fds[0]);
	/* Orphans the test left are init's children now: reap the ones that are done. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return status;
}

/* A leak snapshot into buf (NUL-terminated); false if there is none to take. */
static bool leak_snapshot(int fd, char *buf)
{
	ssize_t n;

	if (fd < 0)
		return false;
	n = pread(fd, buf, LEAKS_MAX - 1, 0);
	if (n < 0) {
		dprintf(1, "# user: pread %s: %s\n", LEAKS_PATH, strerror(errno));
		return false;
	}
	buf[n] = '\0';
	return true;
}

/*
 * Compares two snapshots line by line (both list the same quantities in
 * the same order); prints one diagnostic per differing line.  Returns
 * the number of differences.
 */
static int leak_compare(const char *name, char *before, char *after)
{
	char *sb, *sa;
	char *b = strtok_r(before, "\n", &sb), *a = strtok_r(after, "\n", &sa);
	int diffs = 0;

	while (b || a) {
		if (!b || !a || strcmp(b, a)) {
			dprintf(1, "# %s: leak: %s -> %s\n", name, b ? b : "(none)",
				a ? a : "(none)");
			diffs++;
		}
		b = b ? strtok_r(NULL, "\n", &sb) : NULL;
		a = a ? strtok_r(NULL, "\n", &sa) : NULL;
	}
	return diffs;
}

/*
 * After a test that leaked: processes it left running would die during
 * the next test and be counted against it, so init ends every other
 * process and reaps them all (it is their reaper).  Only reached on
 * ringlet, where /dev/ktest_leaks exists: on a host kill(-1) would reach
 * far more than the tests.
 */
static void end_leftovers(const char *name)
{
	int n = 0;

	if (kill(-1, SIGKILL) == 0)
		while (waitpid(-1, NULL, 0) > 0)
			n++;
	if (n)
		dprintf(1, "# %s: %d process(es) left running: killed\n", name, n);
}

/* /proc for the tests, as process 1; ENOSYS (ringlet) prints nothing, so the output agrees. */
static void mount_proc(void)
{
	if (getpid() == 1 && mount("proc", "/proc", "proc", 0, NULL) && errno != ENOSYS)
		dprintf(1, "# user: mount /proc: %s\n", strerror(errno));
}

/*
 * As process 1: everything written reaches the serial port, then the
 * machine powers off.  Returns only where reboot(2) is missing (ringlet),
 * or when init is not process 1.
 */
static void power_off(void)
{
	if (getpid() != 1)
		return;
	tcdrain(1);
	reboot(RB_POWER_OFF);
}

/* Runs the tests and prints the document; init's exit status. */
static int run_all(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/bin/tests";
	int timeout_s = argc > 2 ? atoi(argv[2]) : DEFAULT_TIMEOUT_S;
	char *names[MAX_TESTS];
	int n = list_tests(dir, names), passed = 0, failed = 0, skipped = 0;
	/* Kept open for the whole run; not inherited by the tests. */
	int leaks_fd = open(LEAKS_PATH, O_RDONLY | O_CLOEXEC);
	static char before[LEAKS_MAX], after[LEAKS_MAX];
	long long start = now_ms(), elapsed;

	dprintf(1, "KTAP version 1\n");
	if (n < 0) {
		dprintf(1, "1..0\n# user: cannot open %s: %s\n", dir, strerror(errno));
		dprintf(1, "# user: 0 passed, 1 failed, 0 skipped\n");
		return 1;
	}
	dprintf(1, "1..%d\n", n);
	mount_proc();
	for (int i = 0; i < n; i++) {
		bool check = leak_snapshot(leaks_fd, before);
		long long t0 = now_ms();
		int status = run_test(dir, names[i], timeout_s);
		bool pass = status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
		bool skip = status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == SKIP_STATUS;
		int leaks = 0;

		t0 = now_ms() - t0;
		dprintf(1, "# %s: ran in %lld.%02lld s\n", names[i], t0 / 1000, t0 % 1000 / 10);
		if (check && leak_snapshot(leaks_fd, after))
			leaks = leak_compare(names[i], before, after);
		if (leaks)
			end_leftovers(names[i]);
		if (!leaks && pass) {
			passed++;
			dprintf(1, "ok %d %s\n", i + 1, names[i]);
		} else if (!leaks && skip) {
			skipped++;
			dprintf(1, "ok %d %s # SKIP\n", i + 1, names[i]);
		} else {
			failed++;
			if (status >= 0 && WIFSIGNALED(status))
				dprintf(1, "# %s: killed by signal %d (%s)\n", names[i],
					WTERMSIG(status), strsignal(WTERMSIG(status)));
			else if (status >= 0 && !pass)
				dprintf(1, "# %s: exit status %d\n", names[i], WEXITSTATUS(status));
			dprintf(1, "not ok %d %s\n", i + 1, names[i]);
		}
	}
	dprintf(1, "# user: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	/* After the totals, for tests/suite.py's per-boot timing. */
	elapsed = now_ms() - start;
	dprintf(1, "# user: ran in %lld.%02lld s\n", elapsed / 1000, elapsed % 1000 / 10);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	int status = run_all(argc, argv);

	power_off();
	return status;
}
