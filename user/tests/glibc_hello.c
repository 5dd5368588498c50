/*
 * The suite's glibc-static program (the Makefile builds user/tests/glibc_*
 * with gcc -static instead of musl-gcc): glibc's own start-up (IRELATIVE
 * relocations, TLS set-up, its static-PIE-free loader path) and the parts
 * of glibc a program leans on first: stdio through a pipe and a file,
 * malloc both from brk and from mmap, a __thread variable with an
 * initialiser, getauxval, floating-point formatting, and fork + waitpid
 * through glibc's clone.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

#ifndef __GLIBC__
#error "glibc_hello is built against glibc (gcc -static)"
#endif

#define ARCH_GET_FS 0x1003

static __thread int tls_value = 1234;
static __thread char tls_zero[64];

static void stdio(void)
{
	char path[64], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/glibc_hello-%d", getpid());
	f = fopen(path, "w+");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(fprintf(f, "pi is %.5f, %d%%\n", 3.14159265, 100) > 0);
	CHECK_OK(fseek(f, 0, SEEK_SET));
	CHECK(fgets(line, sizeof(line), f) != NULL);
	CHECK_EQ(strcmp(line, "pi is 3.14159, 100%\n"), 0);
	CHECK_EQ(fclose(f), 0);
	CHECK_OK(unlink(path));
	/* stdout is init's pipe: fully buffered, flushed at exit. */
	printf("hello from glibc %s\n", "static");
}

static void heap(void)
{
	char *small = malloc(100), *big = malloc(1 << 20), *zero = calloc(1000, 8);
	long sum = 0;

	CHECK(small && big && zero);
	if (!small || !big || !zero)
		return;
	memset(small, 'a', 100);
	memset(big, 'b', 1 << 20);	/* above the mmap threshold: a mapping of its own */
	for (int i = 0; i < 8000; i++)
		sum += zero[i];
	CHECK_EQ(sum, 0);
	small = realloc(small, 100000);
	CHECK(small != NULL);
	CHECK_EQ(small ? small[99] : 0, 'a');
	CHECK_EQ(big[(1 << 20) - 1], 'b');
	free(small);
	free(big);
	free(zero);
}

static void tls(void)
{
	uintptr_t fs = 0, self = 0;

	CHECK_EQ(tls_value, 1234);
	CHECK_EQ(tls_zero[63], 0);
	tls_value++;
	CHECK_EQ(tls_value, 1235);
	CHECK_OK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
	__asm__ volatile("movq %%fs:0, %0" : "=r"(self));
	CHECK(fs != 0);
	CHECK_EQ(self, fs);
	/* x86_64 TLS sits below the thread pointer. */
	CHECK((uintptr_t)&tls_value < fs && fs - (uintptr_t)&tls_value < 4096);
}

static void auxv(void)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);

	CHECK_EQ(getauxval(AT_PAGESZ), 4096);
	CHECK(getauxval(AT_RANDOM) != 0);
	CHECK(getauxval(AT_PHDR) != 0);
	CHECK(execfn && strstr(execfn, "glibc_hello"));
}

static void fork_wait(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(tls_value == 1235 ? 21 : 1);	/* the child has the parent's TLS */
	CHECK(pid > 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 21);
}

int main(void)
{
	stdio();
	heap();
	tls();
	auxv();
	fork_wait();
	return t_exit();
}
