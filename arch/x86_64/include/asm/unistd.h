/*
 * Linux's x86_64 system-call numbers, for the ones ringlet implements
 * (the full list of names is in syscall_names.c).  Plain #defines, so the
 * user-code snippets in assembly can use them too.
 */
#ifndef ASM_UNISTD_H
#define ASM_UNISTD_H

#define __NR_write		1
#define __NR_rt_sigaction	13
#define __NR_rt_sigprocmask	14
#define __NR_rt_sigreturn	15
#define __NR_sched_yield	24
#define __NR_pause		34
#define __NR_getpid		39
#define __NR_clone		56
#define __NR_fork		57
#define __NR_vfork		58
#define __NR_exit		60
#define __NR_wait4		61
#define __NR_kill		62
#define __NR_setpgid		109
#define __NR_getppid		110
#define __NR_getpgrp		111
#define __NR_setsid		112
#define __NR_rt_sigsuspend	130
#define __NR_getpgid		121
#define __NR_getsid		124
#define __NR_arch_prctl		158
#define __NR_gettid		186
#define __NR_set_tid_address	218
#define __NR_exit_group		231
#define __NR_waitid		247
#define __NR_set_robust_list	273

#endif
