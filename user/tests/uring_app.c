/*
 * Lab uring_app's programs, /bin/ucat and /bin/ucp (user/bin/ucat.c,
 * ucp.c; labs/uring_app/handout.md), run as a user would run them.
 *
 * Each part prints one line "part NAME: ok" or "part NAME: FAIL" (after
 * the FAIL lines of its checks), which labs/uring_app/grade.py scores:
 *   ucat_sizes   ucat's output is byte for byte each file: 0, 1, 4095,
 *                4096 and 1 MiB + 3 bytes, and two files one after the other
 *   ucp_sizes    ucp copies each of them, and DST gets SRC's mode
 *   ucp_large    ucp copies 2 MiB + 5 bytes
 *   errors       a missing file, a directory, a DST that cannot be made:
 *                cat's and cp's messages with the errno string, exit 1
 *   budget       (needs ringlet's /dev/syscall_stats, the boot option
 *                syscall_stats: see include/syscall_stats.h) ucat and ucp
 *                of the N-block file make at most N/8 + 4 io_uring_enter
 *                calls and no read or write system call on the file;
 *                /bin/cat makes at least N reads of the same file
 *   fixed_files  (the same) each registers its files: io_uring_register
 * The last two are skipped where the counts cannot be read (Linux, or a
 * boot without the option): then the test exits 77 if nothing failed.
 * For the grader, each counted run also prints "budget: PROG pid P blocks
 * N ok|FAIL" (FAIL: a wrong exit status or output), so it can check the
 * kernel's own "syscalls: pid P ..." line too.
 *
 * The programs are found next to this test: /bin/tests/uring_app and
 * /bin/ucat on ringlet, build/user/tests/ and build/user/bin/ on the host.
 * Fixtures are made in /tmp, named with the pid, removed at the end.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "test.h"

#define BS 4096
#define STATS_PATH "/dev/syscall_stats"
#define ENTER_SLACK 4	/* io_uring_enter calls allowed beyond N/8 */
#define RUN_LIMIT_S 60	/* per program run: a hang guard, not a performance bound */

static const size_t sizes[] = { 0, 1, 4095, 4096, (1 << 20) + 3 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
#define BIG (NSIZES - 1)		/* the budget's file */
#define LARGE ((2u << 20) + 5)		/* ucp_large's */

static char prog_dir[PATH_MAX];
static char fixture[NSIZES + 1][64];	/* the sizes, then LARGE */

/* The byte at offset i of every fixture: no period a misplaced block could hide in. */
static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 131 + i / BS * 7 + 1);
}

/* pattern() repeats every PERIOD bytes (256 for i * 131, 256 blocks for i / BS * 7). */
#define PERIOD (256 * BS)
static unsigned char pat[PERIOD];

/* True if buf[0, n) is what a fixture holds at offset off. */
static bool is_pattern(const unsigned char *buf, size_t n, size_t off)
{
	while (n) {
		size_t k = PERIOD - off % PERIOD < n ? PERIOD - off % PERIOD : n;

		if (memcmp(buf, pat + off % PERIOD, k))
			return false;
		buf += k;
		n -= k;
		off += k;
	}
	return true;
}

/* Writes a fixture of size bytes; false if it could not. */
static bool make_fixture(const char *path, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
	size_t off = 0;

	if (fd < 0)
		return false;
	while (off < size) {
		size_t n = PERIOD - off % PERIOD;

		if (n > size - off)
			n = size - off;
		if (write(fd, pat + off % PERIOD, n) != (ssize_t)n)
			break;
		off += n;
	}
	return !close(fd) && off == size;
}

/* True if path holds exactly the fixture of size bytes. */
static bool same_as_fixture(const char *path, size_t size)
{
	static unsigned char buf[65536];
	int fd = open(path, O_RDONLY);
	size_t off = 0;
	ssize_t n;

	if (fd < 0)
		return false;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (off + (size_t)n > size || !is_pattern(buf, (size_t)n, off)) {
			close(fd);
			return false;
		}
		off += (size_t)n;
	}
	close(fd);
	return n == 0 && off == size;
}

/* A finished run of a program. */
struct run {
	int status;	/* its exit status, 256 + N if signal N killed it, -1 if not run */
	int pid;
	char err[512];	/* what it wrote to stderr, NUL-terminated */
};

/*
 * Waits for pid, at most RUN_LIMIT_S seconds: a program that never ends is
 * killed and fails, so a wrong solution costs a minute, not init's limit.
 * (alarm(2) is no guard here: ringlet has no setitimer.)  false if pid
 * could not be waited for.
 */
static bool reap(int pid, int *st, const char *prog)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		int r = waitpid(pid, st, WNOHANG);

		if (r != 0)
			return r == pid;
		nanosleep(&tick, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < RUN_LIMIT_S);
	fprintf(stderr, "FAIL %s still running after %d s: killed\n", prog, RUN_LIMIT_S);
	t_failures++;
	kill(pid, SIGKILL);
	return waitpid(pid, st, 0) == pid;
}

/* Runs prog_dir/PROG A1 [A2] (A2 may be NULL), stdout to out (NULL: /dev/null), into r. */
static void run(struct run *r, const char *out, const char *prog, const char *a1, const char *a2)
{
	char path[PATH_MAX + 16], errpath[64];
	int errfd, st = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", prog_dir, prog);
	snprintf(errpath, sizeof(errpath), "/tmp/uring_app.%d.err", (int)getpid());
	r->status = -1;
	r->err[0] = '\0';
	fflush(stdout);
	r->pid = fork();
	if (r->pid == 0) {
		int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		execl(path, prog, a1, a2, (char *)NULL);
		_exit(127);
	}
	if (r->pid < 0 || !reap(r->pid, &st, prog))
		return;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 256 + WTERMSIG(st);
	errfd = open(errpath, O_RDONLY);
	if (errfd >= 0) {
		n = read(errfd, r->err, sizeof(r->err) - 1);
		r->err[n > 0 ? n : 0] = '\0';
		close(errfd);
	}
	unlink(errpath);
}

/* Ends a part: its line for the grader. */
static void part(const char *name, int failures_before)
{
	printf("part %s: %s\n", name, t_failures == failures_before ? "ok" : "FAIL");
}

static void ucat_sizes(void)
{
	int before = t_failures;
	char out[64];
	struct run r;

	snprintf(out, sizeof(out), "/tmp/uring_app.%d.out", (int)getpid());
	for (size_t i = 0; i < NSIZES; i++) {
		run(&r, out, "ucat", fixture[i], NULL);
		CHECK_EQ(r.status, 0);
		CHECK_EQ(r.err[0], '\0');
		if (!same_as_fixture(out, sizes[i]))
			fprintf(stderr, "FAIL ucat %zu bytes: output differs from the file\n",
				sizes[i]);
		CHECK(same_as_fixture(out, sizes[i]));
	}
	/* 4096 then 4095: the second file's blocks start after the first's. */
	run(&r, out, "ucat", fixture[3], fixture[2]);
	CHECK_EQ(r.status, 0);
	{
		int fd = open(out, O_RDONLY), ok = fd >= 0;
		static unsigned char buf[2 * BS];

		ok = ok && read(fd, buf, 2 * BS) == 2 * BS - 1 && is_pattern(buf, BS, 0) &&
		     is_pattern(buf + BS, BS - 1, 0);
		if (fd >= 0)
			close(fd);
		CHECK(ok);
	}
	unlink(out);
	part("ucat_sizes", before);
}

static void ucp_sizes(void)
{
	int before = t_failures;
	char dst[64];
	struct stat st;
	struct run r;
	mode_t mask = umask(022);

	snprintf(dst, sizeof(dst), "/tmp/uring_app.%d.copy", (int)getpid());
	for (size_t i = 0; i < NSIZES; i++) {
		unlink(dst);
		run(&r, NULL, "ucp", fixture[i], dst);
		CHECK_EQ(r.status, 0);
		CHECK_EQ(r.err[0], '\0');
		if (!same_as_fixture(dst, sizes[i]))
			fprintf(stderr, "FAIL ucp %zu bytes: copy differs from the file\n",
				sizes[i]);
		CHECK(same_as_fixture(dst, sizes[i]));
		CHECK(stat(dst, &st) == 0 && (st.st_mode & 0777) == 0640);
	}
	/* An existing, longer DST is truncated, not overwritten in part. */
	run(&r, NULL, "ucp", fixture[1], dst);
	CHECK_EQ(r.status, 0);
	CHECK(same_as_fixture(dst, 1));
	unlink(dst);
	umask(mask);
	part("ucp_sizes", before);
}

static void ucp_large(void)
{
	int before = t_failures;
	char dst[64];
	struct run r;

	snprintf(dst, sizeof(dst), "/tmp/uring_app.%d.large", (int)getpid());
	run(&r, NULL, "ucp", fixture[NSIZES], dst);
	CHECK_EQ(r.status, 0);
	CHECK(same_as_fixture(dst, LARGE));
	unlink(dst);
	part("ucp_large", before);
}

/* r's stderr is exactly want. */
static void check_err(const struct run *r, const char *want)
{
	if (strcmp(r->err, want))
		fprintf(stderr, "FAIL stderr: got \"%s\", want \"%s\"\n", r->err, want);
	CHECK(!strcmp(r->err, want));
	CHECK_EQ(r->status, 1);
}

static void errors(void)
{
	int before = t_failures;
	char missing[64], want[256], dst[80];
	struct run r;

	snprintf(missing, sizeof(missing), "/tmp/uring_app.%d.missing", (int)getpid());
	snprintf(dst, sizeof(dst), "%s/x", missing);
	run(&r, NULL, "ucat", missing, NULL);
	snprintf(want, sizeof(want), "ucat: %s: No such file or directory\n", missing);
	check_err(&r, want);
	/* A missing file among good ones: the others are still copied. */
	run(&r, NULL, "ucat", fixture[1], missing);
	check_err(&r, want);
	run(&r, NULL, "ucat", "/tmp", NULL);
	check_err(&r, "ucat: /tmp: Is a directory\n");
	run(&r, NULL, "ucp", missing, dst);
	snprintf(want, sizeof(want), "ucp: cannot stat '%s': No such file or directory\n", missing);
	check_err(&r, want);
	run(&r, NULL, "ucp", fixture[1], dst);
	snprintf(want, sizeof(want),
		 "ucp: cannot create regular file '%s': No such file or directory\n", dst);
	check_err(&r, want);
	run(&r, NULL, "ucp", "/tmp", dst);
	check_err(&r, "ucp: -r not specified; omitting directory '/tmp'\n");
	part("errors", before);
}

/* The value after " NAME " in a syscall_stats record, 0 if absent. */
static long count_of(const char *rec, const char *name)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), " %s ", name);
	p = strstr(rec, key);
	return p ? strtol(p + strlen(key), NULL, 10) : 0;
}

/* pid's record from /dev/syscall_stats into rec; false if there is none. */
static bool record_of(int pid, char *rec, size_t size)
{
	static char text[65536];
	char key[48];
	int fd = open(STATS_PATH, O_RDONLY);
	ssize_t n = 0, got;
	char *p, *end;

	if (fd < 0)
		return false;
	while ((got = read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += got;
	close(fd);
	text[n] = '\0';
	snprintf(key, sizeof(key), "syscalls: pid %d ", pid);
	p = strstr(text, key);
	if (!p)
		return false;
	end = strchr(p, '\n');
	snprintf(rec, size, "%.*s", end ? (int)(end - p) : (int)strlen(p), p);
	return true;
}

/* The file system calls that would move the file's bytes without the ring. */
static const char *const plain_io[] = {
	"read",	  "write",   "pread64",	 "pwrite64",	    "readv",
	"preadv", "pwritev", "sendfile", "copy_file_range", "splice"
};

/*
 * Runs prog on the big fixture (ucat: to out; ucp: to out as DST) and checks
 * its record; *regs gets its io_uring_register count.  The line for the
 * grader says whether the run itself was right: a budget met by a program
 * that does not work earns nothing.
 */
static void budget_of(const char *prog, const char *out, long blocks, long *regs)
{
	bool ucp = !strcmp(prog, "ucp");
	char rec[512];
	struct run r;
	bool right;

	run(&r, ucp ? NULL : out, prog, fixture[BIG], ucp ? out : NULL);
	right = r.status == 0 && same_as_fixture(out, sizes[BIG]);
	CHECK(right);
	unlink(out);
	printf("budget: %s pid %d blocks %ld %s\n", prog, r.pid, blocks, right ? "ok" : "FAIL");
	if (!record_of(r.pid, rec, sizeof(rec))) {
		fprintf(stderr,
			"FAIL no record of %s (pid %d) in %s: was the boot option's glob "
			"matching it?\n",
			prog, r.pid, STATS_PATH);
		t_failures++;
		return;
	}
	fprintf(stderr, "%s\n", rec + strlen("syscalls: "));
	if (count_of(rec, "io_uring_enter") > blocks / 8 + ENTER_SLACK)
		fprintf(stderr, "FAIL %s: %ld io_uring_enter calls for %ld blocks, budget %ld\n",
			prog, count_of(rec, "io_uring_enter"), blocks, blocks / 8 + ENTER_SLACK);
	CHECK(count_of(rec, "io_uring_enter") <= blocks / 8 + ENTER_SLACK);
	for (size_t i = 0; i < sizeof(plain_io) / sizeof(plain_io[0]); i++) {
		if (count_of(rec, plain_io[i]))
			fprintf(stderr, "FAIL %s made %ld %s calls\n", prog,
				count_of(rec, plain_io[i]), plain_io[i]);
		CHECK_EQ(count_of(rec, plain_io[i]), 0);
	}
	*regs = count_of(rec, "io_uring_register");
}

static void budget(void)
{
	int before = t_failures, fixed_before;
	long blocks = (long)((sizes[BIG] + BS - 1) / BS), regs_cat = 0, regs_cp = 0;
	char dst[64], rec[512];
	struct run r;

	snprintf(dst, sizeof(dst), "/tmp/uring_app.%d.budget", (int)getpid());
	budget_of("ucat", dst, blocks, &regs_cat);
	/* ucp writes too: its budget is the same number of io_uring_enter calls. */
	budget_of("ucp", dst, blocks, &regs_cp);
	/* The yardstick: plain cat reads every block with its own read. */
	run(&r, NULL, "cat", fixture[BIG], NULL);
	CHECK_EQ(r.status, 0);
	CHECK(record_of(r.pid, rec, sizeof(rec)));
	fprintf(stderr, "%s\n", rec + strlen("syscalls: "));
	CHECK(count_of(rec, "read") >= blocks);
	part("budget", before);

	fixed_before = t_failures;
	if (!regs_cat)
		fprintf(stderr, "FAIL ucat never called io_uring_register: no fixed files\n");
	CHECK(regs_cat > 0);
	if (!regs_cp)
		fprintf(stderr, "FAIL ucp never called io_uring_register: no fixed files\n");
	CHECK(regs_cp > 0);
	part("fixed_files", fixed_before);
}

int main(int argc, char **argv)
{
	char exe[PATH_MAX - 16], *slash;
	bool counting;
	ssize_t n;

	(void)argc;
	(void)argv;
	setvbuf(stdout, NULL, _IOLBF, 0);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		fprintf(stderr, "FAIL readlink /proc/self/exe\n");
		return 1;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	*slash = '\0';
	/* ringlet: /bin/tests/X -> /bin; the host: build/user/tests/X -> build/user/bin. */
	snprintf(prog_dir, sizeof(prog_dir), "%s/../ucat", exe);
	if (access(prog_dir, X_OK) == 0)
		snprintf(prog_dir, sizeof(prog_dir), "%s/..", exe);
	else
		snprintf(prog_dir, sizeof(prog_dir), "%s/../bin", exe);

	for (size_t i = 0; i < PERIOD; i++)
		pat[i] = pattern(i);
	for (size_t i = 0; i <= NSIZES; i++) {
		size_t size = i < NSIZES ? sizes[i] : LARGE;

		snprintf(fixture[i], sizeof(fixture[i]), "/tmp/uring_app.%d.%zu", (int)getpid(),
			 size);
		if (!make_fixture(fixture[i], size)) {
			fprintf(stderr, "FAIL cannot make %s\n", fixture[i]);
			return 1;
		}
	}
	ucat_sizes();
	ucp_sizes();
	ucp_large();
	errors();
	counting = access(STATS_PATH, R_OK) == 0;
	if (counting)
		budget();
	else
		printf("SKIP budget, fixed_files: no %s (ringlet has it when booted with "
		       "syscall_stats)\n",
		       STATS_PATH);
	for (size_t i = 0; i <= NSIZES; i++)
		unlink(fixture[i]);
	return t_failures ? 1 : counting ? 0 : T_SKIP;
}
