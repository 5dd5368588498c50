/*
 * The system calls ringlet implements: one line per Linux x86_64 number,
 * in numeric order, naming the SYSCALL_DEFINEn function that serves it
 * (Linux generates the same from arch/x86/entry/syscalls/syscall_64.tbl).
 *
 * Included twice by arch/x86_64/syscall.c with different meanings of
 * __SYSCALL(nr, name): once to declare __x64_<name>, once to fill the
 * table.  A number not listed here is -ENOSYS, logged on first use.
 */
__SYSCALL(__NR_write, sys_write)
__SYSCALL(__NR_rt_sigaction, sys_rt_sigaction)
__SYSCALL(__NR_rt_sigprocmask, sys_rt_sigprocmask)
__SYSCALL(__NR_rt_sigreturn, sys_rt_sigreturn)
__SYSCALL(__NR_sched_yield, sys_sched_yield)
__SYSCALL(__NR_pause, sys_pause)
__SYSCALL(__NR_getpid, sys_getpid)
__SYSCALL(__NR_clone, sys_clone)
__SYSCALL(__NR_fork, sys_fork)
__SYSCALL(__NR_vfork, sys_vfork)
__SYSCALL(__NR_exit, sys_exit)
__SYSCALL(__NR_wait4, sys_wait4)
__SYSCALL(__NR_kill, sys_kill)
__SYSCALL(__NR_setpgid, sys_setpgid)
__SYSCALL(__NR_getppid, sys_getppid)
__SYSCALL(__NR_getpgrp, sys_getpgrp)
__SYSCALL(__NR_setsid, sys_setsid)
__SYSCALL(__NR_rt_sigsuspend, sys_rt_sigsuspend)
__SYSCALL(__NR_getpgid, sys_getpgid)
__SYSCALL(__NR_getsid, sys_getsid)
__SYSCALL(__NR_arch_prctl, sys_arch_prctl)
__SYSCALL(__NR_gettid, sys_gettid)
__SYSCALL(__NR_set_tid_address, sys_set_tid_address)
__SYSCALL(__NR_exit_group, sys_exit_group)
__SYSCALL(__NR_waitid, sys_waitid)
__SYSCALL(__NR_set_robust_list, sys_set_robust_list)
