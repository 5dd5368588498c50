/*
 * Faults kill the program with the signal Linux sends, and wait4 says
 * which: a write through NULL (SIGSEGV), ud2 (SIGILL), an integer
 * division by zero (SIGFPE), a write to a page mprotect made read-only
 * and a read of an unmapped page (SIGSEGV), and an exit after all that
 * is still an ordinary exit.
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

/* Runs fn in a child and returns its wait4 status. */
static int status_of(void (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit r;

		/* No core file on a Linux host: the soft limit only, the hard one stays. */
		if (getrlimit(RLIMIT_CORE, &r) == 0) {
			r.rlim_cur = 0;
			setrlimit(RLIMIT_CORE, &r);
		}
		fn();
		_exit(0);
	}
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid)
		return -1;
	return status;
}

static void write_null(void)
{
	*(volatile int *)0 = 1;
}

static void undefined_opcode(void)
{
	asm volatile("ud2");
}

static void divide_by_zero(void)
{
	volatile int zero = 0, x = 7;

	x = x / zero;
}

static void write_read_only(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(2);
	p[0] = 1;
	if (mprotect(p, 4096, PROT_READ))
		_exit(3);
	if (p[0] != 1)
		_exit(4);
	*(volatile char *)p = 2;
}

static void read_unmapped(void)
{
	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || munmap(p, 4096))
		_exit(2);
	(void)*(volatile char *)p;
}

static void nothing(void)
{
}

int main(void)
{
	struct {
		void (*fn)(void);
		int sig;
	} cases[] = {
		{ write_null, SIGSEGV },    { undefined_opcode, SIGILL },
		{ divide_by_zero, SIGFPE }, { write_read_only, SIGSEGV },
		{ read_unmapped, SIGSEGV },
	};
	int status;

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		status = status_of(cases[i].fn);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != cases[i].sig)
			fprintf(stderr, "case %u: status %#x, want signal %d\n", i, status,
				cases[i].sig);
		CHECK(WIFSIGNALED(status));
		CHECK_EQ(WTERMSIG(status), cases[i].sig);
	}
	CHECK_EQ(status_of(nothing), 0);
	return t_exit();
}
