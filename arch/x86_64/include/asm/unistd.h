/*
 * Linux's x86_64 system-call numbers, for the ones ringlet implements
 * (the full list of names is in syscall_names.c).  Plain #defines, so the
 * user-code snippets in assembly can use them too.
 */
#ifndef ASM_UNISTD_H
#define ASM_UNISTD_H

#define __NR_write		1
#define __NR_mmap		9
#define __NR_mprotect		10
#define __NR_munmap		11
#define __NR_brk		12
#define __NR_sched_yield	24
#define __NR_madvise		28
#define __NR_getpid		39
#define __NR_execve		59
#define __NR_exit		60
#define __NR_arch_prctl		158
#define __NR_gettid		186
#define __NR_exit_group		231

#endif
