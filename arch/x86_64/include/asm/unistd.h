/*
 * Linux's x86_64 system-call numbers, for the ones ringlet implements
 * (the full list of names is in syscall_names.c).  Plain #defines, so the
 * user-code snippets in assembly can use them too.
 */
#ifndef ASM_UNISTD_H
#define ASM_UNISTD_H

#define __NR_write		1
#define __NR_sched_yield	24
#define __NR_nanosleep		35
#define __NR_getpid		39
#define __NR_exit		60
#define __NR_uname		63
#define __NR_gettimeofday	96
#define __NR_getrlimit		97
#define __NR_sysinfo		99
#define __NR_getuid		102
#define __NR_getgid		104
#define __NR_geteuid		107
#define __NR_getegid		108
#define __NR_arch_prctl		158
#define __NR_setrlimit		160
#define __NR_gettid		186
#define __NR_time		201
#define __NR_clock_gettime	228
#define __NR_clock_getres	229
#define __NR_clock_nanosleep	230
#define __NR_exit_group		231
#define __NR_prlimit64		302
#define __NR_getrandom		318

#endif
