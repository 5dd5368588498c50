/*
 * Resource limits (kernel/sched/rlimit.c): the values getrlimit,
 * setrlimit and prlimit64 report and change.
 *
 * ONE table for the whole system today, not one per process: ringlet's
 * task has no room for one yet.  A setrlimit in any process changes the
 * limit every process sees, and fork has nothing to copy.  The table is
 * reached only through rlimit_table(), so giving each process its own
 * (a struct rlimit64[RLIM_NLIMITS] in the task or its signal struct,
 * copied by fork, kept by execve) changes that one function.
 *
 * The defaults are Linux 6.1's for init (include/asm-generic/
 * resource.h), except RLIMIT_NOFILE's hard limit, which is the size of
 * ringlet's descriptor tables (FILES_MAX_FDS, Linux's nr_open), and
 * RLIMIT_NPROC and RLIMIT_SIGPENDING, which Linux sizes from memory and
 * ringlet leaves unlimited.  Nothing enforces a limit yet: the values are
 * what a program reads (glibc reads RLIMIT_STACK for its thread stacks).
 */
#ifndef RLIMIT_H
#define RLIMIT_H

#include "uapi/resource.h"

/* RLIMIT_STACK's soft default: 8 MiB, Linux's _STK_LIM. */
#define RLIMIT_STACK_DEFAULT	(8UL << 20)

/*
 * The soft limit (rlim_cur) of resource (RLIMIT_*, < RLIM_NLIMITS) as the
 * calling process sees it.  Any context; never sleeps.
 */
unsigned long long rlimit(unsigned int resource);

#endif
