/*
 * Fork/exec/wait storms: many processes created, exec'd and reaped at
 * once, so every CPU forks, execs, exits and reaps at the same time.
 *
 *  - a wide storm: STORM_WIDE children started before any is waited for;
 *    each execs either this program ("child K": exits with a status
 *    derived from K) or /bin/tests/proc's "exec-check" helper (exits 42
 *    iff its argv and envp arrived intact), or kills itself with SIGTERM;
 *    wait4(-1) must return each pid exactly once with its own status;
 *  - rounds of fork + exec + wait, each round's children all alive together;
 *  - a nested tree: each process forks FANOUT children and exits with the
 *    number of leaves below it, so the root's count proves every level
 *    reaped all of its own.
 *
 * Every check is on statuses and counts, never on timing or order.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

#define STORM_WIDE 48
#define ROUNDS 8
#define ROUND_WIDTH 12
#define FANOUT 3
#define DEPTH 3		/* FANOUT^DEPTH = 27 leaves: fits an exit status */
#define PROC_EXEC_OK 42

static char self[256], proc_path[256];

/* The exit status a "child K" process gives: work that cannot be skipped, then K's code. */
static int child_status(int k)
{
	return (k * 7 + 1) & 0x7f;
}

static int child_mode(const char *arg)
{
	volatile uint64_t x = 0;
	int k = atoi(arg);

	/* A little computation, so children overlap on the CPUs. */
	for (int i = 0; i < 20000; i++)
		x = x * 6364136223846793005ULL + (uint64_t)i;
	return child_status(k);
}

/* Starts child k of a storm; returns its pid and sets *want to the wait4 status it must give. */
static pid_t spawn(int k, int *want)
{
	char num[16];
	pid_t pid;

	snprintf(num, sizeof(num), "%d", k);
	switch (k % 4) {
	case 3:
		*want = SIGTERM;	/* a status for a death by signal */
		break;
	case 1:
		*want = PROC_EXEC_OK << 8;
		break;
	default:
		*want = child_status(k) << 8;
	}
	pid = fork();
	if (pid == 0) {
		if (k % 4 == 3) {
			kill(getpid(), SIGTERM);
			_exit(1);
		}
		if (k % 4 == 1) {
			char *argv[] = { proc_path, "exec-check", "two words", "", NULL };
			char *envp[] = { "RINGLET_A=1", "RINGLET_B=x=y", NULL };

			execve(proc_path, argv, envp);
		} else {
			char *argv[] = { self, "child", num, NULL };
			char *envp[] = { NULL };

			execve(self, argv, envp);
		}
		_exit(100 + (errno & 0x1f));
	}
	return pid;
}

/* Starts n children at once, then reaps them all with wait4(-1). */
static void storm(int n)
{
	pid_t pids[STORM_WIDE];
	int want[STORM_WIDE], reaped = 0;

	for (int k = 0; k < n; k++) {
		pids[k] = spawn(k, &want[k]);
		CHECK(pids[k] > 0);
	}
	for (;;) {
		int status = -1, k;
		pid_t pid = wait4(-1, &status, 0, NULL);

		if (pid < 0) {
			CHECK_EQ(errno, ECHILD);
			break;
		}
		for (k = 0; k < n && pids[k] != pid; k++)
			;
		CHECK(k < n);		/* one of ours, and not reaped before */
		if (k == n)
			continue;
		if (status != want[k])
			fprintf(stderr, "child %d: status %#x, want %#x\n", k, status, want[k]);
		CHECK_EQ(status, want[k]);
		pids[k] = 0;
		reaped++;
	}
	CHECK_EQ(reaped, n);
}

/* A node of the tree: forks FANOUT subtrees and returns its number of leaves, or -1. */
static int tree(int depth)
{
	pid_t pids[FANOUT];
	int leaves = 0;

	if (depth == 0)
		return 1;
	for (int i = 0; i < FANOUT; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int n = tree(depth - 1);

			_exit(n < 0 ? 255 : n);
		}
		if (pids[i] < 0)
			return -1;
	}
	/* Reap in the reverse order of creation: any order must work. */
	for (int i = FANOUT - 1; i >= 0; i--) {
		int status = -1;

		if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) == 255)
			return -1;
		leaves += WEXITSTATUS(status);
	}
	return leaves;
}

static void nested_tree(void)
{
	int leaves = FANOUT;

	for (int i = 1; i < DEPTH; i++)
		leaves *= FANOUT;
	CHECK_EQ(tree(DEPTH), leaves);
	CHECK_ERR(wait4(-1, NULL, WNOHANG, NULL), ECHILD);
}

int main(int argc, char **argv)
{
	const char *slash;

	if (argc == 3 && !strcmp(argv[1], "child"))
		return child_mode(argv[2]);
	/* proc sits next to this program (/bin/tests on ringlet, build/user/tests on the host). */
	snprintf(self, sizeof(self), "%s", argv[0]);
	slash = strrchr(self, '/');
	snprintf(proc_path, sizeof(proc_path), "%.*sproc", slash ? (int)(slash - self + 1) : 0,
		 self);
	storm(STORM_WIDE);
	for (int r = 0; r < ROUNDS; r++)
		storm(ROUND_WIDTH);
	nested_tree();
	return t_exit();
}
