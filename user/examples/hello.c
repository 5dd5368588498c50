/*
 * hello: the smallest C program, built twice, against musl (musl-gcc
 * -static) and glibc (gcc -static), into build/user/hello-musl and
 * build/user/hello-glibc, so `make exec` shows both C libraries' start-up
 * running on ringlet (tests/exec_check.py).  Prints one line and exits with
 * the status its first argument names (0 without one), so the status the
 * kernel relays can be checked.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	printf("hello, world\n");
	return argc > 1 ? atoi(argv[1]) : 0;
}
