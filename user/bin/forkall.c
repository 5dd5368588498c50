/*
 * forkall [N]: forks N children (default: the CPUs this process may run
 * on, from sched_getaffinity; 1 if that call is not there), each spins a
 * fixed amount of work and reports its pid, its CPU and its result; the
 * parent waits for all and exits 0 iff every child exited 0 with the
 * expected result.  The count is an argument because the CPU count is
 * not portable: Linux's sysconf reads /sys, which ringlet does not have.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define SPINS 20000000UL

/* A fixed amount of arithmetic whose result the parent can predict. */
static unsigned long work(unsigned long seed)
{
	unsigned long x = seed;

	for (unsigned long i = 0; i < SPINS; i++)
		x = x * 6364136223846793005UL + 1442695040888963407UL;
	return x;
}

static int default_count(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 1;
	return CPU_COUNT(&set) > 0 ? CPU_COUNT(&set) : 1;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : default_count(), bad = 0;

	if (n < 1 || n > 256) {
		fprintf(stderr, "usage: forkall [1..256]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);	/* no buffered line duplicated by fork */
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			bad++;
			break;
		}
		if (pid == 0) {
			unsigned long r = work((unsigned long)i);

			printf("child %d: pid %d cpu %d result %lx\n", i, getpid(), sched_getcpu(),
			       r);
			_exit(r == work((unsigned long)i) ? 0 : 1);
		}
	}
	for (;;) {
		int status;
		pid_t pid = wait(&status);

		if (pid < 0)
			break;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "forkall: child %d: status %#x\n", pid, status);
			bad++;
		}
	}
	printf("forkall: %d children, %d failed\n", n, bad);
	return bad ? 1 : 0;
}
