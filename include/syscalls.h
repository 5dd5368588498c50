/*
 * The system calls, under Linux's names and with Linux's arguments and
 * results (-errno on failure).  Each is implemented where its subsystem
 * lives; arch/x86_64/syscall.c's table maps Linux's x86_64 numbers to
 * them.  They run in the calling task's context, interrupts on, and may
 * sleep; pointer arguments are user pointers.
 */
#ifndef SYSCALLS_H
#define SYSCALLS_H

#include <stddef.h>
#include "compiler.h"
#include "uaccess.h"
#include <asm/syscall_wrapper.h>

/*
 * SYSCALL_DEFINEn(name, type1, arg1, ..., typen, argn) { body } defines
 * sys_name with that body and the wrapper the system-call table calls
 * (<asm/syscall_wrapper.h>); list the number in <asm/syscall_table.h>.
 */
#define SYSCALL_DEFINE1(name, ...) __SYSCALL_DEFINEx(1, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) __SYSCALL_DEFINEx(2, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) __SYSCALL_DEFINEx(3, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) __SYSCALL_DEFINEx(4, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) __SYSCALL_DEFINEx(5, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) __SYSCALL_DEFINEx(6, _##name, __VA_ARGS__)

/* kernel/fs/read_write.c: writes to fd of the task's table. */
long sys_write(unsigned int fd, const char __user *buf, size_t count);
/* kernel/sched/sched.c: lets other tasks on this CPU run first; always 0. */
long sys_sched_yield(void);
/* kernel/sched/pid.c: the task's process ID and thread ID (the same: one thread per process). */
long sys_getpid(void);
long sys_gettid(void);
/* kernel/sched/pid.c: the parent's pid; process groups and sessions (Linux's rules and errnos). */
long sys_getppid(void);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_getsid(int pid);
long sys_setsid(void);
/* kernel/sched/pid.c: record the C library's start-up pointers; the tid / 0 or -EINVAL. */
long sys_set_tid_address(int __user *tidptr);
long sys_set_robust_list(void __user *head, size_t len);
/* kernel/sched/signal.c: kill(2); sigsets are 8 bytes (sigsetsize 8, else -EINVAL). */
struct k_sigaction;
long sys_kill(int pid, int sig);
long sys_rt_sigaction(int sig, const struct k_sigaction __user *act,
		      struct k_sigaction __user *oact, size_t sigsetsize);
long sys_rt_sigprocmask(int how, const uint64_t __user *nset, uint64_t __user *oset,
			size_t sigsetsize);
/* kernel/sched/signal.c: sleep until a signal; always -EINTR (or the sigsetsize/EFAULT errors). */
long sys_pause(void);
long sys_rt_sigsuspend(const uint64_t __user *unewset, size_t sigsetsize);
/* arch/x86_64/signal.c: back from a signal handler: the saved registers (RAX included). */
long sys_rt_sigreturn(void);
/* kernel/sched/wait4.c: reap a child; its pid (waitid: 0), 0 (WNOHANG) or -errno. */
struct rusage;
long sys_wait4(int pid, int __user *stat_addr, int options, struct rusage __user *ru);
struct waitid_info;
long sys_waitid(int which, int upid, struct waitid_info __user *infop, int options,
		struct rusage __user *ru);
/* kernel/sched/fork.c: a new process; the child's pid in the parent, 0 in the child. */
long sys_fork(void);
long sys_vfork(void);
long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid,
	       int __user *child_tid, unsigned long tls);
/* kernel/sched/exit.c: end the thread / every thread of the process with status & 0xff. */
__noreturn long sys_exit(int status);
__noreturn long sys_exit_group(int status);
/* arch/x86_64/process.c: ARCH_SET_FS, ARCH_GET_FS; others -EINVAL. */
long sys_arch_prctl(int option, unsigned long arg2);

#endif
